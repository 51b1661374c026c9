/**
 * One line per pipeline step, for people watching the stack: upload seen → rejected or queued →
 * operation started → deployed/uninstalled/failed (with retries and dead letters in between). Made
 * from the router's events and the status objects the handlers write.
 */
import { decodeBody } from '../../../lib/pipeline/index.ts';
import type { StackEvent } from './events.ts';

function describeBody(body: string): string {
  try {
    const m = decodeBody(body);
    return `${m.operation} ${m.namespace}/${m.release} on ${m.cluster}`;
  } catch {
    return `unreadable message (${body.length} bytes)`;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function statusLine(key: string, s: Record<string, unknown>): string | undefined {
  const target =
    str(s.release) && str(s.namespace)
      ? `${str(s.namespace)}/${str(s.release)} on ${str(s.cluster) ?? '?'}`
      : key;
  const op = str(s.operation) ?? 'request';
  const reason = str(s.reason);
  switch (s.state) {
    case 'queued':
      return `queued       ${op} ${target}`;
    case 'rejected':
      return `rejected     ${key}: ${reason ?? 'no reason given'}`;
    case 'running':
      return undefined; // the router's `started` line says it
    case 'waiting':
      return `waiting      ${op} ${target}: ${reason ?? 'retried later'}`;
    case 'succeeded': {
      const revision = str(s.revision) ? ` revision ${str(s.revision)}` : '';
      return `${(str(s.releaseStatus) ?? 'done').padEnd(12)} ${target}${revision} (${op})`;
    }
    case 'failed':
      return `failed       ${op} ${target}${str(s.revision) ? ` revision ${str(s.revision)}` : ''}: ${reason ?? ''}`;
    case 'superseded':
      return `superseded   ${op} ${target}${reason ? `: ${reason}` : ''}`;
    case 'dead-lettered':
      return `dead-letter  ${op} ${target}: ${reason ?? ''}`;
    default:
      return undefined;
  }
}

/** A printer of progress lines; a status object read twice in the same state is printed once. */
export function progressPrinter(write: (line: string) => void): (event: StackEvent) => void {
  const seen = new Set<string>();
  const once = (line: string | undefined, dedupe?: string): void => {
    if (line === undefined) return;
    if (dedupe !== undefined) {
      if (seen.has(dedupe)) return;
      if (seen.size > 10_000) seen.clear();
      seen.add(dedupe);
    }
    write(`${line}\n`);
  };
  return (e) => {
    switch (e.type) {
      case 'upload-seen':
        return once(`upload       ${e.key} (${e.size} bytes)`);
      case 'upload-failed':
        return once(
          `error        ${e.key}: ${e.error.message}${e.final ? '' : ` (attempt ${e.attempt}, retrying)`}`,
        );
      case 'record-started':
        return once(
          `started      ${describeBody(e.body)} (receive ${e.receiveCount}, message ${e.messageId})`,
        );
      case 'record-failed':
        return once(
          `retry later  ${describeBody(e.body)} (receive ${e.receiveCount}, message ${e.messageId}): ${e.reason}`,
        );
      case 'dead-lettered':
        return once(`dead-letter  ${describeBody(e.body)} (moved from ${e.queue})`);
      case 'status':
        return once(
          statusLine(e.key, e.status),
          `${e.key}\0${str(e.status.requestId)}\0${str(e.status.state)}`,
        );
      default:
        return undefined;
    }
  };
}
