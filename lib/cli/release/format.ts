/**
 * What helm v3.17.3 prints for release commands, as pure functions of release records:
 * `status` (and the status block install/upgrade print), the success lines, `history`, `list`,
 * `get values|manifest|notes|hooks|all|metadata`, and their `-o json|yaml` forms
 * (json: encoding/json's Encoder, compact with `<>&` escaped; yaml: sigs.k8s.io/yaml, keys sorted).
 */
import { marshalJSON, quoteJSONString, unmarshalJSON } from '../../go/json.ts';
import { trimSpace } from '../../go/unicode.ts';
import type { GoMap, GoValue } from '../../go/value.ts';
import type { Hook, Release, StoredChart, StoredDependency } from '../../release/index.ts';
import { releaseToJSON } from '../../release/index.ts';
import { marshalYamlV2 } from '../../yaml/index.ts';
import { formatTable } from './table.ts';
import { ansicTime, formatTimeLayout, goTimeString, isZeroTime, rfc3339Seconds } from './time.ts';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** Parses `-o`; helm's error text for anything else. */
export function parseOutputFormat(text: string | undefined): OutputFormat {
  const v = text ?? 'table';
  if (v === 'table' || v === 'json' || v === 'yaml') return v;
  throw new Error(`invalid argument "${v}" for "-o, --output" flag: invalid format type`);
}

// ---------------------------------------------------------------------------------------------
// Encoders

/** A JSON value built in Go struct field order (keys as given, values already encoded). */
type JsonField = readonly [key: string, json: string];

function jsonObject(fields: readonly JsonField[]): string {
  return '{' + fields.map(([k, v]) => `${quoteJSONString(k)}:${v}`).join(',') + '}';
}

const jsonString = (s: string): string => quoteJSONString(s);

/** output.EncodeJSON: the encoder's compact text and its newline. */
function encodeJSON(json: string): string {
  return json + '\n';
}

/** output.EncodeYAML (sigs.k8s.io/yaml.Marshal) of a value given as its JSON text. */
function encodeYAMLFromJSON(json: string): string {
  return marshalYamlV2(unmarshalJSON(json));
}

/** The release as `-o json` shows it. */
export function releaseJSON(rel: Release): string {
  return encodeJSON(releaseToJSON(rel));
}

/** The release as `-o yaml` shows it. */
export function releaseYAML(rel: Release): string {
  return encodeYAMLFromJSON(releaseToJSON(rel));
}

/** helm status strips the chart before printing in any format. */
export function withoutChart(rel: Release): Release {
  return { ...rel, chart: null };
}

// ---------------------------------------------------------------------------------------------
// status

export interface StatusOptions {
  /** --show-desc */
  readonly showDescription?: boolean;
  /** `get all` and --debug: values, hooks and manifest. */
  readonly debug?: boolean;
  /** `get all`: CHART, VERSION and APP_VERSION lines. */
  readonly showMetadata?: boolean;
  /** install/upgrade --hide-notes */
  readonly hideNotes?: boolean;
  /** The debug block's COMPUTED VALUES (`get values --all`). */
  readonly computed?: GoMap;
}

/** The test hooks of a release, in record order (executionsByHookEvent(rel)["test"]). */
function testHooks(rel: Release): Hook[] {
  const out: Hook[] = [];
  for (const h of rel.hooks ?? []) {
    if (!h) continue;
    for (const e of h.events ?? []) if (e === 'test') out.push(h);
  }
  return out;
}

/** The status block (statusPrinter.WriteTable). */
export function formatStatus(rel: Release, opts: StatusOptions = {}): string {
  const info = rel.info;
  let out = `NAME: ${rel.name ?? ''}\n`;
  if (!isZeroTime(info?.last_deployed)) out += `LAST DEPLOYED: ${ansicTime(info?.last_deployed)}\n`;
  out += `NAMESPACE: ${rel.namespace ?? ''}\n`;
  out += `STATUS: ${info?.status ?? ''}\n`;
  out += `REVISION: ${rel.version ?? 0}\n`;
  if (opts.showMetadata) {
    const md = rel.chart?.metadata;
    out += `CHART: ${md?.name ?? ''}\nVERSION: ${md?.version ?? ''}\nAPP_VERSION: ${md?.appVersion ?? ''}\n`;
  }
  if (opts.showDescription) out += `DESCRIPTION: ${info?.description ?? ''}\n`;
  const tests = testHooks(rel);
  if (tests.length === 0) {
    out += 'TEST SUITE: None\n';
  } else {
    for (const h of tests) {
      if (isZeroTime(h.last_run.started_at)) continue;
      out +=
        `TEST SUITE:     ${h.name ?? ''}\n` +
        `Last Started:   ${ansicTime(h.last_run.started_at)}\n` +
        `Last Completed: ${ansicTime(h.last_run.completed_at)}\n` +
        `Phase:          ${h.last_run.phase}\n`;
    }
  }
  if (opts.debug) {
    out += `USER-SUPPLIED VALUES:\n${valuesYAML(rel.config ?? null)}\n`;
    out += `COMPUTED VALUES:\n${valuesYAML(opts.computed ?? null)}\n`;
  }
  if ((info?.description ?? '').toLowerCase() === 'dry run complete' || opts.debug) {
    out += 'HOOKS:\n';
    for (const h of rel.hooks ?? []) if (h) out += `---\n# Source: ${h.path ?? ''}\n${h.manifest ?? ''}\n`;
    out += `MANIFEST:\n${rel.manifest ?? ''}\n`;
  }
  const notes = info?.notes ?? '';
  if (notes.length > 0 && !opts.hideNotes) out += `NOTES:\n${trimSpace(notes)}\n`;
  return out;
}

/** status in any output format (the chart stripped, as helm does). */
export function formatStatusAs(rel: Release, format: OutputFormat, opts: StatusOptions = {}): string {
  const shown = withoutChart(rel);
  if (format === 'json') return releaseJSON(shown);
  if (format === 'yaml') return releaseYAML(shown);
  return formatStatus(shown, opts);
}

// ---------------------------------------------------------------------------------------------
// success lines

export function upgradedLine(name: string): string {
  return `Release ${JSON.stringify(name)} has been upgraded. Happy Helming!\n`;
}

export function installingNowLine(name: string): string {
  return `Release ${JSON.stringify(name)} does not exist. Installing it now.\n`;
}

export const ROLLBACK_SUCCESS = 'Rollback was a success! Happy Helming!\n';

/** What uninstall prints for one release: the kept resources (if any), then the success line. */
export function uninstalledLines(name: string, kept: readonly string[]): string {
  let out = '';
  if (kept.length > 0) {
    out += `These resources were kept due to the resource policy:\n${kept.map((k) => `${k}\n`).join('')}\n`;
  }
  return out + `release ${JSON.stringify(name)} uninstalled\n`;
}

/** `helm install --dry-run` style cancellation line. */
export function cancelledLine(name: string): string {
  return `Release ${name} has been cancelled.\n`;
}

// ---------------------------------------------------------------------------------------------
// history

export interface HistoryEntry {
  readonly revision: number;
  /** Helm time text ('' for the zero time). */
  readonly updated: string;
  readonly status: string;
  readonly chart: string;
  readonly appVersion: string;
  readonly description: string;
}

function chartName(c: StoredChart | null | undefined): string {
  if (!c || !c.metadata) return 'MISSING';
  return `${c.metadata.name ?? ''}-${c.metadata.version ?? ''}`;
}

function appVersion(c: StoredChart | null | undefined): string {
  if (!c || !c.metadata) return 'MISSING';
  return c.metadata.appVersion ?? '';
}

/** getHistory: newest `max` revisions, oldest first. */
export function historyEntries(history: readonly Release[], max = 256): HistoryEntry[] {
  const newestFirst = [...history]
    .sort((a, b) => (b.version ?? 0) - (a.version ?? 0))
    .slice(0, Math.max(0, max));
  return newestFirst.reverse().map((r) => ({
    revision: r.version ?? 0,
    updated: isZeroTime(r.info?.last_deployed) ? '' : (r.info?.last_deployed ?? ''),
    status: r.info?.status ?? '',
    chart: chartName(r.chart),
    appVersion: appVersion(r.chart),
    description: r.info?.description ?? '',
  }));
}

function historyJSON(entries: readonly HistoryEntry[]): string {
  return (
    '[' +
    entries
      .map((e) =>
        jsonObject([
          ['revision', String(e.revision)],
          ['updated', jsonString(e.updated)],
          ['status', jsonString(e.status)],
          ['chart', jsonString(e.chart)],
          ['app_version', jsonString(e.appVersion)],
          ['description', jsonString(e.description)],
        ]),
      )
      .join(',') +
    ']'
  );
}

export function formatHistory(entries: readonly HistoryEntry[], format: OutputFormat = 'table'): string {
  if (format === 'json') return encodeJSON(historyJSON(entries));
  if (format === 'yaml') return encodeYAMLFromJSON(historyJSON(entries));
  const rows: string[][] = [['REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION', 'DESCRIPTION']];
  for (const e of entries) {
    rows.push([String(e.revision), ansicTime(e.updated), e.status, e.chart, e.appVersion, e.description]);
  }
  return formatTable(rows);
}

// ---------------------------------------------------------------------------------------------
// list

export interface ListElement {
  readonly name: string;
  readonly namespace: string;
  readonly revision: string;
  readonly updated: string;
  readonly status: string;
  readonly chart: string;
  readonly appVersion: string;
}

export function listElements(releases: readonly Release[], timeFormat = ''): ListElement[] {
  return releases.map((r) => {
    const last = r.info?.last_deployed ?? '';
    let updated = '-';
    if (!isZeroTime(last))
      updated = timeFormat !== '' ? formatTimeLayout(last, timeFormat) : goTimeString(last);
    return {
      name: r.name ?? '',
      namespace: r.namespace ?? '',
      revision: String(r.version ?? 0),
      updated,
      status: r.info?.status ?? '',
      chart: chartName(r.chart),
      appVersion: appVersion(r.chart),
    };
  });
}

function listJSON(elements: readonly ListElement[]): string {
  return (
    '[' +
    elements
      .map((e) =>
        jsonObject([
          ['name', jsonString(e.name)],
          ['namespace', jsonString(e.namespace)],
          ['revision', jsonString(e.revision)],
          ['updated', jsonString(e.updated)],
          ['status', jsonString(e.status)],
          ['chart', jsonString(e.chart)],
          ['app_version', jsonString(e.appVersion)],
        ]),
      )
      .join(',') +
    ']'
  );
}

export interface ListFormatOptions {
  readonly noHeaders?: boolean;
  /** -q: names only. */
  readonly short?: boolean;
}

export function formatList(
  elements: readonly ListElement[],
  format: OutputFormat = 'table',
  opts: ListFormatOptions = {},
): string {
  if (opts.short) {
    const names = elements.map((e) => e.name);
    const json = '[' + names.map(jsonString).join(',') + ']';
    if (format === 'json') return encodeJSON(json);
    if (format === 'yaml') return encodeYAMLFromJSON(json);
    return names.map((n) => `${n}\n`).join('');
  }
  if (format === 'json') return encodeJSON(listJSON(elements));
  if (format === 'yaml') return encodeYAMLFromJSON(listJSON(elements));
  const rows: string[][] = [];
  if (!opts.noHeaders)
    rows.push(['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION']);
  for (const e of elements)
    rows.push([e.name, e.namespace, e.revision, e.updated, e.status, e.chart, e.appVersion]);
  return formatTable(rows);
}

// ---------------------------------------------------------------------------------------------
// get

function valuesYAML(vals: GoMap | null): string {
  return marshalYamlV2(vals as GoValue);
}

export function formatValues(vals: GoMap | null, all: boolean, format: OutputFormat = 'table'): string {
  if (format === 'json') return encodeJSON(marshalJSON(vals as GoValue));
  if (format === 'yaml') return valuesYAML(vals);
  return `${all ? 'COMPUTED VALUES:' : 'USER-SUPPLIED VALUES:'}\n${valuesYAML(vals)}`;
}

export function formatManifest(rel: Release): string {
  return `${rel.manifest ?? ''}\n`;
}

export function formatHooks(rel: Release): string {
  return (rel.hooks ?? [])
    .filter((h): h is Hook => h !== null)
    .map((h) => `---\n# Source: ${h.path ?? ''}\n${h.manifest ?? ''}\n`)
    .join('');
}

export function formatNotes(rel: Release): string {
  const notes = rel.info?.notes ?? '';
  return notes.length > 0 ? `NOTES:\n${notes}\n` : '';
}

/** `get all` (table only); `computed` is what `get values --all` returns. */
export function formatGetAll(rel: Release, computed: GoMap): string {
  return formatStatus(rel, { debug: true, showMetadata: true, computed });
}

function dependencyJSON(d: StoredDependency): string {
  const fields: JsonField[] = [['name', jsonString(d.name)]];
  if (d.version) fields.push(['version', jsonString(d.version)]);
  fields.push(['repository', jsonString(d.repository)]);
  if (d.condition) fields.push(['condition', jsonString(d.condition)]);
  if (d.tags && d.tags.length > 0) fields.push(['tags', '[' + d.tags.map(jsonString).join(',') + ']']);
  if (d.enabled) fields.push(['enabled', 'true']);
  const iv = d['import-values'];
  if (iv && iv.length > 0) fields.push(['import-values', marshalJSON(iv)]);
  if (d.alias) fields.push(['alias', jsonString(d.alias)]);
  return jsonObject(fields);
}

function metadataJSON(rel: Release): string {
  const md = rel.chart?.metadata;
  const fields: JsonField[] = [
    ['name', jsonString(rel.name ?? '')],
    ['chart', jsonString(md?.name ?? '')],
    ['version', jsonString(md?.version ?? '')],
    ['appVersion', jsonString(md?.appVersion ?? '')],
  ];
  const annotations = md?.annotations;
  if (annotations && Object.keys(annotations).length > 0) {
    fields.push(['annotations', marshalJSON(new Map(Object.entries(annotations)))]);
  }
  if (md?.dependencies && md.dependencies.length > 0) {
    fields.push([
      'dependencies',
      '[' + md.dependencies.map((d) => (d ? dependencyJSON(d) : 'null')).join(',') + ']',
    ]);
  }
  fields.push(
    ['namespace', jsonString(rel.namespace ?? '')],
    ['revision', String(rel.version ?? 0)],
    ['status', jsonString(rel.info?.status ?? '')],
    ['deployedAt', jsonString(rfc3339Seconds(rel.info?.last_deployed))],
  );
  return jsonObject(fields);
}

export function formatMetadata(rel: Release, format: OutputFormat = 'table'): string {
  if (format === 'json') return encodeJSON(metadataJSON(rel));
  if (format === 'yaml') return encodeYAMLFromJSON(metadataJSON(rel));
  const md = rel.chart?.metadata;
  const annotations = Object.entries(md?.annotations ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const deps = (md?.dependencies ?? [])
    .map((d) => d?.name ?? '')
    .sort()
    .join(',');
  return (
    `NAME: ${rel.name ?? ''}\n` +
    `CHART: ${md?.name ?? ''}\n` +
    `VERSION: ${md?.version ?? ''}\n` +
    `APP_VERSION: ${md?.appVersion ?? ''}\n` +
    `ANNOTATIONS: ${annotations}\n` +
    `DEPENDENCIES: ${deps}\n` +
    `NAMESPACE: ${rel.namespace ?? ''}\n` +
    `REVISION: ${rel.version ?? 0}\n` +
    `STATUS: ${rel.info?.status ?? ''}\n` +
    `DEPLOYED_AT: ${rfc3339Seconds(rel.info?.last_deployed)}\n`
  );
}
