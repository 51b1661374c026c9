/** `helm test` (Helm's pkg/action/release_testing.go): run the release's test hooks, results kept in the record. */
import type { Hook, Release } from '../release/index.ts';
import { checkReleaseName } from './errors.ts';
import { execHooks, hooksFor } from './hooks.ts';
import { DEFAULT_TIMEOUT_MS } from './pending.ts';
import { copyHooks } from './record.ts';
import { status } from './status.ts';
import type { Configuration } from './types.ts';

export interface TestOptions {
  readonly releaseName: string;
  readonly timeoutMs?: number;
  /** --filter: `name=<hook>` selects, `!name=<hook>` excludes. */
  readonly filters?: readonly string[];
}

function selected(hook: Hook, filters: readonly string[]): boolean {
  const include = filters.filter((f) => f.startsWith('name=')).map((f) => f.slice(5));
  const exclude = filters.filter((f) => f.startsWith('!name=')).map((f) => f.slice(6));
  const name = hook.name ?? '';
  if (include.length > 0 && !include.includes(name)) return false;
  return !exclude.includes(name);
}

/** Runs the test hooks; the record is saved either way, a failure is rethrown with the release kept. */
export async function runTests(cfg: Configuration, opts: TestOptions): Promise<Release> {
  await cfg.kube.isReachable();
  checkReleaseName(opts.releaseName, 'releaseTest: Release name is invalid: ');
  const current = await status(cfg, { releaseName: opts.releaseName });
  const rel: Release = { ...current, hooks: copyHooks(current.hooks) };
  const all = rel.hooks ?? [];
  const filters = opts.filters ?? [];
  const running: Release = { ...rel, hooks: all.filter((h) => h !== null && selected(h, filters)) };
  const save = async (): Promise<void> => {
    await cfg.storage.update(rel);
  };
  try {
    await execHooks({ cfg, release: running, save, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS }, 'test');
  } finally {
    await save();
  }
  return rel;
}

/**
 * `helm test --logs`: hands each selected test hook's pod logs to `print`, in hook order (weight,
 * then name), one pod at a time as helm streams them. Helm asks for a pod of each test hook's
 * name whatever its kind; a failure names the pod (what was printed before it stays printed).
 */
export async function testPodLogs(
  cfg: Configuration,
  rel: Release,
  filters: readonly string[],
  print: (pod: string, logs: string) => void,
): Promise<void> {
  for (const hook of hooksFor(rel, 'test')) {
    if (!selected(hook, filters)) continue;
    const pod = hook.name ?? '';
    let logs: string;
    try {
      logs = await cfg.kube.podLogs(rel.namespace ?? cfg.namespace, pod);
    } catch (err) {
      throw new Error(`unable to get pod logs for ${pod}: ${(err as Error).message}`, { cause: err });
    }
    print(pod, logs);
  }
}
