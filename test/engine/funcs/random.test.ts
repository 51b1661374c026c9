import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFuncs as f } from '../../../lib/engine/funcs/sprig/random.ts';
import { GoError, goInt } from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';

const call = (name: string, ...args: GoValue[]): GoValue => f[name].fn(...args);

test('random strings have the length and alphabet of goutils Crypto* generators', () => {
  assert.match(call('randAlphaNum', goInt(64)) as string, /^[A-Za-z0-9]{64}$/);
  assert.match(call('randAlpha', goInt(64)) as string, /^[A-Za-z]{64}$/);
  assert.match(call('randNumeric', goInt(64)) as string, /^[0-9]{64}$/);
  assert.match(call('randAscii', goInt(64)) as string, /^[\x20-\x7e]{64}$/);
});

test('every character of the alphabet occurs (uniform draw over the set)', () => {
  const seen = new Set(call('randAlphaNum', goInt(5000)) as string);
  assert.equal(seen.size, 62);
  assert.equal(new Set(call('randAscii', goInt(5000)) as string).size, 95);
});

test('zero and negative counts give "" (Sprig drops goutils errors; checked against helm)', () => {
  for (const name of ['randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii']) {
    assert.equal(call(name, goInt(0)), '');
    assert.equal(call(name, goInt(-1)), '');
  }
});

test('randBytes is base64 of n random bytes; a negative count panics like make()', () => {
  const out = call('randBytes', goInt(24)) as string;
  assert.match(out, /^[A-Za-z0-9+/]{32}$/);
  assert.equal(Buffer.from(call('randBytes', goInt(10)) as string, 'base64').length, 10);
  assert.equal(call('randBytes', goInt(0)), '');
  assert.throws(
    () => call('randBytes', goInt(-1)),
    new GoError('runtime error: makeslice: len out of range'),
  );
});

test('uuidv4', () => {
  const u = call('uuidv4') as string;
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(call('uuidv4'), u);
});
