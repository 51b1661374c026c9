/**
 * text/template builtins (Go 1.23 funcs.go). Direct calls check each function's Go semantics;
 * the template-level cases check the exact messages Helm v3.17.3 prints (verified with the real
 * helm binary).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GoError, GoFunc, GoInt, GoStruct, goInt64, withType, SLICE_OF_STRING } from '../../lib/go/value.ts';
import type { GoValue } from '../../lib/go/value.ts';
import { Boxed, BuiltinFunc } from '../../lib/engine/template/exec.ts';
import type { RValue } from '../../lib/engine/template/exec.ts';
import {
  builtins,
  eqValues,
  evalArgs,
  htmlEscapeString,
  jsEscapeString,
  ltValues,
  queryEscape,
} from '../../lib/engine/template/builtins.ts';
import { TemplateExecError, TemplateSet } from '../../lib/engine/template/index.ts';

const int = (n: number): GoInt => new GoInt('int', BigInt(n));
const uint = (n: number): GoInt => new GoInt('uint', BigInt(n));
/** A value read from a map[string]interface {} (static type interface {}). */
const iface = (v: GoValue): RValue => new Boxed(v, 'interface {}');

function callBuiltin(name: string, ...args: RValue[]): RValue {
  const b = builtins[name];
  assert.ok(b instanceof BuiltinFunc, `${name} is a reflect builtin`);
  return b.call(args, { calleeName: name });
}

function goError(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
}

describe('builtins: comparison', () => {
  it('eq compares basic kinds, integers across signedness, and stops at the first match', () => {
    assert.equal(eqValues(int(1), [int(1)]), true);
    assert.equal(eqValues('a', ['b', 'a']), true);
    assert.equal(eqValues(int(3), [goInt64(3)]), true);
    assert.equal(eqValues(int(3), [uint(3)]), true);
    assert.equal(eqValues(int(-1), [uint(1)]), false);
    assert.equal(eqValues(1.5, [iface(1.5)]), true);
    assert.equal(eqValues(true, [true]), true);
    // The first match wins before a later incompatible argument is examined.
    assert.equal(eqValues(int(1), [int(1), 'x']), true);
    goError(() => eqValues(int(1), ['x', int(1)]), 'incompatible types for comparison');
    goError(() => eqValues(int(1), [1.0]), 'incompatible types for comparison');
    goError(() => eqValues('true', [true]), 'incompatible types for comparison');
    goError(() => eqValues(int(1), []), 'missing argument for comparison');
  });

  it('eq with nil: only nil equals nil, and nil against a basic value is false', () => {
    assert.equal(eqValues(undefined, [undefined]), true);
    assert.equal(eqValues(iface(null), [undefined]), true);
    assert.equal(eqValues(iface(null), ['x']), false);
    assert.equal(eqValues(['a'], [undefined]), false);
  });

  it(
    'eq on slices and maps: Go 1.23 non-comparable messages',
    () => {
      const list: GoValue = ['a', 'b', 'c'];
      goError(() => eqValues(iface(list), [iface(list)]), 'non-comparable type [a b c]: []interface {}');
      const values = withType(new Map<string, GoValue>([['str', 'hello']]), {
        name: 'chartutil.Values',
        elem: 'interface {}',
        underlying: 'map[string]interface {}',
      });
      goError(
        () => eqValues(values, [iface(list)]),
        'non-comparable types map[str:hello]: chartutil.Values, []interface {}: [a b c]',
      );
    },
  );

  it('eq on pointers compares identity', () => {
    const s = new GoStruct({ type: '*x.T' });
    assert.equal(eqValues(s, [s]), true);
    assert.equal(eqValues(s, [new GoStruct({ type: '*x.T' })]), false);
  });

  it('lt / le / gt / ge', () => {
    assert.equal(ltValues(int(1), int(2)), true);
    assert.equal(ltValues(int(-1), uint(1)), true);
    assert.equal(ltValues(uint(1), int(-1)), false);
    assert.equal(ltValues('B', 'a'), true);
    // Strings compare bytewise (é is 0xC3 0xA9).
    assert.equal(ltValues('é', 'z'), false);
    assert.equal(ltValues(1.5, 2.5), true);
    goError(() => ltValues(true, false), 'invalid type for comparison');
    goError(() => ltValues(undefined, int(1)), 'invalid type for comparison');
    goError(() => ltValues(int(1), 2.0), 'incompatible types for comparison');
    goError(() => ltValues(['a'], ['a']), 'invalid type for comparison');
    assert.equal(callBuiltin('le', int(2), int(2)), true);
    assert.equal(callBuiltin('gt', int(2), int(2)), false);
    assert.equal(callBuiltin('ge', int(2), int(2)), true);
    assert.equal(callBuiltin('ne', 'a', 'b'), true);
  });
});

describe('builtins: len, index, slice, not, call', () => {
  it('len counts bytes of strings and reports Go errors', () => {
    assert.deepEqual(callBuiltin('len', 'héllo'), int(6));
    assert.deepEqual(callBuiltin('len', iface(['a', 'b'])), int(2));
    assert.deepEqual(callBuiltin('len', new Map()), int(0));
    goError(() => callBuiltin('len', iface(null)), 'len of nil pointer');
    goError(() => callBuiltin('len', undefined), 'reflect: call of reflect.Value.Type on zero Value');
    goError(() => callBuiltin('len', int(3)), 'len of type int');
  });

  it('index walks maps, slices and strings', () => {
    const people: GoValue = [
      new Map<string, GoValue>([['name', 'alice']]),
      new Map<string, GoValue>([['name', 'bob']]),
    ];
    assert.deepEqual(callBuiltin('index', iface(people), int(1), 'name'), iface('bob'));
    assert.deepEqual(callBuiltin('index', 'abc', int(1)), new GoInt('uint8', 98n));
    assert.deepEqual(callBuiltin('index', iface(['a']), goInt64(0)), iface('a'));
    // A missing key gives the zero value of the element type: a nil interface.
    assert.deepEqual(callBuiltin('index', new Map(), 'zz'), iface(null));
    assert.deepEqual(
      callBuiltin('index', withType(new Map(), { name: 'map[string]string', elem: 'string' }), 'zz'),
      '',
    );
    assert.deepEqual(callBuiltin('index', iface(['a'])), ['a']);
  });

  it('index errors', () => {
    goError(() => callBuiltin('index', iface(null), 'a'), 'index of untyped nil');
    goError(() => callBuiltin('index', new Map(), 'zz', 'deeper'), 'index of nil pointer');
    goError(() => callBuiltin('index', ['a'], 'a'), 'cannot index slice/array with type string');
    goError(() => callBuiltin('index', ['a'], 1.0), 'cannot index slice/array with type float64');
    goError(() => callBuiltin('index', ['a'], undefined), 'cannot index slice/array with nil');
    goError(() => callBuiltin('index', ['a', 'b', 'c'], int(3)), 'reflect: slice index out of range');
    goError(() => callBuiltin('index', ['a', 'b', 'c'], int(5)), 'index out of range: 5');
    goError(() => callBuiltin('index', 'abc', int(-1)), 'index out of range: -1');
    goError(() => callBuiltin('index', 'abc', int(3)), 'reflect: string index out of range');
    goError(() => callBuiltin('index', new Map(), int(1)), 'value has type int; should be string');
    goError(() => callBuiltin('index', new Map(), undefined), 'value is nil; should be of type string');
    goError(() => callBuiltin('index', int(5), int(0)), "can't index item of type int");
  });

  it("slice (Go's builtin) on slices and strings", () => {
    const abc = withType(['a', 'b', 'c'], SLICE_OF_STRING);
    const s = callBuiltin('slice', abc, int(1));
    assert.deepEqual(s, ['b', 'c']);
    assert.equal(Array.isArray(s) && s !== abc, true);
    assert.equal(callBuiltin('slice', 'abcdef', int(1), int(3)), 'bc');
    assert.deepEqual(callBuiltin('slice', abc, int(3)), []);
    goError(() => callBuiltin('slice', abc, int(1), int(9)), 'index out of range: 9');
    goError(() => callBuiltin('slice', abc, int(2), int(1)), 'invalid slice index: 2 > 1');
    goError(() => callBuiltin('slice', 'abc', int(0), int(1), int(2)), 'cannot 3-index slice a string');
    goError(() => callBuiltin('slice', undefined), 'slice of untyped nil');
    goError(() => callBuiltin('slice', int(1)), "can't slice item of type int");
  });

  it('not uses Go truth', () => {
    assert.equal(callBuiltin('not', iface([])), true);
    assert.equal(callBuiltin('not', iface(['x'])), false);
    assert.equal(callBuiltin('not', undefined), true);
    assert.equal(callBuiltin('not', int(0)), true);
  });

  it('call invokes function values with Go argument checks', () => {
    const add = new GoFunc({
      name: 'add',
      params: ['int', 'int'],
      result: 'int',
      fn: (a, b) => new GoInt('int', (a as GoInt).value + (b as GoInt).value),
    });
    const call = (name: string, ...args: RValue[]) =>
      (builtins.call as BuiltinFunc).call(args, { calleeName: name });
    assert.deepEqual(call('.f', iface(add), int(1), goInt64(2)), int(3));
    goError(() => call('.f', iface(add), int(1)), 'wrong number of args for .f: got 1 want 2');
    goError(() => call('.f', iface(add), int(1), 'x'), 'arg 1: value has type string; should be int');
    goError(() => call('.f', iface(null)), 'call of nil');
    goError(() => call('.Values.str', iface('s')), 'non-function .Values.str of type string');
  });
});

describe('builtins: escaping', () => {
  it('html escapes like Go, NUL becomes U+FFFD', () => {
    assert.equal(htmlEscapeString('<a href="x">&\'</a>'), '&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;');
    assert.equal(htmlEscapeString('a\x00b'), 'a\uFFFDb');
    assert.equal(htmlEscapeString('plain'), 'plain');
  });

  it('js escapes quotes, angle brackets, &, = and control and non-printable runes', () => {
    assert.equal(jsEscapeString('a\'b"c<d>&e=f'), 'a\\\'b\\"c\\u003Cd\\u003E\\u0026e\\u003Df');
    assert.equal(jsEscapeString('line1\nline2\ttab\\'), 'line1\\u000Aline2\\u0009tab\\\\');
    assert.equal(jsEscapeString('é☺'), 'é☺');
    assert.equal(jsEscapeString('\x01\x7f'), '\\u0001\x7f');
    assert.equal(jsEscapeString('\u00a0x\u2028'), '\\u00A0x\\u2028');
  });

  it('urlquery is url.QueryEscape', () => {
    assert.equal(queryEscape('abc-_.~'), 'abc-_.~');
    assert.equal(queryEscape('a b&c=d/é'), 'a+b%26c%3Dd%2F%C3%A9');
  });

  it(
    'the escapers print their arguments as an action would',
    () => {
      assert.equal(evalArgs(['<', int(1), '>']), '<1>');
      assert.equal(evalArgs([null]), '<no value>');
      assert.equal(evalArgs([int(1), null, int(2)]), '1<no value>2');
    },
  );
});

describe(
  'builtins: through templates (Helm v3.17.3 messages)',
  () => {
    const values = new Map<string, GoValue>([
      ['str', 'hello'],
      ['list', ['a', 'b', 'c']],
    ]);
    const data = new Map<string, GoValue>([['Values', values]]);

    function run(template: string): string {
      const set = new TemplateSet(
        {
          list: new GoFunc({
            name: 'list',
            params: [],
            variadic: 'interface {}',
            result: '[]interface {}',
            fn: (...a) => a,
          }),
        },
        { missingKey: 'zero' },
      );
      set.addFile('t.tpl', template);
      return set.execute('t.tpl', data);
    }

    function fails(template: string, message: string): void {
      assert.throws(
        () => run(template),
        (e: unknown) => e instanceof TemplateExecError && e.message === message,
        `${template} should fail with ${message}`,
      );
    }

    it('outputs', () => {
      assert.equal(run('{{ index "abc" 1 }}'), '98');
      assert.equal(run('{{ not .Values.list }}{{ not (list) }}'), 'falsetrue');
      assert.equal(run('{{ eq (list 1) nil }}'), 'false');
      assert.equal(run('{{ html .Values.nothere }}'), '&lt;no value&gt;');
      assert.equal(run('{{ print nil }}{{ println nil 1 }}'), '<nil><nil> 1\n');
      assert.equal(
        run('{{ and 1 .Values.list }}|{{ or 0 "" | printf "%q" }}|{{ and 1 .Values.nothere }}'),
        '[a b c]|""|<no value>',
      );
      assert.equal(run('{{ urlquery 1 2 }}|{{ js "a" 1 }}|{{ html "<" 1 ">" }}'), '1+2|a1|&lt;1&gt;');
    });

    it('errors', () => {
      fails(
        '{{ index .Values.list 3 }}',
        'template: t.tpl:1:3: executing "t.tpl" at <index .Values.list 3>: error calling index: reflect: slice index out of range',
      );
      fails(
        '{{ index .Values.list nil }}',
        'template: t.tpl:1:3: executing "t.tpl" at <index .Values.list nil>: error calling index: cannot index slice/array with nil',
      );
      fails(
        '{{ lt nil 1 }}',
        'template: t.tpl:1:3: executing "t.tpl" at <lt nil 1>: error calling lt: invalid type for comparison',
      );
      fails(
        '{{ eq .Values.list .Values.str }}',
        'template: t.tpl:1:3: executing "t.tpl" at <eq .Values.list .Values.str>: error calling eq: incompatible types for comparison',
      );
      fails(
        '{{ len 3 }}',
        'template: t.tpl:1:3: executing "t.tpl" at <len 3>: error calling len: len of type int',
      );
      fails(
        '{{ len nil }}',
        'template: t.tpl:1:3: executing "t.tpl" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value',
      );
      fails(
        '{{ $x := .Values.nothere }}{{ len $x }}',
        'template: t.tpl:1:30: executing "t.tpl" at <len $x>: error calling len: reflect: call of reflect.Value.Type on zero Value',
      );
      fails(
        '{{ call .Values.str 1 }}',
        'template: t.tpl:1:3: executing "t.tpl" at <call .Values.str 1>: error calling call: non-function .Values.str of type string',
      );
      fails(
        '{{ 1 | not 2 }}',
        'template: t.tpl:1:7: executing "t.tpl" at <not>: wrong number of args for not: want 1 got 2',
      );
      fails(
        '{{ and }}',
        'template: t.tpl:1:3: executing "t.tpl" at <and>: wrong number of args for and: want at least 1 got 0',
      );
    });
  },
);
