/**
 * The second half of install, upgrade and rollback, after the objects were applied: wait for
 * readiness, post hooks, then the final records; on failure Helm's failure path (failed record,
 * --atomic, --cleanup-on-fail). A wait cut short by the hard deadline suspends instead: the record
 * stays pending under the lease and `resumeOperation` continues from here.
 */
import type { ResourceInfo } from '../kube/types.ts';
import type { Release } from '../release/index.ts';
import { messageOf, wrapError } from './errors.ts';
import { execHooks, HookSuspended } from './hooks.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { markServerSideApply, withInfo } from './record.ts';
import { withOwnership } from './validate.ts';
import type { Configuration, OperationResult, Suspended } from './types.ts';

/** How long a suspended record stays leased for its resumer after the phase would have ended. */
export const RESUME_GRACE_MS = 15 * 60_000;

/** Everything needed to finish an operation, JSON-safe (it travels inside Suspended.options). */
export interface Continuation {
  operation: 'install' | 'upgrade' | 'rollback';
  releaseName: string;
  namespace: string;
  revision: number;
  timeoutMs: number;
  wait: boolean;
  waitForJobs: boolean;
  atomic: boolean;
  cleanupOnFail: boolean;
  noHooks: boolean;
  force: boolean;
  /** --description (empty: Helm's default text). */
  description: string;
  /** Upgrade: the revision that was current (superseded on success). */
  currentVersion: number;
  /** Rollback: the revision rolled back to. */
  rollbackTo: number;
  /** Upgrade/rollback: objects created by this operation, as JSON documents (for --cleanup-on-fail). */
  created: string;
  /** Suspended in the post hooks: the index of the hook being watched (-1: none). */
  hookIndex: number;
}

export function continuationToOptions(c: Continuation): Record<string, string | number | boolean> {
  return { ...c };
}

export function continuationFromOptions(o: Record<string, string | number | boolean>): Continuation {
  const s = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string) : '');
  const n = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : 0);
  const b = (k: string): boolean => o[k] === true;
  const op = s('operation');
  if (op !== 'install' && op !== 'upgrade' && op !== 'rollback')
    throw new Error(`cannot resume a ${JSON.stringify(op)} operation`);
  return {
    operation: op,
    releaseName: s('releaseName'),
    namespace: s('namespace'),
    revision: n('revision'),
    timeoutMs: n('timeoutMs'),
    wait: b('wait'),
    waitForJobs: b('waitForJobs'),
    atomic: b('atomic'),
    cleanupOnFail: b('cleanupOnFail'),
    noHooks: b('noHooks'),
    force: b('force'),
    description: s('description'),
    currentVersion: n('currentVersion'),
    rollbackTo: n('rollbackTo'),
    created: s('created'),
    hookIndex: typeof o.hookIndex === 'number' ? o.hookIndex : -1,
  };
}

/** The created objects as documents kube.build reads back (JSON is YAML). */
export function encodeCreated(infos: readonly ResourceInfo[]): string {
  return infos.map((i) => JSON.stringify(i.object)).join('\n---\n');
}

/** Hooks: the failure prefix per event, as each verb words it. */
function postHookError(op: Continuation['operation'], err: unknown): Error {
  if (op === 'install') return wrapError('failed post-install', err);
  if (op === 'upgrade') return wrapError('post-upgrade hooks failed', err);
  return err instanceof Error ? err : new Error(String(err));
}

/** Helm's failure path for each verb; always throws (or returns the atomic recovery's failure). */
export type FailureHandler = (
  err: unknown,
  release: Release,
  phase: 'wait' | 'post-hooks' | 'apply' | 'pre-hooks',
) => Promise<never>;

export interface FinishInput {
  readonly cfg: Configuration;
  readonly pending: PendingRecord;
  readonly clock: OperationClock;
  readonly cont: Continuation;
  /** The release's objects with ownership metadata (rebuilt from the manifest when absent). */
  targets: ResourceInfo[] | null;
  /** Resuming a wait: the phase deadline it had. */
  readonly phaseDeadline?: Date;
  readonly startPhase: 'wait' | 'post-hooks';
  readonly fail: FailureHandler;
}

async function targetsOf(input: FinishInput): Promise<ResourceInfo[]> {
  if (input.targets) return input.targets;
  const { cfg, cont, pending } = input;
  const built = await cfg.kube.build(pending.release.manifest ?? '', cont.namespace);
  input.targets = withOwnership(built, cont.releaseName, cont.namespace);
  return input.targets;
}

function suspended(input: FinishInput, phase: string, phaseDeadline: Date, leaseExpires: Date): Suspended {
  const { cont, pending } = input;
  return {
    kind: 'suspended',
    operation: cont.operation,
    releaseName: cont.releaseName,
    namespace: cont.namespace,
    revision: cont.revision,
    phase,
    phaseDeadline: phaseDeadline.toISOString(),
    leaseOwner: pending.lease.owner,
    leaseExpires: leaseExpires.toISOString(),
    options: continuationToOptions(cont),
  };
}

/** Runs wait → post hooks → final records. */
export async function finishOperation(input: FinishInput): Promise<OperationResult> {
  const { cfg, pending, clock, cont } = input;
  if (input.startPhase === 'wait' && cont.wait) {
    const window = clock.window(input.phaseDeadline);
    try {
      const targets = await targetsOf(input);
      await pending.cover(window.phaseDeadline);
      await cfg.kube.waitForReady(targets, {
        deadline: window.until,
        waitForJobs: cont.waitForJobs,
        signal: clock.signal,
      });
    } catch (err) {
      if (clock.ranOut(window)) {
        const expires = new Date(
          Math.max(window.phaseDeadline.getTime(), clock.now().getTime()) + RESUME_GRACE_MS,
        );
        await pending.renewTo(expires);
        cfg.log(
          `release ${cont.releaseName} revision ${cont.revision}: deadline reached while waiting; suspended`,
        );
        return suspended(input, 'wait', window.phaseDeadline, expires);
      }
      return input.fail(err, pending.release, 'wait');
    }
  }
  if (!cont.noHooks) {
    const resumeAt =
      input.startPhase === 'post-hooks' && input.phaseDeadline && cont.hookIndex >= 0
        ? { index: cont.hookIndex, phaseDeadline: input.phaseDeadline }
        : undefined;
    try {
      await execHooks(
        {
          cfg,
          release: pending.release,
          save: (rel) => pending.save(rel),
          timeoutMs: cont.timeoutMs,
          clock,
          cover: (until) => pending.cover(until),
          resumeAt,
        },
        `post-${cont.operation}`,
      );
    } catch (err) {
      if (err instanceof HookSuspended) {
        cont.hookIndex = err.index;
        const expires = new Date(
          Math.max(err.phaseDeadline.getTime(), clock.now().getTime()) + RESUME_GRACE_MS,
        );
        await pending.renewTo(expires);
        cfg.log(
          `release ${cont.releaseName} revision ${cont.revision}: deadline reached in post hooks; suspended`,
        );
        return suspended(input, 'post-hooks', err.phaseDeadline, expires);
      }
      return input.fail(postHookError(cont.operation, err), pending.release, 'post-hooks');
    }
  }
  return { kind: 'done', release: await succeed(cfg, pending, cont) };
}

const DEFAULT_SUCCESS: Record<Continuation['operation'], string> = {
  install: 'Install complete',
  upgrade: 'Upgrade complete',
  rollback: '',
};

/** The success records: previous deployed revisions superseded, this one deployed. */
async function succeed(cfg: Configuration, pending: PendingRecord, cont: Continuation): Promise<Release> {
  // As Helm's recordRelease, a failure to mark older revisions only gets logged: the release is deployed.
  if (cont.operation === 'upgrade') {
    await supersede(cfg, cont.releaseName, cont.currentVersion).catch((err: unknown) =>
      cfg.log(
        `failed to mark revision ${cont.currentVersion} of ${cont.releaseName} superseded: ${messageOf(err)}`,
      ),
    );
  } else if (cont.operation === 'rollback') {
    let deployed: Release[] = [];
    try {
      deployed = await cfg.storage.deployedAll(cont.releaseName);
    } catch (err) {
      cfg.log(`no deployed revisions of ${cont.releaseName} to supersede: ${messageOf(err)}`);
    }
    for (const rel of deployed) {
      if (rel.version === cont.revision) continue;
      await cfg.storage
        .update(withInfo(rel, { status: 'superseded' }))
        .catch((err: unknown) =>
          cfg.log(`failed to mark revision ${rel.version} superseded: ${messageOf(err)}`),
        );
    }
  }
  const description =
    cont.operation === 'rollback'
      ? (pending.release.info?.description ?? `Rollback to ${cont.rollbackTo}`)
      : cont.description || DEFAULT_SUCCESS[cont.operation];
  const final = markServerSideApply(withInfo(pending.release, { status: 'deployed', description }));
  await pending.finish(final);
  return final;
}

/** Marks one revision superseded (an ordinary write, as Helm's). */
export async function supersede(cfg: Configuration, name: string, version: number): Promise<void> {
  if (version <= 0) return;
  const rel = await cfg.storage.get(name, version);
  await cfg.storage.update(withInfo(rel, { status: 'superseded' }));
}
