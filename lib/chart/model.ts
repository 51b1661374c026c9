/**
 * The chart model, after Helm's pkg/chart: what a loaded chart is, independent of where it
 * came from (directory or archive).
 */
import type { GoMap, GoValue } from '../go/value.ts';

/** A file of a chart, by its path relative to the chart root (always `/`-separated). */
export interface ChartFile {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** A dependency entry of Chart.yaml (or requirements.yaml). Keys as Helm's JSON names. */
export interface Dependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: GoValue[];
  alias?: string;
}

/** Chart.yaml, with Helm's JSON field names, in Helm's field order. */
export interface Metadata {
  name?: string;
  home?: string;
  sources?: string[];
  version?: string;
  description?: string;
  keywords?: string[];
  maintainers?: (Maintainer | null)[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: (Dependency | null)[];
  type?: string;
}

/** Chart.lock / requirements.lock. */
export interface Lock {
  generated: string;
  digest: string;
  dependencies: Dependency[];
}

/** A loaded chart and its subcharts. */
export interface Chart {
  metadata: Metadata;
  lock: Lock | null;
  /** Every file under templates/, in load order. */
  templates: ChartFile[];
  /** values.yaml, parsed (null when the chart has none). */
  values: GoMap | null;
  /** values.yaml as written (for `show values`). */
  rawValues: Uint8Array | null;
  /** values.schema.json, raw. */
  schema: Uint8Array | null;
  /** Every other file (README, crds/, .helmignore, …). */
  files: ChartFile[];
  /** Subcharts (after dependency processing, only the enabled ones, renamed to their alias). */
  dependencies: Chart[];
  /** The parent chart, or null for the root. */
  parent: Chart | null;
}

export function chartName(c: Chart): string {
  return c.metadata.name ?? '';
}

export function isRoot(c: Chart): boolean {
  return c.parent === null;
}

/** Helm's ChartFullPath: `root/charts/sub/charts/subsub`. */
export function chartFullPath(c: Chart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${chartName(c)}` : chartName(c);
}

export function isLibraryChart(c: Chart): boolean {
  return (c.metadata.type ?? '').toLowerCase() === 'library';
}

/** CRD files of this chart (crds/*.yaml|yml|json), as Helm's Chart.CRDObjects. */
export function crdFiles(c: Chart): ChartFile[] {
  return c.files.filter((f) => f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name));
}
