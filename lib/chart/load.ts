/**
 * Turning a set of chart files into a Chart, as Helm's LoadFiles: classify each file,
 * decode Chart.yaml first, load subcharts from charts/ (directories and nested archives).
 */
import { statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { logLine, stderrWarn } from '../go/log.ts';
import { isMap, utf8String, type GoMap, type GoValue } from '../go/value.ts';
import { decodeYaml, parseYaml, YamlError } from '../yaml/reader.ts';
import { loadArchiveFiles } from './archive.ts';
import { loadDirectoryFiles } from './directory.ts';
import { ChartLoadError } from './errors.ts';
import { decodeLock, decodeMetadata, validateMetadata } from './metadata.ts';
import type { Chart, ChartFile, Metadata } from './model.ts';

/** A file as a Go string: invalid UTF-8 stays raw bytes, which the YAML reader rejects as go-yaml does. */
function text(f: ChartFile): string {
  return utf8String(f.data);
}

/** Loads a chart from a directory or a `.tgz` file. */
export function loadChart(path: string): Chart {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new ChartLoadError(`path "${path}" not found`);
  }
  if (st.isDirectory()) return loadFiles(loadDirectoryFiles(path));
  return loadArchive(readFileSync(path), path);
}

/** Loads a chart from archive bytes. */
export function loadArchive(archive: Uint8Array, label = 'archive'): Chart {
  return loadFiles(loadArchiveFiles(archive, label));
}

/** values.yaml: sigs.k8s.io/yaml into map[string]interface{}, errors prefixed as Helm's loader does. */
function parseWithContext(f: ChartFile, what: string): ReturnType<typeof parseYaml> {
  try {
    return parseYaml(text(f), f.name);
  } catch (err) {
    throw new ChartLoadError(`cannot load ${what}: ${(err as Error).message}`);
  }
}

/**
 * Chart.yaml, requirements.yaml and the lock files: sigs.k8s.io/yaml into Helm's structs
 * (`decode` names the struct in type errors), errors prefixed as Helm's loader does.
 */
function decodeWithContext<T>(f: ChartFile, what: string, decode: (v: GoValue) => T): T {
  try {
    let v: GoValue;
    try {
      v = decodeYaml(text(f));
    } catch (err) {
      if (err instanceof YamlError) throw new ChartLoadError(`error converting YAML to JSON: ${err.message}`);
      throw err;
    }
    return decode(v);
  } catch (err) {
    throw new ChartLoadError(`cannot load ${what}: ${(err as Error).message}`);
  }
}

/** Helm's LoadFiles. */
export function loadFiles(files: readonly ChartFile[]): Chart {
  const chart: Chart = {
    metadata: {},
    lock: null,
    templates: [],
    values: null,
    rawValues: null,
    schema: null,
    files: [],
    dependencies: [],
    parent: null,
  };
  let metadata: Metadata | null = null;
  for (const f of files) {
    if (f.name === 'Chart.yaml') {
      metadata = decodeWithContext(f, 'Chart.yaml', (v) => decodeMetadata(v, metadata ?? {}));
      if (!metadata.apiVersion) metadata.apiVersion = 'v1';
    }
  }
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock') {
      chart.lock = decodeWithContext(f, 'Chart.lock', decodeLock);
    } else if (name === 'values.yaml') {
      const v = parseWithContext(f, 'values.yaml');
      chart.values = isMap(v) ? v : (new Map() as GoMap);
      chart.rawValues = f.data;
    } else if (name === 'values.schema.json') {
      chart.schema = f.data;
    } else if (name === 'requirements.yaml') {
      metadata ??= {};
      if (metadata.apiVersion !== 'v1') {
        stderrWarn(
          logLine(
            'load.go',
            120,
            'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.',
          ),
        );
      }
      const into = metadata;
      decodeWithContext(f, 'requirements.yaml', (v) => decodeMetadata(v, into));
      if (metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (name === 'requirements.lock') {
      chart.lock = decodeWithContext(f, 'requirements.lock', decodeLock);
      metadata ??= {};
      if (metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (name.startsWith('templates/')) {
      chart.templates.push(f);
    } else if (name.startsWith('charts/')) {
      if (name.endsWith('.prov')) {
        chart.files.push(f);
        continue;
      }
      const rest = name.slice('charts/'.length);
      const cname = rest.split('/', 1)[0];
      let list = subcharts.get(cname);
      if (!list) subcharts.set(cname, (list = []));
      list.push({ name: rest, data: f.data });
    } else {
      chart.files.push(f);
    }
  }
  if (!metadata) throw new ChartLoadError('Chart.yaml file is missing');
  validateMetadata(metadata);
  chart.metadata = metadata;

  for (const [n, subFiles] of [...subcharts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sub: Chart;
    try {
      if (n.endsWith('.tgz')) {
        const file = subFiles[0];
        if (file.name !== n) {
          throw new ChartLoadError(
            `error unpacking subchart tar in ${metadata.name}: expected ${n}, got ${file.name}`,
          );
        }
        sub = loadArchive(file.data, `charts/${n}`);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf('/');
          if (slash < 0) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        sub = loadFiles(inner);
      }
    } catch (err) {
      throw new ChartLoadError(
        `error unpacking subchart ${n} in ${metadata.name}: ${(err as Error).message}`,
      );
    }
    sub.parent = chart;
    chart.dependencies.push(sub);
  }
  return chart;
}
