/** `helm install` (Helm's pkg/action/install.go) with server-side apply and slipway's lease. */
import { chartToStored, type Release } from '../release/index.ts';
import { isAlreadyExists } from '../kube/index.ts';
import type { ResourceInfo } from '../kube/types.ts';
import { allCrds, checkInstallable } from '../render/template.ts';
import { utf8String } from '../go/value.ts';
import { validateUserLabels } from '../storage/index.ts';
import { prepareRenderValues } from '../values/index.ts';
import { checkReleaseName, messageOf, wrapError } from './errors.ts';
import { finishOperation, type Continuation } from './finish.ts';
import { OperationClock, PendingRecord } from './pending.ts';
import { helmTime, markServerSideApply, newest, storedHooks, withInfo } from './record.ts';
import { renderForRelease } from './render.ts';
import { uninstall } from './uninstall.ts';
import { existingResources, withOwnership } from './validate.ts';
import type { Configuration, InstallOptions, OperationResult } from './types.ts';

/** Helm waits a fixed minute for new CRDs to be established. */
const CRD_WAIT_MS = 60_000;

/** Helm's installCRDs: create each CRD of crds/ (never update), then wait until established. */
export async function installCrds(
  cfg: Configuration,
  crds: readonly { path: string; data: Uint8Array }[],
): Promise<void> {
  const created: ResourceInfo[] = [];
  for (const file of crds) {
    let infos: ResourceInfo[];
    try {
      infos = await cfg.kube.build(utf8String(file.data), cfg.namespace);
    } catch (err) {
      throw wrapError(`failed to install CRD ${file.path}`, err);
    }
    for (const info of infos) {
      try {
        await cfg.kube.create(info);
        created.push(info);
      } catch (err) {
        if (isAlreadyExists(err)) {
          cfg.log(`CRD ${info.name} is already present. Skipping.`);
          continue;
        }
        throw wrapError(`failed to install CRD ${file.path}`, err);
      }
    }
  }
  if (created.length > 0)
    await cfg.kube.waitForReady(created, { deadline: new Date(Date.now() + CRD_WAIT_MS) });
}

/** Helm's availableName: the name is free, or (with --replace) its last revision failed or was uninstalled. */
async function checkNameAvailable(
  cfg: Configuration,
  name: string,
  replace: boolean,
): Promise<Release | null> {
  let last: Release | null;
  try {
    last = newest(await cfg.storage.history(name));
  } catch {
    return null;
  }
  if (last === null) return null;
  const status = last.info?.status;
  if (replace && (status === 'uninstalled' || status === 'failed')) return last;
  throw new Error('cannot re-use a name that is still in use');
}

export async function install(cfg: Configuration, opts: InstallOptions): Promise<OperationResult> {
  const name = opts.releaseName;
  const dryRun = opts.dryRun ?? 'none';
  const clientOnly = dryRun === 'client';
  await cfg.kube.isReachable();
  checkReleaseName(name, null);
  const previous = dryRun === 'none' ? await checkNameAvailable(cfg, name, opts.replace ?? false) : null;
  const chart = opts.chart;
  checkInstallable(chart);
  if (chart.metadata.deprecated) cfg.warn('This chart is deprecated');
  const values = prepareRenderValues(chart, opts.values, {
    skipSchemaValidation: opts.skipSchemaValidation ?? false,
    warn: cfg.warn,
  });
  const crds = allCrds(chart);
  if (crds.length > 0 && !opts.skipCrds) {
    if (dryRun === 'none') await installCrds(cfg, crds);
    else
      cfg.warn(
        'This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.',
      );
  }
  const wait = (opts.wait ?? false) || (opts.atomic ?? false);
  const capabilities = await cfg.kube.capabilities();
  const rendered = await renderForRelease(cfg.kube, {
    chart,
    values,
    releaseName: name,
    namespace: cfg.namespace,
    revision: 1,
    isUpgrade: false,
    capabilities,
    liveLookup: !clientOnly,
  });
  const labels = opts.labels ?? {};
  validateUserLabels(labels);
  const now = helmTime(cfg);
  let rel: Release = {
    name,
    info: {
      first_deployed: now,
      last_deployed: now,
      deleted: '',
      description: 'Initial install underway',
      status: 'pending-install',
      ...(rendered.notes ? { notes: rendered.notes } : {}),
    },
    chart: chartToStored(chart),
    config: opts.values,
    manifest: rendered.manifest,
    hooks: storedHooks(rendered.hooks),
    version: previous ? (previous.version ?? 0) + 1 : 1,
    namespace: cfg.namespace,
    labels: { ...labels },
  };
  rel = markServerSideApply(rel);
  let targets: ResourceInfo[];
  try {
    targets = withOwnership(await cfg.kube.build(rel.manifest ?? '', cfg.namespace), name, cfg.namespace);
  } catch (err) {
    throw wrapError('unable to build kubernetes objects from release manifest', err);
  }
  let adopt: ResourceInfo[];
  try {
    adopt = await existingResources(cfg.kube, targets, name, cfg.namespace, opts.takeOwnership ?? false);
  } catch (err) {
    throw wrapError('Unable to continue with install', err);
  }
  if (dryRun !== 'none') {
    return { kind: 'done', release: withInfo(rel, { description: 'Dry run complete' }) };
  }
  if (opts.createNamespace) await cfg.kube.createNamespace(cfg.namespace);
  if (opts.maxHistory !== undefined) cfg.storage.maxHistory = opts.maxHistory;
  const clock = new OperationClock(cfg, opts);
  const pending = await PendingRecord.acquire(cfg, rel, clock);
  const cont: Continuation = {
    operation: 'install',
    releaseName: name,
    namespace: cfg.namespace,
    revision: rel.version ?? 1,
    timeoutMs: clock.timeoutMs,
    wait,
    waitForJobs: opts.waitForJobs ?? false,
    atomic: opts.atomic ?? false,
    cleanupOnFail: false,
    noHooks: opts.noHooks ?? false,
    force: false,
    description: opts.description ?? '',
    currentVersion: 0,
    rollbackTo: 0,
    created: '',
    hookIndex: -1,
    takeOwnership: opts.takeOwnership ?? false,
  };
  const fail = (err: unknown): Promise<never> => failInstall(cfg, pending, cont, err);
  if (previous && previous.info?.status !== 'failed') {
    try {
      await cfg.storage.update(
        withInfo(previous, { status: 'superseded', description: 'superseded by new release' }),
      );
    } catch (err) {
      return fail(err);
    }
  }
  const plan = { current: [], adopt, targets };
  return finishOperation({ cfg, pending, clock, cont, plan, startPhase: 'pre-hooks', fail });
}

/** Helm's failRelease for install: record failed; --atomic uninstalls the release. */
export async function failInstall(
  cfg: Configuration,
  pending: PendingRecord,
  cont: Continuation,
  err: unknown,
): Promise<never> {
  const msg = messageOf(err);
  const failed = withInfo(pending.release, {
    status: 'failed',
    description: `Release ${JSON.stringify(cont.releaseName)} failed: ${msg}`,
  });
  await pending.finish(failed);
  if (!cont.atomic) throw err;
  try {
    await uninstall(cfg, { releaseName: cont.releaseName, noHooks: cont.noHooks, timeoutMs: cont.timeoutMs });
  } catch (uninstallErr) {
    throw new Error(
      `an error occurred while uninstalling the release. original install error: ${msg}: ${messageOf(uninstallErr)}`,
      { cause: err },
    );
  }
  throw new Error(
    `release ${cont.releaseName} failed, and has been uninstalled due to atomic being set: ${msg}`,
    {
      cause: err,
    },
  );
}
