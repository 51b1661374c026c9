/**
 * Continuing a suspended operation (see Suspended): the new worker takes the lease over from the
 * suspended one (a conditional write, so two resumers cannot both continue), then runs the rest
 * of the operation with the original per-phase timeout.
 */
import { isPending } from '../release/index.ts';
import { readLease, type Lease } from '../storage/index.ts';
import {
  continuationFromOptions,
  finishOperation,
  type Continuation,
  type FailureHandler,
  type Phase,
} from './finish.ts';
import { failInstall } from './install.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { failRollback } from './rollback.ts';
import { failUpgrade } from './upgrade.ts';
import type { Configuration, OperationResult, Suspended } from './types.ts';

export interface ResumeOptions {
  /** The new worker's hard deadline (it may suspend again). */
  readonly deadline?: Date;
  readonly signal?: AbortSignal;
}

function failureHandler(cfg: Configuration, pending: PendingRecord, cont: Continuation): FailureHandler {
  if (cont.operation === 'install') return (err) => failInstall(cfg, pending, cont, err);
  if (cont.operation === 'upgrade') return (err) => failUpgrade(cfg, pending, cont, err);
  return (err, _rel, phase) => failRollback(cfg, pending, cont, err, phase);
}

const PHASES: readonly Phase[] = ['pre-hooks', 'apply', 'wait', 'post-hooks'];

export async function resumeOperation(
  cfg: Configuration,
  suspended: Suspended,
  opts: ResumeOptions = {},
): Promise<OperationResult> {
  const cont = continuationFromOptions(suspended.options);
  const key = `release ${JSON.stringify(suspended.releaseName)} revision ${suspended.revision}`;
  if (suspended.namespace !== cfg.namespace) {
    throw new Error(
      `cannot resume ${key}: it lives in namespace ${JSON.stringify(suspended.namespace)}, not ${JSON.stringify(cfg.namespace)}`,
    );
  }
  const rec = await cfg.storage.getRecord(suspended.releaseName, suspended.revision);
  const lease = readLease(rec);
  if (!isPending(rec.release.info?.status ?? '') || lease === null || lease.owner !== suspended.leaseOwner) {
    throw new Error(
      `cannot resume ${key}: it is no longer pending under the lease of ${suspended.leaseOwner}`,
    );
  }
  const clock = new OperationClock(cfg, {
    timeoutMs: cont.timeoutMs,
    deadline: opts.deadline,
    signal: opts.signal,
  });
  const taken: Lease = {
    name: suspended.releaseName,
    version: suspended.revision,
    key: `sh.helm.release.v1.${suspended.releaseName}.v${suspended.revision}`,
    owner: cfg.leaseOwner,
    expires: lease.expires,
    release: rec.release,
    resourceVersion: rec.resourceVersion,
  };
  const pending = new PendingRecord(cfg, taken, opts.deadline === undefined);
  await pending.renewTo(clock.leaseUntil());
  const phase = PHASES.find((p) => p === suspended.phase);
  if (!phase) throw new Error(`cannot resume ${key}: unknown phase ${JSON.stringify(suspended.phase)}`);
  return finishOperation({
    cfg,
    pending,
    clock,
    cont,
    plan: null,
    phaseDeadline: new Date(suspended.phaseDeadline),
    startPhase: phase,
    fail: failureHandler(cfg, pending, cont),
  });
}
