/** In-memory charts for the values tests (what lib/chart's loader would produce). */
import type { Chart, Dependency } from '../../lib/chart/index.ts';
import { parseYaml } from '../../lib/yaml/reader.ts';

export interface ChartSpec {
  readonly name: string;
  readonly version?: string;
  readonly values?: string;
  readonly schema?: string;
  /** Chart.yaml `dependencies:` (undefined = no such key). */
  readonly requires?: Dependency[];
  readonly charts?: Chart[];
}

export function makeChart(spec: ChartSpec): Chart {
  const chart: Chart = {
    metadata: { apiVersion: 'v2', name: spec.name, version: spec.version ?? '0.1.0', dependencies: spec.requires },
    lock: null,
    templates: [],
    values: spec.values === undefined ? new Map() : parseYaml(spec.values),
    rawValues: null,
    schema: spec.schema === undefined ? null : new TextEncoder().encode(spec.schema),
    files: [],
    dependencies: [],
    parent: null,
  };
  for (const sub of spec.charts ?? []) {
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}

export function req(name: string, extra: Partial<Dependency> = {}): Dependency {
  return { name, version: '0.1.0', repository: 'file://x', ...extra };
}

/** Collects log lines instead of writing them to stderr. */
export function collector(): { lines: string[]; warn: (line: string) => void } {
  const lines: string[] = [];
  return { lines, warn: (line) => lines.push(line) };
}
