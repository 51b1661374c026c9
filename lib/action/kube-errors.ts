/** Reading the kind of a Kubernetes API error without depending on the client's error classes. */

function field(err: unknown, key: string): unknown {
  return err !== null && typeof err === 'object' ? (err as Record<string, unknown>)[key] : undefined;
}

/** HTTP status of an API error, when the error carries one. */
export function apiStatus(err: unknown): number | undefined {
  for (const key of ['status', 'code', 'statusCode']) {
    const v = field(err, key);
    if (typeof v === 'number') return v;
  }
  const cause = field(err, 'cause');
  return cause !== undefined && cause !== err ? apiStatus(cause) : undefined;
}

export function isAlreadyExists(err: unknown): boolean {
  if (field(err, 'reason') === 'AlreadyExists') return true;
  const msg = err instanceof Error ? err.message : '';
  return apiStatus(err) === 409 && /already exists/.test(msg) ? true : /\balready exists\b/.test(msg);
}
