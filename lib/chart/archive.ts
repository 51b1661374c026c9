/**
 * Reading chart archives (`.tgz`), hardened: every entry is checked before anything is
 * parsed, so a hostile upload is rejected with a message naming the offending entry.
 *
 * Helm's rules (pkg/chart/loader/archive.go, v3.17.3) are kept with their messages; on top,
 * slipway rejects links and device entries (Helm would silently load them as empty files),
 * bounds the number of entries, and bounds gzip output so a bomb never inflates in memory.
 */
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { cleanPath } from '../go/path.ts';
import { detectContentType } from '../go/sniff.ts';
import { ChartLoadError } from './errors.ts';
import {
  MAX_ARCHIVE_ENTRIES,
  MAX_ARCHIVE_SIZE,
  MAX_DECOMPRESSED_CHART_SIZE,
  MAX_DECOMPRESSED_FILE_SIZE,
} from './limits.ts';
import type { ChartFile } from './model.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** tar headers and padding on top of the file data: 1 KiB per entry is generous. */
const TAR_OVERHEAD_PER_ENTRY = 1024;

/** Splits a gzipped tar chart archive into files relative to the chart root. */
export function loadArchiveFiles(archive: Uint8Array, label = 'archive'): ChartFile[] {
  if (archive.length > MAX_ARCHIVE_SIZE) {
    throw new ChartLoadError(
      `${label}: archive is ${archive.length} bytes, more than the limit of ${MAX_ARCHIVE_SIZE}`,
    );
  }
  const tarball = gunzip(archive, label);
  return readTar(tarball, label);
}

function gunzip(archive: Uint8Array, label: string): Buffer {
  // Helm sniffs a 512-byte buffer, zero-padded when the file is shorter, and names YAML files
  // by their extension.
  const head = new Uint8Array(512);
  head.set(archive.subarray(0, 512));
  const contentType = detectContentType(head);
  if (contentType !== 'application/x-gzip') {
    if (/\.ya?ml$/.test(label)) {
      throw new ChartLoadError(`file '${label}' seems to be a YAML file, but expected a gzipped archive`);
    }
    throw new ChartLoadError(`file '${label}' does not appear to be a gzipped archive; got '${contentType}'`);
  }
  const limit = MAX_DECOMPRESSED_CHART_SIZE + MAX_ARCHIVE_ENTRIES * TAR_OVERHEAD_PER_ENTRY;
  try {
    return gunzipSync(archive, { maxOutputLength: limit });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|larger than/.test(e.message)) {
      throw new ChartLoadError(
        `${label}: decompressed chart is larger than the maximum file size ${MAX_DECOMPRESSED_CHART_SIZE}`,
      );
    }
    throw new ChartLoadError(`${label}: malformed gzip data: ${e.message}`);
  }
}

const DRIVE_PATH = /^[a-zA-Z]:\//;

function readTar(tarball: Buffer, label: string): ChartFile[] {
  const files: ChartFile[] = [];
  let failure: Error | null = null;
  let entries = 0;
  let remaining = MAX_DECOMPRESSED_CHART_SIZE;

  const fail = (message: string): void => {
    failure ??= new ChartLoadError(`${label}: ${message}`);
  };

  const onEntry = (entry: ReadEntry): void => {
    if (failure) {
      entry.resume();
      return;
    }
    entries++;
    if (entries > MAX_ARCHIVE_ENTRIES) {
      fail(`chart archive has more than ${MAX_ARCHIVE_ENTRIES} entries`);
      entry.resume();
      return;
    }
    const name = entry.path;
    switch (entry.type) {
      case 'Directory':
      case 'GNUDumpDir':
        entry.resume();
        return;
      case 'File':
      case 'OldFile':
      case 'ContiguousFile':
        break;
      case 'SymbolicLink':
      case 'Link':
        fail(`chart contains a link, which is not allowed: "${name}" -> "${entry.linkpath ?? ''}"`);
        entry.resume();
        return;
      default:
        fail(`chart contains an entry that is not a regular file: "${name}" (${entry.type})`);
        entry.resume();
        return;
    }
    const rel = chartRelativePath(name, fail);
    if (rel === null) {
      entry.resume();
      return;
    }
    if (entry.size > remaining) {
      fail(`decompressed chart is larger than the maximum file size ${MAX_DECOMPRESSED_CHART_SIZE}`);
      entry.resume();
      return;
    }
    if (entry.size > MAX_DECOMPRESSED_FILE_SIZE) {
      fail(
        `decompressed chart file "${name}" is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`,
      );
      entry.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    entry.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    entry.on('end', () => {
      remaining -= size;
      if (size < entry.size) fail(`truncated tar entry "${name}"`);
      let data: Uint8Array = Buffer.concat(chunks);
      if (data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2])
        data = data.subarray(3);
      files.push({ name: rel, data });
    });
  };

  const parser = new Parser({ strict: true, onReadEntry: onEntry });
  parser.on('warn', (_code: string, message: string | Error) => {
    fail(`malformed tar archive: ${typeof message === 'string' ? message : message.message}`);
  });
  parser.on('error', (err: Error) => fail(`malformed tar archive: ${err.message}`));
  try {
    parser.write(tarball);
    parser.end();
  } catch (err) {
    fail(`malformed tar archive: ${(err as Error).message}`);
  }
  if (failure) throw failure;
  if (files.length === 0) throw new ChartLoadError(`${label}: no files in chart archive`);
  return files;
}

/**
 * Helm strips the first path component (the chart directory) and refuses anything that would
 * escape the chart root.
 */
function chartRelativePath(name: string, fail: (m: string) => void): string | null {
  const delimiter = name.includes('\\') ? '\\' : '/';
  const parts = name.split(delimiter);
  let rel = parts.slice(1).join('/');
  if (rel.startsWith('/')) {
    fail(`chart illegally contains absolute paths: "${name}"`);
    return null;
  }
  rel = cleanPath(rel);
  if (rel === '.') {
    fail(`chart illegally contains content outside the base directory: "${name}"`);
    return null;
  }
  if (rel.startsWith('..')) {
    fail(`chart illegally references parent directory: "${name}"`);
    return null;
  }
  if (DRIVE_PATH.test(rel)) {
    fail(`chart contains illegally named files: "${name}"`);
    return null;
  }
  if (parts[0] === 'Chart.yaml') {
    fail('chart yaml not in base directory');
    return null;
  }
  return rel;
}
