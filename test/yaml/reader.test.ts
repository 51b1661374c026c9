/**
 * The YAML reader (sigs.k8s.io/yaml.Unmarshal semantics) against values recorded from
 * Helm v3.17.3 (values-printing vectors and `fromYaml ... | toJson` probes).
 */
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { parseYaml, parseYamlArray, decodeYaml } from '../../lib/yaml/index.ts';
import { slowDecodeYaml } from '../../lib/yaml/reader.ts';
import { marshalJSON } from '../../lib/go/json.ts';

/** The value as Helm's `toJson` prints it. */
const json = (src: string): string => marshalJSON(parseYaml(src));
const err = (src: string): string => {
  try {
    parseYaml(src);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('YAML 1.1 typing (go-yaml v2)', () => {
  it('numbers become float64, with 0x, 0o, leading-zero octal, 0b, _ and + forms', () => {
    assert.equal(
      json('a: 1000000\nb: 0x1F\nc: 017\nd: 0o17\ne: 1_000\nf: +5\ng: 0b101\nh: -0x1F\ni: 08\n'),
      '{"a":1000000,"b":31,"c":15,"d":15,"e":1000,"f":5,"g":5,"h":-31,"i":8}',
    );
    assert.equal(
      json('a: 1e+3\nb: 1E3\nc: 1.5e-3\nd: 12e\ne: 1.10\nf: .5\n'),
      '{"a":1000,"b":1000,"c":0.0015,"d":"12e","e":1.1,"f":0.5}',
    );
    assert.equal(json('x: 123456789012345678901234567890\n'), '{"x":1.2345678901234568e+29}');
    assert.equal(parseYaml('x: 9007199254740993\n').get('x'), 9007199254740992);
  });
  it('booleans in every YAML 1.1 spelling, also as keys', () => {
    assert.equal(
      json('a: yes\nb: no\nc: on\nd: y\ne: Off\nf: TRUE\ng: tRUE\n'),
      '{"a":true,"b":false,"c":true,"d":true,"e":false,"f":true,"g":"tRUE"}',
    );
    assert.equal(json('y: 1\nn: 2\nx: 3\n'), '{"false":2,"true":1,"x":3}');
  });
  it('nulls: null, ~, empty', () => {
    assert.equal(json('a: null\nb: ~\nc:\nd: Null\n'), '{"a":null,"b":null,"c":null,"d":null}');
  });
  it('timestamps and sexagesimal stay strings', () => {
    assert.equal(
      json('d: 2020-01-02\nt: 2020-01-02T03:04:05Z\ns: 1:30\n'),
      '{"d":"2020-01-02","s":"1:30","t":"2020-01-02T03:04:05Z"}',
    );
  });
  it('quoted and tagged scalars', () => {
    assert.equal(
      json(
        `a: '123'\nb: "1e6"\nc: !!str 123\nd: !!binary aGVsbG8=\ne: !!int "12"\nf: !!float 1\ng: !foo bar\n`,
      ),
      '{"a":"123","b":"1e6","c":"123","d":"hello","e":12,"f":1,"g":"bar"}',
    );
  });
  it('block scalars with chomping', () => {
    assert.equal(
      json('m: |\n  line1\n  line2\nf: >\n  a\n  b\ns: |-\n  x\nk: |+\n  y\n\nz: 1\n'),
      '{"f":"a b\\n","k":"y\\n\\n","m":"line1\\nline2\\n","s":"x","z":1}',
    );
  });
  it('block scalars at the end of input without a final line break (both readers)', () => {
    for (const read of [
      (src: string) => marshalJSON(parseYaml(src)),
      (src: string) => marshalJSON(slowDecodeYaml(src)),
    ]) {
      assert.equal(read('a: |\n  no final newline'), '{"a":"no final newline"}');
      assert.equal(read('a: >\n  x\n  y'), '{"a":"x y"}');
      assert.equal(read('a: |+\n  x\n\n'), '{"a":"x\\n\\n"}');
    }
  });
  it('non-string keys become strings (ints, floats at 32-bit precision, bools)', () => {
    assert.equal(
      json('m: {10: a, 9: b, -1: d}\nf: {1.5: a, 2.0: b, 3.14159265: c}\nb: {true: t, false: f}\n'),
      '{"b":{"false":"f","true":"t"},"f":{"1.5":"a","2":"b","3.1415927":"c"},"m":{"-1":"d","10":"a","9":"b"}}',
    );
  });
});

describe('anchors, aliases and merge keys', () => {
  it('expands aliases into independent copies', () => {
    const v = parseYaml('a: &l [1, 2]\nb: *l\n');
    assert.equal(marshalJSON(v), '{"a":[1,2],"b":[1,2]}');
    assert.notEqual(v.get('a'), v.get('b'));
  });
  it('merges like go-yaml v2: later entries win, merged values override earlier keys', () => {
    assert.equal(
      json('base: &base {x: 1, z: 2}\nderived:\n  <<: *base\n  z: 3\n'),
      '{"base":{"x":1,"z":2},"derived":{"x":1,"z":3}}',
    );
    assert.equal(json('a: {b: 1, <<: {b: 2, c: 3}}\n'), '{"a":{"b":2,"c":3}}');
    assert.equal(
      json('x: &x {a: 1}\nw: &w {a: 2, b: 2}\nz: {<<: [*x, *w]}\n'),
      '{"w":{"a":2,"b":2},"x":{"a":1},"z":{"a":1,"b":2}}',
    );
  });
  it('duplicate keys: the last one wins', () => {
    assert.equal(json('a: 1\na: 2\n'), '{"a":2}');
  });
});

describe('documents and targets', () => {
  it('empty input and comments give an empty map', () => {
    assert.equal(parseYaml('').size, 0);
    assert.equal(parseYaml('# nothing here\n').size, 0);
    assert.equal(decodeYaml(''), null);
  });
  it('only the first document counts', () => {
    assert.equal(json('a: 1\n---\nb: [\n'), '{"a":1}');
  });
  it('a list or scalar cannot fill a map and vice versa', () => {
    assert.equal(
      err('- a\n- b\n'),
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    assert.equal(
      err('just a string'),
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
    );
    assert.deepEqual(parseYamlArray('[1, 2, 3]'), [1, 2, 3]);
    assert.throws(() => parseYamlArray('a: 1'), {
      message:
        'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    });
  });
});

describe('errors with go-yaml wording', () => {
  const cases: [string, string][] = [
    ['x: [1, 2\n', "yaml: line 1: did not find expected ',' or ']'"],
    ['a:\n\tb: 1\n', 'yaml: line 2: found character that cannot start any token'],
    [': : :', 'yaml: did not find expected key'],
    ['a: b: c\n', 'yaml: mapping values are not allowed in this context'],
    ["a: 'x\n", 'yaml: line 2: found unexpected end of stream'],
    ['- a\nb: 1\n', "yaml: line 1: did not find expected '-' indicator"],
    ['a:\n  - b\n  c: d\n', "yaml: line 2: did not find expected '-' indicator"],
    ['{a: 1', "yaml: line 1: did not find expected ',' or '}'"],
    ['a: *x\n', "yaml: unknown anchor 'x' referenced"],
    ['a: |\n  x\n b\n', 'yaml: line 2: did not find expected key'],
    ['key: "abc\\q"\n', 'yaml: found unknown escape character'],
    ['a: 1\nb: [1, 2\nc: 3\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['a: 1\n  b: 2\n', 'yaml: line 2: mapping values are not allowed in this context'],
    ['a:\n  b: 1\n c: 2\n', 'yaml: line 2: did not find expected key'],
    ['x: !!int abc\n', 'yaml: cannot decode !!str `abc` as a !!int'],
    ["x: !!binary '!!'\n", 'yaml: !!binary value contains invalid base64 data'],
    ['<<: 5\n', 'yaml: map merge requires map or sequence of maps as the value'],
    ['? [a]\n: 1\n', 'yaml: invalid map key: []interface {}{"a"}'],
    ['a: [1, 2]]\n', 'yaml: did not find expected key'],
    ['"a\nb": 1\n', 'yaml: line 2: mapping values are not allowed in this context'],
    ['a: @x\n', 'yaml: found character that cannot start any token'],
    ['x: .nan\n', 'json: unsupported value: NaN'],
    ['a: .inf\n', 'json: unsupported value: +Inf'],
    ['~: 1\n', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: 1'],
    ['12345678901234567890: d\n', 'unsupported map key of type: uint64, key: 0xab54a98ceb1f0ad2, value: "d"'],
  ];
  for (const [src, message] of cases) {
    it(JSON.stringify(src), () => {
      assert.equal(err(src), `error converting YAML to JSON: ${message}`);
    });
  }
});

describe('recorded fromYaml errors (fixtures/helm-errors.json)', () => {
  const table = JSON.parse(readFileSync(new URL('./fixtures/helm-errors.json', import.meta.url), 'utf8')) as {
    rows: string[][];
  };
  it('matches Helm’s message (or success) for every input', () => {
    for (const [src, message] of table.rows) {
      const got = err(src);
      assert.equal(got === 'no error' ? 'OK' : got, message, JSON.stringify(src));
    }
  });
});

describe('recorded fromYaml results (fixtures/helm-reads.json)', () => {
  const table = JSON.parse(readFileSync(new URL('./fixtures/helm-reads.json', import.meta.url), 'utf8')) as {
    rows: string[][];
  };
  it('reads every input as Helm does (fromYaml | toJson)', () => {
    for (const [src, expected] of table.rows) {
      let got: string;
      try {
        got = marshalJSON(parseYaml(src));
      } catch (e) {
        got = marshalJSON(new Map([['Error', (e as Error).message]]));
      }
      assert.equal(got, expected, JSON.stringify(src));
    }
  });
});

describe('go-yaml details recorded from helm v3.17.3 (`fromYaml` / values.yaml probes)', () => {
  const cases: [string, string][] = [
    // Decoding errors come before key conversion errors, which come before json.Marshal's.
    ['~: x\n[1, 2]: y\n', 'yaml: invalid map key: []interface {}{1, 2}'],
    ['~: x\nb: !!timestamp x\n', 'yaml: cannot decode !!str `x` as a !!timestamp'],
    ['a: .nan\nb: !!int x\n', 'yaml: cannot decode !!str `x` as a !!int'],
    ['a: .nan\n~: 1\n', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: 1'],
    ['~: .nan\n', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: NaN'],
    // Values in key errors print as Go's %#v of what go-yaml decoded.
    [
      '? [1.0, 1e21, 100000000000000000000, 18446744073709551615, 9223372036854775807, "é\\n"]\n: x\n',
      'yaml: invalid map key: []interface {}{1, 1e+21, 1e+20, 0xffffffffffffffff, 9223372036854775807, "é\\n"}',
    ],
    [
      '~:\n  a: 1\n  b: [1, ~]\n',
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{"a":1, "b":[]interface {}{1, interface {}(nil)}}',
    ],
    [
      '~: {b: 2, a: 1, 1: 3, true: 4}\n',
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{"a":1, "b":2, 1:3, true:4}',
    ],
    [
      '~: {<<: {a: 1}, b: 2}\n',
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{"a":1, "b":2}',
    ],
    [
      // fmt's key order: nil first, then by type as helm's binary orders them.
      '~: {b: 1, 2: 3, 1.5: x, ~: 4, true: 5}\n',
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: map[interface {}]interface {}{interface {}(nil):4, "b":1, 2:3, 1.5:"x", true:5}',
    ],
    [
      '~: 18446744073709551615\n',
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: 0xffffffffffffffff',
    ],
    // !!timestamp only takes what go-yaml reads as a timestamp.
    ['a: !!timestamp 123\n', 'yaml: cannot decode !!int `123` as a !!timestamp'],
    ["a: !!timestamp ''\n", 'yaml: cannot decode !!null `` as a !!timestamp'],
    // An alias inside its own anchor's value.
    ['a: &x [1, *x]\n', "yaml: anchor 'x' value contains itself"],
    ['a: &x\n  b: *x\n', "yaml: anchor 'x' value contains itself"],
    // The reader: characters YAML does not allow.
    ['a: 1\nb: \u0001\n', 'yaml: control characters are not allowed'],
    ['# \u0001\na: 1\n', 'yaml: control characters are not allowed'],
    ['a: 1\n---\nb: \u0001\n', 'yaml: control characters are not allowed'],
    ['a: \u007f\n', 'yaml: control characters are not allowed'],
    ['a: \ufffe\n', 'yaml: control characters are not allowed'],
    ['a: \udcff\n', 'yaml: invalid leading UTF-8 octet'],
    ['a: \udcc3\n', 'yaml: invalid trailing UTF-8 octet'],
    ['a: \udcc3', 'yaml: incomplete UTF-8 octet sequence'],
    ['a: \udced\udca0\udc80\n', 'yaml: invalid Unicode character'],
    ['a: \udcc0\udc80\n', 'yaml: invalid length of a UTF-8 sequence'],
    // Escapes, quotes and block scalar headers.
    ['a: "\\ud800"\n', 'yaml: found invalid Unicode character escape code'],
    ['a: "\\uD83D\\uDE00"\n', 'yaml: found invalid Unicode character escape code'],
    ['a: "\\U00110000"\n', 'yaml: found invalid Unicode character escape code'],
    ['a: "\\u12"\n', 'yaml: did not find expected hexdecimal number'],
    ['a: "x\\', 'yaml: found unknown escape character'],
    ['"a', 'yaml: found unexpected end of stream'],
    ["'a", 'yaml: found unexpected end of stream'],
    ['a: |0\n x\n', 'yaml: found an indentation indicator equal to 0'],
    ['a: |-0\n x\n', 'yaml: found an indentation indicator equal to 0'],
    ['a: |x\n x\n', 'yaml: did not find expected comment or line break'],
    ['a: |10\n x\n', 'yaml: did not find expected comment or line break'],
    // Flow collections: plain scalars span lines; a key on the colon's own line opens a pair.
    ['a: [\nb: 1\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['a: [1,\nb: 1\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['a: [\n  b: 1\n  c: 2\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['a: {\nb: 1\n', "yaml: line 2: did not find expected ',' or '}'"],
    ['a: {b: 1,\nc: 2\n', "yaml: line 2: did not find expected ',' or '}'"],
    ['a: {\n  b: 1\n  c: 2\n', "yaml: line 2: did not find expected ',' or '}'"],
    ['a: [x, # c\nb: 1\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['- [a,\n- b\n', 'yaml: line 1: did not find expected node content'],
    ['x: [a,\n  b: c\n  d: e]\n', "yaml: line 2: did not find expected ',' or ']'"],
    ['a: {b: c, d: [e, f}\n', "yaml: did not find expected ',' or ']'"],
    ['a: [b, c}\n', "yaml: did not find expected ',' or ']'"],
    // go-yaml v2 has no `\/` escape; its parser meets escapes and aliases before later errors.
    ['a: "x\\/y"\n', 'yaml: found unknown escape character'],
    ['- x\n- "\\/"\n-', 'yaml: line 2: found unknown escape character'],
    ['a: "\\/"\nb: [1, 2\n', 'yaml: found unknown escape character'],
    ['a: *nope\nb: [1, 2\n', "yaml: unknown anchor 'nope' referenced"],
    ['? [1]\n: x\nb: *nope', "yaml: unknown anchor 'nope' referenced"],
    ['a: [1, 2\nb: *nope\n', "yaml: line 1: did not find expected ',' or ']'"],
    // A document end marker before any content.
    ['...\na: 1', 'yaml: did not find expected node content'],
    ['# c\n...\n...\na: 1', 'yaml: line 1: did not find expected node content'],
    // A repeated unsupported key keeps its last value.
    ['a: ~\n~: 1\n~: 2', 'unsupported map key of type: %!s(<nil>), key: <nil>, value: 2'],
    // Lines that fall back into a block sequence, and flow end indicators where a value belongs.
    [
      'a:\n  - name: x\n    value: 1\n  - name: y\n   value: 2\n',
      "yaml: line 4: did not find expected '-' indicator",
    ],
    ['a:\n  - name: x\n    value: 1\n  -name: y\n', "yaml: line 3: did not find expected '-' indicator"],
    ['a:\n  - b: 1\n    c: 2\n   d: 3\n', "yaml: line 3: did not find expected '-' indicator"],
    ['a:\n  - b\n  -c\n', "yaml: line 4: could not find expected ':'"],
    ['- - a\n  - b\n - c\n', "yaml: line 2: did not find expected '-' indicator"],
    ['a: }\n', 'yaml: did not find expected node content'],
    // A line without a colon where its mapping wants a key.
    ['a:\n  x: 1\n  cont\n  b: 1', "yaml: line 4: could not find expected ':'"],
    ['a:\n  x: 1\n  cont\n\n  b: 1', "yaml: line 5: could not find expected ':'"],
    ['a:\n  y:\n    - plain\n  continued\n  b: 1', "yaml: line 5: could not find expected ':'"],
    ['a: 1\ncont\nb: 1', "yaml: line 3: could not find expected ':'"],
    ['a:\n  x: 1\n cont\n b: 1', 'yaml: line 2: did not find expected key'],
    ['x:\n  a: plain\n  continued\n\n', "yaml: line 5: could not find expected ':'"],
    ['x:\n  a: plain\n  continued\n# c\n\n', "yaml: line 4: could not find expected ':'"],
    [
      '-\n  -\n    true: on\n    ~: plain\n  continued\n    a b: 1\n- x\n',
      "yaml: line 6: could not find expected ':'",
    ],
    [
      '-\n  -\n    - x\n    - plain\n  continued\n    - y z\n  -\n    k: 1\n',
      "yaml: line 7: could not find expected ':'",
    ],
    ['a: ]\n', 'yaml: did not find expected node content'],
    // A document marker line inside a quoted scalar.
    ['a: "x\n---\ny"', 'yaml: line 2: found unexpected document indicator'],
    ["a: 'x\n...\ny'", 'yaml: line 2: found unexpected document indicator'],
  ];
  for (const [src, message] of cases) {
    it(JSON.stringify(src), () => {
      assert.equal(err(src), `error converting YAML to JSON: ${message}`);
    });
  }
  it('a byte order mark may lead; !!omap and !!pairs hold one-entry maps', () => {
    assert.equal(json('\ufeffa: 1\n'), '{"a":1}');
    assert.equal(json('a: !!omap [x: 1]\nb: !!pairs [z: 2]\n'), '{"a":[{"x":1}],"b":[{"z":2}]}');
    assert.equal(json('a: !!timestamp 2001-12-14\n'), '{"a":"2001-12-14"}');
    assert.equal(json('a: "x\\\'y"\n---\n...\nb: 1\n'), '{"a":"x\'y"}');
    assert.equal(json('---\n...\na: 1\n'), '{}');
    // U+2028 is a line break to go-yaml (toYaml writes it raw, then indents): `| toYaml | fromYaml`.
    assert.equal(json('k:\n  a\u2028      b: 1\n  v: a\u2028  b\n'), '{"k":{"a\\u2028b":1,"v":"a\\u2028b"}}');
    // go-yaml has no indentation rules inside flow collections (helm reads these).
    assert.equal(json('a: !!seq [1,\n2]\nb: 3'), '{"a":[1,2],"b":3}');
    assert.equal(json('a:\n  b: !!map {x: 1,\ny: 2}\n  c: 3'), '{"a":{"b":{"true":2,"x":1},"c":3}}');
    assert.equal(json('a:\n  - &s [1,\n 2]\n  - 3'), '{"a":[[1,2],3]}');
    // Nor for the continuation lines of quoted scalars.
    assert.equal(json('q:\n  key: !!str "a\\\n  b"\n  c: 1'), '{"q":{"c":1,"key":"ab"}}');
    assert.equal(json("y:\n  -\n    - !!str 'multi\n\n  line'\n---\nb: 1"), '{"true":[["multi\\nline"]]}');
    // Only what survives decoding is converted: a replaced map's null key, a replaced NaN.
    assert.equal(json('a:\n  ~: 1\na: 2\n'), '{"a":2}');
    assert.equal(json('a: .nan\na: 1\n'), '{"a":1}');
  });
});
