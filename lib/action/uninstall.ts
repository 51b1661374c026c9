/** `helm uninstall` (Helm's pkg/action/uninstall.go): hooks, deletion in UninstallOrder, keep policy, purge. */
import type { ResourceInfo } from '../kube/types.ts';
import type { Release } from '../release/index.ts';
import { sortManifests, splitManifests, UNINSTALL_ORDER, type Manifest } from '../render/manifest.ts';
import { sortByRevision } from '../storage/index.ts';
import { checkReleaseName, messageOf, wrapError } from './errors.ts';
import { execHooks } from './hooks.ts';
import { DEFAULT_TIMEOUT_MS, OperationClock } from './pending.ts';
import { helmTime, newest, withInfo } from './record.ts';
import type { Configuration, UninstallOptions, UninstallResult } from './types.ts';

export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';

function isKept(m: Manifest): boolean {
  const v = m.head.metadata?.annotations[RESOURCE_POLICY_ANNOTATION];
  return v !== undefined && v.trim().toLowerCase() === 'keep';
}

/** Consecutive runs of one kind (Helm deletes each run concurrently, runs in order). */
function kindGroups(infos: readonly ResourceInfo[]): ResourceInfo[][] {
  const groups: ResourceInfo[][] = [];
  for (const info of infos) {
    const last = groups[groups.length - 1];
    if (last && last[0].kind === info.kind) last.push(info);
    else groups.push([info]);
  }
  return groups;
}

/** Deletes the release's objects; returns the deleted infos and the kept `[Kind] name` lines. */
async function deleteResources(
  cfg: Configuration,
  rel: Release,
  opts: UninstallOptions,
): Promise<{ deleted: ResourceInfo[]; kept: string[] }> {
  const files = new Map<string, string>();
  splitManifests(rel.manifest ?? '').forEach((doc, i) => files.set(`manifest-${i}`, doc));
  let manifests: Manifest[];
  try {
    manifests = sortManifests(files, UNINSTALL_ORDER).manifests;
  } catch (err) {
    throw wrapError('corrupted release record. You must manually delete the resources', err);
  }
  const kept = manifests.filter(isKept).map((m) => `[${m.head.kind}] ${m.head.metadata?.name ?? ''}`);
  const doomed = manifests.filter((m) => !isKept(m));
  const failed = new Error(`failed to delete release: ${rel.name ?? ''}`);
  let infos: ResourceInfo[];
  try {
    infos = await cfg.kube.build(
      doomed.map((m) => m.content).join('\n---\n'),
      rel.namespace ?? cfg.namespace,
    );
  } catch (err) {
    cfg.log(`unable to build kubernetes objects for delete: ${messageOf(err)}`);
    throw failed;
  }
  const deleted: ResourceInfo[] = [];
  for (const group of kindGroups(infos)) {
    const results = await Promise.allSettled(
      group.map((info) => cfg.kube.delete(info, opts.cascade ?? 'Background')),
    );
    for (let i = 0; i < group.length; i++) {
      const r = results[i];
      if (r.status === 'rejected') {
        cfg.log(`failed to delete ${group[i].kind} ${group[i].name}: ${messageOf(r.reason)}`);
        throw failed;
      }
      deleted.push(group[i]);
    }
  }
  return { deleted, kept };
}

async function purge(cfg: Configuration, name: string, history: readonly Release[]): Promise<void> {
  for (const rel of sortByRevision([...history])) await cfg.storage.delete(name, rel.version ?? 0);
}

export async function uninstall(cfg: Configuration, opts: UninstallOptions): Promise<UninstallResult> {
  const name = opts.releaseName;
  await cfg.kube.isReachable();
  if (opts.dryRun) {
    return { release: await cfg.storage.last(name), kept: [] };
  }
  checkReleaseName(name, 'uninstall: Release name is invalid: ');
  let history: Release[];
  try {
    history = await cfg.storage.history(name);
  } catch (err) {
    if (opts.ignoreNotFound) return { release: { name, namespace: cfg.namespace }, kept: [], notFound: true };
    throw wrapError(`uninstall: Release not loaded: ${name}`, err);
  }
  const last = newest(history);
  if (last === null) throw new Error('no release provided');
  if (last.info?.status === 'uninstalled') {
    if (!opts.keepHistory) {
      await purge(cfg, name, history);
      return { release: last, kept: [] };
    }
    throw new Error(`the release named ${JSON.stringify(name)} is already deleted`);
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Uninstall does not suspend: past the hard deadline it stops, the record stays `uninstalling`
  // and running uninstall again continues (as after any failed helm uninstall).
  const clock = new OperationClock(cfg, opts);
  const rel = withInfo(last, {
    status: 'uninstalling',
    deleted: helmTime(cfg),
    description: 'Deletion in progress (or silently failed)',
  });
  const save = async (r: Release): Promise<void> => {
    await cfg.storage.update(r);
  };
  if (!opts.noHooks) await execHooks({ cfg, release: rel, save, timeoutMs, clock }, 'pre-delete');
  await save(rel);
  const { deleted, kept } = await deleteResources(cfg, rel, opts);
  const errs: string[] = [];
  if (opts.wait) {
    try {
      await cfg.kube.waitForDelete(deleted, { deadline: clock.window().until, signal: clock.signal });
    } catch (err) {
      errs.push(messageOf(err));
    }
  }
  if (!opts.noHooks) {
    try {
      await execHooks({ cfg, release: rel, save, timeoutMs, clock }, 'post-delete');
    } catch (err) {
      errs.push(messageOf(err));
    }
  }
  const final = withInfo(rel, {
    status: 'uninstalled',
    description: opts.description || 'Uninstallation complete',
  });
  if (!opts.keepHistory) {
    try {
      await purge(cfg, name, history);
    } catch (err) {
      errs.push(messageOf(err));
    }
  } else {
    await cfg.storage.update(final);
  }
  if (errs.length > 0)
    throw new Error(`uninstallation completed with ${errs.length} error(s): ${errs.join('; ')}`);
  return { release: final, kept };
}
