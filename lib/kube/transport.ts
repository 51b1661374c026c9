/**
 * Raw JSON requests to the API server through client-node's kubeconfig handling (TLS, CA, client
 * certificates, bearer tokens, exec and custom authenticators, proxies) and its fetch library. Objects
 * stay plain JSON: the typed serializer of KubernetesObjectApi would turn timestamps into Dates and drop
 * fields of kinds it knows.
 */
import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig,
} from '@kubernetes/client-node';
import { apiErrorFromResponse, KubeTransportError } from './errors.ts';

export interface KubeRequest {
  readonly method: HttpMethod;
  /** Absolute API path, e.g. `/api/v1/namespaces/default/configmaps/x`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface KubeResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** client-go's maxRetries for Retry-After answers. */
const MAX_RETRY_AFTER = 10;

/** The wait a throttled answer asks for (429 or 5xx with integer `Retry-After` seconds), if any. */
function retryAfterMs(res: { status: number; retryAfter?: string }): number | undefined {
  if (res.status !== 429 && res.status < 500) return undefined;
  if (res.retryAfter === undefined || !/^\d+$/.test(res.retryAfter.trim())) return undefined;
  return Number(res.retryAfter.trim()) * 1000;
}

export class Transport {
  private readonly kc: KubeConfig;
  private readonly server: string;
  private readonly userAgent: string;
  private readonly http = new IsomorphicFetchHttpLibrary();
  private dispatcher: ReturnType<RequestContext['getDispatcher']>;

  constructor(kc: KubeConfig, userAgent: string) {
    this.kc = kc;
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('invalid configuration: no configuration has been provided');
    this.server = cluster.server.replace(/\/+$/, '');
    this.userAgent = userAgent;
  }

  /**
   * One request; any HTTP status is returned, only a missing answer throws (KubeTransportError). Like
   * client-go, a 429 or 5xx answer carrying `Retry-After` is retried after that many seconds, up to 10 times.
   */
  async send(req: KubeRequest): Promise<KubeResponse> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.sendOnce(req);
      const wait = retryAfterMs(res);
      if (wait === undefined || attempt >= MAX_RETRY_AFTER || req.signal?.aborted) return res;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async sendOnce(req: KubeRequest): Promise<KubeResponse & { retryAfter?: string }> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) query.set(k, v);
    const qs = query.toString();
    const url = `${this.server}${req.path}${qs ? `?${qs}` : ''}`;
    const ctx = new RequestContext(url, req.method);
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (err) {
      throw new KubeTransportError(`${req.method} "${url}": ${(err as Error).message}`, { cause: err });
    }
    // client-node builds a new connection pool (undici Agent) for every request of a TLS cluster; one
    // pool per client keeps connections alive across a wait's many polls.
    const dispatcher = ctx.getDispatcher();
    if (dispatcher) {
      this.dispatcher ??= dispatcher;
      ctx.setDispatcher(this.dispatcher);
    }
    ctx.setHeaderParam('Accept', req.accept ?? 'application/json');
    ctx.setHeaderParam('User-Agent', this.userAgent);
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
      ctx.setBody(req.body);
    }
    if (req.signal) ctx.setSignal(req.signal);
    try {
      const res = await this.http.send(ctx).toPromise();
      const text = await res.body.text();
      return {
        status: res.httpStatusCode,
        contentType: res.headers['content-type'] ?? '',
        text,
        retryAfter: res.headers['retry-after'],
      };
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw new KubeTransportError(`${methodName(req.method)} "${url}": ${describeNetworkError(err)}`, {
        cause: err,
      });
    }
  }

  /** A request whose 2xx answer is JSON; other answers throw KubeApiError. */
  async json<T>(req: KubeRequest): Promise<T> {
    const res = await this.send(req);
    if (res.status < 200 || res.status > 299) throw apiErrorFromResponse(res.status, req.method, res.text);
    return (res.text ? JSON.parse(res.text) : {}) as T;
  }
}

/** Go's url.Error prints the method capitalised only on the first letter (`Get "https://…"`). */
function methodName(m: string): string {
  return m.charAt(0) + m.slice(1).toLowerCase();
}

/** A network failure in Go's net wording where one applies (`dial tcp 10.0.0.1:443: connect: connection refused`). */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let cause: unknown = err.cause ?? err;
  if (cause instanceof AggregateError && cause.errors.length > 0) cause = cause.errors[0];
  if (!(cause instanceof Error)) return err.message;
  const c = cause as Error & { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
  const addr =
    typeof c.address === 'string'
      ? `${c.address.includes(':') ? `[${c.address}]` : c.address}:${String(c.port ?? '')}`
      : '';
  switch (c.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`.replace('tcp :', 'tcp:');
    case 'ENOTFOUND':
      return `dial tcp: lookup ${typeof c.hostname === 'string' ? c.hostname : ''}: no such host`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `dial tcp ${addr}: i/o timeout`.replace('tcp :', 'tcp:');
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return c.message || err.message;
  }
}

export { HttpMethod };
