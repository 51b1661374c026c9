/**
 * Rendering for install and upgrade. Templates render synchronously but the cluster answers
 * `lookup` asynchronously, so the chart is rendered in passes: lookups missing from the cache
 * answer an empty map and are recorded, the misses are fetched, and the chart is rendered again
 * until a pass asks for nothing new. An error in a pass that had misses may come from the empty
 * answers, so it only counts when it persists once they are fetched.
 */
import type { Chart } from '../chart/index.ts';
import { unmarshalJSONObject } from '../go/json.ts';
import { goMap, type GoMap } from '../go/value.ts';
import type { KubeClient } from '../kube/types.ts';
import type { Capabilities } from '../render/capabilities.ts';
import { renderWithValues, type RenderedRelease } from '../render/template.ts';

/** Enough for chains of lookups that depend on each other; a chart needing more is looping. */
const MAX_PASSES = 10;

export interface ReleaseRender {
  readonly chart: Chart;
  /** Render values, already prepared (dependencies processed, coalesced, validated). */
  readonly values: GoMap;
  readonly releaseName: string;
  readonly namespace: string;
  readonly revision: number;
  readonly isUpgrade: boolean;
  readonly capabilities: Capabilities;
  /** Live lookups (real operations and --dry-run=server); otherwise lookup returns `{}`. */
  readonly liveLookup: boolean;
}

export async function renderForRelease(kube: KubeClient, req: ReleaseRender): Promise<RenderedRelease> {
  const opts = {
    releaseName: req.releaseName,
    namespace: req.namespace,
    values: req.values,
    isUpgrade: req.isUpgrade,
    revision: req.revision,
  };
  if (!req.liveLookup) return renderWithValues(req.chart, req.values, opts, req.capabilities);
  // JSON text per lookup: each call gets a fresh map, as templates may modify what lookup returns.
  const cache = new Map<string, string | null>();
  for (let pass = 1; ; pass++) {
    const misses = new Map<string, [string, string, string, string]>();
    const lookup = (apiVersion: string, kind: string, namespace: string, name: string): GoMap | null => {
      const key = [apiVersion, kind, namespace, name].join('\u0000');
      const hit = cache.get(key);
      if (hit !== undefined) return hit === null ? null : unmarshalJSONObject(hit);
      misses.set(key, [apiVersion, kind, namespace, name]);
      return goMap();
    };
    let rendered: RenderedRelease | null = null;
    let failure: unknown = null;
    try {
      rendered = renderWithValues(req.chart, req.values, { ...opts, lookup }, req.capabilities);
    } catch (err) {
      failure = err;
    }
    if (misses.size === 0 || pass === MAX_PASSES) {
      if (failure !== null) throw failure;
      if (rendered !== null) return rendered;
    }
    for (const [key, [apiVersion, kind, namespace, name]] of misses) {
      const obj = await kube.lookup(apiVersion, kind, namespace, name);
      cache.set(key, obj === null ? null : JSON.stringify(obj));
    }
  }
}
