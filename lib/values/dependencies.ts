/**
 * Dependency processing as Helm v3.17's chartutil (dependencies.go) and action
 * (CheckDependencies): which subcharts are enabled (tags, then conditions), aliases, and
 * import-values. Like Helm, it mutates the loaded chart: disabled subcharts disappear from
 * `chart.dependencies` and `metadata.dependencies`, aliased subcharts become renamed shallow
 * copies, and every chart with a `dependencies:` list gets its values replaced by the merged
 * values of itself and its subcharts (plus imports).
 */
import type { Chart, Dependency } from '../chart/index.ts';
import { GoError, isMap, MAP_OF_STRING, typeInfo, withType, type GoMap, type GoValue } from '../go/value.ts';
import { parseConstraint, parseVersion } from '../semver/index.ts';
import { coalesceValues, deepCopy, mergeTables, mergeValues } from './coalesce.ts';
import { logLine, stderrWarn, type Warn } from '../go/log.ts';
import { valuesPathValue, valuesTable } from './values-type.ts';

/** chartutil.IsCompatibleRange: a version satisfies a constraint; parse failures are "no". */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return parseConstraint(constraint).check(parseVersion(version));
  } catch {
    return false;
  }
}

/**
 * chartutil.ProcessDependenciesWithMerge: enables/disables subcharts against the user values,
 * then imports child values into parents (keeping nulls for the later coalescing).
 */
export function processDependencies(chart: Chart, userValues: GoMap, warn: Warn = stderrWarn): void {
  processDependencyEnabled(chart, userValues, '', warn);
  processDependencyImportValues(chart, warn);
}

/**
 * action.CheckDependencies as `helm template`/`install` wrap it: every Chart.yaml dependency
 * of the root chart must name a loaded subchart (versions are not checked here).
 */
export function checkDependencies(chart: Chart): void {
  const reqs = chart.metadata.dependencies;
  if (reqs === undefined) return;
  const loaded = new Set(chart.dependencies.map((d) => d.metadata.name ?? ''));
  const missing = reqs.filter((r): r is Dependency => r !== null && !loaded.has(r.name)).map((r) => r.name);
  if (missing.length > 0) {
    throw new Error(
      'An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: ' +
        `found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
    );
  }
}

function warnAt(warn: Warn, line: number, message: string): void {
  warn(logLine('dependencies.go', line, message));
}

/** Chart.SetDependencies: replaces the subchart list and adopts every subchart. */
function setDependencies(chart: Chart, subs: Chart[]): void {
  for (const sub of subs) sub.parent = chart;
  chart.dependencies = subs;
}

/** getAliasDependency: a renamed shallow copy of the first loaded chart matching `dep`. */
function aliasDependency(charts: readonly Chart[], dep: Dependency): Chart | null {
  for (const c of charts) {
    if ((c.metadata.name ?? '') !== dep.name) continue;
    if (!isCompatibleRange(dep.version ?? '', c.metadata.version ?? '')) continue;
    // Go copies the Chart struct and its Metadata; slices and maps stay shared.
    const copy: Chart = { ...c, metadata: { ...c.metadata } };
    if (dep.alias) copy.metadata.name = dep.alias;
    return copy;
  }
  return null;
}

function requirements(chart: Chart): Dependency[] {
  return (chart.metadata.dependencies ?? []).filter((d): d is Dependency => d !== null);
}

function processDependencyEnabled(chart: Chart, values: GoMap, path: string, warn: Warn): void {
  if (chart.metadata.dependencies === undefined) return;
  const reqs = requirements(chart);
  // Loaded charts no Chart.yaml entry accepts (by name and version) are kept as they are.
  const effective: Chart[] = chart.dependencies.filter(
    (existing) =>
      !reqs.some(
        (req) => (existing.metadata.name ?? '') === req.name && isCompatibleRange(req.version ?? '', existing.metadata.version ?? ''),
      ),
  );
  for (const req of reqs) {
    const dep = aliasDependency(chart.dependencies, req);
    if (dep) effective.push(dep);
    if (req.alias) req.name = req.alias;
  }
  setDependencies(chart, effective);
  for (const req of reqs) req.enabled = true;
  const cvals = coalesceValues(chart, values, warn);
  applyTags(reqs, cvals, warn);
  applyConditions(reqs, cvals, path, warn);

  const disabled = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = chart.dependencies.filter((c) => !disabled.has(c.metadata.name ?? ''));
  const keptMeta = (chart.metadata.dependencies ?? []).filter((r) => r !== null && !disabled.has(r.name));
  for (const sub of kept) processDependencyEnabled(sub, cvals, `${path}${sub.metadata.name ?? ''}.`, warn);
  chart.metadata.dependencies = keptMeta;
  setDependencies(chart, kept);
}

/** processDependencyTags: only the top-level `tags:` table counts; any true tag enables. */
function applyTags(reqs: Dependency[], cvals: GoMap, warn: Warn): void {
  let tags: GoMap;
  try {
    tags = valuesTable(cvals, 'tags');
  } catch {
    return;
  }
  for (const req of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of req.tags ?? []) {
      if (!tags.has(tag)) continue;
      const v = tags.get(tag);
      if (typeof v === 'boolean') {
        if (v) hasTrue = true;
        else hasFalse = true;
      } else {
        warnAt(warn, 94, `Warning: Tag '${tag}' for chart ${req.name} returned non-bool value`);
      }
    }
    if (!hasTrue && hasFalse) req.enabled = false;
    else req.enabled = true;
  }
}

/** processDependencyConditions: the first condition path holding a bool decides. */
function applyConditions(reqs: Dependency[], cvals: GoMap, path: string, warn: Warn): void {
  for (const req of reqs) {
    // Go trims the whole condition, not the comma-separated parts.
    for (const cond of goTrimSpace(req.condition ?? '').split(',')) {
      if (cond.length === 0) continue;
      let v: GoValue;
      try {
        v = valuesPathValue(cvals, path + cond);
      } catch (err) {
        if (!(err instanceof GoError) || !/ is not a value$/.test(err.message)) {
          warnAt(warn, 66, `Warning: PathValue returned error ${(err as Error).message}`);
        }
        continue;
      }
      if (typeof v === 'boolean') {
        req.enabled = v;
        break;
      }
      warnAt(warn, 63, `Warning: Condition path '${cond}' for chart ${req.name} returned non-bool value`);
    }
  }
}

function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');
}

/** processDependencyImportValues: deepest charts first. */
function processDependencyImportValues(chart: Chart, warn: Warn): void {
  for (const sub of chart.dependencies) processDependencyImportValues(sub, warn);
  processImportValues(chart, warn);
}

/** pathToMap: `a.b` wraps `data` as {a: {b: data}}; `.` is the top level. */
function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  let cur: GoMap = data;
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map([[parts[i], cur]]);
  return cur;
}

/** The `map[string]string` Helm rewrites each import-values item to. */
function importItem(child: string, parent: string): GoMap {
  return withType(new Map<string, GoValue>([['child', child], ['parent', parent]]), MAP_OF_STRING);
}

/** A Go `iv["key"].(string)` type assertion, panicking (here: throwing) as Go does. */
function assertString(v: GoValue | undefined): string {
  if (typeof v === 'string') return v;
  const type = v === undefined || v === null ? 'nil' : typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'interface {}';
  throw new Error(`interface conversion: interface {} is ${type}, not string`);
}

/**
 * processImportValues (merge mode): the chart's merged values (its defaults and its
 * subcharts', nulls kept) receive the imported tables underneath; the parent's own values win.
 */
function processImportValues(chart: Chart, warn: Warn): void {
  if (chart.metadata.dependencies === undefined) return;
  const cvals = mergeValues(chart, null, warn);
  let imported: GoMap = new Map();
  for (const req of requirements(chart)) {
    const rewritten: GoValue[] = [];
    for (const item of req['import-values'] ?? []) {
      // Only `map[string]interface {}` items count: the rewritten `map[string]string` ones
      // are skipped, so a Dependency shared by two aliased copies imports only once (as Helm).
      if (item !== null && isMap(item) && typeInfo(item).name === 'map[string]interface {}') {
        const child = assertString(item.get('child'));
        const parent = assertString(item.get('parent'));
        rewritten.push(importItem(child, parent));
        let table: GoMap;
        try {
          table = valuesTable(cvals, `${req.name}.${child}`);
        } catch (err) {
          warnAt(warn, 269, `Warning: ImportValues missing table from chart ${req.name}: ${(err as Error).message}`);
          continue;
        }
        imported = mergeTables(imported, pathToMap(parent, new Map(table)), warn);
      } else if (typeof item === 'string') {
        const child = `exports.${item}`;
        rewritten.push(importItem(child, '.'));
        let table: GoMap;
        try {
          table = valuesTable(cvals, `${req.name}.${child}`);
        } catch (err) {
          warnAt(warn, 286, `Warning: ImportValues missing table: ${(err as Error).message}`);
          continue;
        }
        imported = mergeTables(imported, new Map(table), warn);
      }
    }
    req['import-values'] = rewritten;
  }
  chart.values = mergeTables(deepCopy(cvals) as GoMap, imported, warn);
}

