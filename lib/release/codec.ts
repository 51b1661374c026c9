/**
 * The storage encoding of a release (Helm's pkg/storage/driver/util.go): JSON, gzipped at
 * BestCompression, standard base64. Reading accepts gzip (detected by its magic header) or,
 * for legacy records, plain JSON after the base64 step.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { releaseFromJSON, releaseToJSON } from './json.ts';
import type { Release } from './model.ts';

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** Go's gzip.Writer header at BestCompression: no name, mtime 0, XFL=2, OS=255 (unknown). */
function goGzip(data: Uint8Array): Buffer {
  const out = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  out[4] = out[5] = out[6] = out[7] = 0; // mtime
  out[8] = 2;
  out[9] = 255;
  return out;
}

/** The text of `data.release` (before the Secret API's own base64): base64(gzip(json)). */
export function encodeRelease(rel: Release): string {
  return encodeReleaseJSON(releaseToJSON(rel));
}

/** As encodeRelease, from JSON text already produced (lets callers measure and reuse it). */
export function encodeReleaseJSON(json: string): string {
  return goGzip(Buffer.from(json, 'utf8')).toString('base64');
}

const B64 = /[A-Za-z0-9+/]/;

/** base64.StdEncoding.DecodeString: strict alphabet and padding (Node's decoder skips junk). */
function strictBase64(data: string): Buffer {
  const body = data.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) {
    if (!B64.test(body[i])) throw new Error(`illegal base64 data at input byte ${i}`);
  }
  if (data.length % 4 !== 0)
    throw new Error(`illegal base64 data at input byte ${data.length - (data.length % 4)}`);
  return Buffer.from(data, 'base64');
}

/** The JSON text inside a `data.release` value. */
export function decodeReleaseJSON(data: string): string {
  const raw = strictBase64(data);
  const isGzip = raw.length > 3 && GZIP_MAGIC.every((b, i) => raw[i] === b);
  return (isGzip ? gunzipSync(raw) : raw).toString('utf8');
}

/** Helm's decodeRelease: base64, then gunzip when the gzip magic is present, then JSON. */
export function decodeRelease(data: string): Release {
  return releaseFromJSON(decodeReleaseJSON(data));
}
