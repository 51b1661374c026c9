import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeRelease } from '../../lib/release/index.ts';
import type { Release } from '../../lib/release/index.ts';
import {
  MAX_SECRET_DATA_BYTES,
  RecordTooLargeError,
  SecretsDriver,
  Storage,
  assertRecordFits,
  recordDataBytes,
} from '../../lib/storage/index.ts';
import { FakeSecretsApi, rel } from './helpers.ts';

/** Incompressible data, so the gzipped record stays large. */
const noise = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const noiseText = (n: number): string => randomBytes(n).toString('base64');

function bigRelease(): Release {
  const r = rel('big', 1, 'pending-install');
  r.chart!.files = [
    { name: 'README.md', data: new TextEncoder().encode('# readme\n') },
    { name: 'files/blob.bin', data: noise(600_000) },
    { name: 'crds/huge.yaml', data: noise(150_000) },
    { name: 'LICENSE', data: noise(20_000) },
  ];
  r.manifest = noiseText(120_000);
  r.config = new Map([['payload', noiseText(30_000)]]);
  return r;
}

test('an oversized record is refused before any API call, saying how big and what is large', async () => {
  const api = new FakeSecretsApi();
  const storage = new Storage(new SecretsDriver(api));
  const r = bigRelease();
  const size = recordDataBytes(r);
  assert.ok(size > MAX_SECRET_DATA_BYTES, `fixture must be over the limit (${size})`);
  await assert.rejects(storage.create(r), (e) => {
    assert.ok(e instanceof RecordTooLargeError);
    assert.equal(e.dataBytes, size);
    assert.equal(e.key, 'sh.helm.release.v1.big.v1');
    assert.match(
      e.message,
      new RegExp(
        `^release record "sh.helm.release.v1.big.v1" is too large to store: its data would be ${size} bytes \\(1\\.\\d\\d MiB\\), over the Kubernetes limit of 1048576 bytes per Secret; nothing was written\\.`,
      ),
    );
    // Biggest part first, and the largest chart files named, biggest first.
    assert.match(
      e.message,
      /Largest parts \(uncompressed JSON, ~share of the gzipped record\): chart files 1002\.6 KiB \(~[\d.]+ [KM]iB\) \[largest: files\/blob\.bin 781\.3 KiB, crds\/huge\.yaml 195\.3 KiB, LICENSE 26\.0 KiB\]; manifest /,
    );
    assert.match(e.message, /values \(user-supplied config\) /);
    return true;
  });
  assert.deepEqual(api.calls, [], 'nothing may be sent');
});

test('updates are checked too (a record that grows, e.g. with notes or hook results)', async () => {
  const api = new FakeSecretsApi();
  const storage = new Storage(new SecretsDriver(api));
  await storage.create(rel('g', 1, 'pending-install'));
  api.calls.length = 0;
  const grown = rel('g', 1, 'deployed');
  grown.info!.notes = noiseText(900_000);
  await assert.rejects(storage.update(grown), /notes 1\.[0-9]+ MiB/);
  assert.deepEqual(api.calls, []);
});

test('the limit is on the data bytes exactly (1 MiB allowed, one byte more refused)', () => {
  const r = rel('x', 1, 'deployed');
  assert.doesNotThrow(() => assertRecordFits('k', r, 'a'.repeat(MAX_SECRET_DATA_BYTES)));
  assert.throws(() => assertRecordFits('k', r, 'a'.repeat(MAX_SECRET_DATA_BYTES + 1)), RecordTooLargeError);
  assert.equal(recordDataBytes(r), encodeRelease(r).length);
});

test('a large but compressible record passes (the check is on what would be written)', async () => {
  const api = new FakeSecretsApi();
  const r = rel('c', 1, 'pending-install');
  r.manifest = 'apiVersion: v1\nkind: ConfigMap\n'.repeat(100_000); // 3 MB raw, tiny gzipped
  await new Storage(new SecretsDriver(api)).create(r);
  assert.deepEqual(api.calls, ['POST sh.helm.release.v1.c.v1']);
});

test('with MaxHistory set, an oversized record is refused before pruning deletes anything', async () => {
  const api = new FakeSecretsApi();
  const storage = new Storage(new SecretsDriver(api));
  await storage.create(rel('big', 1, 'superseded'));
  await storage.create(rel('big', 2, 'deployed'));
  storage.maxHistory = 2;
  api.calls.length = 0;
  const r = bigRelease();
  r.version = 3;
  await assert.rejects(storage.create(r), RecordTooLargeError);
  assert.deepEqual(api.calls, []);
  assert.equal(api.objects.size, 2);
});
