/** `helm upgrade` (Helm's pkg/action/upgrade.go) with server-side apply and slipway's lease. */
import { chartToStored, isPending, type Release } from '../release/index.ts';
import { checkInstallable } from '../render/template.ts';
import {
  NoDeployedReleasesError,
  OperationInProgressError,
  readLease,
  sortByRevision,
  validateUserLabels,
} from '../storage/index.ts';
import { prepareRenderValues } from '../values/index.ts';
import { checkReleaseName, messageOf } from './errors.ts';
import { finishOperation, upgradePlan, type Continuation } from './finish.ts';
import { install } from './install.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { helmTime, markServerSideApply, newest, statusOf, storedHooks, withInfo } from './record.ts';
import { renderForRelease } from './render.ts';
import { rollback } from './rollback.ts';
import { upgradeUserValues } from './values.ts';
import type { Configuration, OperationResult, UpgradeOptions } from './types.ts';

/**
 * Helm's pending rule, with the lease: a pending newest record blocks the upgrade unless its
 * lease expired (acquireLease then marks it failed, so it counts as failed here).
 */
async function checkNotPending(cfg: Configuration, last: Release): Promise<Release> {
  if (!isPending(statusOf(last))) return last;
  const rec = await cfg.storage.getRecord(last.name ?? '', last.version ?? 0);
  const lease = readLease(rec);
  const now = cfg.now ? cfg.now() : new Date();
  if (lease === null || lease.expires.getTime() > now.getTime()) throw new OperationInProgressError();
  return withInfo(last, { status: 'failed' });
}

/** Helm's choice of the revision an upgrade diffs against (step 5 of §6.2). */
async function currentRelease(cfg: Configuration, name: string, last: Release): Promise<Release> {
  if (statusOf(last) === 'deployed') return last;
  let deployed: Release[] = [];
  try {
    deployed = await cfg.storage.deployedAll(name);
  } catch (err) {
    if (!(err instanceof NoDeployedReleasesError)) throw err;
  }
  const best = newest(deployed);
  if (best) return best;
  const s = statusOf(last);
  if (s === 'failed' || s === 'superseded') return last;
  throw new NoDeployedReleasesError(name);
}

/** Labels of the new revision: the last revision's, overridden; a null value removes a label. */
function mergeLabels(last: Release, labels: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = { ...(last.labels ?? {}) };
  for (const [k, v] of Object.entries(labels)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export async function upgrade(cfg: Configuration, opts: UpgradeOptions): Promise<OperationResult> {
  const name = opts.releaseName;
  const dryRun = opts.dryRun ?? 'none';
  if (opts.install) {
    let history: Release[];
    try {
      history = await cfg.storage.history(name);
    } catch {
      history = [];
    }
    const last = newest(history);
    if (last === null || statusOf(last) === 'uninstalled') {
      cfg.log(`Release ${JSON.stringify(name)} does not exist. Installing it now.`);
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.labels ?? {})) if (v !== null) labels[k] = v;
      return install(cfg, { ...opts, labels, replace: last !== null });
    }
  }
  await cfg.kube.isReachable();
  const wait = (opts.wait ?? false) || (opts.atomic ?? false);
  checkReleaseName(name, 'release name is invalid: ');
  let found: Release | null;
  try {
    found = newest(await cfg.storage.history(name));
  } catch {
    found = null;
  }
  if (found === null) throw new NoDeployedReleasesError(name);
  const last = await checkNotPending(cfg, found);
  const current = await currentRelease(cfg, name, last);
  // A copy: --reuse-values replaces its default values, and the caller's chart must not change.
  const chart = { ...opts.chart };
  checkInstallable(chart);
  if (chart.metadata.deprecated) cfg.warn('This chart is deprecated');
  const userValues = upgradeUserValues(cfg, chart, current, opts.values, opts);
  const revision = (last.version ?? 0) + 1;
  const namespace = current.namespace ?? cfg.namespace;
  const values = prepareRenderValues(chart, userValues, {
    skipSchemaValidation: opts.skipSchemaValidation ?? false,
    warn: cfg.warn,
  });
  const capabilities = await cfg.kube.capabilities();
  const rendered = await renderForRelease(cfg.kube, {
    chart,
    values,
    releaseName: name,
    namespace,
    revision,
    isUpgrade: true,
    capabilities,
    liveLookup: dryRun !== 'client',
  });
  const labels = opts.labels ?? {};
  validateUserLabels(
    Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== null)) as Record<string, string>,
  );
  let rel: Release = {
    name,
    info: {
      first_deployed: current.info?.first_deployed ?? '',
      last_deployed: helmTime(cfg),
      deleted: '',
      description: 'Preparing upgrade',
      status: 'pending-upgrade',
      ...(rendered.notes ? { notes: rendered.notes } : {}),
    },
    chart: chartToStored(chart),
    config: userValues,
    manifest: rendered.manifest,
    hooks: storedHooks(rendered.hooks),
    version: revision,
    namespace,
    labels: mergeLabels(last, labels),
  };
  rel = markServerSideApply(rel);
  const takeOwnership = opts.takeOwnership ?? false;
  const plan = await upgradePlan(cfg, current.manifest ?? '', rel.manifest ?? '', {
    releaseName: name,
    namespace,
    takeOwnership,
  });
  if (dryRun !== 'none') {
    return { kind: 'done', release: withInfo(rel, { description: opts.description || 'Dry run complete' }) };
  }
  if (opts.maxHistory !== undefined) cfg.storage.maxHistory = opts.maxHistory;
  const clock = new OperationClock(cfg, opts);
  const pending = await PendingRecord.acquire(cfg, rel, clock);
  const cont: Continuation = {
    operation: 'upgrade',
    releaseName: name,
    namespace,
    revision,
    timeoutMs: clock.timeoutMs,
    wait,
    waitForJobs: opts.waitForJobs ?? false,
    atomic: opts.atomic ?? false,
    cleanupOnFail: opts.cleanupOnFail ?? false,
    noHooks: opts.noHooks ?? false,
    force: opts.force ?? false,
    description: opts.description ?? '',
    currentVersion: current.version ?? 0,
    rollbackTo: 0,
    created: '',
    hookIndex: -1,
    takeOwnership,
  };
  const fail = (err: unknown): Promise<never> => failUpgrade(cfg, pending, cont, err);
  return finishOperation({ cfg, pending, clock, cont, plan, startPhase: 'pre-hooks', fail });
}

/** Deletes what the failed operation created (--cleanup-on-fail). */
export async function cleanupCreated(
  cfg: Configuration,
  cont: Continuation,
  verb: string,
  err: unknown,
): Promise<void> {
  if (!cont.cleanupOnFail || cont.created === '') return;
  const infos = await cfg.kube.build(cont.created, cont.namespace);
  const errs: string[] = [];
  for (const info of infos) {
    try {
      await cfg.kube.delete(info, 'Background');
    } catch (e) {
      errs.push(messageOf(e));
    }
  }
  if (errs.length > 0) {
    throw new Error(
      `an error occurred while cleaning up resources. original ${verb} error: ${messageOf(err)}: unable to cleanup resources: ${errs.join(', ')}`,
      { cause: err },
    );
  }
}

/** Helm's Upgrade.failRelease: record failed, then --cleanup-on-fail, then --atomic's rollback. */
export async function failUpgrade(
  cfg: Configuration,
  pending: PendingRecord,
  cont: Continuation,
  err: unknown,
): Promise<never> {
  const msg = messageOf(err);
  const failed = withInfo(pending.release, {
    status: 'failed',
    description: `Upgrade ${JSON.stringify(cont.releaseName)} failed: ${msg}`,
  });
  await pending.finish(failed);
  await cleanupCreated(cfg, cont, 'upgrade', err);
  if (!cont.atomic) throw err;
  const history = sortByRevision(await cfg.storage.history(cont.releaseName)).reverse();
  const good = history.find((r) => statusOf(r) === 'superseded' || statusOf(r) === 'deployed');
  if (!good) {
    throw new Error(
      `unable to find a previously successful release when attempting to rollback. original upgrade error: ${msg}`,
      { cause: err },
    );
  }
  try {
    const result = await rollback(cfg, {
      releaseName: cont.releaseName,
      revision: good.version ?? 0,
      wait: true,
      waitForJobs: cont.waitForJobs,
      noHooks: cont.noHooks,
      force: cont.force,
      timeoutMs: cont.timeoutMs,
    });
    if (result.kind === 'suspended') {
      throw new Error(`the rollback to revision ${good.version ?? 0} was suspended at its deadline`);
    }
  } catch (rollbackErr) {
    throw new Error(
      `an error occurred while rolling back the release. original upgrade error: ${msg}: ${messageOf(rollbackErr)}`,
      { cause: err },
    );
  }
  throw new Error(
    `release ${cont.releaseName} failed, and has been rolled back due to atomic being set: ${msg}`,
    {
      cause: err,
    },
  );
}
