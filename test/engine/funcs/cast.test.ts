import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  atoi,
  deepEqual,
  isEmpty,
  parseGoFloat,
  parseGoInt,
  parseGoIntE,
  sliceItems,
  strslice,
  toFloat64,
  toInt,
  toInt64,
} from '../../../lib/engine/funcs/sprig/cast.ts';
import {
  GoInt,
  GoStruct,
  goInt,
  goInt64,
  typeInfo,
  withType,
  SLICE_OF_STRING,
} from '../../../lib/go/value.ts';

test('toInt parses strings as cast v1.7.0 does (base 0, zero decimals trimmed)', () => {
  const cases: [string, bigint][] = [
    ['42', 42n],
    ['42.0', 42n],
    ['42.00', 42n],
    ['42.9', 0n],
    ['0x1A', 26n],
    ['0b11', 3n],
    ['0o17', 15n],
    ['017', 15n],
    ['08', 0n],
    ['1_000', 1000n],
    ['1__0', 0n],
    ['abc', 0n],
    [' 42', 0n],
    ['', 0n],
    ['+7', 7n],
    ['-0x10', -16n],
    ['42.', 0n],
  ];
  for (const [s, want] of cases) {
    const got = toInt(s);
    assert.equal(got.kind, 'int', s);
    assert.equal(got.value, want, s);
  }
});

test('toInt64 ranges, floats, bools and nil', () => {
  assert.equal(toInt64('9223372036854775807').value, 9223372036854775807n);
  assert.equal(toInt64('9223372036854775808').value, 0n);
  assert.equal(toInt64('-9223372036854775808').value, -9223372036854775808n);
  assert.equal(toInt64(3.99).value, 3n);
  assert.equal(toInt64(-3.99).value, -3n);
  assert.equal(toInt64(NaN).value, -9223372036854775808n);
  assert.equal(toInt64(true).value, 1n);
  assert.equal(toInt64(false).value, 0n);
  assert.equal(toInt64(null).value, 0n);
  assert.equal(toInt64(goInt(5)).kind, 'int64');
  assert.equal(toInt64(new GoInt('uint64', 2n ** 64n - 1n)).value, -1n);
  // A named integer type (time.Duration) is not in cast's type switch.
  assert.equal(toInt64(new GoInt('int64', 5n, 'time.Duration')).value, 0n);
  assert.equal(toInt64([goInt(1)]).value, 0n);
});

test('toFloat64 follows strconv.ParseFloat', () => {
  assert.equal(toFloat64('1.5'), 1.5);
  assert.equal(toFloat64('1e6'), 1e6);
  assert.equal(toFloat64('abc'), 0);
  assert.equal(toFloat64('0x10'), 0);
  assert.equal(toFloat64('0x1p4'), 16);
  assert.equal(toFloat64(' 1.5'), 0);
  assert.equal(toFloat64('Inf'), Infinity);
  assert.equal(toFloat64('-inf'), -Infinity);
  assert.equal(toFloat64('+Infinity'), Infinity);
  assert.ok(Number.isNaN(toFloat64('NaN')));
  assert.equal(toFloat64('+nan'), 0);
  assert.equal(toFloat64('1e400'), 0);
  assert.equal(toFloat64('1_000.5'), 1000.5);
  assert.equal(toFloat64(''), 0);
  assert.equal(toFloat64(true), 1);
  assert.equal(toFloat64(null), 0);
  assert.equal(toFloat64(goInt64(7)), 7);
});

test('strconv helpers', () => {
  assert.equal(atoi('-42'), -42n);
  assert.equal(atoi('0x10'), 0n);
  assert.equal(atoi('1_0'), 0n);
  // Go's Atoi returns the clamped bound with its range error; Sprig keeps it.
  assert.equal(atoi('9223372036854775808'), 9223372036854775807n);
  assert.equal(atoi('-99999999999999999999'), -9223372036854775808n);
  assert.equal(atoi('99999999999999999999x'), 9223372036854775807n);
  assert.deepEqual(parseGoIntE('1x', 10), { value: 0n, err: 'syntax' });
  assert.deepEqual(parseGoIntE('300', 10, 8), { value: 127n, err: 'range' });
  assert.equal(parseGoInt('ff', 16), 255n);
  assert.equal(parseGoInt('128', 10, 8), undefined);
  assert.equal(parseGoInt('-128', 10, 8), -128n);
  assert.equal(parseGoFloat('.5'), 0.5);
  assert.equal(parseGoFloat('1.e2'), 100);
  assert.equal(parseGoFloat('.'), undefined);
});

test('isEmpty is Sprig empty', () => {
  for (const v of ['', 0, false, null, [], new Map(), goInt(0), new Uint8Array(0)])
    assert.equal(isEmpty(v), true);
  for (const v of ['0', 1, true, ' ', goInt(-1), [null], new GoStruct({ type: '*x' })])
    assert.equal(isEmpty(v), false);
});

test('strslice', () => {
  const s = withType(['b', 'a'], SLICE_OF_STRING);
  assert.equal(strslice(s), s);
  const r = strslice(['a', null, 'b']);
  assert.deepEqual(r, ['a', 'b']);
  assert.equal(typeInfo(r).name, '[]string');
  assert.deepEqual(strslice(null), []);
  assert.deepEqual(strslice('x'), ['x']);
  assert.deepEqual(
    sliceItems(new Uint8Array([1]))?.map((x) => (x as GoInt).kind),
    ['uint8'],
  );
  assert.equal(sliceItems('x'), undefined);
});

test('deepEqual compares Go types', () => {
  assert.equal(deepEqual(goInt(1), goInt(1)), true);
  assert.equal(deepEqual(goInt(1), goInt64(1)), false);
  assert.equal(deepEqual(1, goInt(1)), false);
  assert.equal(deepEqual([goInt(1), 'a'], [goInt(1), 'a']), true);
  assert.equal(deepEqual(withType(['a'], SLICE_OF_STRING), ['a']), false);
  assert.equal(deepEqual(new Map([['a', 1]]), new Map([['a', 1]])), true);
  assert.equal(deepEqual(NaN, NaN), false);
  assert.equal(deepEqual(null, null), true);
});
