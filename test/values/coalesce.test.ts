/**
 * Coalescing chart defaults with user values (chartutil/coalesce.go, v3.17.3). Expected
 * values and log lines were recorded with the real helm binary (`toJson .Values` in the
 * parent and in the subchart, stderr for the warnings).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marshalJSON } from '../../lib/go/json.ts';
import { goInt64, type GoMap, type GoValue } from '../../lib/go/value.ts';
import { coalesceTables, coalesceValues, mergeValues } from '../../lib/values/coalesce.ts';
import { parseYaml } from '../../lib/yaml/reader.ts';
import { collector, makeChart } from './charts.ts';

function parentWithSub(parentValues: string, subValues: string) {
  const sub = makeChart({ name: 'sub', values: subValues });
  return makeChart({ name: 'p', values: parentValues, charts: [sub] });
}
const P_VALUES = 'sub:\n  color: parentred\n  nested: {a: 1, b: 2}\ntop: {x: 1, y: 2}\n';
const SUB_VALUES = 'color: green\nshape: round\nnested: {a: 10, c: 3}\n';
const user = (pairs: [string, GoValue][]): GoMap => new Map(pairs);

describe('coalesceValues', () => {
  it('user nulls delete defaults at every level, subchart sections included', () => {
    const chart = parentWithSub(P_VALUES, SUB_VALUES);
    const { lines, warn } = collector();
    const vals = coalesceValues(
      chart,
      user([
        ['sub', user([['color', null], ['shape', null], ['nested', user([['a', null]])]])],
        ['top', user([['x', null]])],
      ]),
      warn,
    );
    assert.equal(marshalJSON(vals), '{"sub":{"global":{},"nested":{"b":2,"c":3}},"top":{"true":2}}');
    assert.deepEqual(lines, []);
  });
  it('keeps user nulls for keys the chart does not define', () => {
    const vals = coalesceValues(makeChart({ name: 'p', values: 'a: 1' }), user([['n7', null]]));
    assert.equal(marshalJSON(vals), '{"a":1,"n7":null}');
  });
  it('mergeValues keeps nulls', () => {
    const chart = makeChart({ name: 'p', values: 'a: 1\nb: {c: 2}' });
    assert.equal(marshalJSON(mergeValues(chart, user([['a', null], ['b', user([['c', null]])]]))), '{"a":null,"b":{"c":null}}');
  });
  it('does not modify the chart defaults or the user values', () => {
    const chart = parentWithSub(P_VALUES, SUB_VALUES);
    const u = user([['sub', user([['nested', user([['a', null]])]])]]);
    coalesceValues(chart, u, () => {});
    assert.equal(marshalJSON(chart.values), '{"sub":{"color":"parentred","nested":{"a":1,"b":2}},"top":{"true":2,"x":1}}');
    assert.equal(marshalJSON(u), '{"sub":{"nested":{"a":null}}}');
  });
  it('logs table conflicts with Helm source positions', () => {
    const chart = parentWithSub(P_VALUES, SUB_VALUES);
    const { lines, warn } = collector();
    coalesceValues(
      chart,
      user([
        ['sub', user([['nested', goInt64(5)]])],
        ['top', user([['x', user([['y', goInt64(1)]])]])],
        ['global', goInt64(3)],
      ]),
      warn,
    );
    assert.deepEqual(lines.sort(), [
      'coalesce.go:145: warning: skipping globals because source global is not a table.',
      'coalesce.go:298: warning: cannot overwrite table with non table for p.sub.nested (map[a:1 b:2])',
      'coalesce.go:301: warning: destination for p.top.x is a table. Ignoring non-table value (1)',
    ]);
  });
  it('logs a user table over a chart scalar', () => {
    const { lines, warn } = collector();
    coalesceValues(parentWithSub(P_VALUES, SUB_VALUES), user([['sub', user([['color', user([['x', goInt64(1)]])]])]]), warn);
    assert.deepEqual(lines.sort(), [
      'coalesce.go:237: warning: skipped value for p.sub.color: Not a table.',
      'coalesce.go:301: warning: destination for p.sub.color is a table. Ignoring non-table value (parentred)',
    ]);
  });
  it('a non-map subchart section is a type mismatch, printed with %t', () => {
    const chart = parentWithSub(P_VALUES, SUB_VALUES);
    assert.throws(() => coalesceValues(chart, user([['sub', goInt64(3)]])), { message: 'type mismatch on sub: %!t(int64=3)' });
    assert.throws(() => coalesceValues(chart, user([['sub', true]])), { message: 'type mismatch on sub: true' });
    assert.throws(() => coalesceValues(chart, user([['sub', 'x']])), { message: 'type mismatch on sub: %!t(string=x)' });
  });
});

describe('globals', () => {
  it('flow down (parent wins, maps merged) and never up', () => {
    const chart = parentWithSub(
      'global: {a: 1, m: {x: 1, z: 0}}\nsub: {global: {m: {z: 5}}}\n',
      'global: {m: {y: 2, z: 9}, subonly: s}\n',
    );
    const vals = coalesceValues(chart, user([['global', user([['a', goInt64(2)], ['n', null]])]]));
    assert.equal(
      marshalJSON(vals),
      '{"global":{"a":2,"m":{"x":1,"z":0},"n":null},"sub":{"global":{"a":2,"m":{"true":2,"x":1,"z":0},"n":null,"subonly":"s"}}}',
    );
  });
  it('log conflicts between parent and subchart globals', () => {
    const chart = parentWithSub(P_VALUES, SUB_VALUES);
    let got = collector();
    coalesceValues(chart, user([['sub', user([['global', goInt64(3)]])]]), got.warn);
    assert.deepEqual(got.lines, ['coalesce.go:138: warning: skipping globals because destination global is not a table.']);
    got = collector();
    coalesceValues(
      chart,
      user([
        ['sub', user([['global', user([['m', goInt64(3)]])]])],
        ['global', user([['m', user([['a', goInt64(1)]])]])],
      ]),
      got.warn,
    );
    assert.deepEqual(got.lines, ['coalesce.go:161: Conflict: cannot merge map onto non-map for "m". Skipping.']);
    got = collector();
    coalesceValues(chart, parseYaml('global:\n  m: 3\nsub:\n  global:\n    m: {a: 1}\n'), got.warn);
    assert.deepEqual(got.lines, ['coalesce.go:175: key m is table. Skipping']);
  });
});

describe('coalesceTables', () => {
  it('dst wins, a dst null deletes, nested maps merge', () => {
    const dst = parseYaml('a: 1\nb: null\nc: {d: 1}\n');
    const src = parseYaml('a: 2\nb: 3\nc: {d: 2, e: 3}\nf: 4\n');
    assert.equal(marshalJSON(coalesceTables(dst, src)), '{"a":1,"c":{"d":1,"e":3},"f":4}');
  });
});
