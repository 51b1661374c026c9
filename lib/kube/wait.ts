/**
 * Polling waits (Lambda-friendly: no long-lived watches): readiness of a release's objects, their
 * deletion, and hook Jobs/Pods running to completion.
 */
import { isRetryableKubeError } from './errors.ts';
import { checkReady, type ReadyContext, type Readiness } from './ready.ts';
import type { ClientNodeKubeClient } from './client.ts';
import { objectPath } from './rest.ts';
import { splitApiVersion } from './discovery.ts';
import type { KubeObject, ResourceInfo, WaitOptions } from './types.ts';

export const DEFAULT_INTERVAL_MS = 2000;
/** Helm's waiter gives up on an object after this many consecutive retryable errors. */
export const MAX_RETRIES = 30;

/** Go's time.Duration.String for whole milliseconds (`5m0s`, `1.5s`, `300ms`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

/** Resolves after `ms`, or at once when the signal aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('context canceled');
}

function describe(info: ResourceInfo): string {
  return info.namespace ? `${info.kind} ${info.namespace}/${info.name}` : `${info.kind} ${info.name}`;
}

/** The wait's timeout as Go prints it: the caller's when given, else the deadline's distance, rounded. */
function timeoutText(opts: WaitOptions, started: number): string {
  if (opts.timeoutMs !== undefined) return formatDuration(opts.timeoutMs);
  const ms = Math.max(0, opts.deadline.getTime() - started);
  return formatDuration(ms >= 1000 ? Math.round(ms / 1000) * 1000 : Math.round(ms / 10) * 10);
}

function readyContext(client: ClientNodeKubeClient, waitForJobs: boolean): ReadyContext {
  return {
    waitForJobs,
    async list(apiVersion, kind, namespace, labelSelector) {
      const mapping = await client.discovery.find(apiVersion, kind);
      if (!mapping) return [];
      const { group, version } = splitApiVersion(apiVersion);
      return client.list(
        {
          object: { apiVersion, kind, metadata: {} },
          group,
          version,
          kind,
          resource: mapping.name,
          namespaced: mapping.namespaced,
          name: '',
          namespace,
        },
        labelSelector,
      );
    },
  };
}

async function readinessOf(
  client: ClientNodeKubeClient,
  info: ResourceInfo,
  ctx: ReadyContext,
): Promise<Readiness> {
  const live = await client.transport.json<KubeObject>({ method: 'GET', path: objectPath(info) });
  return checkReady(live, ctx);
}

/**
 * Polls until every object is ready. Each round checks the objects in order and stops at the first one
 * that is not ready (Helm's waiter); at the deadline every object is checked once more so the error
 * names all that are not ready and why.
 */
export async function waitForReady(
  client: ClientNodeKubeClient,
  infos: readonly ResourceInfo[],
  opts: WaitOptions,
): Promise<void> {
  const started = Date.now();
  const interval = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const ctx = readyContext(client, opts.waitForJobs ?? false);
  const errors = new Map<number, number>();

  const round = async (): Promise<boolean> => {
    for (let i = 0; i < infos.length; i++) {
      let state: Readiness;
      try {
        state = await readinessOf(client, infos[i], ctx);
      } catch (err) {
        if (!isRetryableKubeError(err)) throw err;
        const n = (errors.get(i) ?? 0) + 1;
        errors.set(i, n);
        client.log(
          `Error checking ${describe(infos[i])}: ${(err as Error).message} (retry ${n} of ${MAX_RETRIES})`,
        );
        if (n > MAX_RETRIES) throw err;
        return false;
      }
      errors.delete(i);
      if (state.failed) throw new Error(state.reason ?? `${describe(infos[i])} failed`);
      if (!state.ready) {
        client.log(`${describe(infos[i])} is not ready: ${state.reason ?? ''}`);
        return false;
      }
    }
    return true;
  };

  for (;;) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (await round()) return;
    const left = opts.deadline.getTime() - Date.now();
    if (left <= 0) break;
    await pause(Math.min(interval, left), opts.signal);
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (Date.now() >= opts.deadline.getTime()) {
      if (await round()) return;
      break;
    }
  }

  // The deadline passed: name everything that is still not ready.
  const pending: string[] = [];
  for (const info of infos) {
    try {
      const state = await readinessOf(client, info, ctx);
      if (!state.ready) pending.push(`${describe(info)}: ${state.reason ?? 'not ready'}`);
    } catch (err) {
      pending.push(`${describe(info)}: ${(err as Error).message}`);
    }
  }
  // Everything turned ready in the last moment: nothing to report.
  if (pending.length === 0) return;
  throw new Error(
    `resources not ready after ${timeoutText(opts, started)}: ${pending.join('; ')}: context deadline exceeded`,
  );
}

/** Polls GET until every object answers 404. */
export async function waitForDelete(
  client: ClientNodeKubeClient,
  infos: readonly ResourceInfo[],
  opts: WaitOptions,
): Promise<void> {
  const started = Date.now();
  const interval = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  let remaining = [...infos];
  for (;;) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const still: ResourceInfo[] = [];
    for (const info of remaining) {
      try {
        if ((await client.get(info)) !== null) still.push(info);
      } catch (err) {
        if (!isRetryableKubeError(err)) throw err;
        still.push(info);
      }
    }
    remaining = still;
    if (remaining.length === 0) return;
    const left = opts.deadline.getTime() - Date.now();
    if (left <= 0) {
      const names = remaining.map((i) => `${describe(i)} still exists`).join('; ');
      throw new Error(
        `resources not deleted after ${timeoutText(opts, started)}: ${names}: context deadline exceeded`,
      );
    }
    await pause(Math.min(interval, left), opts.signal);
  }
}

/** Helm's hook watch, by polling: Jobs until Complete/Failed, Pods until Succeeded/Failed; others at once. */
export async function watchUntilReady(
  client: ClientNodeKubeClient,
  info: ResourceInfo,
  opts: WaitOptions,
): Promise<void> {
  if (info.kind !== 'Job' && info.kind !== 'Pod') return;
  const interval = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  for (;;) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    let live: KubeObject | null = null;
    let retry = false;
    try {
      live = await client.get(info);
    } catch (err) {
      if (!isRetryableKubeError(err)) throw err;
      retry = true;
    }
    if (!retry) {
      // A deleted hook counts as done, as Helm's watch treats a Deleted event.
      if (live === null) return;
      if (hookDone(info, live)) return;
    }
    const left = opts.deadline.getTime() - Date.now();
    if (left <= 0) throw new Error('timed out waiting for the condition');
    await pause(Math.min(interval, left), opts.signal);
  }
}

/** True when the hook finished; throws Helm's failure text when it failed. */
function hookDone(info: ResourceInfo, live: KubeObject): boolean {
  const status = (live.status ?? {}) as { conditions?: unknown; phase?: unknown };
  if (info.kind === 'Job') {
    const conds = Array.isArray(status.conditions) ? (status.conditions as Record<string, unknown>[]) : [];
    for (const c of conds) {
      if (c.type === 'Complete' && c.status === 'True') return true;
      if (c.type === 'Failed' && c.status === 'True')
        throw new Error(`job ${info.name} failed: ${typeof c.reason === 'string' ? c.reason : ''}`);
    }
    return false;
  }
  if (status.phase === 'Succeeded') return true;
  if (status.phase === 'Failed') throw new Error(`pod ${info.name} failed`);
  return false;
}
