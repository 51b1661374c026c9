/**
 * Builds tar archives entry by entry, including entries no well-behaved tool would write
 * (absolute paths, `..`, links, devices, lying sizes), to test the loader's defences.
 */
import { gzipSync } from 'node:zlib';

export interface Entry {
  name: string;
  data?: string | Uint8Array;
  /** tar typeflag: '0' file, '1' hard link, '2' symlink, '3' char device, '5' directory. */
  type?: string;
  linkname?: string;
  /** Size written in the header, when it should differ from the data (a lying header). */
  headerSize?: number;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(e: Entry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(e.type ?? '0', 156, 'ascii');
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'ascii');
  return h;
}

/** An uncompressed tar stream of `entries`. */
export function tar(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    parts.push(header(e, e.headerSize ?? data.length));
    parts.push(data);
    const pad = (512 - (data.length % 512)) % 512;
    parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function tgz(entries: Entry[]): Buffer {
  return gzipSync(tar(entries));
}

/** A minimal valid chart under `dir/`. */
export function chartEntries(dir = 'mychart'): Entry[] {
  return [
    { name: `${dir}/Chart.yaml`, data: 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n' },
    { name: `${dir}/values.yaml`, data: 'a: 1\n' },
    { name: `${dir}/templates/cm.yaml`, data: 'kind: ConfigMap\n' },
  ];
}
