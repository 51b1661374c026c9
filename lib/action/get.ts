/** `helm get values|manifest|notes|hooks|metadata|all` (Helm's pkg/action/get*.go). */
import type { GoMap } from '../go/value.ts';
import { goMap } from '../go/value.ts';
import type { Hook, Release } from '../release/index.ts';
import { coalesceValues, deepCopy } from '../values/index.ts';
import { status } from './status.ts';
import { storedChartAsChart } from './values.ts';
import type { Configuration } from './types.ts';

export interface GetOptions {
  readonly releaseName: string;
  /** 0 = the newest revision. */
  readonly revision?: number;
}

/** The release `helm get all` shows. */
export function getRelease(cfg: Configuration, opts: GetOptions): Promise<Release> {
  return status(cfg, opts);
}

/** `get values` (the user-supplied config) or, with `all`, the chart defaults coalesced with it. */
export async function getValues(
  cfg: Configuration,
  opts: GetOptions & { readonly all?: boolean },
): Promise<GoMap> {
  const rel = await status(cfg, opts);
  const config = rel.config ?? goMap();
  if (!opts.all) return config;
  const copy = deepCopy(config) as GoMap;
  return coalesceValues(storedChartAsChart(rel.chart), copy, cfg.warn);
}

export async function getManifest(cfg: Configuration, opts: GetOptions): Promise<string> {
  return (await status(cfg, opts)).manifest ?? '';
}

export async function getNotes(cfg: Configuration, opts: GetOptions): Promise<string> {
  return (await status(cfg, opts)).info?.notes ?? '';
}

export async function getHooks(cfg: Configuration, opts: GetOptions): Promise<Hook[]> {
  return ((await status(cfg, opts)).hooks ?? []).filter((h): h is Hook => h !== null);
}

/** `get metadata` (Helm's Metadata, its JSON keys). */
export interface ReleaseMetadata {
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly appVersion: string;
  readonly annotations?: Record<string, string>;
  readonly dependencies?: unknown[];
  readonly namespace: string;
  readonly revision: number;
  readonly status: string;
  readonly deployedAt: string;
}

export async function getMetadata(cfg: Configuration, opts: GetOptions): Promise<ReleaseMetadata> {
  const rel = await status(cfg, opts);
  const md = rel.chart?.metadata;
  return {
    name: rel.name ?? '',
    chart: md?.name ?? '',
    version: md?.version ?? '',
    appVersion: md?.appVersion ?? '',
    ...(md?.annotations && Object.keys(md.annotations).length > 0 ? { annotations: md.annotations } : {}),
    ...(md?.dependencies && md.dependencies.length > 0 ? { dependencies: md.dependencies } : {}),
    namespace: rel.namespace ?? '',
    revision: rel.version ?? 0,
    status: rel.info?.status ?? '',
    deployedAt: rel.info?.last_deployed ?? '',
  };
}
