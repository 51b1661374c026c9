/**
 * values.schema.json validation: gojsonschema's wording and Helm's per-chart report, as the
 * helm v3.17.3 binary printed them for the same schemas and values (gojsonschema's order of
 * several errors follows Go map iteration, so multi-error cases compare sorted lines).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goInt64, type GoMap } from '../../lib/go/value.ts';
import { prepareRenderValues, validateAgainstSingleSchema, validateValuesAgainstSchemas } from '../../lib/values/index.ts';
import { parseYaml } from '../../lib/yaml/reader.ts';
import { makeChart, req } from './charts.ts';

const check = (schema: string, values: string): string => validateAgainstSingleSchema(parseYaml(values), schema);
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '').sort();

describe('gojsonschema descriptions', () => {
  it('type, required, minimum (the verified trio)', () => {
    assert.equal(check('{"type":"object","properties":{"port":{"type":"integer"}}}', 'port: http'), '- port: Invalid type. Expected: integer, given: string\n');
    assert.equal(check('{"type":"object","required":["port"]}', 'other: 1'), '- (root): port is required\n');
    assert.equal(check('{"properties":{"port":{"minimum":1}}}', 'port: 0'), '- port: Must be greater than or equal to 1\n');
  });
  it('integral floats are integers; an empty document is {}', () => {
    assert.equal(check('{"properties":{"port":{"type":"integer"}}}', 'port: 80.0'), '');
    assert.equal(check('{"properties":{"q":{"type":"integer"}}}', 'q: 1e+06'), '');
    assert.equal(check('{"required":["a"]}', ''), '- (root): a is required\n');
    assert.equal(check('{"type":"object"}', ''), '');
  });
  it('every keyword of a recorded run', () => {
    const schema = JSON.stringify({
      type: 'object',
      required: ['zz'],
      properties: {
        t: { type: ['string', 'integer'] },
        e: { enum: ['a', 1, null, { k: 'v' }] },
        c: { const: 'x' },
        p: { type: 'string', pattern: '^a+$', minLength: 3 },
        f: { type: 'string', format: 'ipv4' },
        ap: { type: 'object', additionalProperties: false, properties: { ok: {} }, minProperties: 5 },
        any: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 10 }] },
        one: { oneOf: [{ type: 'string' }, { type: 'string' }] },
        arr: { type: 'array', items: { type: 'integer' }, minItems: 5, uniqueItems: true },
        nt: { not: { type: 'string' } },
        b: { type: 'boolean' },
        o: { type: 'object', required: ['q'] },
        fl: false,
      },
    });
    const values = 't: 1.5\ne: b\nc: "y"\np: bb\nf: 1.2.3\nap: {x: 1}\nany: 3\none: s\narr: [1, 1, a]\nnt: s\nb: null\no: {}\nfl: 1\n';
    assert.deepEqual(
      lines(check(schema, values)),
      [
        '- (root): zz is required',
        '- p: String length must be greater than or equal to 3',
        "- p: Does not match pattern '^a+$'",
        "- f: Does not match format 'ipv4'",
        '- nt: Must not validate the schema (not)',
        '- fl: False always fails validation',
        '- c: c does not match: "x"',
        '- arr.2: Invalid type. Expected: integer, given: string',
        '- arr: Array must have at least 5 items',
        '- arr: array items[0,1] must be unique',
        '- o: q is required',
        '- t: Invalid type. Expected: [string,integer], given: number',
        '- e: e must be one of the following: "a", 1, null, {"k":"v"}',
        '- ap: Must have at least 5 properties',
        '- ap: Additional property x is not allowed',
        '- any: Must validate at least one schema (anyOf)',
        '- any: Must be greater than or equal to 10',
        '- one: Must validate one and only one schema (oneOf)',
        '- b: Invalid type. Expected: boolean, given: null',
      ].sort(),
    );
  });
  it('numbers print as Go float64s; draft-04 exclusive bounds', () => {
    assert.deepEqual(lines(check('{"properties":{"q":{"maximum":1000000,"multipleOf":0.5}}}', 'q: 2000000.3')), [
      '- q: Must be a multiple of 0.5',
      '- q: Must be less than or equal to 1e+06',
    ]);
    assert.deepEqual(lines(check('{"properties":{"q":{"type":"number","minimum":1.5,"exclusiveMinimum":100,"multipleOf":7}}}', 'q: 2.5')), [
      '- q: Must be a multiple of 7',
      '- q: Must be greater than 100',
    ]);
    assert.equal(check('{"properties":{"q":{"type":"number","minimum":1.5,"exclusiveMinimum":true}}}', 'q: 1.5'), '- q: Must be greater than 1.5\n');
    assert.equal(
      check('{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"q":{"maximum":3,"exclusiveMaximum":true}}}', 'q: 3'),
      '- q: Must be less than 3\n',
    );
  });
  it('if/then, allOf, contains, dependencies, propertyNames', () => {
    assert.equal(
      check('{"if":{"properties":{"a":{"const":1}}},"then":{"required":["b"]}}', 'a: 1'),
      '- (root): Must validate "then" as "if" was valid\n- (root): b is required\n',
    );
    assert.equal(
      check('{"properties":{"a":{"allOf":[{"type":"string"},{"minLength":2}]}}}', 'a: 1'),
      '- a: Invalid type. Expected: string, given: integer\n- a: Must validate all the schemas (allOf)\n',
    );
    assert.deepEqual(lines(check('{"properties":{"q":{"items":[{"type":"string"}],"additionalItems":false,"contains":{"type":"string"}}}}', 'q: [1, 2]')), [
      '- q.0: Invalid type. Expected: string, given: integer',
      '- q.0: Invalid type. Expected: string, given: integer',
      '- q: At least one of the items must match',
      '- q: No additional items allowed on array',
    ]);
    assert.deepEqual(lines(check('{"properties":{"q":{"propertyNames":{"maxLength":1},"dependencies":{"a":["b","c"]}}}}', 'q: {a: 1, bb: 2}')), [
      '- q: Has a dependency on b',
      '- q: Has a dependency on c',
      '- q: Property name of "bb" does not match',
      '- q: String length must be less than or equal to 1',
    ]);
  });
});

describe('gojsonschema order at one value (helm v3.17.3 on the same schema and values)', () => {
  const schema = JSON.stringify({
    properties: {
      port: { type: 'integer', multipleOf: 1 },
      tuple: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
      obj: { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, patternProperties: { '^x': { type: 'integer' } } },
      one: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      any: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
    },
  });
  it('a type mismatch ends the checks of that value', () => {
    assert.equal(check(schema, 'port: 1.5'), '- port: Invalid type. Expected: integer, given: number\n');
  });
  it('item errors come before additionalItems', () => {
    assert.equal(
      check(schema, 'tuple: [a, b, 3]'),
      '- tuple.1: Invalid type. Expected: integer, given: string\n- tuple: No additional items allowed on array\n',
    );
  });
  it('patternProperties, then propertyNames and the name’s own errors', () => {
    assert.equal(
      check(schema, 'obj: {x1: s}'),
      [
        '- obj.x1: Invalid type. Expected: integer, given: string',
        '- obj: Property name of "x1" does not match',
        "- obj: Does not match pattern '^[a-z]+$'",
        '',
      ].join('\n'),
    );
  });
  it('of equally failing oneOf/anyOf branches the first is reported', () => {
    assert.equal(
      check(schema, 'one: 1.5'),
      '- one: Must validate one and only one schema (oneOf)\n- one: Invalid type. Expected: string, given: number\n',
    );
    assert.equal(
      check(schema, 'any: 1'),
      '- any: Must validate at least one schema (anyOf)\n- any: Invalid type. Expected: string, given: integer\n',
    );
  });
});

describe('guards', () => {
  it('never fetches remote $refs', () => {
    assert.match(check('{"properties":{"a":{"$ref":"https://example.com/x.json"}}}', 'a: 1'), /remote schema "https:\/\/example.com\/x.json"/);
  });
  it('refuses oversized and deeply nested schemas', () => {
    assert.match(check(`{"description":"${'x'.repeat(1024 * 1024)}"}`, ''), /larger than 1048576 bytes/);
    assert.match(check(`${'{"not":'.repeat(150)}{}${'}'.repeat(150)}`, ''), /nests deeper than 100 levels/);
  });
});

describe('per-chart report', () => {
  function tree() {
    const sub = makeChart({
      name: 'sub',
      values: 'color: green\n',
      schema: '{"type":"object","properties":{"color":{"type":"string"},"global":{"type":"object","required":["g"]}}}',
    });
    return makeChart({ name: 'p', schema: '{"required":["top2"]}', requires: [req('sub')], charts: [sub] });
  }
  const user = (entries: [string, unknown][]): GoMap => new Map(entries as [string, never][]);
  it('lists each failing chart with its violations, subcharts seeing propagated globals', () => {
    assert.throws(() => prepareRenderValues(tree(), user([['sub', user([['color', goInt64(5)]])]]), { skipSchemaValidation: false, warn: () => {} }), {
      message:
        "values don't meet the specifications of the schema(s) in the following chart(s):\np:\n- (root): top2 is required\nsub:\n- color: Invalid type. Expected: string, given: integer\n- global: g is required\n",
    });
    assert.throws(
      () =>
        prepareRenderValues(
          tree(),
          user([
            ['sub', user([['color', goInt64(5)]])],
            ['global', user([['g', goInt64(1)]])],
            ['top2', goInt64(1)],
          ]),
          { skipSchemaValidation: false, warn: () => {} },
        ),
      { message: "values don't meet the specifications of the schema(s) in the following chart(s):\nsub:\n- color: Invalid type. Expected: string, given: integer\n" },
    );
  });
  it('--skip-schema-validation skips it', () => {
    const vals = prepareRenderValues(tree(), user([['sub', user([['color', goInt64(5)]])]]), { skipSchemaValidation: true, warn: () => {} });
    assert.ok(vals.has('sub'));
    assert.doesNotThrow(() => validateValuesAgainstSchemas(makeChart({ name: 'x' }), new Map()));
  });
});
