import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listFuncs } from '../../../lib/engine/funcs/sprig/lists.ts';
import { sprint } from '../../../lib/go/fmt.ts';
import {
  GoError,
  SLICE_OF_INT,
  SLICE_OF_STRING,
  goInt,
  goInt64,
  goMap,
  typeName,
  withType,
} from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';

/** Calls a list function the way the executor does, after argument conversion. */
function call(name: string, ...args: GoValue[]): GoValue {
  const f = listFuncs[name];
  assert.ok(f, `no function ${name}`);
  return f.fn(...args);
}

/** Prints a result as `{{ . }}` would. */
const show = (v: GoValue): string => sprint([v]);

function throwsGo(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
}

const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';
const abc = (): GoValue[] => ['a', 'b', 'c'];
const ints = (...n: number[]): GoValue[] => n.map((x) => goInt(x));
const strs = (...s: string[]): GoValue[] => withType([...s], SLICE_OF_STRING);

test('list and tuple return their arguments as []interface {}', () => {
  assert.equal(show(call('list')), '[]');
  assert.equal(show(call('list', ints(1, 2), goMap([['a', goInt(1)]]))), '[[1 2] map[a:1]]');
  assert.equal(show(call('tuple', goInt(1), goInt(2))), '[1 2]');
  assert.equal(typeName(call('list', 'x')), '[]interface {}');
});

test('first/last/rest/initial', () => {
  assert.equal(call('first', abc()), 'a');
  assert.equal(call('mustFirst', abc()), 'a');
  assert.equal(call('first', []), null);
  assert.equal(call('last', abc()), 'c');
  assert.equal(call('mustLast', []), null);
  assert.equal(show(call('rest', [])), '[]');
  assert.equal(show(call('rest', ints(1))), '[]');
  assert.equal(show(call('rest', abc())), '[b c]');
  assert.equal(show(call('initial', [])), '[]');
  assert.equal(show(call('initial', ints(1))), '[]');
  assert.equal(show(call('initial', abc())), '[a b]');
  // A typed slice is read through reflection; its elements keep their type.
  assert.equal(typeName(call('first', strs('a'))), 'string');
  assert.equal(typeName(call('rest', strs('a', 'b'))), '[]interface {}');
});

test('non-list arguments fail with Sprig’s messages; nil dereferences a nil pointer', () => {
  throwsGo(() => call('first', 'abc'), 'Cannot find first on type string');
  throwsGo(() => call('mustRest', 'abc'), 'Cannot find rest on type string');
  throwsGo(() => call('initial', 'x'), 'Cannot find initial on type string');
  throwsGo(() => call('reverse', 'abc'), 'Cannot find reverse on type string');
  throwsGo(() => call('mustWithout', 'abc', 'a'), 'Cannot find without on type string');
  throwsGo(() => call('append', 'abc', 'd'), 'Cannot push on type string');
  throwsGo(() => call('mustAppend', 'abc', 'd'), 'Cannot push on type string');
  throwsGo(() => call('append', goInt(3), ints(1, 2)), 'Cannot push on type int');
  throwsGo(() => call('prepend', 'x', goInt(0)), 'Cannot prepend on type string');
  throwsGo(() => call('has', goInt(1), 'abc'), 'Cannot find has on type string');
  throwsGo(() => call('chunk', goInt(2), 'abc'), 'Cannot chunk type string');
  throwsGo(() => call('concat', ints(1), 'abc'), 'Cannot concat type string as list');
  throwsGo(() => call('mustSlice', 'abc', goInt(1)), 'list should be type of slice or array but string');
  for (const name of ['first', 'last', 'reverse', 'uniq', 'without']) {
    throwsGo(() => call(name, null), NIL_DEREF);
  }
  throwsGo(() => call('append', null, 'x'), NIL_DEREF);
  throwsGo(() => call('concat', ints(1), null), NIL_DEREF);
  throwsGo(() => call('chunk', goInt(2), null), NIL_DEREF);
});

test('append/prepend copy the list', () => {
  const l = ints(1, 2);
  assert.equal(show(call('append', l, goInt(3))), '[1 2 3]');
  assert.equal(show(l), '[1 2]');
  assert.equal(show(call('push', ints(1), ints(2, 3))), '[1 [2 3]]');
  assert.equal(show(call('append', strs('1', '2'), '3')), '[1 2 3]');
  assert.equal(typeName(call('append', strs('1'), '3')), '[]interface {}');
  assert.equal(show(call('prepend', ints(1), goInt(0))), '[0 1]');
  assert.equal(show(call('mustPrepend', [], 'x')), '[x]');
});

test('reverse, uniq, without, has compare with reflect.DeepEqual (types matter)', () => {
  assert.equal(show(call('reverse', abc())), '[c b a]');
  assert.equal(show(call('reverse', [])), '[]');
  assert.equal(show(call('reverse', [1, 2, 3])), '[3 2 1]');
  assert.equal(show(call('uniq', [goInt(1), goInt(2), goInt(1), goInt(3), goInt(2), '1'])), '[1 2 3 1]');
  assert.equal(
    show(call('uniq', [goMap([['a', goInt(1)]]), goMap([['a', goInt(1)]]), goMap([['a', goInt(2)]])])),
    '[map[a:1] map[a:2]]',
  );
  assert.equal(show(call('uniq', [goInt(1), 1, goInt64(1), null, null])), '[1 1 1 <nil>]');
  assert.equal(show(call('mustUniq', strs('a', 'a', 'b'))), '[a b]');
  assert.equal(show(call('without', abc(), 'b')), '[a c]');
  assert.equal(show(call('without', ints(1, 2, 3, 4, 2), goInt(2), goInt(4))), '[1 3]');
  // values.yaml numbers are float64: an int literal does not match them.
  assert.equal(show(call('without', [1, 2, 3], goInt(1))), '[1 2 3]');
  assert.equal(show(call('without', [1, 2, 3], 1)), '[2 3]');
  assert.equal(show(call('without', abc())), '[a b c]');
  assert.equal(call('has', 'b', abc()), true);
  assert.equal(call('has', 'z', abc()), false);
  assert.equal(call('has', goInt(1), [1, 2, 3]), false);
  assert.equal(call('mustHas', 1, [1, 2, 3]), true);
  assert.equal(call('has', 'a', strs('a', 'b')), true);
  assert.equal(call('has', goInt(1), null), false);
});

test('slice keeps the list type and checks bounds like reflect.Value.Slice', () => {
  assert.equal(show(call('slice', ints(1, 2, 3, 4), goInt(1), goInt(3))), '[2 3]');
  assert.equal(show(call('slice', ints(1, 2, 3, 4), goInt(1))), '[2 3 4]');
  assert.equal(show(call('slice', ints(1, 2, 3, 4))), '[1 2 3 4]');
  assert.equal(show(call('slice', ints(1, 2, 3), goInt(1), '2')), '[2]');
  assert.equal(typeName(call('slice', strs('a', 'b'), goInt(1))), '[]string');
  assert.equal(call('slice', [], goInt(5)), null);
  throwsGo(() => call('slice', abc(), goInt(-1)), 'reflect.Value.Slice: slice index out of bounds');
  throwsGo(
    () => call('slice', ints(1, 2, 3), goInt(2), goInt(1)),
    'reflect.Value.Slice: slice index out of bounds',
  );
  throwsGo(
    () => call('mustSlice', ints(1, 2, 3), goInt(0), goInt(4)),
    'reflect.Value.Slice: slice index out of bounds',
  );
});

test('concat flattens one level', () => {
  assert.equal(show(call('concat')), '[]');
  assert.equal(show(call('concat', [], ints(1))), '[1]');
  assert.equal(show(call('concat', ints(1), strs('a', 'b'), [ints(2)])), '[1 a b [2]]');
  assert.equal(typeName(call('concat', ints(1))), '[]interface {}');
});

test('chunk splits into [][]interface {}; a size below 1 fails in make()', () => {
  assert.equal(show(call('chunk', goInt(2), ints(1, 2, 3, 4, 5))), '[[1 2] [3 4] [5]]');
  assert.equal(show(call('chunk', goInt(2), ints(1, 2, 3, 4))), '[[1 2] [3 4]]');
  assert.equal(show(call('mustChunk', goInt(2), abc())), '[[a b] [c]]');
  assert.equal(show(call('chunk', goInt(2), [])), '[]');
  assert.equal(show(call('chunk', goInt(-1), ints(1, 2))), '[]');
  assert.equal(typeName(call('chunk', goInt(2), ints(1))), '[][]interface {}');
  throwsGo(() => call('chunk', goInt(0), ints(1)), 'runtime error: makeslice: len out of range');
  throwsGo(() => call('chunk', goInt(-1), ints(1)), 'runtime error: makeslice: len out of range');
});

test('sortAlpha sorts string forms bytewise and returns []string', () => {
  assert.equal(show(call('sortAlpha', ['b', goInt(1), true, 2.5, 'A'])), '[1 2.5 A b true]');
  assert.equal(show(call('sortAlpha', [3, 1, 2])), '[1 2 3]');
  assert.equal(show(call('sortAlpha', [null, 'b', 'a'])), '[a b]');
  assert.equal(typeName(call('sortAlpha', ints(2, 1))), '[]string');
  assert.equal(show(call('sortAlpha', null)), '[<nil>]');
  assert.equal(show(call('sortAlpha', 'x')), '[x]');
  // Go sorts a []string argument in place.
  const l = strs('b', 'a');
  call('sortAlpha', l);
  assert.equal(show(l), '[a b]');
  assert.equal(show(call('sortAlpha', withType(ints(10, 9), SLICE_OF_INT))), '[10 9]');
});
