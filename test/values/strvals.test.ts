/**
 * Helm's strvals grammar (pkg/strvals, v3.17.3): every rule and error text of
 * helm-behaviour.md §4.2. Expected values are Go's JSON of the parsed map, as
 * `{{ toJson .Values }}` printed them under the real helm binary.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marshalJSON } from '../../lib/go/json.ts';
import { GoInt, type GoMap } from '../../lib/go/value.ts';
import { parseStrvals, type StrvalsKind } from '../../lib/values/strvals.ts';

function parse(kind: StrvalsKind, ...texts: string[]): GoMap {
  const into: GoMap = new Map();
  for (const t of texts) parseStrvals(kind, t, into, (path) => `content of ${path}`);
  return into;
}
const set = (...texts: string[]): string => marshalJSON(parse('set', ...texts));
const fails = (kind: StrvalsKind, text: string, message: string): void => {
  assert.throws(() => parse(kind, text), { message });
};

describe('--set keys', () => {
  it('dots descend into maps, created when absent', () => {
    assert.equal(set('a.b.c=1'), '{"a":{"b":{"c":1}}}');
    assert.equal(set('a.b=1', 'a.c=2'), '{"a":{"b":1,"c":2}}');
  });
  it('backslash escapes the next character in keys and values', () => {
    assert.equal(set('a\\.b=1'), '{"a.b":1}');
    assert.equal(set('x\\=y=1'), '{"x=y":1}');
    assert.equal(set('s=a\\,b'), '{"s":"a,b"}');
  });
  it('descending into a non-map is a Go interface conversion panic', () => {
    fails('set', 'a=1,a.b=2', 'failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}');
    fails('set', 'a=null,a[0]=1', 'failed parsing --set data: unable to parse key: interface conversion: interface {} is nil, not []interface {}');
  });
  it('a map key reassigned to a scalar is replaced', () => {
    assert.equal(set('a.b=1', 'a=2'), '{"a":2}');
  });
  it('refuses more than 30 nested names', () => {
    assert.equal(set(`${'a.'.repeat(30)}b=1`).length > 0, true);
    fails('set', `${'a.'.repeat(31)}b=1`, 'failed parsing --set data: value name nested level is greater than maximum supported nested level of 30');
  });
  it('key errors', () => {
    fails('set', 'k', 'failed parsing --set data: key "k" has no value');
    fails('set', 'k,', 'failed parsing --set data: key "k" has no value (cannot end with ,)');
    assert.equal(set('a=1,'), '{"a":1}');
  });
});

describe('--set list indexes', () => {
  it('pads with null and nests', () => {
    assert.equal(set('l[0]=a,l[2]=c'), '{"l":["a",null,"c"]}');
    assert.equal(set('l[0].a=1'), '{"l":[{"a":1}]}');
    assert.equal(set('l[0][1]=x'), '{"l":[[null,"x"]]}');
    assert.equal(set('a[+1]=1'), '{"a":[null,1]}');
  });
  it('index errors', () => {
    fails('set', 'l[-1]=a', 'failed parsing --set data: negative -1 index not allowed');
    fails('set', 'l[65537]=a', 'failed parsing --set data: index of 65537 is greater than maximum supported index of 65536');
    fails('set', 'l[x]=a', 'failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax');
    fails('set', 'a[99999999999999999999]=1', 'failed parsing --set data: error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range');
    fails('set', 'l[0', 'failed parsing --set data: error parsing index: EOF');
    fails('set', 'l[0]x=1', 'failed parsing --set data: unexpected data at end of array index: "x"');
  });
});

describe('--set values', () => {
  it('the value runs to the next unescaped comma', () => {
    assert.equal(set('k=b=c'), '{"k":"b=c"}');
  });
  it('braces make lists', () => {
    assert.equal(set('l={a,b,c}'), '{"l":["a","b","c"]}');
    assert.equal(set('e={}'), '{"e":[""]}');
    assert.equal(set('l={1,true},x=2'), '{"l":[1,true],"x":2}');
    fails('set', 'l={a,b', "failed parsing --set data: list must terminate with '}'");
  });
  it('infers bool, null and int64 only', () => {
    const v = parse('set', 't=TRUE,f=False,n=null,z=0,i=-5,p=+3,o=010,h=0x10,d=1.5,e=1e3,u=1_000,big=9223372036854775808');
    assert.equal(v.get('t'), true);
    assert.equal(v.get('f'), false);
    assert.equal(v.get('n'), null);
    for (const [k, want] of [['z', 0n], ['i', -5n], ['p', 3n]] as const) {
      const got = v.get(k);
      assert.ok(got instanceof GoInt && got.kind === 'int64' && got.value === want, k);
    }
    for (const k of ['o', 'h', 'd', 'e', 'u', 'big']) assert.equal(typeof v.get(k), 'string', k);
    assert.equal(parse('set', 'f=falſe').get('f'), false, 'strings.EqualFold folds ſ to s');
  });
  it('an empty value is the empty string', () => {
    assert.equal(set('a='), '{"a":""}');
  });
});

describe('other --set flavours', () => {
  it('--set-string never infers', () => {
    assert.equal(marshalJSON(parse('set-string', 'a=1,b=true,l={1,null}')), '{"a":"1","b":"true","l":["1","null"]}');
  });
  it('--set-file reads the file and reports Go open errors', () => {
    assert.equal(marshalJSON(parse('set-file', 'a=/x')), '{"a":"content of /x"}');
    const into: GoMap = new Map();
    assert.throws(
      () =>
        parseStrvals('set-file', 'a=/nonexist', into, () => {
          throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        }),
      { message: 'failed parsing --set-file data: open /nonexist: no such file or directory' },
    );
    fails('set-file', 'a', 'failed parsing --set-file data: key "a" has no value');
  });
  it('--set-json decodes one JSON value per key, numbers float64', () => {
    assert.equal(marshalJSON(parse('set-json', 'a=[1,2],b=3')), '{"a":[1,2],"b":3}');
    // Spaces are skipped after a value, up to the comma only: the next key keeps its space.
    assert.equal(marshalJSON(parse('set-json', 'a={"x":{"y":1}}, b="s"')), '{" b":"s","a":{"x":{"y":1}}}');
    assert.equal(marshalJSON(parse('set-json', 'c= 1 ,d=2')), '{"c":1,"d":2}');
    assert.equal(typeof parse('set-json', 'n=3').get('n'), 'number');
    assert.equal(marshalJSON(parse('set-json', 'a=,b=1')), '{"a":null,"b":1}');
    assert.equal(marshalJSON(parse('set-json', 'l[1]={"k":true}')), '{"l":[null,{"k":true}]}');
  });
  it('--set-json errors quote the raw argument', () => {
    fails('set-json', 'x={bad', 'failed parsing --set-json data x={bad');
    fails('set-json', 'a=tru', 'failed parsing --set-json data a=tru');
  });
  it('--set-literal takes the rest verbatim, without escapes', () => {
    assert.equal(marshalJSON(parse('set-literal', 'lit=a,b=c.d')), '{"lit":"a,b=c.d"}');
    assert.equal(marshalJSON(parse('set-literal', 'a.b[0]=x,y')), '{"a":{"b":["x,y"]}}');
    assert.equal(marshalJSON(parse('set-literal', 'a\\.b=1')), '{"a\\\\":{"b":"1"}}');
  });
});
