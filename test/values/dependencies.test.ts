/**
 * Dependency processing (chartutil.ProcessDependenciesWithMerge, action.CheckDependencies)
 * through prepareRenderValues, against `toJson .Values` and stderr recorded from helm v3.17.3
 * for the same chart trees.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Chart } from '../../lib/chart/index.ts';
import { marshalJSON } from '../../lib/go/json.ts';
import { goInt64, type GoMap, type GoValue } from '../../lib/go/value.ts';
import { checkDependencies, prepareRenderValues, processDependencies } from '../../lib/values/index.ts';
import { parseYaml } from '../../lib/yaml/reader.ts';
import { collector, makeChart, req } from './charts.ts';

/** p → sub three times (aliases s1, s2, s3) → leaf; tags, conditions and both import forms. */
function importChart(): Chart {
  const leaf = makeChart({ name: 'leaf', version: '1.0.0', values: 'stuff: {z: 26}\ncolor: green\nenabled: false\n' });
  const sub = makeChart({
    name: 'sub',
    values: 'exports:\n  data:\n    a: 1\n    keep: child\ninner:\n  x: 1\n  y: child\nleaf:\n  enabled: true\n',
    requires: [
      req('leaf', { version: '1.0.0', condition: 'leaf.enabled', 'import-values': [new Map<string, GoValue>([['child', 'stuff'], ['parent', 'leafstuff']])] }),
    ],
    charts: [leaf],
  });
  return makeChart({
    name: 'p',
    values: 'keep: parent-wins\nfromS2:\n  deep:\n    y: parent\ntags:\n  back: false\n  front: true\ns1:\n  leaf:\n    color: fromparent\n',
    requires: [
      req('sub', { version: '~0.1.0', alias: 's1', 'import-values': ['data'] }),
      req('sub', {
        alias: 's2',
        condition: 's2.on,global.s2on',
        tags: ['back'],
        'import-values': [new Map<string, GoValue>([['child', 'inner'], ['parent', 'fromS2.deep']])],
      }),
      req('sub', { alias: 's3', tags: ['front', 'back'] }),
    ],
    charts: [sub],
  });
}

const names = (c: Chart): string[] => c.dependencies.map((d) => d.metadata.name ?? '');
const render = (chart: Chart, user: GoMap = new Map()): GoMap => prepareRenderValues(chart, user, { skipSchemaValidation: true, warn: () => {} });

describe('processDependencies', () => {
  it('aliases one chart twice into distinct subcharts, tags disable, import-values both forms', () => {
    const chart = importChart();
    const vals = render(chart);
    assert.deepEqual(names(chart), ['s1', 's3']);
    assert.deepEqual(
      chart.metadata.dependencies?.map((d) => d?.name),
      ['s1', 's3'],
    );
    assert.notEqual(chart.dependencies[0], chart.dependencies[1]);
    assert.equal(
      marshalJSON(vals),
      '{"a":1,"fromS2":{"deep":{"true":"parent"}},"keep":"parent-wins","s1":{"exports":{"data":{"a":1,"keep":"child"}},"global":{},"inner":{"true":"child","x":1},"leaf":{"color":"fromparent","enabled":true,"global":{},"stuff":{"z":26}},"leafstuff":{"z":26}},"s3":{"exports":{"data":{"a":1,"keep":"child"}},"global":{},"inner":{"true":"child","x":1},"leaf":{"color":"green","enabled":true,"global":{},"stuff":{"z":26}}},"tags":{"back":false,"front":true}}',
    );
    // The leaf Dependency is shared by the copies: only the first one processed imports.
    assert.equal(chart.dependencies[0].parent, chart);
    assert.deepEqual(names(chart.dependencies[0]), ['leaf']);
  });
  it('conditions override tags, paths are relative to the parent subchart', () => {
    const chart = importChart();
    const user = parseYaml('s2: {"on": true}\ns1: {leaf: {enabled: false}}\ntags: {back: true}\n');
    const vals = render(chart, user);
    assert.deepEqual(names(chart), ['s1', 's2', 's3']);
    assert.deepEqual(names(chart.dependencies[0]), []);
    assert.equal(
      marshalJSON(vals),
      '{"a":1,"fromS2":{"deep":{"true":"parent","x":1}},"keep":"parent-wins","s1":{"exports":{"data":{"a":1,"keep":"child"}},"global":{},"inner":{"true":"child","x":1},"leaf":{"color":"fromparent","enabled":false}},"s2":{"exports":{"data":{"a":1,"keep":"child"}},"global":{},"inner":{"true":"child","x":1},"leaf":{"color":"green","enabled":true,"global":{},"stuff":{"z":26}},"leafstuff":{"z":26},"on":true},"s3":{"exports":{"data":{"a":1,"keep":"child"}},"global":{},"inner":{"true":"child","x":1},"leaf":{"color":"green","enabled":true,"global":{},"stuff":{"z":26}}},"tags":{"back":true,"front":true}}',
    );
  });
  it('a disabled subchart keeps the values the user gave it', () => {
    const sub = makeChart({ name: 'sub', version: '0.2.0', values: 'x: 1\nonlySub: s\n' });
    const chart = makeChart({ name: 'p', requires: [req('sub', { version: '0.2.0', condition: 'sub.enabled' })], charts: [sub] });
    const vals = render(chart, parseYaml('sub:\n  enabled: false\n'));
    assert.deepEqual(names(chart), []);
    assert.equal(marshalJSON(vals), '{"sub":{"enabled":false}}');
  });
  it('warns like Helm about non-bool tags and conditions and missing import tables', () => {
    const sub = makeChart({ name: 'sub' });
    const chart = makeChart({
      name: 'p',
      requires: [
        req('sub', {
          condition: 'sub.enabled,x.y',
          tags: ['t1', 't2'],
          'import-values': ['missing', new Map<string, GoValue>([['child', 'nope.x'], ['parent', 'foo']])],
        }),
      ],
      charts: [sub],
    });
    const { lines, warn } = collector();
    processDependencies(chart, parseYaml('sub: {enabled: 3}\ntags: {t1: str}\nx: {"y": zz}\n'), warn);
    assert.deepEqual(lines, [
      "dependencies.go:94: Warning: Tag 't1' for chart sub returned non-bool value",
      "dependencies.go:63: Warning: Condition path 'sub.enabled' for chart sub returned non-bool value",
      "dependencies.go:63: Warning: Condition path 'x.y' for chart sub returned non-bool value",
      'dependencies.go:286: Warning: ImportValues missing table: "exports" is not a table',
      'dependencies.go:269: Warning: ImportValues missing table from chart sub: "nope" is not a table',
    ]);
  });
  it('a chart whose version does not satisfy the constraint stays, un-aliased', () => {
    const sub = makeChart({ name: 'sub', version: '0.1.0' });
    const chart = makeChart({ name: 'p', requires: [req('sub', { version: '9.9.9', alias: 'other' })], charts: [sub] });
    render(chart);
    assert.deepEqual(names(chart), ['sub']);
  });
  it('an empty version constraint matches nothing', () => {
    const sub = makeChart({ name: 'sub', version: '0.1.0' });
    const chart = makeChart({
      name: 'p',
      requires: [req('sub', { version: undefined, alias: 's1' }), req('sub', { version: '>=0.1.0', alias: 's2' })],
      charts: [sub],
    });
    render(chart);
    assert.deepEqual(names(chart), ['s2']);
  });
  it('logs the coalescing warnings of both passes, as helm template does', () => {
    const sub = makeChart({ name: 'sub', values: 'color: green\n' });
    const chart = makeChart({ name: 'p', requires: [req('sub')], charts: [sub] });
    const { lines, warn } = collector();
    prepareRenderValues(chart, new Map([['sub', new Map([['global', goInt64(3)]])]]), { skipSchemaValidation: true, warn });
    assert.deepEqual(lines, [
      'coalesce.go:138: warning: skipping globals because destination global is not a table.',
      'coalesce.go:298: warning: cannot overwrite table with non table for p.sub.global (map[])',
      'coalesce.go:138: warning: skipping globals because destination global is not a table.',
    ]);
  });
});

describe('checkDependencies', () => {
  it('names every Chart.yaml dependency missing from charts/', () => {
    const chart = makeChart({ name: 'p', requires: [req('a'), req('sub'), req('b')], charts: [makeChart({ name: 'sub' })] });
    assert.throws(() => checkDependencies(chart), {
      message:
        'An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: a, b',
    });
  });
  it('ignores versions and passes when everything is there', () => {
    const chart = makeChart({ name: 'p', requires: [req('sub', { version: '9.9.9' })], charts: [makeChart({ name: 'sub' })] });
    checkDependencies(chart);
  });
});
