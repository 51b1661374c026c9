import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  UNKNOWN_FIELDS,
  decodeRelease,
  decodeReleaseJSON,
  encodeRelease,
  releaseFromJSON,
  releaseToJSON,
} from '../../lib/release/index.ts';
import type { Release } from '../../lib/release/index.ts';
import { helmBinary, helmDryRunInstall } from './helm-dry-run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(join(here, 'fixtures', name), 'utf8');
const FIXTURES = ['helm-install-basic.json', 'helm-install-full.json'];

// The record documented as stored by helm in helm-behaviour.md §1.1 (verified against a cluster).
const DOC_RECORD =
  '{"name":"r13","info":{"first_deployed":"2026-11-24T02:13:44.466875982Z","last_deployed":"2026-11-24T02:13:46.986068663Z","deleted":"","description":"Upgrade complete","status":"deployed"},"chart":{"metadata":{"name":"c4","version":"0.1.0","apiVersion":"v2"},"lock":null,"templates":[{"name":"templates/cm.yaml","data":"YXBpVmVyc2lvbjogdjEK"}],"values":null,"schema":null,"files":null},"config":{"a":2},"manifest":"---\\n# Source: c4/templates/cm.yaml\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: r13-cm\\ndata: {a: \\"2\\"}\\n","version":2,"namespace":"newns"}';

test('Helm-written records re-encode byte for byte', () => {
  for (const json of [...FIXTURES.map(fixture), DOC_RECORD]) {
    assert.equal(releaseToJSON(releaseFromJSON(json)), json);
  }
});

test('codec: gzip + base64 with Go gzip header, and back', () => {
  for (const json of FIXTURES.map(fixture)) {
    const data = encodeRelease(releaseFromJSON(json));
    assert.ok(data.startsWith('H4sIAAAAAAAC/'), data.slice(0, 16)); // 1f8b 0800 00000000 02 ff
    const raw = Buffer.from(data, 'base64');
    assert.deepEqual([...raw.subarray(0, 10)], [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 2, 0xff]);
    assert.equal(gunzipSync(raw).toString('utf8'), json);
    assert.equal(decodeReleaseJSON(data), json);
    assert.equal(releaseToJSON(decodeRelease(data)), json);
  }
});

test('codec: legacy records without gzip (plain JSON after base64) are read', () => {
  const data = Buffer.from(DOC_RECORD).toString('base64');
  const rel = decodeRelease(data);
  assert.equal(rel.name, 'r13');
  assert.equal(releaseToJSON(rel), DOC_RECORD);
});

test('decoded model: values as Go sees them (numbers float64), times as written', () => {
  const rel = releaseFromJSON(fixture('helm-install-basic.json'));
  assert.equal(rel.info?.first_deployed, rel.info?.last_deployed);
  assert.equal(rel.info?.deleted, '');
  assert.equal(rel.info?.notes, 'Hello r1\n');
  assert.equal(rel.config?.get('a'), 2);
  assert.equal(rel.config?.get('big2'), '12345678901234567890');
  assert.equal(rel.chart?.values?.get('s'), '<x>');
  assert.equal(rel.chart?.lock, null);
  assert.equal(rel.chart?.schema, null);
  assert.equal(Buffer.from(rel.chart?.files?.[0]?.data ?? []).toString(), 'readme <b>\n');
  const hook = rel.hooks?.[0];
  assert.equal(hook?.weight, -5);
  assert.deepEqual(hook?.events, ['pre-install', 'pre-upgrade']);
  assert.deepEqual(hook?.last_run, { started_at: '', completed_at: '', phase: '' });
  assert.equal(hook?.delete_policies, undefined);
  const full = releaseFromJSON(fixture('helm-install-full.json'));
  assert.equal(full.chart?.lock?.generated, '2024-03-01T10:20:30.123456+02:00');
  assert.equal(full.chart?.metadata?.deprecated, true);
  assert.deepEqual(full.chart?.metadata?.annotations, { alpha: 'two', zeta: '1' });
  assert.ok(full.chart?.schema instanceof Uint8Array);
});

test('omitted vs null vs empty follow Go: omitempty fields drop, nil slices are null, times are ""', () => {
  const rel: Release = {
    name: 'r',
    info: { first_deployed: '', last_deployed: '', deleted: '', status: 'deployed' },
    chart: { metadata: { name: 'c' }, lock: null, templates: null, values: null, schema: null, files: [] },
    config: new Map(),
    manifest: '',
    hooks: [],
    version: 0,
    namespace: 'default',
  };
  assert.equal(
    releaseToJSON(rel),
    '{"name":"r","info":{"first_deployed":"","last_deployed":"","deleted":"","status":"deployed"},"chart":{"metadata":{"name":"c"},"lock":null,"templates":null,"values":null,"schema":null,"files":[]},"namespace":"default"}',
  );
  // A hook that never ran still writes its last_run, with "" times; delete_policies omitted when empty.
  const withHook = releaseToJSON({
    name: 'r',
    hooks: [{ name: 'h', last_run: { started_at: '', completed_at: '', phase: '' }, delete_policies: [] }],
  });
  assert.equal(
    withHook,
    '{"name":"r","hooks":[{"name":"h","last_run":{"started_at":"","completed_at":"","phase":""}}]}',
  );
  // null on read is the zero value (Go), and labels are never serialized.
  // (A time key absent from the source stays absent, see the v4 test below.)
  const back = releaseFromJSON(
    '{"name":"r","info":{"first_deployed":null,"last_deployed":"","deleted":null},"version":3}',
  );
  assert.equal(back.info?.first_deployed, '');
  assert.equal(
    releaseToJSON({ ...back, labels: { team: 'a' } }),
    '{"name":"r","info":{"first_deployed":"","last_deployed":"","deleted":""},"version":3}',
  );
});

test('strings are escaped like Go (<, >, & and U+2028 as \\u escapes)', () => {
  const json = releaseToJSON({ name: 'a<b>&c\u2028', manifest: 'tab\tquote"' });
  assert.equal(json, '{"name":"a\\u003cb\\u003e\\u0026c\\u2028","manifest":"tab\\tquote\\""}');
  assert.equal(releaseFromJSON(json).name, 'a<b>&c\u2028');
});

test('unknown fields from newer Helm (v4 apply_method, rollback_revision, …) round-trip in place', () => {
  const base = JSON.parse(fixture('helm-install-full.json')) as Record<string, unknown>;
  // Craft a v4-style record by inserting keys at several places, keeping Helm's key order.
  const v4 = fixture('helm-install-full.json')
    .replace(
      '"version":1,"namespace":"default"}',
      '"version":1,"namespace":"default","apply_method":"ssa","x_obj":{"b":[1,2.50,{"z":null}],"a":"\\u00e9"}}',
    )
    .replace('"status":"pending-install"', '"status":"pending-install","rollback_revision":3')
    .replace('"phase":""}', '"phase":""},"output_log_policies":["hook-failed"]')
    .replace('"repository":"","enabled":true', '"repository":"","enabled":true,"export-values":["a"]')
    .replace('{"name":"full",', '{"first_unknown":true,"name":"full",');
  assert.notEqual(v4, JSON.stringify(base));
  const rel = releaseFromJSON(v4);
  assert.deepEqual(rel[UNKNOWN_FIELDS], [
    { after: null, key: 'first_unknown', raw: 'true' },
    { after: 'namespace', key: 'apply_method', raw: '"ssa"' },
    { after: 'namespace', key: 'x_obj', raw: '{"b":[1,2.50,{"z":null}],"a":"\\u00e9"}' },
  ]);
  assert.deepEqual(rel.info?.[UNKNOWN_FIELDS], [{ after: 'status', key: 'rollback_revision', raw: '3' }]);
  assert.equal(releaseToJSON(rel), v4);
  assert.equal(releaseToJSON(decodeRelease(encodeRelease(rel))), v4);
  // Changing a known field keeps the unknown ones where they were.
  rel.info = { ...rel.info!, status: 'deployed' };
  assert.equal(releaseToJSON(rel), v4.replace('"status":"pending-install"', '"status":"deployed"'));
});

test('type mismatches fail like encoding/json', () => {
  assert.throws(
    () => releaseFromJSON('{"version":"2"}'),
    /json: cannot unmarshal string into Go struct field Release.version of type int/,
  );
  assert.throws(
    () => releaseFromJSON('{"version":1.5}'),
    /cannot unmarshal number 1.5 into Go struct field Release.version of type int/,
  );
  assert.throws(() => releaseFromJSON('{"name":"x"'), /unexpected end of JSON input/);
});

test('live: records helm writes now re-encode byte for byte', async () => {
  const helm = helmBinary();
  const chart = join(here, 'fixtures', 'chart-basic');
  const json = await helmDryRunInstall(helm, [
    'live',
    chart,
    '--set',
    'a=3',
    '--set-json',
    'n={"k":[0.1,1e21,-0]}',
    '-n',
    'ns',
  ]);
  assert.ok(json.startsWith('{"name":"live","info":{"first_deployed":"'));
  assert.equal(releaseToJSON(releaseFromJSON(json)), json);
  assert.equal(decodeReleaseJSON(encodeRelease(releaseFromJSON(json))), json);
});

test('unknown fields inside hooks and last_run round-trip too', () => {
  const json = fixture('helm-install-basic.json')
    .replace('"phase":""}', '"phase":"","v5":1},"output_log_policies":["hook-failed"]')
    .replace('"version":1,', '"version":1,"apply_method":"csa",');
  const rel = releaseFromJSON(json);
  assert.deepEqual(rel.hooks?.[0]?.[UNKNOWN_FIELDS], [
    { after: 'last_run', key: 'output_log_policies', raw: '["hook-failed"]' },
  ]);
  assert.equal(releaseToJSON(rel), json);
});

test("codec: invalid base64 is an error, as Go's StdEncoding reports it", () => {
  assert.throws(() => decodeRelease('H4sI AAAA'), { message: 'illegal base64 data at input byte 4' });
  assert.throws(() => decodeRelease('abcde'), { message: 'illegal base64 data at input byte 4' });
});

test('Helm v4 records (omitzero: zero times left out) round-trip; set times are written again', () => {
  const v4 =
    '{"name":"r","info":{"first_deployed":"2026-01-02T03:04:05.5Z","last_deployed":"2026-01-02T03:04:05.5Z","description":"Install complete","status":"deployed"},' +
    '"hooks":[{"name":"h","last_run":{"phase":""}}],"version":1,"namespace":"default","apply_method":"ssa"}';
  const rel = releaseFromJSON(v4);
  assert.equal(rel.info?.deleted, '');
  assert.equal(releaseToJSON(rel), v4);
  rel.info!.deleted = '2026-02-02T00:00:00Z';
  assert.match(
    releaseToJSON(rel),
    /"last_deployed":"2026-01-02T03:04:05.5Z","deleted":"2026-02-02T00:00:00Z","description"/,
  );
  // A record slipway makes from scratch is written the v3 way.
  assert.equal(
    releaseToJSON({ info: { first_deployed: '', last_deployed: '', deleted: '' } }),
    '{"info":{"first_deployed":"","last_deployed":"","deleted":""}}',
  );
});
