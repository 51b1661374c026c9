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

function statusLine(statusObjectKey: string, s: Record<string, unknown>): string | undefined {
  // The request's own key (the status object sits beside it).
  const key = str(s.key) || statusObjectKey.replace(/\.status\.json$/, '');
  const target =
    str(s.release) && str(s.namespace)
      ? `${str(s.namespace)}/${str(s.release)} on ${str(s.cluster) ?? '?'}`
      : key;
  const op = str(s.operation) ?? 'request';
  const reason = str(s.reason);
  switch (s.state) {
    case 'queued':
      // The router's own `queued` line says it; a reason means the request is waiting.
      return reason ? `waiting      ${op} ${target}: ${reason.replace(/^waiting: /, '')}` : undefined;
    case 'rejected':
      return `rejected     ${key}: ${reason ?? 'no reason given'}`;
    case 'running':
      return undefined; // the router's `started` line says it
    case 'waiting':
      return `waiting      ${op} ${target}: ${reason ?? 'retried later'}`;
    case 'succeeded':
      return undefined; // the router's outcome line (from the release itself) says it
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

/** Looks a release up (the release API's `status`); undefined when it cannot be read. */
export type ReleaseLookup = (target: {
  cluster: string;
  namespace: string;
  release: string;
}) => Promise<{ status: string; revision: number; chart: string } | undefined>;

/**
 * A printer of progress lines, in event order; a status object read twice in the same state is
 * printed once. After an operation succeeds, the release's state is looked up for its outcome line.
 */
export interface ProgressPrinter {
  listener: (event: StackEvent) => void;
  /** A line of its own (the demo's), printed in order with the progress lines. */
  say: (line: string) => void;
  /** Resolves when every line so far is written. */
  flushed: () => Promise<void>;
}

export function progressPrinter(write: (line: string) => void, lookup?: ReleaseLookup): ProgressPrinter {
  const seen = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  const emit = (line: Promise<string | undefined> | string | undefined): void => {
    chain = chain.then(async () => {
      const text = await line;
      if (text !== undefined) write(`${text}\n`);
    });
  };
  const once = (line: string | undefined, dedupe?: string): void => {
    if (line === undefined) return;
    if (dedupe !== undefined) {
      if (seen.has(dedupe)) return;
      if (seen.size > 10_000) seen.clear();
      seen.add(dedupe);
    }
    emit(line);
  };
  const outcome = async (body: string): Promise<string> => {
    try {
      const m = decodeBody(body);
      const found = await lookup?.(m).catch(() => undefined);
      const where = `${m.namespace}/${m.release} on ${m.cluster}`;
      if (!found)
        return `done         ${m.operation} ${where}${m.operation === 'uninstall' ? ' (no history kept)' : ''}`;
      return `${found.status.padEnd(12)} ${where} revision ${found.revision}, ${found.chart} (${m.operation})`;
    } catch {
      return `done         ${describeBody(body)}`;
    }
  };
  const listener = (e: StackEvent): void => {
    switch (e.type) {
      case 'upload-seen':
        return once(`upload       ${e.key} (${e.size} bytes)`);
      case 'upload-failed':
        return once(
          `error        ${e.key}: ${e.error.message}${e.final ? '' : ` (attempt ${e.attempt}, retrying)`}`,
        );
      case 'queued':
        return once(`queued       ${describeBody(e.body)}`);
      case 'record-started':
        return once(
          `started      ${describeBody(e.body)} (receive ${e.receiveCount}, message ${e.messageId})`,
        );
      case 'record-succeeded':
        return emit(outcome(e.body));
      case 'record-failed':
        return once(
          `retry later  ${describeBody(e.body)} (receive ${e.receiveCount}, message ${e.messageId})`,
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
  return { listener, say: (line: string) => emit(line), flushed: () => chain };
}
