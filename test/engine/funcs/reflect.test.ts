import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reflectFuncs } from '../../../lib/engine/funcs/sprig/reflect.ts';
import { deepEqual } from '../../../lib/go/deepequal.ts';
import {
  GoFunc,
  GoStruct,
  MAP_OF_STRING,
  SLICE_OF_INT,
  SLICE_OF_STRING,
  goInt,
  goInt64,
  goMap,
  withType,
} from '../../../lib/go/value.ts';
import type { GoValue, TypeInfo } from '../../../lib/go/value.ts';

function call(name: string, ...args: GoValue[]): GoValue {
  const f = reflectFuncs[name];
  assert.ok(f, `no function ${name}`);
  return f.fn(...args);
}

const VALUES: TypeInfo = {
  name: 'chartutil.Values',
  elem: 'interface {}',
  underlying: 'map[string]interface {}',
};
const semver = (): GoStruct =>
  new GoStruct({ type: '*semver.Version', pointer: true, native: { major: 1n, minor: 0n } });

test('kindOf prints reflect.Kind names', () => {
  assert.equal(call('kindOf', goInt(1)), 'int');
  assert.equal(call('kindOf', 1.5), 'float64');
  assert.equal(call('kindOf', 's'), 'string');
  assert.equal(call('kindOf', true), 'bool');
  assert.equal(call('kindOf', null), 'invalid');
  assert.equal(call('kindOf', []), 'slice');
  assert.equal(call('kindOf', new Uint8Array(0)), 'slice');
  assert.equal(call('kindOf', withType(goMap(), VALUES)), 'map');
  assert.equal(call('kindOf', semver()), 'ptr');
  assert.equal(call('kindOf', new GoStruct({ type: 'time.Time', pointer: false })), 'struct');
  assert.equal(call('kindIs', 'string', 'x'), true);
  assert.equal(call('kindIs', 'float64', 42), true);
  assert.equal(call('kindIs', 'int', 42), false);
  assert.equal(call('kindIs', 'invalid', null), true);
  assert.equal(call('kindIs', 'ptr', semver()), true);
});

test('typeOf prints %T; typeIs compares it; typeIsLike also accepts a pointer to the type', () => {
  assert.equal(call('typeOf', null), '<nil>');
  assert.equal(call('typeOf', goInt(1)), 'int');
  assert.equal(call('typeOf', []), '[]interface {}');
  assert.equal(call('typeOf', withType([], SLICE_OF_INT)), '[]int');
  assert.equal(call('typeOf', new Uint8Array(0)), '[]uint8');
  assert.equal(call('typeOf', withType(goMap(), MAP_OF_STRING)), 'map[string]string');
  assert.equal(call('typeOf', withType(goMap(), VALUES)), 'chartutil.Values');
  assert.equal(call('typeOf', semver()), '*semver.Version');
  assert.equal(call('typeIs', 'float64', 42), true);
  assert.equal(call('typeIs', 'int', goInt(1)), true);
  assert.equal(call('typeIs', '*semver.Version', semver()), true);
  assert.equal(call('typeIsLike', 'semver.Version', semver()), true);
  assert.equal(call('typeIsLike', '*semver.Version', semver()), true);
  assert.equal(call('typeIsLike', 'chartutil.Values', withType(goMap(), VALUES)), true);
  assert.equal(call('typeIsLike', 'Values', withType(goMap(), VALUES)), false);
});

test('deepEqual is reflect.DeepEqual: identical types, deeply equal contents', () => {
  const eq = (a: GoValue, b: GoValue): GoValue => call('deepEqual', a, b);
  assert.equal(eq([goInt(1), goInt(2)], [goInt(1), goInt(2)]), true);
  assert.equal(eq([goInt(1), goInt(2)], [goInt(2), goInt(1)]), false);
  assert.equal(eq(goInt(1), 1), false);
  assert.equal(eq(goInt64(1), goInt(1)), false);
  assert.equal(eq('a', 'a'), true);
  assert.equal(eq(null, null), true);
  assert.equal(eq(null, ''), false);
  assert.equal(eq(withType(['a', 'b'], SLICE_OF_STRING), ['a', 'b']), false);
  assert.equal(eq(goMap([['a', null]]), goMap([['b', null]])), false);
  assert.equal(eq(goMap([['a', 1]]), goMap([['a', goInt(1)]])), false);
  assert.equal(eq([], []), true);
  assert.equal(eq(goMap(), goMap()), true);
  assert.equal(eq(withType(goMap(), VALUES), goMap()), false);
  assert.equal(eq(goMap([['a', goMap([['b', [null]]])]]), goMap([['a', goMap([['b', [null]]])]])), true);
  assert.equal(eq(NaN, NaN), false);
  assert.equal(eq(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
  // Distinct pointers to equal values are deeply equal.
  assert.equal(eq(semver(), semver()), true);
  const other = new GoStruct({ type: '*semver.Version', pointer: true, native: { major: 2n, minor: 0n } });
  assert.equal(eq(semver(), other), false);
  const f = new GoFunc({ name: 'f', params: [], fn: () => null });
  assert.equal(eq(f, f), false);
});

test('deepEqual terminates on cyclic values', () => {
  const a = goMap();
  a.set('self', a);
  const b = goMap();
  b.set('self', b);
  assert.equal(deepEqual(a, b), true);
  assert.equal(deepEqual(a, a), true);
});
