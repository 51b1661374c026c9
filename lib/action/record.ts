/** Building release records: timestamps, hooks as stored, the apply method marker, status changes. */
import { UNKNOWN_FIELDS, emptyHookExecution, formatHelmTime, helmNow } from '../release/index.ts';
import type { Hook, Info, Release } from '../release/index.ts';
import type { Hook as RenderedHook } from '../render/manifest.ts';
import type { Configuration } from './types.ts';

/** The current time as Helm writes it (UTC, as on Lambda). */
export function helmTime(cfg: Configuration): string {
  // Without a test clock, nanosecond-resolution times as helm writes them.
  if (!cfg.now) return helmNow();
  return formatHelmTime(BigInt(cfg.now().getTime()) * 1_000_000n);
}

export function nowOf(cfg: Configuration): Date {
  return cfg.now ? cfg.now() : new Date();
}

/**
 * Helm 4 records how the objects were applied (`apply_method`, after `namespace`); v3 ignores
 * the key, v4 keeps applying server-side with `--server-side=auto`.
 */
export function markServerSideApply(rel: Release): Release {
  const others = (rel[UNKNOWN_FIELDS] ?? []).filter((u) => u.key !== 'apply_method');
  return { ...rel, [UNKNOWN_FIELDS]: [...others, { after: 'namespace', key: 'apply_method', raw: '"ssa"' }] };
}

/** The hooks of a render as the release stores them (never run yet). */
export function storedHooks(hooks: readonly RenderedHook[]): Hook[] {
  return hooks.map((h) => {
    const out: Hook = {
      name: h.name,
      kind: h.kind,
      path: h.path,
      manifest: h.manifest,
      events: [...h.events],
      last_run: emptyHookExecution(),
      weight: h.weight,
    };
    if (h.deletePolicies.length > 0) out.delete_policies = [...h.deletePolicies];
    return out;
  });
}

/** A copy of `rel` with its info changed (the record object itself stays untouched). */
export function withInfo(rel: Release, info: Partial<Info>): Release {
  const base: Info = rel.info ?? { first_deployed: '', last_deployed: '', deleted: '' };
  return { ...rel, info: { ...base, ...info } };
}

export function statusOf(rel: Release): string {
  return rel.info?.status ?? '';
}

/** Deep copy of the hooks, so a run's last_run changes stay on the record being written. */
export function copyHooks(hooks: Release['hooks']): Hook[] {
  return (hooks ?? [])
    .filter((h): h is Hook => h !== null)
    .map((h) => ({
      ...h,
      events: h.events ? [...h.events] : h.events,
      delete_policies: h.delete_policies ? [...h.delete_policies] : h.delete_policies,
      last_run: { ...h.last_run },
    }));
}

/** Newest first → the highest revision of a history. */
export function newest(history: readonly Release[]): Release | null {
  let best: Release | null = null;
  for (const r of history) if (best === null || (r.version ?? 0) > (best.version ?? 0)) best = r;
  return best;
}
