/**
 * `helm list`'s selection (pkg/action/list.go): name filter (RE2 regexp), the newest revision per
 * namespace/name (unless only --superseded is asked for), the state mask, the label selector,
 * the sort, then offset and max.
 */
import { Regexp } from '../../go/regexp.ts';
import type { Release } from '../../release/index.ts';
import { parseLabelSelector } from './selector.ts';

export interface ListOptions {
  /** -a: every state but `unknown`. */
  readonly all?: boolean;
  readonly deployed?: boolean;
  readonly failed?: boolean;
  readonly pending?: boolean;
  readonly uninstalled?: boolean;
  readonly uninstalling?: boolean;
  readonly superseded?: boolean;
  /** --filter: a regular expression the name must match. */
  readonly filter?: string;
  /** -l/--selector on the release's custom labels. */
  readonly selector?: string;
  /** -d: by last deployment (oldest first), -d -r newest first. */
  readonly byDate?: boolean;
  /** -r */
  readonly reverse?: boolean;
  /** --max (0: no limit; default 256). */
  readonly max?: number;
  readonly offset?: number;
}

/** The set of statuses a list shows. */
export function stateMask(opts: ListOptions): Set<string> {
  if (opts.all) {
    return new Set([
      'deployed',
      'uninstalled',
      'uninstalling',
      'pending-install',
      'pending-upgrade',
      'pending-rollback',
      'superseded',
      'failed',
    ]);
  }
  const s = new Set<string>();
  if (opts.deployed) s.add('deployed');
  if (opts.uninstalled) s.add('uninstalled');
  if (opts.uninstalling) s.add('uninstalling');
  if (opts.pending) for (const p of ['pending-install', 'pending-rollback', 'pending-upgrade']) s.add(p);
  if (opts.superseded) s.add('superseded');
  if (opts.failed) s.add('failed');
  if (s.size === 0) {
    s.add('deployed');
    s.add('failed');
  }
  return s;
}

function latestPerRelease(releases: readonly Release[]): Release[] {
  const latest = new Map<string, Release>();
  for (const r of releases) {
    const key = `${r.namespace ?? ''}/${r.name ?? ''}`;
    const seen = latest.get(key);
    if (seen && (seen.version ?? 0) > (r.version ?? 0)) continue;
    latest.set(key, r);
  }
  return [...latest.values()];
}

function deployedSeconds(r: Release): number {
  const t = r.info?.last_deployed ?? '';
  return t === '' ? -62135596800 : Math.floor(Date.parse(t) / 1000);
}

const byName = (a: Release, b: Release): number => {
  const x = a.name ?? '';
  const y = b.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};
const byDate = (a: Release, b: Release): number => deployedSeconds(a) - deployedSeconds(b);

/** Selects and orders the releases `helm list` shows from every record of the namespace(s). */
export function selectReleases(records: readonly Release[], opts: ListOptions = {}): Release[] {
  const filter = opts.filter ? Regexp.compile(opts.filter) : undefined;
  let results = records.filter((r) => !filter || filter.matchString(r.name ?? ''));
  const mask = stateMask(opts);
  const onlySuperseded = mask.size === 1 && mask.has('superseded');
  if (!onlySuperseded) results = latestPerRelease(results);
  results = results.filter((r) => mask.has(r.info?.status ?? ''));
  const selector = parseLabelSelector(opts.selector ?? '');
  results = results.filter((r) => selector(r.labels ?? {}));
  const compare = opts.byDate ? byDate : byName;
  // sort.Reverse: the comparison flips; equal items keep their order.
  results.sort(opts.reverse ? (a, b) => compare(b, a) : compare);
  const offset = opts.offset ?? 0;
  if (offset >= results.length) return [];
  const max = opts.max ?? 256;
  const limit = max > 0 && max < results.length ? max : results.length;
  return results.slice(offset, Math.min(results.length, offset + limit));
}
