/**
 * A loaded chart as a release stores it. Helm serializes only the root chart's own parts
 * (metadata, lock, templates, values, schema, files): the dependency links are unexported
 * fields, so subcharts never reach the record.
 */
import type { Chart, ChartFile, Dependency, Lock, Metadata } from '../chart/model.ts';
import type { StoredChart, StoredDependency, StoredFile, StoredLock, StoredMetadata } from './model.ts';

function storedFiles(files: ChartFile[] | null | undefined): StoredFile[] | null {
  // Go: a chart whose loader found no such files has a nil slice, written as null.
  if (!files || files.length === 0) return null;
  return files.map((fl) => ({ name: fl.name, data: fl.data }));
}

function storedDependency(d: Dependency | null): StoredDependency | null {
  return d === null ? null : { ...d };
}

function storedMetadata(m: Metadata): StoredMetadata {
  return {
    ...m,
    maintainers: m.maintainers?.map((x) => (x === null ? null : { ...x })),
    dependencies: m.dependencies?.map(storedDependency),
  };
}

function storedLock(l: Lock | null): StoredLock | null {
  if (!l) return null;
  return { generated: l.generated, digest: l.digest, dependencies: l.dependencies.map(storedDependency) };
}

/**
 * The stored form of a chart: the root chart's own parts only. Pass the chart as install/upgrade
 * render it, i.e. after dependency processing (Helm stores the processed metadata.dependencies
 * and the merged values).
 */
export function chartToStored(chart: Chart): StoredChart {
  return {
    metadata: storedMetadata(chart.metadata),
    lock: storedLock(chart.lock),
    templates: storedFiles(chart.templates),
    values: chart.values,
    schema: chart.schema,
    files: storedFiles(chart.files),
  };
}
