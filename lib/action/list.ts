/** `helm list` (Helm's pkg/action/list.go): latest revision per release, state mask, selector, sorts, paging. */
import type { Release } from '../release/index.ts';
import { unixSeconds } from '../release/index.ts';
import type { Configuration } from './types.ts';
import { Regexp } from '../go/regexp.ts';

export type ListState = 'deployed' | 'failed' | 'pending' | 'uninstalled' | 'uninstalling' | 'superseded';

export interface ListOptions {
  /** -A: every namespace (needs Configuration.storageFor). */
  readonly allNamespaces?: boolean;
  /** --filter: a regular expression on the release name. */
  readonly filter?: string;
  /** State flags; none given = deployed and failed. */
  readonly states?: readonly ListState[];
  /** -a: every state. */
  readonly all?: boolean;
  /** --selector on custom labels (`k=v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma-joined). */
  readonly selector?: string;
  /** -d: by last deployment time, oldest first (newest first with sortReverse). */
  readonly byDate?: boolean;
  /** -r: reverse order. */
  readonly sortReverse?: boolean;
  readonly offset?: number;
  /** --max (default 256; 0 = no limit). */
  readonly max?: number;
}

const STATUSES_OF: Record<ListState, string[]> = {
  deployed: ['deployed'],
  failed: ['failed'],
  pending: ['pending-install', 'pending-upgrade', 'pending-rollback'],
  uninstalled: ['uninstalled'],
  uninstalling: ['uninstalling'],
  superseded: ['superseded'],
};

async function namespacesOf(cfg: Configuration): Promise<string[]> {
  const list = await cfg.kube.lookup('v1', 'Namespace', '', '');
  const items = list && Array.isArray(list.items) ? list.items : [];
  const names: string[] = [];
  for (const item of items) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const md = item.metadata;
      if (md && typeof md === 'object' && !Array.isArray(md) && typeof md.name === 'string')
        names.push(md.name);
    }
  }
  return names.sort();
}

async function allReleases(cfg: Configuration, allNamespaces: boolean): Promise<Release[]> {
  if (!allNamespaces || !cfg.storageFor) return cfg.storage.listReleases();
  const out: Release[] = [];
  for (const ns of await namespacesOf(cfg)) out.push(...(await cfg.storageFor(ns).listReleases()));
  return out;
}

/** Helm's filterLatestReleases: the highest revision per namespace/name. */
function latest(rels: readonly Release[]): Release[] {
  const best = new Map<string, Release>();
  for (const r of rels) {
    const key = `${r.namespace ?? ''}\u0000${r.name ?? ''}`;
    const have = best.get(key);
    if (!have || (r.version ?? 0) > (have.version ?? 0)) best.set(key, r);
  }
  return [...best.values()];
}

type Requirement = (labels: Record<string, string>) => boolean;

/** A label selector (the equality- and set-based forms of k8s.io/apimachinery labels.Parse). */
export function parseSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  const parts = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  for (const raw of parts) {
    const p = raw.trim();
    if (p === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, key, op, vals] = m;
      const set = new Set(vals.split(',').map((v) => v.trim()));
      reqs.push(op === 'in' ? (l) => key in l && set.has(l[key]) : (l) => !(key in l) || !set.has(l[key]));
    } else if ((m = /^([^\s!=]+)\s*!=\s*(\S*)$/.exec(p))) {
      const [, key, val] = m;
      reqs.push((l) => l[key] !== val);
    } else if ((m = /^([^\s!=]+)\s*==?\s*(\S*)$/.exec(p))) {
      const [, key, val] = m;
      reqs.push((l) => l[key] === val);
    } else if ((m = /^!\s*(\S+)$/.exec(p))) {
      const key = m[1];
      reqs.push((l) => !(key in l));
    } else if (/^\S+$/.test(p)) {
      reqs.push((l) => p in l);
    } else {
      throw new Error(`unable to parse requirement: ${JSON.stringify(p)}`);
    }
  }
  return reqs;
}

function byName(a: Release, b: Release): number {
  const x = a.name ?? '';
  const y = b.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

function deployedSeconds(r: Release): number {
  try {
    return unixSeconds(r.info?.last_deployed ?? '');
  } catch {
    return 0;
  }
}

export async function list(cfg: Configuration, opts: ListOptions = {}): Promise<Release[]> {
  await cfg.kube.isReachable();
  // Helm compiles --filter with Go's regexp (RE2 syntax), so slipway does too.
  const filter = opts.filter ? Regexp.compile(opts.filter) : null;
  let rels = (await allReleases(cfg, opts.allNamespaces ?? false)).filter(
    (r) => !filter || filter.matchString(r.name ?? ''),
  );
  const states = opts.all
    ? (Object.keys(STATUSES_OF) as ListState[])
    : opts.states && opts.states.length > 0
      ? opts.states
      : (['deployed', 'failed'] as ListState[]);
  const onlySuperseded = !opts.all && states.length === 1 && states[0] === 'superseded';
  if (!onlySuperseded) rels = latest(rels);
  const wanted = new Set(states.flatMap((s) => STATUSES_OF[s]));
  rels = rels.filter((r) => wanted.has(r.info?.status ?? ''));
  if (opts.selector) {
    const reqs = parseSelector(opts.selector);
    rels = rels.filter((r) => reqs.every((q) => q(r.labels ?? {})));
  }
  if (opts.byDate) {
    rels.sort((a, b) => deployedSeconds(a) - deployedSeconds(b) || byName(a, b));
    if (opts.sortReverse) rels.reverse();
  } else {
    rels.sort(byName);
    if (opts.sortReverse) rels.reverse();
  }
  const offset = opts.offset ?? 0;
  if (offset >= rels.length) return [];
  const max = opts.max ?? 256;
  const limit = max > 0 && max < rels.length ? max : rels.length;
  return rels.slice(offset, Math.min(rels.length, offset + limit));
}
