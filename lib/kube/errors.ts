/**
 * Errors of the Kubernetes layer. `KubeApiError` is an API server answer (a `Status` or another non-2xx
 * response); `KubeTransportError` means no answer arrived (connection refused, TLS, DNS, reset). Their
 * messages are what client-go prints, so Helm's wrapped texts read the same.
 */

/** A non-2xx answer of the API server. `message` is the Status message (e.g. `configmaps "x" not found`). */
export class KubeApiError extends Error {
  /** HTTP status code (404, 409, 422, 500, …). */
  readonly code: number;
  /** Status reason (`NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, …); '' when the body had none. */
  readonly reason: string;
  /** The Status object's `details`, when present. */
  readonly details: unknown;

  constructor(code: number, reason: string, message: string, details?: unknown) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

/** The request never got an answer (network, TLS, DNS). Always worth retrying. */
export class KubeTransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeTransportError';
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason === 'AlreadyExists';
}

/** A resourceVersion or apply conflict (client-go's IsConflict: reason `Conflict`, not `AlreadyExists`). */
export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason !== 'AlreadyExists';
}

/**
 * Helm's wait retry rule: 429 and 5xx other than 501 are retryable, as is anything that is not an API
 * answer at all (network trouble, a body that would not parse); every other API error is final.
 */
export function isRetryableKubeError(err: unknown): boolean {
  if (!(err instanceof KubeApiError)) return true;
  return err.code === 429 || (err.code >= 500 && err.code !== 501);
}

/** The text client-go gives an error answer whose body is not a Status (k8s.io/apimachinery NewGenericServerResponse). */
export function genericServerMessage(code: number, method: string, body: string): string {
  const detail = body.trim();
  switch (code) {
    case 401:
      return 'Unauthorized';
    case 403:
      return detail ? `forbidden: ${detail}` : 'forbidden';
    case 404:
      return 'the server could not find the requested resource';
    case 405:
      return `the server does not allow this method on the requested resource`;
    case 409:
      return 'the server reported a conflict';
    case 410:
      return 'the server has asked for the client to provide credentials';
    case 413:
      return 'the server has rejected the request because the request is too large';
    case 415:
      return 'the server has rejected the request because the content type is not supported';
    case 422:
      return 'the server rejected our request due to an error in our request';
    case 429:
      return 'the server has received too many requests and has asked us to try again later';
    case 500:
      return detail
        ? `an error on the server (${JSON.stringify(detail)}) has prevented the request from succeeding`
        : 'an error on the server has prevented the request from succeeding';
    case 503:
      return 'the server is currently unable to handle the request';
    case 504:
      return 'the server was unable to return a response in the time allotted, but may still be processing the request';
    default: {
      const verb = method.toLowerCase();
      return detail
        ? `the server responded with the status code ${code} but did not return more information (${verb}): ${detail}`
        : `the server responded with the status code ${code} but did not return more information`;
    }
  }
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A KubeApiError from a response: the Status body when there is one, else client-go's generic text. */
export function apiErrorFromResponse(code: number, method: string, body: string): KubeApiError {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const s = parsed as { kind?: unknown; message?: unknown; reason?: unknown; details?: unknown };
    if (s.kind === 'Status') {
      const reason = typeof s.reason === 'string' ? s.reason : (REASONS[code] ?? '');
      const message =
        typeof s.message === 'string' && s.message !== ''
          ? s.message
          : genericServerMessage(code, method, '');
      return new KubeApiError(code, reason, message, s.details);
    }
  }
  return new KubeApiError(code, REASONS[code] ?? '', genericServerMessage(code, method, body));
}

/** hashicorp/go-multierror's text, as Helm prints aggregated create errors. */
export function multiErrorText(errors: readonly Error[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((e) => `\t* ${e.message}`).join('\n')}\n\n`;
}

/** Several errors at once (Helm's multierror); `errors` keeps the individual ones. */
export class KubeMultiError extends Error {
  readonly errors: readonly Error[];
  constructor(errors: readonly Error[]) {
    super(multiErrorText(errors));
    this.name = 'KubeMultiError';
    this.errors = errors;
  }
}
