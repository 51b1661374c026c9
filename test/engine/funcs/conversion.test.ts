import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversionFuncs as f } from '../../../lib/engine/funcs/sprig/conversion.ts';
import {
  GoError,
  GoInt,
  GoStruct,
  goInt,
  goInt64,
  typeInfo,
  withType,
  SLICE_OF_STRING,
} from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';
import { semverFuncs } from '../../../lib/engine/funcs/sprig/semver.ts';

const call = (name: string, ...args: GoValue[]): GoValue => f[name].fn(...args);
const int = (v: GoValue): bigint => (v as GoInt).value;

test('atoi', () => {
  assert.equal(int(call('atoi', '42')), 42n);
  assert.equal(int(call('atoi', '-42')), -42n);
  assert.equal(int(call('atoi', ' 42')), 0n);
  assert.equal(int(call('atoi', '4.2')), 0n);
  assert.equal(int(call('atoi', '+7')), 7n);
  assert.equal((call('atoi', '1') as GoInt).kind, 'int');
  assert.equal(int(call('atoi', '9223372036854775808')), 9223372036854775807n);
});

test('int, int64, float64', () => {
  assert.equal(int(call('int', '42.9')), 0n);
  assert.equal(int(call('int', '42.00')), 42n);
  assert.equal(int(call('int', '0x1A')), 26n);
  assert.equal(int(call('int', '0b11')), 3n);
  assert.equal(int(call('int', -3.99)), -3n);
  assert.equal(int(call('int', true)), 1n);
  assert.equal(int(call('int', null)), 0n);
  assert.equal(int(call('int64', '9223372036854775808')), 0n);
  assert.equal((call('int64', 123456789) as GoInt).kind, 'int64');
  assert.equal(call('float64', '1e6'), 1e6);
  assert.equal(call('float64', '0x10'), 0);
  assert.equal(call('float64', 'Inf'), Infinity);
  assert.equal(call('float64', true), 1);
});

test('toDecimal reads fmt.Sprint(v) as octal', () => {
  assert.equal(int(call('toDecimal', '0777')), 511n);
  assert.equal(int(call('toDecimal', '777')), 511n);
  assert.equal(int(call('toDecimal', goInt(777))), 511n);
  assert.equal(int(call('toDecimal', '789')), 0n);
  assert.equal((call('toDecimal', '10') as GoInt).kind, 'int64');
});

test('toString and toStrings', () => {
  assert.equal(call('toString', 1.5), '1.5');
  assert.equal(call('toString', 1000000), '1e+06');
  assert.equal(call('toString', null), '<nil>');
  assert.equal(call('toString', false), 'false');
  assert.equal(call('toString', ['a', 'b', 'c']), '[a b c]');
  assert.equal(call('toString', new Uint8Array([104, 105])), 'hi');
  assert.equal(call('toString', goInt64(42)), '42');
  const s = call('toStrings', [goInt(1), 'a', 2.5, true, null]);
  assert.deepEqual(s, ['1', 'a', '2.5', 'true']);
  assert.equal(typeInfo(s as GoValue[]).name, '[]string');
  assert.deepEqual(call('toStrings', null), []);
});

test('toString of a Stringer struct uses its method', () => {
  const v = new GoStruct({ type: '*semver.Version', stringer: () => '1.2.3' });
  assert.equal(call('toString', v), '1.2.3');
  assert.equal(call('toString', 'x'), 'x');
});

test('default', () => {
  assert.equal(call('default', 'd', ''), 'd');
  assert.equal(call('default', 'd', 'x'), 'x');
  assert.equal(call('default', 'd', goInt(0)), 'd');
  assert.equal(call('default', 'd', 0), 'd');
  assert.equal(call('default', 'd', new Map()), 'd');
  assert.equal(call('default', 'd', null), 'd');
  assert.equal(call('default', 'd'), 'd');
  assert.equal(call('default', 'd', '0'), '0');
  assert.equal(call('default', 'd', ' '), ' ');
  assert.equal(call('default', true, false), true);
  // Only the first given value counts.
  assert.equal(call('default', 'd', '', 'x'), 'd');
  assert.equal(call('default', goInt(5), 42), 42);
});

test('empty, coalesce, all, any', () => {
  for (const v of ['', goInt(0), 0, false, null]) assert.equal(call('empty', v), true);
  for (const v of ['0', goInt(1), true, ' ', goInt(-1)]) assert.equal(call('empty', v), false);
  assert.equal(call('empty', new GoStruct({ type: 'chartutil.KubeVersion', pointer: false })), false);
  assert.equal(call('coalesce', '', goInt(0), 'x', 'y'), 'x');
  assert.equal(call('coalesce', goInt(0), 1.5), 1.5);
  assert.equal(call('coalesce', '', null), null);
  assert.equal(call('all', goInt(1), '', true), false);
  assert.equal(call('all'), true);
  assert.equal(call('any', goInt(0), '', 'x'), true);
  assert.equal(call('any'), false);
});

test('compact and mustCompact', () => {
  assert.deepEqual(call('compact', [goInt(1), '', goInt(0), 'a', null, false, [], 'b']), [
    goInt(1),
    'a',
    'b',
  ]);
  assert.deepEqual(call('compact', withType(['', 'x'], SLICE_OF_STRING)), ['x']);
  assert.equal(
    typeInfo(call('compact', withType(['x'], SLICE_OF_STRING)) as GoValue[]).name,
    '[]interface {}',
  );
  assert.throws(() => call('compact', 'abc'), new GoError('Cannot compact on type string'));
  assert.throws(() => call('mustCompact', 'abc'), new GoError('Cannot compact on type string'));
  assert.throws(() => call('mustCompact', new Map()), new GoError('Cannot compact on type map'));
  assert.throws(
    () => call('compact', null),
    new GoError('runtime error: invalid memory address or nil pointer dereference'),
  );
});

test('ternary and fail', () => {
  assert.equal(call('ternary', 'yes', 'no', true), 'yes');
  assert.equal(call('ternary', goInt(1), 'x', false), 'x');
  assert.throws(() => call('fail', 'boom'), new GoError('boom'));
});

test('deepCopy keeps types and copies deeply', () => {
  const inner = withType(['a'], SLICE_OF_STRING);
  const src = new Map<string, GoValue>([['a', inner]]);
  const copy = call('deepCopy', src) as Map<string, GoValue>;
  assert.notEqual(copy, src);
  assert.notEqual(copy.get('a'), inner);
  assert.deepEqual(copy.get('a'), ['a']);
  assert.equal(typeInfo(copy.get('a') as GoValue[]).name, '[]string');
  assert.equal(call('deepCopy', 'x'), 'x');
  assert.throws(
    () => call('deepCopy', null),
    new GoError('reflect: call of reflect.Value.Type on zero Value'),
  );
  assert.throws(
    () => call('mustDeepCopy', null),
    new GoError('reflect: call of reflect.Value.Type on zero Value'),
  );
});

// Recorded from helm v3.17.3: `{{ $v := deepCopy (semver "v1.2.3-a+b") }}` prints `0.0.0`, Original
// is "", Major 0, toJson "0.0.0" and IncMinor 0.1.0 (copystructure copies exported fields only).
test('deepCopy of a semver Version is the zero Version', () => {
  const v = semverFuncs.semver.fn('v1.2.3-a+b') as GoStruct;
  const copy = call('deepCopy', v) as GoStruct;
  assert.equal(copy.type, '*semver.Version');
  assert.equal(copy.stringer?.(), '0.0.0');
  assert.equal(copy.methods.Original.fn(), '');
  assert.equal(int(copy.methods.Major.fn()), 0n);
  assert.equal((copy.methods.IncMinor.fn() as GoStruct).stringer?.(), '0.1.0');
  // The original is untouched, and a copy nested in a list is zeroed too.
  assert.equal(v.stringer?.(), '1.2.3-a+b');
  const [inList] = call('mustDeepCopy', [v]) as GoValue[];
  assert.equal((inList as GoStruct).stringer?.(), '0.0.0');
  // A semver.Version value (IncMinor's result) stays a value.
  const value = call('deepCopy', v.methods.IncMinor.fn()) as GoStruct;
  assert.equal(value.type, 'semver.Version');
  assert.equal(value.stringer?.(), '0.0.0');
});

test('deepCopy keeps a String method that needs a pointer receiver', () => {
  const kv = new GoStruct({
    type: 'chartutil.KubeVersion',
    pointer: false,
    fields: [{ name: 'Version', type: 'string', value: 'v1.32.0' }],
    stringer: () => 'v1.32.0',
    stringerOnPointer: true,
  });
  assert.equal((call('deepCopy', kv) as GoStruct).stringerOnPointer, true);
});

test('Go signatures', () => {
  assert.equal(f.default.goType, 'func(interface {}, ...interface {}) interface {}');
  assert.equal(f.ternary.goType, 'func(interface {}, interface {}, bool) interface {}');
  assert.equal(f.atoi.goType, 'func(string) int');
  assert.equal(f.toStrings.goType, 'func(interface {}) []string');
});
