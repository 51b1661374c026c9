/**
 * TOML encoder/decoder against outputs recorded from Helm v3.17.3 (toToml / fromToml, which
 * use BurntSushi/toml v1.4.0).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToml, encodeToml, isTomlEncodeError } from '../../lib/toml/index.ts';
import type { TomlDatetime } from '../../lib/toml/index.ts';
import { GoInt, goInt, goInt64, typeInfo } from '../../lib/go/value.ts';
import type { GoValue } from '../../lib/go/value.ts';
import { marshalJSON } from '../../lib/go/json.ts';

const dict = (...kv: GoValue[]): Map<string, GoValue> => {
  const m = new Map<string, GoValue>();
  for (let i = 0; i < kv.length; i += 2) m.set(kv[i] as string, kv[i + 1]);
  return m;
};
/** What Helm's toToml returns: the text, or the encoder's error message. */
const toToml = (v: GoValue): string => {
  try {
    return encodeToml(v);
  } catch (e) {
    if (isTomlEncodeError(e)) return (e as Error).message;
    throw e;
  }
};
const asText = (d: TomlDatetime): GoValue => `${d.kind}:${d.text}`;
const fromToml = (s: string): string => {
  try {
    return marshalJSON(decodeToml(s, asText));
  } catch (e) {
    return (e as Error).message;
  }
};

describe('encodeToml', () => {
  it('plain values first, then tables, keys sorted bytewise', () => {
    assert.equal(toToml(dict('a', 'x', 'b', goInt(1), 'c', true)), 'a = "x"\nb = 1\nc = true\n');
    assert.equal(
      toToml(dict('server', dict('host', 'h', 'port', goInt(8080)), 'name', 'n')),
      'name = "n"\n\n[server]\n  host = "h"\n  port = 8080\n',
    );
    assert.equal(
      toToml(dict('a10', goInt(1), 'a9', goInt(2), 'B', goInt(3), '_x', goInt(4))),
      'B = 3\n_x = 4\na10 = 1\na9 = 2\n',
    );
  });
  it('indents nested tables by two spaces per level', () => {
    assert.equal(toToml(dict('a', dict('b', dict('c', 'deep')))), '[a]\n  [a.b]\n    c = "deep"\n');
  });
  it('arrays, arrays of tables and inline tables', () => {
    assert.equal(
      toToml(dict('l', [goInt(1), goInt(2), goInt(3)], 's', ['a', 'b'])),
      'l = [1, 2, 3]\ns = ["a", "b"]\n',
    );
    assert.equal(
      toToml(dict('people', [dict('name', 'alice', 'age', 30), dict('name', 'bob', 'age', 25)])),
      '[[people]]\n  age = 30.0\n  name = "alice"\n\n[[people]]\n  age = 25.0\n  name = "bob"\n',
    );
    assert.equal(
      toToml(
        dict('x', [goInt(1), dict('a', goInt(1))], 'y', [[goInt(1), goInt(2)], ['a']], 'z', [
          dict('a', goInt(1)),
          goInt(2),
        ]),
      ),
      'x = [1, {a = 1}]\ny = [[1, 2], ["a"]]\nz = [{a = 1}, 2]\n',
    );
  });
  it('floats always carry a decimal point; inf and nan spelled out', () => {
    assert.equal(
      toToml(
        dict('f', 1.5, 'g', 1e21, 'h', 1e-7, 'i', NaN, 'j', -Infinity, 'k', Infinity, 'n', [1, 2.5, -0]),
      ),
      'f = 1.5\ng = 1000000000000000000000.0\nh = 0.0000001\ni = nan\nj = -inf\nk = inf\nn = [1.0, 2.5, -0.0]\n',
    );
  });
  it('quotes keys that are not bare', () => {
    assert.equal(
      toToml(
        dict(
          'a b',
          goInt(1),
          'c.d',
          dict('e f', goInt(2), 'g', dict('h', goInt(1))),
          '',
          goInt(3),
          'é',
          goInt(4),
        ),
      ),
      '"" = 3\n"a b" = 1\n"é" = 4\n\n["c.d"]\n  "e f" = 2\n  ["c.d".g]\n    h = 1\n',
    );
  });
  it('escapes strings', () => {
    assert.equal(toToml(dict('s', 'a"b\nc\\d')), 's = "a\\"b\\nc\\\\d"\n');
    assert.equal(toToml(dict('s', 'a\tb\u0001\u007fé😀')), 's = "a\\tb\\u0001\\u007fé😀"\n');
  });
  it('skips nil values, keeps empty tables and lists', () => {
    assert.equal(toToml(dict('a', null, 'b', goInt(1))), 'b = 1\n');
    assert.equal(toToml(dict('a', new Map(), 'b', [])), 'b = []\n\n[a]\n');
    assert.equal(toToml(new Map()), '');
    assert.equal(
      toToml(dict('m', dict('x', new Map(), 'y', [dict('a', null, 'b', goInt(1)), new Map()]))),
      '[m]\n  [m.x]\n\n  [[m.y]]\n    b = 1\n\n  [[m.y]]\n',
    );
  });
  it('top-level non-tables and errors', () => {
    assert.equal(toToml([goInt(1), goInt(2)]), '[1, 2]');
    assert.equal(toToml('x'), '"x"');
    assert.equal(toToml(goInt64(5)), '5');
    assert.equal(toToml([dict('a', goInt(1))]), 'toml: top-level values must be Go maps or structs');
    assert.equal(toToml(dict('a', [goInt(1), null])), 'toml: cannot encode array with nil element');
    assert.equal(toToml(dict('a', [goInt(1), [null]])), 'toml: cannot encode array with nil element');
    assert.throws(() => encodeToml(null), { message: 'reflect: call of reflect.Value.Type on zero Value' });
  });
});

describe('decodeToml', () => {
  it('types: int64, float64, strings, bools, arrays, tables, arrays of tables', () => {
    const m = decodeToml('i = 1\nf = 1.5\ns = "x"\nb = true\nh = 0x1F\nd = inf\ne = 1e3\n', asText);
    assert.ok(m.get('i') instanceof GoInt);
    assert.equal((m.get('i') as GoInt).kind, 'int64');
    assert.equal(m.get('f'), 1.5);
    assert.equal((m.get('h') as GoInt).value, 31n);
    assert.equal(m.get('d'), Infinity);
    assert.equal(m.get('e'), 1000);
    const t = decodeToml('[[t]]\nn = 1\n[[t]]\nn = 2\n', asText).get('t');
    assert.equal(typeInfo(t as GoValue[]).name, '[]map[string]interface {}');
    assert.equal(
      fromToml('a = 1\n[b]\nc = "x"\nd = {x = 1}\nl = [1, 2.5, "x"]\n'),
      '{"a":1,"b":{"c":"x","d":{"x":1},"l":[1,2.5,"x"]}}',
    );
  });
  it('strings: basic, literal, multi-line', () => {
    assert.equal(
      fromToml(
        `a = "t\\u00e9\\n"\nb = 'C:\\x'\nc = """\nl1\nl2"""\nd = '''\nr\\n'''\ne = """a \\\n   b"""\n`,
      ),
      '{"a":"té\\n","b":"C:\\\\x","c":"l1\\nl2","d":"r\\\\n","e":"a b"}',
    );
  });
  it('datetimes go to the factory by kind', () => {
    assert.equal(
      fromToml(
        'a = 1979-05-27T07:32:00Z\nb = 1979-05-27\nc = 07:32:00\nd = 1979-05-27T07:32:00\ne = 1979-05-27 07:32:00-07:00\n',
      ),
      '{"a":"offset-datetime:1979-05-27T07:32:00Z","b":"local-date:1979-05-27","c":"local-time:07:32:00","d":"local-datetime:1979-05-27T07:32:00","e":"offset-datetime:1979-05-27 07:32:00-07:00"}',
    );
  });
  it('dotted keys and table headers build nested maps', () => {
    assert.equal(fromToml('a.b.c = 1\n[x.y]\nz = 2\n'), '{"a":{"b":{"c":1}},"x":{"y":{"z":2}}}');
  });
  it('errors with the library’s line numbers and last key', () => {
    assert.equal(fromToml('a = '), 'toml: line 0 (last key "a"): unexpected EOF; expected value');
    assert.equal(fromToml('a = 1\na = 2'), `toml: line 2 (last key "a"): Key 'a' has already been defined.`);
    assert.equal(
      fromToml('[a\nb = 1'),
      "toml: line 2: expected '.' or ']' to end table name, but got '\\n' instead",
    );
    assert.equal(fromToml('a = "x'), `toml: line 0 (last key "a"): unexpected EOF; expected '"'`);
    assert.equal(
      fromToml('a = 1\nb = 2\nc = @'),
      `toml: line 3 (last key "c"): expected value but found '@' instead`,
    );
    assert.equal(fromToml('x = [1,\n2,\n'), 'toml: line 2 (last key "x"): unexpected EOF; expected value');
  });
});
