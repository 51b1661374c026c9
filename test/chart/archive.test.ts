import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadArchive, MAX_ARCHIVE_ENTRIES, MAX_DECOMPRESSED_FILE_SIZE } from '../../lib/chart/index.ts';
import { chartEntries, tar, tgz, type Entry } from './tar-fixtures.ts';

function rejects(archive: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => loadArchive(archive, 'upload.tgz'),
    (err: Error) => {
      assert.match(err.message, pattern);
      return true;
    },
  );
}

test('a well-formed archive loads, first path component stripped', () => {
  const chart = loadArchive(tgz(chartEntries()), 'ok.tgz');
  assert.equal(chart.metadata.name, 'mychart');
  assert.deepEqual(
    chart.templates.map((t) => t.name),
    ['templates/cm.yaml'],
  );
  assert.equal(chart.values?.get('a'), 1);
});

test('absolute paths are rejected, naming the entry', () => {
  rejects(
    tgz([...chartEntries(), { name: 'mychart//etc/passwd', data: 'x' }]),
    /absolute paths: "mychart\/\/etc\/passwd"/,
  );
});

test('parent-directory references are rejected, naming the entry', () => {
  rejects(
    tgz([...chartEntries(), { name: 'mychart/../../evil', data: 'x' }]),
    /references parent directory: "mychart\/..\/..\/evil"/,
  );
});

test('content outside the base directory is rejected', () => {
  rejects(
    tgz([...chartEntries(), { name: 'mychart/templates/..', data: 'x' }]),
    /outside the base directory/,
  );
});

test('symbolic links are rejected, naming link and target', () => {
  rejects(
    tgz([...chartEntries(), { name: 'mychart/templates/link.yaml', type: '2', linkname: '/etc/shadow' }]),
    /link, which is not allowed: "mychart\/templates\/link.yaml" -> "\/etc\/shadow"/,
  );
});

test('hard links are rejected', () => {
  rejects(
    tgz([
      ...chartEntries(),
      { name: 'mychart/templates/hard.yaml', type: '1', linkname: 'mychart/Chart.yaml' },
    ]),
    /link, which is not allowed: "mychart\/templates\/hard.yaml"/,
  );
});

test('device entries are rejected', () => {
  rejects(tgz([...chartEntries(), { name: 'mychart/dev', type: '3' }]), /not a regular file: "mychart\/dev"/);
});

test('files at the archive root (no chart directory) are rejected', () => {
  // As in Helm, stripping the first component leaves nothing: outside the base directory.
  rejects(tgz([{ name: 'Chart.yaml', data: 'name: x\n' }]), /outside the base directory: "Chart.yaml"/);
});

test('a file over the per-file limit is rejected, naming it', () => {
  const big = new Uint8Array(MAX_DECOMPRESSED_FILE_SIZE + 1);
  rejects(
    tgz([...chartEntries(), { name: 'mychart/files/big.bin', data: big }]),
    /"mychart\/files\/big.bin" is larger than the maximum file size 5242880/,
  );
});

test('a gzip bomb is stopped while it inflates', () => {
  // 30 files of 4 MiB of zeros: each under the per-file limit, 120 MiB in total.
  const entries: Entry[] = [...chartEntries()];
  const chunk = new Uint8Array(4 * 1024 * 1024);
  for (let i = 0; i < 30; i++) entries.push({ name: `mychart/files/zero-${i}.bin`, data: chunk });
  const archive = tgz(entries);
  assert.ok(archive.length < 1024 * 1024, 'the bomb itself is small');
  rejects(archive, /decompressed chart is larger than the maximum file size 104857600/);
});

test('too many entries are rejected', () => {
  const entries: Entry[] = [...chartEntries()];
  for (let i = 0; i <= MAX_ARCHIVE_ENTRIES; i++) entries.push({ name: `mychart/files/f${i}`, data: '' });
  rejects(tgz(entries), /more than 20000 entries/);
});

test('a header that lies about its size (truncated archive) is rejected', () => {
  const stream = tar([...chartEntries(), { name: 'mychart/files/x', data: 'abc', headerSize: 4096 }]);
  // Cut the stream right after the lying entry's data.
  rejects(gzipSync(stream.subarray(0, stream.length - 1024)), /truncated|malformed tar/);
});

test('malformed gzip is rejected', () => {
  const good = tgz(chartEntries());
  const broken = Buffer.concat([good.subarray(0, 20), Buffer.alloc(64, 0xff)]);
  rejects(broken, /malformed gzip data/);
});

test('garbage inside valid gzip is rejected as a malformed tar', () => {
  rejects(gzipSync(Buffer.alloc(2048, 0x41)), /malformed tar archive|no files in chart archive/);
});

// Expected types as helm v3.17.3 reports them for the same bytes (it sniffs a zero-padded
// 512-byte buffer, so short text counts as binary).
test('non-gzip input is named for what it is, as helm names it', () => {
  const sniffed = (data: string | Uint8Array, type: string): void => {
    const message = `file 'upload.tgz' does not appear to be a gzipped archive; got '${type}'`;
    assert.throws(() => loadArchive(Buffer.from(data), 'upload.tgz'), { message });
  };
  sniffed('apiVersion: v2\nname: x\n', 'application/octet-stream');
  sniffed('a'.repeat(700), 'text/plain; charset=utf-8');
  sniffed('PK\u0003\u0004zipzipzip', 'application/zip');
  sniffed(' <html>hi', 'text/html; charset=utf-8');
  sniffed('%PDF-1.4', 'application/pdf');
  sniffed(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('hello')]), 'text/plain; charset=utf-8');
  sniffed(Buffer.from([0xfe, 0xff, 0, 0]), 'text/plain; charset=utf-16be');
  sniffed('x'.repeat(34) + 'LP', 'application/vnd.ms-fontobject');
  sniffed('RIFF\x00\x00\x00\x00AVI ', 'video/avi');
  sniffed(
    Buffer.from([0x00, 0x00, 0x00, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0, ...Buffer.from('mp41isom')]),
    'video/mp4',
  );
  sniffed(Buffer.from([0x1f, 0x8b, 0x07, 0x7a]), 'application/octet-stream');
  sniffed(tar(chartEntries()), 'application/octet-stream');
  sniffed('', 'application/octet-stream');
  assert.throws(() => loadArchive(Buffer.from('garbage'), 'values.yaml'), {
    message: "file 'values.yaml' seems to be a YAML file, but expected a gzipped archive",
  });
});

test('an archive with no files is rejected', () => {
  rejects(tgz([{ name: 'mychart/', type: '5' }]), /no files in chart archive/);
});

test('a BOM at the start of a file is stripped', () => {
  const entries = chartEntries();
  entries[1] = { name: 'mychart/values.yaml', data: '\ufeffa: 2\n' };
  assert.equal(loadArchive(tgz(entries)).values?.get('a'), 2);
});
