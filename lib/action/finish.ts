/**
 * The part of install, upgrade and rollback that runs under the lease, after the pending record
 * was written: pre hooks, apply, wait for readiness, post hooks, then the final records; on failure
 * Helm's failure path (failed record, --atomic, --cleanup-on-fail). A hook watch or a wait cut short
 * by the hard deadline suspends instead: the record stays pending under the lease and
 * `resumeOperation` continues from that phase.
 */
import { UpdateFailedError } from '../kube/index.ts';
import type { ResourceInfo } from '../kube/types.ts';
import type { Release } from '../release/index.ts';
import { messageOf, wrapError } from './errors.ts';
import { execHooks, HookSuspended } from './hooks.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { markServerSideApply, withInfo } from './record.ts';
import { existingResources, objectKey, withOwnership } from './validate.ts';
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
  /** Suspended in a hook phase: the index of the hook being watched (-1: none). */
  hookIndex: number;
  /** --take-ownership (install/upgrade): objects found when applying after a resume are adopted. */
  takeOwnership: boolean;
}

export function continuationToOptions(c: Continuation): Record<string, string | number | boolean> {
  // The created objects only matter to --cleanup-on-fail; without it they would only bloat the message.
  return { ...c, created: c.cleanupOnFail ? c.created : '' };
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
    takeOwnership: b('takeOwnership'),
  };
}

/** The created objects as documents kube.build reads back (JSON is YAML). */
export function encodeCreated(infos: readonly ResourceInfo[]): string {
  return infos.map((i) => JSON.stringify(i.object)).join('\n---\n');
}

export type Phase = 'pre-hooks' | 'apply' | 'wait' | 'post-hooks';

/** Hooks: the failure text per verb and event, as Helm words each. */
function hookError(op: Continuation['operation'], when: 'pre' | 'post', err: unknown): Error {
  if (op === 'install') return wrapError(`failed ${when}-install`, err);
  if (op === 'upgrade') return wrapError(`${when}-upgrade hooks failed`, err);
  return err instanceof Error ? err : new Error(String(err));
}

/** Helm's failure path for each verb; always throws (the atomic recovery's outcome included). */
export type FailureHandler = (err: unknown, release: Release, phase: Phase) => Promise<never>;

/** What the apply phase sends: `current` (upgrade/rollback) or `adopt` (install) against `targets`. */
export interface ApplyPlan {
  /** Objects of the revision being replaced (plus adopted ones): deleted when absent from targets. */
  readonly current: ResourceInfo[];
  /** Install: existing objects joining the release (updated instead of created). */
  readonly adopt: ResourceInfo[];
  /** The release's objects with ownership metadata. */
  readonly targets: ResourceInfo[];
}

export interface FinishInput {
  readonly cfg: Configuration;
  readonly pending: PendingRecord;
  readonly clock: OperationClock;
  readonly cont: Continuation;
  /** Rebuilt from the records when absent (resuming). */
  plan: ApplyPlan | null;
  /** Resuming a wait or hook watch: the phase deadline it had. */
  readonly phaseDeadline?: Date;
  readonly startPhase: Phase;
  readonly fail: FailureHandler;
}

/**
 * Upgrade's object sets (§6.2 steps 13–15): the current revision's objects, the targets with
 * ownership metadata, and target objects that exist already (owned by this release, or taken
 * over) added to current so they are updated rather than created.
 */
export async function upgradePlan(
  cfg: Configuration,
  currentManifest: string,
  targetManifest: string,
  cont: Pick<Continuation, 'releaseName' | 'namespace' | 'takeOwnership'>,
): Promise<ApplyPlan> {
  // Helm validates the new manifest first and returns that error as is (§6.2 step 11).
  const targets = withOwnership(
    await cfg.kube.build(targetManifest, cont.namespace),
    cont.releaseName,
    cont.namespace,
  );
  let current: ResourceInfo[];
  try {
    current = await cfg.kube.build(currentManifest, cont.namespace);
  } catch (err) {
    throw wrapError('unable to build kubernetes objects from current release manifest', err);
  }
  const known = new Set(current.map(objectKey));
  const toCreate = targets.filter((t) => !known.has(objectKey(t)));
  try {
    current.push(
      ...(await existingResources(cfg.kube, toCreate, cont.releaseName, cont.namespace, cont.takeOwnership)),
    );
  } catch (err) {
    throw wrapError('Unable to continue with update', err);
  }
  return { current, adopt: [], targets };
}

/** The plan of a resumed operation, from the records (the checks run again against the live cluster). */
async function rebuildPlan(input: FinishInput): Promise<ApplyPlan> {
  const { cfg, cont, pending } = input;
  const manifest = pending.release.manifest ?? '';
  if (cont.operation === 'install') {
    const targets = withOwnership(
      await cfg.kube.build(manifest, cont.namespace),
      cont.releaseName,
      cont.namespace,
    );
    const adopt = await existingResources(
      cfg.kube,
      targets,
      cont.releaseName,
      cont.namespace,
      cont.takeOwnership,
    );
    return { current: [], adopt, targets };
  }
  const previous =
    cont.currentVersion > 0 ? await cfg.storage.get(cont.releaseName, cont.currentVersion) : null;
  if (cont.operation === 'upgrade') return upgradePlan(cfg, previous?.manifest ?? '', manifest, cont);
  const current = await cfg.kube.build(previous?.manifest ?? '', cont.namespace);
  const targets = withOwnership(
    await cfg.kube.build(manifest, cont.namespace),
    cont.releaseName,
    cont.namespace,
  );
  return { current, adopt: [], targets };
}

async function planOf(input: FinishInput): Promise<ApplyPlan> {
  input.plan ??= await rebuildPlan(input);
  return input.plan;
}

function suspended(input: FinishInput, phase: Phase, phaseDeadline: Date, leaseExpires: Date): Suspended {
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

/** Hands the record over to a later worker: the lease moves past the phase's own deadline. */
async function suspend(input: FinishInput, phase: Phase, phaseDeadline: Date): Promise<Suspended> {
  const { cfg, clock, cont, pending } = input;
  const expires = new Date(Math.max(phaseDeadline.getTime(), clock.now().getTime()) + RESUME_GRACE_MS);
  await pending.renewTo(expires);
  cfg.log(`release ${cont.releaseName} revision ${cont.revision}: deadline reached in ${phase}; suspended`);
  return suspended(input, phase, phaseDeadline, expires);
}

/** Runs one hook event; a watch cut short by the deadline suspends. */
async function hookPhase(input: FinishInput, when: 'pre' | 'post'): Promise<Suspended | null> {
  const { cfg, pending, clock, cont } = input;
  const phase: Phase = `${when}-hooks`;
  const resumeAt =
    input.startPhase === phase && input.phaseDeadline && cont.hookIndex >= 0
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
      `${when}-${cont.operation}`,
    );
  } catch (err) {
    if (err instanceof HookSuspended) {
      cont.hookIndex = err.index;
      return suspend(input, phase, err.phaseDeadline);
    }
    return input.fail(hookError(cont.operation, when, err), pending.release, phase);
  }
  cont.hookIndex = -1;
  return null;
}

async function applyPhase(input: FinishInput): Promise<void> {
  const { cfg, cont, pending } = input;
  try {
    const plan = await planOf(input);
    if (cont.operation === 'install') {
      if (plan.adopt.length === 0) await cfg.kube.createAll(plan.targets);
      else await cfg.kube.update(plan.adopt, plan.targets);
      return;
    }
    const result = await cfg.kube.update(plan.current, plan.targets, { forceReplace: cont.force });
    cont.created = encodeCreated(result.created);
  } catch (err) {
    if (err instanceof UpdateFailedError) cont.created = encodeCreated(err.result.created);
    return input.fail(err, pending.release, 'apply');
  }
}

const ORDER: readonly Phase[] = ['pre-hooks', 'apply', 'wait', 'post-hooks'];

/** Runs the operation from `startPhase` on: pre hooks → apply → wait → post hooks → final records. */
export async function finishOperation(input: FinishInput): Promise<OperationResult> {
  const { cfg, pending, clock, cont } = input;
  const from = ORDER.indexOf(input.startPhase);
  const runs = (p: Phase): boolean => ORDER.indexOf(p) >= from;
  if (runs('pre-hooks') && !cont.noHooks) {
    const s = await hookPhase(input, 'pre');
    if (s) return s;
  }
  if (runs('apply')) await applyPhase(input);
  if (runs('wait') && cont.wait) {
    const window = clock.window(input.startPhase === 'wait' ? input.phaseDeadline : undefined);
    try {
      const { targets } = await planOf(input);
      await pending.cover(window.phaseDeadline);
      await cfg.kube.waitForReady(targets, {
        deadline: window.until,
        waitForJobs: cont.waitForJobs,
        signal: clock.signal,
      });
    } catch (err) {
      if (clock.ranOut(window)) return suspend(input, 'wait', window.phaseDeadline);
      return input.fail(err, pending.release, 'wait');
    }
  }
  if (runs('post-hooks') && !cont.noHooks) {
    const s = await hookPhase(input, 'post');
    if (s) return s;
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
