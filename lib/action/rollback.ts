/**
 * `helm rollback` (Helm's pkg/action/rollback.go): a new revision re-applying the stored manifest
 * of an older one, under slipway's lease. Unlike Helm, a failure after the record was created
 * (build error, hook failure) marks the record failed instead of leaving it pending.
 */
import type { ResourceInfo } from '../kube/types.ts';
import { isPending, type Release } from '../release/index.ts';
import {
  OperationInProgressError,
  readLease,
  ReleaseNotFoundError,
  validateUserLabels,
} from '../storage/index.ts';
import { checkReleaseName, messageOf, wrapError } from './errors.ts';
import {
  finishOperation,
  supersede,
  type ApplyPlan,
  type Continuation,
  type FailureHandler,
  type Phase,
} from './finish.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { copyHooks, helmTime, markServerSideApply, newest, statusOf, withInfo } from './record.ts';
import { cleanupCreated } from './upgrade.ts';
import { withOwnership } from './validate.ts';
import type { Configuration, OperationResult, RollbackOptions } from './types.ts';

/**
 * Creates the rollback's record. Helm rolls back from any status, pending included (the usual
 * way out of a stuck pending-*): a pending record without a lease is passed over as helm would,
 * one under a live lease is refused, and an expired lease is recovered by acquireLease.
 */
async function createRecord(
  cfg: Configuration,
  current: Release,
  rel: Release,
  clock: OperationClock,
): Promise<PendingRecord> {
  if (isPending(statusOf(current))) {
    const rec = await cfg.storage.getRecord(current.name ?? '', current.version ?? 0);
    const lease = readLease(rec);
    const now = clock.now();
    if (lease === null) return PendingRecord.createOver(cfg, rel, clock);
    if (lease.expires.getTime() > now.getTime()) throw new OperationInProgressError();
  }
  return PendingRecord.acquire(cfg, rel, clock);
}

export async function rollback(cfg: Configuration, opts: RollbackOptions): Promise<OperationResult> {
  const name = opts.releaseName;
  await cfg.kube.isReachable();
  if (opts.maxHistory !== undefined) cfg.storage.maxHistory = opts.maxHistory;
  checkReleaseName(name, 'prepareRollback: Release name is invalid: ');
  const requested = opts.revision ?? 0;
  if (requested < 0) throw new Error('invalid release revision');
  const history = await cfg.storage.history(name);
  const current = newest(history);
  if (current === null) throw new ReleaseNotFoundError();
  const target = requested > 0 ? requested : (current.version ?? 0) - 1;
  if (!history.some((r) => r.version === target)) throw new Error(`release has no ${target} version`);
  const previous = await cfg.storage.get(name, target);
  const namespace = previous.namespace ?? cfg.namespace;
  let rel: Release = {
    name,
    info: {
      first_deployed: current.info?.first_deployed ?? '',
      last_deployed: helmTime(cfg),
      deleted: '',
      description: `Rollback to ${target}`,
      status: 'pending-rollback',
      ...(previous.info?.notes ? { notes: previous.info.notes } : {}),
    },
    chart: previous.chart,
    config: previous.config,
    manifest: previous.manifest,
    hooks: copyHooks(previous.hooks),
    version: (current.version ?? 0) + 1,
    namespace,
    labels: { ...(previous.labels ?? {}), ...(opts.labels ?? {}) },
  };
  if (opts.labels) validateUserLabels(opts.labels);
  rel = markServerSideApply(rel);
  if (opts.dryRun) return { kind: 'done', release: rel };
  const clock = new OperationClock(cfg, opts);
  const pending = await createRecord(cfg, current, rel, clock);
  const cont: Continuation = {
    operation: 'rollback',
    releaseName: name,
    namespace,
    revision: rel.version ?? 0,
    timeoutMs: clock.timeoutMs,
    wait: opts.wait ?? false,
    waitForJobs: opts.waitForJobs ?? false,
    atomic: false,
    cleanupOnFail: opts.cleanupOnFail ?? false,
    noHooks: opts.noHooks ?? false,
    force: opts.force ?? false,
    description: '',
    currentVersion: current.version ?? 0,
    rollbackTo: target,
    created: '',
    hookIndex: -1,
    takeOwnership: false,
  };
  const fail: FailureHandler = (err, _rel, phase) => failRollback(cfg, pending, cont, err, phase);
  let plan: ApplyPlan;
  try {
    let objects: ResourceInfo[];
    try {
      objects = await cfg.kube.build(current.manifest ?? '', namespace);
    } catch (err) {
      throw wrapError('unable to build kubernetes objects from current release manifest', err);
    }
    let targets: ResourceInfo[];
    try {
      targets = await cfg.kube.build(rel.manifest ?? '', namespace);
    } catch (err) {
      throw wrapError('unable to build kubernetes objects from new release manifest', err);
    }
    plan = { current: objects, adopt: [], targets: withOwnership(targets, name, namespace) };
  } catch (err) {
    return fail(err, pending.release, 'pre-hooks');
  }
  return finishOperation({ cfg, pending, clock, cont, plan, startPhase: 'pre-hooks', fail });
}

/**
 * Rollback's failure path. Helm leaves a hook or build failure in pending-rollback; slipway marks
 * it failed (`Rollback "<n>" failed: <err>`) so no pending record outlives its lease. An apply
 * failure also supersedes the revision rolled back from (and --cleanup-on-fail runs); a wait
 * failure is Helm's `release <n> failed: <err>`.
 */
export async function failRollback(
  cfg: Configuration,
  pending: PendingRecord,
  cont: Continuation,
  err: unknown,
  phase: Phase,
): Promise<never> {
  const msg = messageOf(err);
  const name = cont.releaseName;
  if (phase === 'wait') {
    await pending.finish(
      withInfo(pending.release, {
        status: 'failed',
        description: `Release ${JSON.stringify(name)} failed: ${msg}`,
      }),
    );
    throw new Error(`release ${name} failed: ${msg}`, { cause: err });
  }
  if (phase === 'apply') {
    await supersede(cfg, name, cont.currentVersion).catch((e: unknown) => cfg.log(messageOf(e)));
  }
  await pending.finish(
    withInfo(pending.release, {
      status: 'failed',
      description: `Rollback ${JSON.stringify(name)} failed: ${msg}`,
    }),
  );
  if (phase === 'apply') await cleanupCreated(cfg, cont, 'rollback', err);
  throw err;
}
