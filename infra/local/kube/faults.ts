/** Fault injection: fail chosen requests, and keep chosen images from ever becoming ready. */

export interface RequestFault {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Resource plural to match, e.g. 'secrets' or 'deployments' (any when omitted). */
  resource?: string;
  /** Which matching request fails, 1-based (default 1). */
  nth?: number;
  /** How many consecutive matching requests fail from the nth on (default 1). */
  times?: number;
  /** HTTP status to answer with, e.g. 500, 409, 429. */
  status: number;
  message?: string;
  /** Send a `Retry-After: N` header with the answer (throttling as API Priority and Fairness does it). */
  retryAfterSeconds?: number;
}

export interface FaultConfig {
  requests?: RequestFault[];
  /** Container images matching any of these never become ready (passed to the controllers). */
  neverReadyImages?: (string | RegExp)[];
  /**
   * Containers with a matching image fail: Jobs end Failed (BackoffLimitExceeded), bare `restartPolicy:
   * Never` pods end Failed, every other pod crash-loops and never turns Ready.
   */
  failingImages?: (string | RegExp)[];
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForStatus(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** Counts matches per rule and says which request to fail. */
export class FaultInjector {
  private readonly rules: RequestFault[];
  private readonly counts: number[];

  constructor(config: FaultConfig | undefined) {
    this.rules = config?.requests ?? [];
    this.counts = this.rules.map(() => 0);
  }

  /** The fault to answer this request with, if any. */
  check(method: string, resource: string | undefined): RequestFault | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.resource && rule.resource !== resource) continue;
      const n = ++this.counts[i];
      const first = rule.nth ?? 1;
      if (n >= first && n < first + (rule.times ?? 1)) return rule;
    }
    return undefined;
  }
}
