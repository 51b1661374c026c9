/**
 * The schema interpreter against ajv: for every schema it accepts, it must report ajv's error
 * objects exactly (keyword, paths, params, schema, data, order). Checked on hand-written
 * schemas covering every keyword, and on the values.schema.json of every corpus chart with the
 * chart's own values and many mutations of them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { interpretSchema, type Json, type SchemaError } from '../../lib/values/schema-interpreter.ts';
import { compileWithAjv, parseSchema, toJson } from '../../lib/values/schema.ts';
import { parseYaml } from '../../lib/yaml/reader.ts';
import { random } from '../random.ts';

const pick = (errors: readonly SchemaError[] | null): unknown =>
  errors === null
    ? null
    : errors.map((e) => ({
        keyword: e.keyword,
        instancePath: e.instancePath,
        schemaPath: e.schemaPath,
        params: e.params,
        schema: e.schema,
        data: e.data,
      }));

function same(schema: Json, instances: readonly Json[], label: string): void {
  const interpreted = interpretSchema(schema);
  assert.ok(interpreted, `${label}: expected the interpreter to accept the schema`);
  const ajv = compileWithAjv(schema);
  for (const instance of instances) {
    assert.deepEqual(
      pick(interpreted(instance)),
      pick(ajv(instance)),
      `${label}: ${JSON.stringify(instance).slice(0, 300)}`,
    );
  }
}

const POOL: Json[] = [
  'x',
  '',
  'ab/c~d',
  0,
  -1,
  1.5,
  70000,
  3,
  true,
  false,
  null,
  [],
  [1, 'a', 1],
  ['a', 'a'],
  {},
  { unknown: 1 },
  'http://example.com/x',
  '1.2.3.4',
  '2020-01-01',
  'a@b.co',
  'Always',
  'IfNotPresent',
];

/** A copy of `v` with leaves replaced, keys dropped or added at a rate of `rate`. */
function mutate(v: Json, next: () => number, rate: number): Json {
  if (next() < rate) return structuredClone(POOL[Math.floor(next() * POOL.length)]);
  if (Array.isArray(v)) return v.map((item) => mutate(item, next, rate));
  if (v !== null && typeof v === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, item] of Object.entries(v)) {
      if (next() < rate / 2) continue;
      out[k] = mutate(item, next, rate);
    }
    if (next() < rate)
      out[`extra${Math.floor(next() * 10)}`] = structuredClone(POOL[Math.floor(next() * POOL.length)]);
    return out;
  }
  return v;
}

describe('interpreter reports what ajv reports', () => {
  it('every keyword', () => {
    const schema: Json = {
      type: 'object',
      required: ['zz', 'a'],
      definitions: {
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        name: { type: 'string', pattern: '^[a-z]+$' },
      },
      properties: {
        t: { type: ['string', 'integer'] },
        e: { enum: ['a', 1, null, { k: 'v' }] },
        c: { const: 'x' },
        co: { const: { a: [1] } },
        p: { type: 'string', pattern: '^a+$', minLength: 3, maxLength: 5 },
        f: { type: 'string', format: 'ipv4' },
        fn: { format: 'int32' },
        fu: { format: 'no-such-format' },
        ap: {
          type: 'object',
          additionalProperties: false,
          properties: { ok: {} },
          minProperties: 5,
          maxProperties: 1,
        },
        aps: { additionalProperties: { type: 'string' }, patternProperties: { '^x-': { type: 'integer' } } },
        any: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 10 }] },
        one: { oneOf: [{ type: 'string' }, { type: 'string' }, { minLength: 1 }] },
        one2: { oneOf: [{ type: 'integer' }, { type: 'boolean' }] },
        arr: { type: 'array', items: { type: 'integer' }, minItems: 5, maxItems: 1, uniqueItems: true },
        arr2: { items: { type: ['string', 'integer'] }, uniqueItems: true },
        arr3: { uniqueItems: true },
        tup: { items: [{ type: 'string' }, false], additionalItems: { type: 'boolean' } },
        tup2: { items: [{ type: 'string' }], additionalItems: false, contains: { const: 5 } },
        nt: { not: { type: 'string' } },
        ntv: { not: {} },
        b: { type: 'boolean' },
        o: { type: 'object', required: ['q'], dependencies: { a: ['b', 'c'], d: { required: ['e'] } } },
        fl: false,
        n: { type: 'number', minimum: 1.5, exclusiveMinimum: 100, exclusiveMaximum: 0, multipleOf: 7 },
        nn: { type: 'number' },
        ii: { type: 'integer', maximum: 3 },
        ref: { $ref: '#/definitions/port' },
        ref2: { $ref: '#/definitions/name', minLength: 10 },
        ifs: {
          if: { properties: { a: { const: 1 } } },
          then: { required: ['b'] },
          else: { required: ['c'] },
        },
        ift: { if: { type: 'string' }, then: { minLength: 3 } },
        all: { allOf: [{ type: 'string' }, { minLength: 2 }, {}] },
        pn: { propertyNames: { maxLength: 1, pattern: '^[a-z]$' } },
        'we/ird~key': { type: 'string' },
        nest: {
          properties: {
            deep: { properties: { deeper: { type: 'array', items: { $ref: '#/definitions/port' } } } },
          },
        },
        ct: { contains: true },
        un: { oneOf: [{}, true] },
      },
    };
    const instances: Json[] = [
      {},
      { zz: 1, a: 1 },
      {
        t: 1.5,
        e: 'b',
        c: 'y',
        co: { a: [2] },
        p: 'bbbbbbb',
        f: '1.2.3',
        fn: 1e12,
        fu: 'x',
        ap: { x: 1, ok: 2 },
        aps: { 'x-1': 'a', y: 2 },
        any: 3,
        one: 's',
        one2: 1.5,
        arr: [1, 1, 'a'],
        arr2: [1, '1', 1, '1'],
        arr3: [{ a: 1 }, [1], { a: 1 }, 1, 2, 2],
        tup: ['a', 1, true, 2],
        tup2: [1, 2],
        nt: 's',
        ntv: 1,
        b: null,
        o: { a: 1, d: 1 },
        fl: 1,
        n: 2.5,
        nn: 'x',
        ii: 2.5,
        ref: 70000,
        ref2: 'ABC',
        ifs: { a: 1 },
        ift: 'ab',
        all: 1,
        pn: { ab: 1, B: 2 },
        'we/ird~key': 5,
        nest: { deep: { deeper: [1, 'x', 0] } },
        ct: [],
        un: 1,
      },
      {
        ifs: { a: 2 },
        one: 5,
        any: 'ok',
        arr: [1, 2, 1, 2],
        arr2: [1, 2, 2, 1],
        tup2: ['a', 5],
        ap: {},
        n: 'str',
        ii: 'str',
        p: 5,
        f: 5,
      },
      { arr: [1, 2, 3, 2, 1], arr3: [1, 2, 2, 1], ct: [1], o: { b: 1 }, pn: {}, all: 'abc', ift: 5 },
      [],
      'text',
      null,
    ];
    same(schema, instances, 'keywords');
  });

  it('boolean and empty roots, ref-only schemas, draft-04 bounds', () => {
    same(false, [{}, 1], 'false root');
    same(true, [{}, 1], 'true root');
    same({}, [{}], 'empty root');
    same(
      {
        definitions: { a: { type: 'string' } },
        properties: { x: { $ref: '#/definitions/a', description: 'no rules besides the ref' } },
      },
      [{ x: 1 }, { x: 'a' }],
      'ref only',
    );
    same(
      parseSchema(
        '{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"q":{"maximum":3,"exclusiveMaximum":true}}}',
      ),
      [{ q: 3 }, { q: 2 }],
      'draft-04',
    );
  });

  it('recursive and root references run as functions of their own', () => {
    const tree: Json = {
      definitions: {
        node: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/definitions/node' } },
          },
        },
        leaf: { enum: [1, 2] },
        hop: { properties: { leaf: { $ref: '#/definitions/leaf' } }, minProperties: 1 },
      },
      properties: {
        root: { $ref: '#/definitions/node' },
        self: { $ref: '#' },
        hop: { $ref: '#/definitions/hop' },
        any: { anyOf: [{ $ref: '#/definitions/node' }, { $ref: '#/definitions/leaf' }] },
      },
    };
    same(
      tree,
      [
        {
          root: { name: 'a', children: [{ name: 1 }, { children: [{ name: 'x', children: [{}] }] }] },
          self: { self: { root: 5, hop: {} } },
          hop: { leaf: 3 },
          any: { name: 2 },
        },
      ],
      'recursive',
    );
  });

  it('defers to ajv where its compilation is special', () => {
    for (const schema of [
      {
        definitions: { a: { $ref: '#/definitions/b' }, b: { type: 'string' } },
        properties: { x: { $ref: '#/definitions/a' } },
      },
      { properties: { a: { $ref: '#/properties/b/items' }, b: { items: [{ type: 'string' }] } } },
      { properties: { a: { $id: 'x', type: 'string' } } },
      { properties: { a: { type: 'string', nullable: true } } },
      { properties: { a: { minimum: '1' } } },
      { properties: { a: null } },
      { properties: { a: { type: 'text' } } },
      { properties: { a: { pattern: '(' } } },
      { properties: { a: { enum: [] } } },
      { id: 'draft-04 style' },
    ] as Json[]) {
      assert.equal(interpretSchema(schema), null, JSON.stringify(schema));
    }
  });

  const corpus = join(
    process.env.SLIPWAY_SHARED ?? resolve(import.meta.dirname, '..', '..', '..', 'shared'),
    'conformance',
    'charts',
  );
  it('corpus charts: their values and mutations of them', () => {
    assert.ok(existsSync(corpus), `the conformance corpus is expected at ${corpus}`);
    let checked = 0;
    const deferred: string[] = [];
    for (const kase of readdirSync(corpus).sort()) {
      for (const dir of chartDirs(join(corpus, kase, 'chart'))) {
        const schemaFile = join(dir, 'values.schema.json');
        if (!existsSync(schemaFile)) continue;
        let schema: Json;
        try {
          schema = parseSchema(readFileSync(schemaFile, 'utf8'));
        } catch {
          continue; // refused before validation (a remote $ref), whichever validator runs
        }
        const valuesFile = join(dir, 'values.yaml');
        const values = existsSync(valuesFile) ? toJson(parseYaml(readFileSync(valuesFile, 'utf8'))) : {};
        const next = random(checked + 1);
        const instances = [
          values,
          ...Array.from({ length: 24 }, (_, i) => mutate(values, next, 0.02 + (i % 6) * 0.05)),
        ];
        const label = schemaFile.slice(corpus.length + 1);
        if (interpretSchema(schema) === null) {
          deferred.push(label);
          continue;
        }
        same(schema, instances, label);
        checked++;
      }
    }
    assert.ok(checked >= 20, `only ${checked} corpus schemas`);
    // Only schemas with references to other documents go to ajv.
    assert.deepEqual(deferred, ['app-template/chart/charts/common/values.schema.json']);
  });
});

function chartDirs(dir: string): string[] {
  if (!existsSync(join(dir, 'Chart.yaml'))) return [];
  const out = [dir];
  const charts = join(dir, 'charts');
  if (existsSync(charts))
    for (const sub of readdirSync(charts).sort()) out.push(...chartDirs(join(charts, sub)));
  return out;
}
