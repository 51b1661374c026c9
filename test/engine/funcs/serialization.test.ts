/**
 * The serialization functions called directly, then every helm-yaml-json-toml and
 * values-printing vector that needs only .Values, Sprig and these functions, run through the
 * template engine (expectations recorded from Helm v3.17.3).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { serializationFuncs as f } from '../../../lib/engine/funcs/serialization.ts';
import { goInt, typeName } from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';
import { sprint } from '../../../lib/go/fmt.ts';
import { loadCases, runCase } from './serialization-vectors.ts';

const dict = (...kv: GoValue[]): Map<string, GoValue> => {
  const m = new Map<string, GoValue>();
  for (let i = 0; i < kv.length; i += 2) m.set(kv[i] as string, kv[i + 1]);
  return m;
};
const call = (name: string, ...args: GoValue[]): GoValue => f[name].fn(...args);

describe('function set and signatures', () => {
  it('has exactly Helm’s and Sprig’s serialization functions', () => {
    assert.deepEqual(Object.keys(f).sort(), [
      'fromJson',
      'fromJsonArray',
      'fromToml',
      'fromYaml',
      'fromYamlArray',
      'mustFromJson',
      'mustToJson',
      'mustToPrettyJson',
      'mustToRawJson',
      'toJson',
      'toPrettyJson',
      'toRawJson',
      'toToml',
      'toYaml',
      'toYamlPretty',
    ]);
    assert.equal(f.toYaml.goType, 'func(interface {}) string');
    assert.equal(f.fromYaml.goType, 'func(string) map[string]interface {}');
    assert.equal(f.fromJsonArray.goType, 'func(string) []interface {}');
    assert.equal(f.mustFromJson.goType, 'func(string) interface {}');
  });
});

describe('YAML functions', () => {
  it('toYaml trims the trailing newline and swallows errors', () => {
    assert.equal(call('toYaml', dict('a', goInt(1))), 'a: 1');
    assert.equal(call('toYaml', [Infinity]), '');
    assert.equal(call('toYamlPretty', dict('a', [goInt(1)])), 'a:\n  - 1');
  });
  it('there is no mustToYaml in Helm v3.17.3 (its templates fail to parse)', () => {
    assert.equal(f.mustToYaml, undefined);
  });
  it('fromYaml puts errors under "Error"; fromYamlArray returns them as the only element', () => {
    assert.equal(
      sprint([call('fromYaml', ': : :')]),
      'map[Error:error converting YAML to JSON: yaml: did not find expected key]',
    );
    assert.equal(
      sprint([call('fromYamlArray', 'a: 1')]),
      '[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]',
    );
    assert.equal(typeName(call('fromYaml', 'a: 1')), 'map[string]interface {}');
    assert.equal(sprint([call('fromYaml', 'n: 1000000')]), 'map[false:1e+06]');
  });
});

describe('JSON functions', () => {
  it('toJson escapes HTML, toRawJson does not, toPrettyJson indents by two', () => {
    assert.equal(call('toJson', '<a>'), '"\\u003ca\\u003e"');
    assert.equal(call('toRawJson', '<a>'), '"<a>"');
    assert.equal(call('toPrettyJson', dict('h', '<a>')), '{\n  "h": "\\u003ca\\u003e"\n}');
  });
  it('toJson and toPrettyJson swallow errors; the must/raw variants fail', () => {
    assert.equal(call('toJson', Infinity), '');
    assert.equal(call('toPrettyJson', NaN), '');
    for (const name of ['mustToJson', 'mustToPrettyJson', 'toRawJson', 'mustToRawJson']) {
      assert.throws(() => call(name, Infinity), { message: 'json: unsupported value: +Inf' }, name);
    }
  });
  it('fromJson/fromJsonArray never fail; mustFromJson does', () => {
    assert.equal(
      sprint([call('fromJson', '{bad')]),
      "map[Error:invalid character 'b' looking for beginning of object key string]",
    );
    assert.equal(sprint([call('fromJson', 'null')]), 'map[]');
    assert.equal(sprint([call('fromJsonArray', '[1,')]), '[unexpected end of JSON input]');
    assert.equal(sprint([call('mustFromJson', '[1, 2]')]), '[1 2]');
    assert.throws(() => call('mustFromJson', '{bad'), {
      message: "invalid character 'b' looking for beginning of object key string",
    });
  });
});

describe('TOML functions', () => {
  it('toToml returns the encoder’s error text as its result', () => {
    assert.equal(call('toToml', dict('a', [goInt(1), null])), 'toml: cannot encode array with nil element');
    assert.equal(call('toToml', dict('a', 'x')), 'a = "x"\n');
  });
  it('fromToml: datetimes are time.Time values that print like Go', () => {
    const m = call('fromToml', 'a = 1979-05-27T07:32:00Z\nb = 07:32:00\nc = 1979-05-27\n') as Map<
      string,
      GoValue
    >;
    assert.equal(typeName(m.get('a') ?? null), 'time.Time');
    assert.equal(sprint([m.get('a') ?? null]), '1979-05-27 07:32:00 +0000 UTC');
    assert.equal(sprint([m.get('b') ?? null]), '0000-01-01 07:32:00 +0000 time-local');
    assert.equal(
      call('toJson', m),
      '{"a":"1979-05-27T07:32:00Z","b":"0000-01-01T07:32:00Z","c":"1979-05-27T00:00:00Z"}',
    );
    assert.equal(
      sprint([call('fromToml', 'a = ')]),
      'map[Error:toml: line 0 (last key "a"): unexpected EOF; expected value]',
    );
  });
  it('datetimes round-trip through toToml, toYamlPretty, toYaml and toJson like Helm', () => {
    const m = call(
      'fromToml',
      'a = 1979-05-27T07:32:00Z\nb = 07:32:00\nc = 1979-05-27\nd = 1979-05-27T07:32:00.5\ne = 1979-05-27T00:32:00-07:00\n',
    );
    assert.equal(
      call('toToml', m),
      'a = 1979-05-27T07:32:00Z\nb = 07:32:00\nc = 1979-05-27\nd = 1979-05-27T07:32:00.5\ne = 1979-05-27T00:32:00-07:00\n',
    );
    assert.equal(
      call('toYamlPretty', m),
      'a: 1979-05-27T07:32:00Z\nb: 0000-01-01T07:32:00Z\nc: 1979-05-27T00:00:00Z\nd: 1979-05-27T07:32:00.5Z\ne: 1979-05-27T00:32:00-07:00',
    );
    assert.equal(
      call('toYaml', m),
      'a: "1979-05-27T07:32:00Z"\nb: "0000-01-01T07:32:00Z"\nc: "1979-05-27T00:00:00Z"\nd: "1979-05-27T07:32:00.5Z"\ne: "1979-05-27T00:32:00-07:00"',
    );
    assert.equal(sprint([(m as Map<string, GoValue>).get('e') ?? null]), '1979-05-27 00:32:00 -0700 -0700');
  });
});

describe(
  'conformance vectors (helm-yaml-json-toml, values-printing)',
  () => {
    for (const c of loadCases()) {
      it(c.id, () => {
        const r = runCase(c);
        if (r.skipped) return;
        assert.equal(r.actual, r.expected);
        assert.ok(r.pass);
      });
    }
  },
);
