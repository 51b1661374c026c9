/** Upgrade's value modes (Helm's Upgrade.reuseValues; helm-behaviour §4.7). */
import type { Chart } from '../chart/index.ts';
import { goMap, isMap, type GoMap } from '../go/value.ts';
import type { Release, StoredChart } from '../release/index.ts';
import { coalesceTables, coalesceValues, deepCopy } from '../values/index.ts';
import type { Configuration } from './types.ts';

export interface ValueModes {
  readonly resetValues?: boolean;
  readonly reuseValues?: boolean;
  readonly resetThenReuseValues?: boolean;
}

/** A stored chart as a loaded chart (root only: records never hold subcharts). */
export function storedChartAsChart(stored: StoredChart | null | undefined): Chart {
  const md = stored?.metadata ?? {};
  return {
    metadata: {
      ...md,
      maintainers: md.maintainers ?? undefined,
      dependencies: md.dependencies ?? undefined,
    } as Chart['metadata'],
    lock: null,
    templates: [],
    values: stored?.values ?? null,
    rawValues: null,
    schema: stored?.schema ?? null,
    files: [],
    dependencies: [],
    parent: null,
  };
}

function copyMap(m: GoMap | null | undefined): GoMap {
  const c = m ? deepCopy(m) : null;
  return c !== null && isMap(c) ? c : goMap();
}

/**
 * The user values an upgrade stores and renders with. `--reuse-values` also replaces the new
 * chart's defaults by the current release's coalesced values (so `chart` is modified).
 */
export function upgradeUserValues(
  cfg: Configuration,
  chart: Chart,
  current: Release,
  newValues: GoMap,
  modes: ValueModes,
): GoMap {
  const config = current.config ?? null;
  if (modes.resetValues) return newValues;
  if (modes.reuseValues) {
    const old = coalesceValues(storedChartAsChart(current.chart), copyMap(config), cfg.warn);
    const merged = coalesceTables(copyMap(newValues), copyMap(config), cfg.warn);
    chart.values = old;
    return merged;
  }
  if (modes.resetThenReuseValues) return coalesceTables(copyMap(newValues), copyMap(config), cfg.warn);
  if (newValues.size === 0 && config !== null && config.size > 0) return config;
  return newValues;
}
