/**
 * Pre-flight size check of a release record. Kubernetes refuses a Secret whose data exceeds
 * 1 MiB (`data: Too long: must have at most 1048576 bytes`); Helm only finds out from the API
 * error, after MaxHistory pruning already ran. slipway computes the exact data it would write
 * and refuses an oversized record before any call, naming what makes it large.
 */
import { gzipSync, constants } from 'node:zlib';
import { marshalJSON } from '../go/json.ts';
import { encodeRelease, releaseToJSON } from '../release/index.ts';
import type { Release, StoredFile } from '../release/index.ts';

/** Kubernetes' MaxSecretSize: the sum of a Secret's data value lengths. */
export const MAX_SECRET_DATA_BYTES = 1024 * 1024;

export class RecordTooLargeError extends Error {
  readonly key: string;
  readonly dataBytes: number;
  readonly limit: number;
  constructor(key: string, dataBytes: number, limit: number, breakdown: string) {
    super(
      `release record ${JSON.stringify(key)} is too large to store: its data would be ${dataBytes} bytes ` +
        `(${formatBytes(dataBytes)}), over the Kubernetes limit of ${limit} bytes per Secret; nothing was written. ` +
        `Largest parts (uncompressed JSON, ~share of the gzipped record): ${breakdown}. ` +
        `Exclude large chart files with .helmignore or move them into a subchart (subchart files are not stored).`,
    );
    this.name = 'RecordTooLargeError';
    this.key = key;
    this.dataBytes = dataBytes;
    this.limit = limit;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

interface Part {
  label: string;
  raw: number;
  gz: number;
}

function measure(label: string, text: string): Part {
  const raw = Buffer.byteLength(text, 'utf8');
  return { label, raw, gz: raw === 0 ? 0 : gzipSync(text, { level: constants.Z_BEST_COMPRESSION }).length };
}

function filePart(
  kind: string,
  files: (StoredFile | null)[] | null | undefined,
): { total: Part; each: Part[] } {
  const each = (files ?? [])
    .filter((fl): fl is StoredFile => fl !== null)
    .map((fl) => measure(fl.name, fl.data ? Buffer.from(fl.data).toString('base64') : ''));
  each.sort((a, b) => b.gz - a.gz || b.raw - a.raw);
  const total = {
    label: kind,
    raw: each.reduce((s, p) => s + p.raw, 0),
    gz: each.reduce((s, p) => s + p.gz, 0),
  };
  return { total, each };
}

/** What makes a record large, biggest first, as one line of text. */
export function describeRecordSize(rel: Release): string {
  const chart = rel.chart;
  const files = filePart('chart files', chart?.files);
  const templates = filePart('chart templates', chart?.templates);
  const parts: Part[] = [
    measure('manifest', rel.manifest ?? ''),
    measure('hooks', rel.hooks && rel.hooks.length > 0 ? releaseToJSON({ hooks: rel.hooks }) : ''),
    measure('notes', rel.info?.notes ?? ''),
    measure('values (user-supplied config)', rel.config ? marshalJSON(rel.config) : ''),
    measure('chart default values', chart?.values ? marshalJSON(chart.values) : ''),
    measure('values schema', chart?.schema ? Buffer.from(chart.schema).toString('base64') : ''),
    files.total,
    templates.total,
  ].filter((p) => p.raw > 0);
  parts.sort((a, b) => b.gz - a.gz);
  const describe = (p: Part): string => {
    let s = `${p.label} ${formatBytes(p.raw)} (~${formatBytes(Math.ceil((p.gz * 4) / 3))})`;
    const detail = p === files.total ? files.each : p === templates.total ? templates.each : [];
    if (detail.length > 0) {
      s += ` [largest: ${detail
        .slice(0, 3)
        .map((d) => `${d.label} ${formatBytes(d.raw)}`)
        .join(', ')}]`;
    }
    return s;
  };
  return parts.map(describe).join('; ');
}

/**
 * Throws RecordTooLargeError when `data` (the `data.release` text that would be written) is over
 * the limit. `rel` is only used to explain the size.
 */
export function assertRecordFits(
  key: string,
  rel: Release,
  data: string,
  limit = MAX_SECRET_DATA_BYTES,
): void {
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > limit) throw new RecordTooLargeError(key, bytes, limit, describeRecordSize(rel));
}

/** The size of the record's `data.release` bytes, exactly as the Secrets driver would write it. */
export function recordDataBytes(rel: Release): number {
  return encodeRelease(rel).length;
}

/** Pre-flight for callers: throws RecordTooLargeError if `rel` could not be stored as a Secret. */
export function assertReleaseFits(key: string, rel: Release, limit = MAX_SECRET_DATA_BYTES): void {
  assertRecordFits(key, rel, encodeRelease(rel), limit);
}
