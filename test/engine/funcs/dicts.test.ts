import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dictFuncs } from '../../../lib/engine/funcs/sprig/dicts.ts';
import { marshalJSON } from '../../../lib/go/json.ts';
import { sprint } from '../../../lib/go/fmt.ts';
import { GoError, GoStruct, MAP_OF_STRING, goInt, goMap, typeName, withType } from '../../../lib/go/value.ts';
import type { GoMap, GoValue, TypeInfo } from '../../../lib/go/value.ts';

function call(name: string, ...args: GoValue[]): GoValue {
  const f = dictFuncs[name];
  assert.ok(f, `no function ${name}`);
  return f.fn(...args);
}

const show = (v: GoValue): string => sprint([v]);
const json = (v: GoValue): string => marshalJSON(v);
const dict = (...kv: GoValue[]): GoMap => call('dict', ...kv) as GoMap;

function throwsGo(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
}

const VALUES: TypeInfo = {
  name: 'chartutil.Values',
  elem: 'interface {}',
  underlying: 'map[string]interface {}',
};

test('dict pairs keys (through strval) with values', () => {
  assert.equal(show(dict('b', goInt(2), 'a', goInt(1))), 'map[a:1 b:2]');
  assert.equal(show(dict('a', goInt(1), 'b')), 'map[a:1 b:]');
  assert.equal(show(dict(null, 'x')), 'map[<nil>:x]');
  assert.equal(show(dict(goInt(1), 'one', true, 't')), 'map[1:one true:t]');
  assert.equal(show(dict('a', goInt(1), 'a', goInt(2))), 'map[a:2]');
  assert.equal(typeName(dict()), 'map[string]interface {}');
});

test('get, hasKey, set, unset; set/unset mutate and return the map', () => {
  const values = withType(goMap([['str', 'hello']]), VALUES);
  assert.equal(show(call('get', dict('a', goInt(1)), 'a')), '1');
  assert.equal(call('get', dict('a', goInt(1)), 'b'), '');
  assert.equal(call('get', values, 'str'), 'hello');
  assert.equal(call('hasKey', values, 'str'), true);
  assert.equal(call('hasKey', values, 'zz'), false);
  const d = dict('a', goInt(1));
  assert.equal(call('set', d, 'b', goInt(2)), d);
  assert.equal(show(d), 'map[a:1 b:2]');
  call('set', values, 'injected', 'yes');
  assert.equal(values.get('injected'), 'yes');
  assert.equal(call('unset', d, 'a'), d);
  assert.equal(show(d), 'map[b:2]');
  assert.equal(show(call('unset', dict('a', goInt(1)), 'zz')), 'map[a:1]');
  // A literal nil is a nil map: readable, but assignment panics.
  assert.equal(call('get', null, 'a'), '');
  assert.equal(call('hasKey', null, 'a'), false);
  throwsGo(() => call('set', null, 'a', goInt(1)), 'assignment to entry in nil map');
});

// Recorded from helm v3.17.3: `typeOf (set .Values "x" 1)`, `typeOf (unset $ "x")` and
// `typeOf (merge $ (dict))` are all `map[string]interface {}` (Go converted chartutil.Values to
// the parameter's type), while writes still reach `.Values`; `(merge .Values (dict)).AsMap` is a
// key lookup (`<no value>`), not the Values method.
test('set, unset and merge return a named map as the map[string]interface {} they were given', () => {
  const values = withType(goMap([['str', 'hello']]), VALUES);
  for (const result of [
    call('set', values, 'k', goInt(1)),
    call('unset', values, 'nope'),
    call('merge', values, dict('m', goInt(2))),
    call('mustMergeOverwrite', values, dict('o', goInt(3))),
  ]) {
    assert.equal(typeName(result), 'map[string]interface {}');
    assert.ok(result instanceof Map);
  }
  assert.equal(typeName(values), 'chartutil.Values');
  assert.equal(show(values), 'map[k:1 m:2 o:3 str:hello]');
  // The result is the same map: writes through it reach .Values, and it reads as .Values.
  const view = call('set', values, 'via', 'view') as GoMap;
  call('set', view, 'again', goInt(4));
  call('unset', view, 'k');
  assert.equal(show(values), 'map[again:4 m:2 o:3 str:hello via:view]');
  assert.equal(show(view), show(values));
  assert.equal(json(view), json(values));
  assert.equal(view.size, values.size);
  assert.deepEqual([...view.keys()], [...values.keys()]);
  // A plain map comes back as itself.
  const d = dict('a', goInt(1));
  assert.equal(call('merge', d, dict('b', goInt(2))), d);
});

test('pluck, keys, values, pick, omit', () => {
  assert.equal(
    show(call('pluck', 'name', dict('name', 'a'), dict('x', goInt(1)), dict('name', 'b'))),
    '[a b]',
  );
  assert.equal(show(call('pluck', 'z', dict('a', goInt(1)))), '[]');
  assert.equal(show(call('pluck', 'a', null, dict('a', goInt(1)))), '[1]');
  // Keys come out in sorted order per dict (Go's order is random).
  assert.equal(show(call('keys', dict('b', goInt(1), 'a', goInt(2), 'B', goInt(3)))), '[B a b]');
  assert.equal(show(call('keys', dict('a', goInt(1)), dict('b', goInt(2), 'a', goInt(3)))), '[a a b]');
  assert.equal(show(call('keys', dict())), '[]');
  assert.equal(typeName(call('keys', dict())), '[]string');
  assert.equal(show(call('values', dict('a', 'x', 'b', 'y'))), '[x y]');
  assert.equal(show(call('values', null)), '[]');
  const m = dict('b', goInt(2), 'a', goInt(1), 'c', goInt(3));
  assert.equal(show(call('pick', m, 'zz')), 'map[]');
  assert.equal(show(call('pick', m)), 'map[]');
  assert.equal(show(call('pick', dict('1', 'one', '2', 'two'), '2')), 'map[2:two]');
  assert.equal(show(call('omit', m, 'zz')), 'map[a:1 b:2 c:3]');
  assert.equal(show(call('omit', dict('a', goInt(1)), 'a')), 'map[]');
  assert.notEqual(call('omit', m), m);
});

test('merge: dst wins unless its value is empty; maps merge deeply; lists are not merged', () => {
  const dst = dict('a', goInt(1), 'b', goInt(2));
  assert.equal(call('merge', dst, dict('b', goInt(3), 'c', goInt(4))), dst);
  assert.equal(show(dst), 'map[a:1 b:2 c:4]');
  assert.equal(
    json(call('merge', dict('m', dict('x', goInt(1))), dict('m', dict('x', goInt(2), 'y', goInt(3))))),
    '{"m":{"x":1,"y":3}}',
  );
  assert.equal(
    show(call('merge', dict(), dict('a', goInt(1)), dict('a', goInt(2), 'b', goInt(2)), dict('c', goInt(3)))),
    'map[a:1 b:2 c:3]',
  );
  assert.equal(json(call('merge', dict('a', ''), dict('a', 'x'))), '{"a":"x"}');
  assert.equal(json(call('merge', dict('a', goInt(0)), dict('a', goInt(5)))), '{"a":5}');
  assert.equal(json(call('merge', dict('a', null), dict('a', goInt(5)))), '{"a":5}');
  assert.equal(json(call('merge', dict('l', [goInt(1)]), dict('l', [goInt(2), goInt(3)]))), '{"l":[1]}');
  assert.equal(json(call('merge', dict('a', ''), dict('a', [goInt(1)]))), '{"a":[1]}');
  assert.equal(json(call('merge', dict('a', 'x'), dict('a', dict('b', goInt(1))))), '{"a":"x"}');
  assert.equal(show(call('merge', null, dict('a', goInt(1)))), 'map[a:1]');
  assert.equal(show(call('mustMerge', dict('a', goInt(1)), dict('b', goInt(2)))), 'map[a:1 b:2]');
});

test('mergeOverwrite: src wins, even with empty or nil values', () => {
  assert.equal(
    show(call('mergeOverwrite', dict('a', goInt(1), 'b', goInt(2)), dict('b', goInt(3), 'c', goInt(4)))),
    'map[a:1 b:3 c:4]',
  );
  assert.equal(
    json(
      call(
        'mergeOverwrite',
        dict('m', dict('x', goInt(1), 'z', goInt(0))),
        dict('m', dict('x', goInt(2), 'y', goInt(3))),
      ),
    ),
    '{"m":{"x":2,"y":3,"z":0}}',
  );
  assert.equal(show(call('mustMergeOverwrite', dict('a', goInt(1)), dict('a', goInt(2)))), 'map[a:2]');
  assert.equal(json(call('mergeOverwrite', dict('a', goInt(1)), dict('a', null))), '{"a":null}');
  assert.equal(json(call('mergeOverwrite', dict('a', 'x'), dict('a', ''))), '{"a":""}');
  assert.equal(json(call('mergeOverwrite', dict('a', [goInt(1)]), dict('a', []))), '{"a":[]}');
  assert.equal(json(call('mergeOverwrite', dict('a', 'x'), dict('a', dict('b', goInt(1))))), '{"a":{"b":1}}');
  assert.equal(json(call('mergeOverwrite', dict('a', dict('b', goInt(1))), dict('a', 's'))), '{"a":"s"}');
});

test('merge of a map into a pointer: mergo’s type error (swallowed by merge)', () => {
  const ptr = (): GoStruct => new GoStruct({ type: '*semver.Version', pointer: true });
  assert.equal(call('merge', dict('a', ptr()), dict('a', dict('x', goInt(1)))), '');
  throwsGo(
    () => call('mustMerge', dict('a', ptr()), dict('a', dict('x', goInt(1)))),
    'src and dst must be of same type',
  );
});

test('merge into a typed map checks assignability like reflect.Value.SetMapIndex', () => {
  const typed = withType(goMap([['_0', 'a']]), MAP_OF_STRING);
  throwsGo(
    () => call('mergeOverwrite', dict('m', typed), dict('m', dict('_0', goInt(1)))),
    'reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  );
  // Without overwrite a new key is stored too, with the same check.
  throwsGo(
    () => call('merge', dict('m', withType(goMap([['_0', 'a']]), MAP_OF_STRING)), dict('m', dict('_1', 'b'))),
    'reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
  );
});

test('merging a list into a typed map slot asks reflect for IsNil on a non-nilable kind', () => {
  const typed = withType(goMap([['_0', 'a']]), MAP_OF_STRING);
  throwsGo(
    () => call('merge', dict('m', typed), dict('m', dict('_0', [goInt(1)]))),
    'reflect: call of reflect.Value.IsNil on string Value',
  );
});

test('merge of a map into a struct with exported fields is a reflect panic', () => {
  const chart = new GoStruct({
    type: 'struct { chart.Metadata; IsRoot bool }',
    pointer: false,
    fields: [{ name: 'IsRoot', type: 'bool', value: true }],
  });
  throwsGo(
    () => call('merge', dict('c', chart), dict('c', dict('x', goInt(1)))),
    'reflect: call of reflect.Value.Field on map Value',
  );
});

test('dig walks map[string]interface {} only', () => {
  const nested = dict('a', dict('b', dict('c', 'deep')));
  assert.equal(call('dig', 'a', 'b', 'c', 'dflt', nested), 'deep');
  assert.equal(call('dig', 'a', 'x', 'c', 'dflt', nested), 'dflt');
  throwsGo(
    () => call('dig', 'a', 'b', 'c', 'x', 'dflt', nested),
    'interface conversion: interface {} is string, not map[string]interface {}',
  );
  throwsGo(() => call('dig', 'a', nested), 'dig needs at least three arguments');
  throwsGo(
    () => call('dig', 'a', 'd', withType(goMap(), VALUES)),
    'interface conversion: interface {} is chartutil.Values, not map[string]interface {}',
  );
  throwsGo(
    () => call('dig', 'a', 'd', null),
    'interface conversion: interface {} is nil, not map[string]interface {}',
  );
  throwsGo(
    () => call('dig', 'a', goInt(1), 'd', dict()),
    'interface conversion: interface {} is int, not string',
  );
  throwsGo(
    () => call('dig', 'nil', 'x', 'd', dict('nil', null)),
    'interface conversion: interface {} is nil, not map[string]interface {}',
  );
  assert.equal(call('dig', 'nil', 'd', dict('nil', null)), null);
});
