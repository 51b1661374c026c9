/**
 * Go encoding/json for the value model; expectations recorded from Helm v3.17.3 (toJson,
 * toRawJson, toPrettyJson, fromJson probes and the helm-yaml-json-toml vectors).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  indentJSON,
  marshalIndentJSON,
  marshalJSON,
  unmarshalJSON,
  unmarshalJSONArray,
  unmarshalJSONObject,
} from '../../lib/go/json.ts';
import {
  GoFloat32,
  GoFunc,
  GoStruct,
  goInt,
  goInt64,
  withType,
  SLICE_OF_STRING,
} from '../../lib/go/value.ts';
import type { GoValue } from '../../lib/go/value.ts';

const dict = (...kv: GoValue[]): Map<string, GoValue> => {
  const m = new Map<string, GoValue>();
  for (let i = 0; i < kv.length; i += 2) m.set(kv[i] as string, kv[i + 1]);
  return m;
};
const syntaxError = (src: string): string => {
  try {
    unmarshalJSON(src);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('marshalJSON', () => {
  it('sorts map keys bytewise', () => {
    assert.equal(
      marshalJSON(dict('b', 2, 'a', 1, 'B', 3, '10', 4, '9', 5)),
      '{"10":4,"9":5,"B":3,"a":1,"b":2}',
    );
  });
  it('formats float64 like encoding/json', () => {
    assert.equal(
      marshalJSON([1e20, 1e21, 0.000001, 0.0000001, -0, 1.5e300]),
      '[100000000000000000000,1e+21,0.000001,1e-7,-0,1.5e+300]',
    );
    assert.equal(
      marshalJSON([123456789.125, 1.5, -1.5e-10, 12345678901234567000]),
      '[123456789.125,1.5,-1.5e-10,12345678901234567000]',
    );
    assert.equal(marshalJSON(new GoFloat32(0.1)), '0.1');
  });
  it('prints Go integers in full', () => {
    assert.equal(
      marshalJSON([goInt(1), goInt64(2), goInt64(-(1n << 63n)), 1]),
      '[1,2,-9223372036854775808,1]',
    );
  });
  it('escapes HTML by default, not in raw mode; always escapes U+2028/2029', () => {
    assert.equal(marshalJSON('<b>&amp;</b>'), '"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"');
    assert.equal(marshalJSON('<b>&amp;</b>', { escapeHTML: false }), '"<b>&amp;</b>"');
    assert.equal(marshalJSON('é☺\u2028\u2029', { escapeHTML: false }), '"é☺\\u2028\\u2029"');
  });
  it('escapes control characters, not DEL', () => {
    assert.equal(marshalJSON('a\tb\nc\u0001\u007f"\\'), '"a\\tb\\nc\\u0001\u007f\\"\\\\"');
  });
  it('replaces lone surrogates (invalid UTF-8) with U+FFFD', () => {
    assert.equal(marshalJSON('a\ud800b'), '"a\\ufffdb"');
    assert.equal(marshalJSON('😀'), '"😀"');
  });
  it('encodes []byte as base64, typed slices as arrays, nil as null', () => {
    assert.equal(
      marshalJSON(
        dict('b', new Uint8Array([104, 105]), 'c', [], 's', withType(['a', 'b'], SLICE_OF_STRING), 'n', null),
      ),
      '{"b":"aGk=","c":[],"n":null,"s":["a","b"]}',
    );
  });
  it('encodes structs by json tag, skipping omitempty zero values and unexported fields', () => {
    const s = new GoStruct({
      type: 'chart.Metadata',
      fields: [
        { name: 'Name', type: 'string', value: 'x', json: 'name' },
        { name: 'Home', type: 'string', value: '', json: 'home', omitempty: true },
        { name: 'Version', type: 'string', value: '1.0', json: 'version' },
        { name: 'Skip', type: 'string', value: 'y', json: '-' },
        { name: 'private', type: 'string', value: 'z' },
        { name: 'Plain', type: 'int', value: goInt(0) },
      ],
    });
    assert.equal(marshalJSON(s), '{"name":"x","version":"1.0","Plain":0}');
  });
  it('uses a MarshalJSON method when the value has one', () => {
    const t = new GoStruct({
      type: 'time.Time',
      pointer: false,
      methods: {
        MarshalJSON: new GoFunc({
          name: 'MarshalJSON',
          params: [],
          fn: () => new Uint8Array(Buffer.from('"2020-01-02T00:00:00Z"')),
        }),
      },
    });
    assert.equal(marshalJSON([t]), '["2020-01-02T00:00:00Z"]');
  });
  it('fails on NaN, Inf and functions with Go’s messages', () => {
    assert.throws(() => marshalJSON(Infinity), { message: 'json: unsupported value: +Inf' });
    assert.throws(() => marshalJSON([NaN]), { message: 'json: unsupported value: NaN' });
    assert.throws(() => marshalJSON(new GoFunc({ name: 'f', params: [], result: 'string', fn: () => '' })), {
      message: 'json: unsupported type: func() string',
    });
  });
});

describe('marshalIndentJSON', () => {
  it('indents like json.MarshalIndent, keeping empty collections compact', () => {
    assert.equal(
      marshalIndentJSON(dict('a', [], 'b', new Map(), 'c', [1, dict('d', null)]), '', '  '),
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null\n    }\n  ]\n}',
    );
    assert.equal(marshalIndentJSON('x', '', '  '), '"x"');
    assert.equal(indentJSON('{"a:b":"{,}"}', '', '  '), '{\n  "a:b": "{,}"\n}');
  });
});

describe('unmarshalJSON', () => {
  it('decodes numbers as float64 and objects as maps', () => {
    const v = unmarshalJSON('{"a": {"b": [1, 2.5, "x", true, null]}, "n": 12345678, "u": "\\u00e9\\n"}');
    assert.equal(marshalJSON(v), '{"a":{"b":[1,2.5,"x",true,null]},"n":12345678,"u":"é\\n"}');
    assert.equal((v as Map<string, GoValue>).get('n'), 12345678);
  });
  it('keeps the last of duplicate keys', () => {
    assert.equal(marshalJSON(unmarshalJSON('{"a":1,"a":2}')), '{"a":2}');
  });
  it('reports syntax errors with Go’s texts', () => {
    const cases: [string, string][] = [
      ['', 'unexpected end of JSON input'],
      ['[1,', 'unexpected end of JSON input'],
      ['{bad', "invalid character 'b' looking for beginning of object key string"],
      ['{"a":1 x', "invalid character 'x' after object key:value pair"],
      ['[1 2]', "invalid character '2' after array element"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['tru', "invalid character ' ' in literal true (expecting 'e')"],
      ['nul', "invalid character ' ' in literal null (expecting 'l')"],
      ['-', "invalid character ' ' in numeric literal"],
      ['1.', "invalid character ' ' after decimal point in numeric literal"],
      ['1e', "invalid character ' ' in exponent of numeric literal"],
      ['"a\tb"', "invalid character '\\t' in string literal"],
      ['"\\x"', "invalid character 'x' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ['{} x', "invalid character 'x' after top-level value"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['{"a":}', "invalid character '}' looking for beginning of value"],
      ['01', "invalid character '1' after top-level value"],
    ];
    for (const [src, message] of cases) assert.equal(syntaxError(src), message, src);
  });
  it('object and array targets', () => {
    assert.equal(unmarshalJSONObject('null').size, 0);
    assert.deepEqual(unmarshalJSONArray('null'), []);
    assert.throws(() => unmarshalJSONObject('[1]'), {
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    assert.throws(() => unmarshalJSONObject('5'), {
      message: 'json: cannot unmarshal number into Go value of type map[string]interface {}',
    });
    assert.throws(() => unmarshalJSONObject('true'), {
      message: 'json: cannot unmarshal bool into Go value of type map[string]interface {}',
    });
    assert.throws(() => unmarshalJSONArray('{}'), {
      message: 'json: cannot unmarshal object into Go value of type []interface {}',
    });
    assert.throws(() => unmarshalJSONArray('"s"'), {
      message: 'json: cannot unmarshal string into Go value of type []interface {}',
    });
  });
});
