import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  base32Decode,
  base32Encode,
  base64Decode,
  base64Encode,
  encodingFuncs as f,
} from '../../../lib/engine/funcs/sprig/encoding.ts';
import type { GoValue } from '../../../lib/go/value.ts';

const call = (name: string, ...args: GoValue[]): GoValue => f[name].fn(...args);

const SHARED = process.env.SLIPWAY_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const VECTORS = join(SHARED, 'conformance/templates/sprig-encoding-crypto.json');

test('conformance vectors that are one call of an encoding function', () => {
  const file = JSON.parse(readFileSync(VECTORS, 'utf8')) as {
    cases: { template: string; output?: string }[];
  };
  const single = /^\[?\{\{ (\w+) "([^"\\]*)" \}\}\]?$/;
  let checked = 0;
  for (const c of file.cases) {
    const m = single.exec(c.template);
    if (!m || c.output === undefined || !(m[1] in f)) continue;
    const bracketed = c.template.startsWith('[');
    const out = call(m[1], m[2]);
    assert.equal(bracketed ? `[${String(out)}]` : out, c.output, c.template);
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} vectors matched`);
});

test('b64enc / b64dec', () => {
  assert.equal(call('b64enc', ''), '');
  assert.equal(call('b64enc', '日本語'), '5pel5pys6Kqe');
  assert.equal(call('b64enc', 'a'), 'YQ==');
  assert.equal(call('b64dec', 'aGVsbG8gd29ybGQ='), 'hello world');
  assert.equal(call('b64dec', ''), '');
});

test('b64dec returns Go error text with the offset Go reports (checked against helm)', () => {
  assert.equal(call('b64dec', 'not base64!'), 'illegal base64 data at input byte 3');
  assert.equal(call('b64dec', '-_8='), 'illegal base64 data at input byte 0');
  assert.equal(call('b64dec', 'YQ'), 'illegal base64 data at input byte 0');
  assert.equal(call('b64dec', 'YW Jj'), 'illegal base64 data at input byte 2');
  assert.equal(call('b64dec', 'YQ=\n='), 'a', 'newlines are skipped, also inside padding');
  assert.equal(call('b64dec', 'YQ\r\n=='), 'a');
  assert.equal(call('b64dec', 'YQ==YQ=='), 'illegal base64 data at input byte 4');
  assert.equal(call('b64dec', 'YQ='), 'illegal base64 data at input byte 3');
  assert.equal(call('b64dec', 'Y==='), 'illegal base64 data at input byte 1');
  assert.equal(call('b64dec', 'YR=='), 'a', 'StdEncoding is not strict about trailing bits');
});

test('b32enc / b32dec (checked against helm)', () => {
  assert.equal(call('b32enc', 'hello'), 'NBSWY3DP');
  assert.equal(call('b32enc', 'a'), 'ME======');
  assert.equal(call('b32enc', 'abcdef'), 'MFRGGZDFMY======');
  assert.equal(call('b32dec', 'NBSWY3DP'), 'hello');
  assert.equal(call('b32dec', 'ME======'), 'a');
  assert.equal(call('b32dec', 'NBSW\nY3DP'), 'hello');
  assert.equal(call('b32dec', '1'), 'illegal base32 data at input byte 0');
  assert.equal(call('b32dec', 'nbswy3dp'), 'illegal base32 data at input byte 0');
  assert.equal(call('b32dec', 'NBSWY3D'), 'illegal base32 data at input byte 0');
  assert.equal(call('b32dec', 'NBSWY3DPEE'), 'illegal base32 data at input byte 8');
});

test('valid input decodes like Node for random data', () => {
  for (let n = 0; n < 40; n++) {
    const data = randomBytes(n);
    const b64 = base64Encode(data);
    assert.equal(b64, data.toString('base64'));
    assert.deepEqual(Buffer.from(base64Decode(Buffer.from(b64))), data);
    assert.deepEqual(Buffer.from(base32Decode(Buffer.from(base32Encode(data)))), data);
  }
});

test('hashes', () => {
  assert.equal(call('sha1sum', 'hello'), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
  assert.equal(call('sha1sum', 'é'), 'bf15be717ac1b080b4f1c456692825891ff5073d');
  assert.equal(call('sha256sum', ''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(
    call('sha512sum', 'hello'),
    '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043',
  );
  assert.equal(call('adler32sum', 'hello'), '103547413');
  assert.equal(call('adler32sum', ''), '1');
});
