/**
 * Coalescing chart defaults with user values, as Helm's chartutil (coalesce.go): user values
 * win, maps merge, a user `null` deletes a default (unless merging for dependency
 * processing), subchart sections receive the parent's globals.
 */
import { sprint, sprintf } from '../go/fmt.ts';
import { isMap, typeInfo, withType, type GoMap, type GoValue } from '../go/value.ts';
import type { Chart } from '../chart/index.ts';
import { logLine, stderrWarn, type Warn } from '../go/log.ts';

export { stderrWarn, type Warn } from '../go/log.ts';

export const GLOBAL_KEY = 'global';

/** A warning as coalesce.go (v3.17.3) logs it from the given source line. */
function warnAt(warn: Warn, line: number, message: string): void {
  warn(logLine('coalesce.go', line, message));
}

/** Helm's istable: only a plain `map[string]interface {}` counts. */
function isTable(v: GoValue | undefined): v is GoMap {
  return v !== undefined && v !== null && isMap(v) && typeInfo(v).name === 'map[string]interface {}';
}

/** A deep copy of maps and lists (copystructure.Copy); scalars are immutable. */
export function deepCopy(v: GoValue): GoValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    return withType(v.map(deepCopy), typeInfo(v));
  }
  if (isMap(v)) {
    const out: GoMap = new Map();
    for (const [k, item] of v) out.set(k, deepCopy(item));
    return withType(out, typeInfo(v));
  }
  return v;
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** CoalesceValues: user values over chart defaults; a user `null` removes the key. */
export function coalesceValues(chart: Chart, vals: GoMap | null, warn: Warn = stderrWarn): GoMap {
  const copy = (vals ? deepCopy(vals) : new Map()) as GoMap;
  return coalesce(chart, copy, '', false, warn);
}

/** MergeValues: as coalesceValues, but nulls are kept (dependency processing uses it). */
export function mergeValues(chart: Chart, vals: GoMap | null, warn: Warn = stderrWarn): GoMap {
  const copy = (vals ? deepCopy(vals) : new Map()) as GoMap;
  return coalesce(chart, copy, '', true, warn);
}

function coalesce(chart: Chart, dest: GoMap, prefix: string, merge: boolean, warn: Warn): GoMap {
  coalesceChartValues(chart, dest, prefix, merge, warn);
  return coalesceDeps(chart, dest, prefix, merge, warn);
}

function coalesceDeps(chart: Chart, dest: GoMap, prefix: string, merge: boolean, warn: Warn): GoMap {
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name ?? '';
    const current = dest.get(name);
    if (current === undefined) {
      dest.set(name, new Map());
    } else if (!isTable(current)) {
      // Go formats the offending value with `%t`, hence `%!t(int64=3)` for non-bools.
      throw new Error(sprintf('type mismatch on %s: %t', [name, current]));
    }
    const section = dest.get(name) as GoMap;
    const subPrefix = concatPrefix(prefix, chart.metadata.name ?? '');
    coalesceGlobals(section, dest, subPrefix, warn);
    dest.set(name, coalesce(sub, section, subPrefix, merge, warn));
  }
  return dest;
}

function coalesceGlobals(dest: GoMap, src: GoMap, prefix: string, warn: Warn): void {
  let dg: GoMap;
  let sg: GoMap;
  const destGlobal = dest.get(GLOBAL_KEY);
  if (destGlobal === undefined) dg = new Map();
  else if (isTable(destGlobal)) dg = destGlobal;
  else {
    warnAt(warn, 138, `warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  const srcGlobal = src.get(GLOBAL_KEY);
  if (srcGlobal === undefined) sg = new Map();
  else if (isTable(srcGlobal)) sg = srcGlobal;
  else {
    warnAt(warn, 145, `warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const [key, val] of sg) {
    if (isTable(val)) {
      const vv: GoMap = new Map(val);
      const destv = dg.get(key);
      if (destv === undefined) {
        dg.set(key, vv);
      } else if (!isTable(destv)) {
        warnAt(warn, 161, `Conflict: cannot merge map onto non-map for ${sprintf('%q', [key])}. Skipping.`);
      } else {
        // Parent globals win: merge top-down, keeping nulls (coalesce removes them later).
        coalesceTablesFullKey(vv, destv, concatPrefix(prefix, key), true, warn);
        dg.set(key, vv);
      }
    } else if (isTable(dg.get(key))) {
      warnAt(warn, 175, `key ${key} is table. Skipping`);
    } else {
      dg.set(key, val);
    }
  }
  dest.set(GLOBAL_KEY, dg);
}

function coalesceChartValues(chart: Chart, v: GoMap, prefix: string, merge: boolean, warn: Warn): void {
  const subPrefix = concatPrefix(prefix, chart.metadata.name ?? '');
  const defaults = (chart.values ? deepCopy(chart.values) : new Map()) as GoMap;
  const subchartNames = new Set(chart.dependencies.map((d) => d.metadata.name ?? ''));
  for (const [key, val] of defaults) {
    if (!v.has(key)) {
      v.set(key, val);
      continue;
    }
    const value = v.get(key) as GoValue;
    if (value === null && !merge) {
      v.delete(key);
    } else if (isTable(value)) {
      if (!isTable(val)) {
        if (val !== null) warnAt(warn, 237, `warning: skipped value for ${subPrefix}.${key}: Not a table.`);
      } else {
        // Sections for subcharts keep their nulls so they can delete subchart defaults later.
        coalesceTablesFullKey(value, val, concatPrefix(subPrefix, key), merge || subchartNames.has(key), warn);
      }
    }
  }
}

/** CoalesceTables: merges src into dst, dst wins; a null in dst deletes the key. */
export function coalesceTables(dst: GoMap, src: GoMap, warn: Warn = stderrWarn): GoMap {
  return coalesceTablesFullKey(dst, src, '', false, warn);
}

/** MergeTables: as CoalesceTables, but nulls in dst are kept. */
export function mergeTables(dst: GoMap, src: GoMap, warn: Warn = stderrWarn): GoMap {
  return coalesceTablesFullKey(dst, src, '', true, warn);
}

function coalesceTablesFullKey(dst: GoMap, src: GoMap, prefix: string, merge: boolean, warn: Warn): GoMap {
  for (const [key, val] of src) {
    const fullKey = concatPrefix(prefix, key);
    const has = dst.has(key);
    const dv = dst.get(key);
    if (has && !merge && dv === null) {
      dst.delete(key);
    } else if (!has) {
      dst.set(key, val);
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTablesFullKey(dv, val, fullKey, merge, warn);
      else warnAt(warn, 298, `warning: cannot overwrite table with non table for ${fullKey} (${sprint([val])})`);
    } else if (isTable(dv) && val !== null) {
      warnAt(warn, 301, `warning: destination for ${fullKey} is a table. Ignoring non-table value (${sprint([val])})`);
    }
  }
  return dst;
}
