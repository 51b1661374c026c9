/** `helm status` and `helm history` (Helm's pkg/action/status.go, history.go). */
import type { Release } from '../release/index.ts';
import { sortByRevision } from '../storage/index.ts';
import { checkReleaseName } from './errors.ts';
import type { Configuration } from './types.ts';

export interface StatusOptions {
  readonly releaseName: string;
  /** 0 = the newest revision. */
  readonly revision?: number;
}

/** Helm's releaseContent: the newest revision (any status) or the given one. */
export async function status(cfg: Configuration, opts: StatusOptions): Promise<Release> {
  await cfg.kube.isReachable();
  checkReleaseName(opts.releaseName, 'releaseContent: Release name is invalid: ');
  if (opts.revision && opts.revision > 0) return cfg.storage.get(opts.releaseName, opts.revision);
  const rels = await cfg.storage.history(opts.releaseName);
  return sortByRevision(rels)[rels.length - 1];
}

export interface HistoryOptions {
  readonly releaseName: string;
  /** --max (default 256): the newest revisions kept. */
  readonly max?: number;
}

/** One row of `helm history` (its JSON/YAML keys). */
export interface HistoryEntry {
  readonly revision: number;
  readonly updated: string;
  readonly status: string;
  readonly chart: string;
  readonly app_version: string;
  readonly description: string;
}

/** The revisions, oldest first, at most `max` of the newest. */
export async function history(cfg: Configuration, opts: HistoryOptions): Promise<Release[]> {
  checkReleaseName(opts.releaseName, 'release name is invalid: ');
  const rels = sortByRevision(await cfg.storage.history(opts.releaseName));
  const max = opts.max ?? 256;
  return rels.slice(Math.max(0, rels.length - max));
}

/** Helm's history row: CHART is `<name>-<version>` (`MISSING` without a chart). */
export function historyEntry(rel: Release): HistoryEntry {
  const md = rel.chart?.metadata;
  return {
    revision: rel.version ?? 0,
    updated: rel.info?.last_deployed ?? '',
    status: rel.info?.status ?? '',
    chart: md ? `${md.name ?? ''}-${md.version ?? ''}` : 'MISSING',
    app_version: md?.appVersion ?? '',
    description: rel.info?.description ?? '',
  };
}
