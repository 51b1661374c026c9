import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  stringFuncs as f,
  toLowerRune,
  toTitleRune,
  toUpperRune,
} from '../../../lib/engine/funcs/sprig/strings.ts';
import { GoError, goInt, typeInfo } from '../../../lib/go/value.ts';
import type { GoMap, GoValue } from '../../../lib/go/value.ts';


const call = (name: string, ...args: (GoValue | number)[]): GoValue =>
  f[name].fn(...args.map((a) => (typeof a === 'number' && Number.isInteger(a) ? goInt(a) : a)));
const panics = (name: string, args: (GoValue | number)[], message: string): void =>
  assert.throws(() => call(name, ...args), new GoError(message));

test('trimming', () => {
  assert.equal(call('trimAll', 'ab', 'abbaXYab'), 'XY');
  assert.equal(call('trimall', '$', '$5$'), '5');
  assert.equal(call('trimAll', '¡!', '¡¡hola!!'), 'hola');
  assert.equal(call('trimPrefix', '-', '--hello'), '-hello');
  assert.equal(call('trimSuffix', '.yaml', 'file.yaml.yaml'), 'file.yaml');
  assert.equal(call('trim', '\u00a0 \t x y\u3000\n'), 'x y');
  assert.equal(call('trim', '\ufeffx'), '\ufeffx');
});

test('case functions use Go simple case mapping', () => {
  assert.equal(call('upper', 'straße éa'), 'STRAßE ÉA');
  assert.equal(call('lower', 'ÀÉÎ'), 'àéî');
  assert.equal(call('lower', 'İ'), 'i');
  assert.equal(call('upper', 'ǆ ŉ ᾀ'), 'Ǆ ŉ ᾈ');
  assert.equal(call('title', 'hello world'), 'Hello World');
  assert.equal(call('title', 'hELLO wORLD'), 'HELLO WORLD');
  assert.equal(call('title', 'élan vital'), 'Élan Vital');
  assert.equal(call('title', 'ǆa dža'), 'ǅa Dža');
  assert.equal(call('title', 'ᾀa'), 'ᾈa');
  assert.equal(call('title', 'hello_world foo-bar x.y'), 'Hello_world Foo-Bar X.Y');
  assert.equal(call('untitle', 'Hello World HTTP'), 'hello world hTTP');
  assert.equal(call('swapcase', 'This Is A.Test'), 'tHIS iS a.tEST');
  assert.equal(call('swapcase', 'Éa'), 'éA');
  assert.equal(call('swapcase', 'ǆ ß'), 'ǅ ß');
  assert.equal(toUpperRune(0xdf), 0xdf);
  assert.equal(toLowerRune(0x130), 0x69);
  assert.equal(toTitleRune(0x10d0), 0x10d0);
});

test('xstrings case conversions', () => {
  const cases: [string, string, string][] = [
    ['snakecase', 'HTTPServerURL', 'http_server_url'],
    ['snakecase', 'hello big World', 'hello_big_world'],
    ['snakecase', 'already-kebab-case', 'already_kebab_case'],
    ['snakecase', 'ÉtéChaud', 'été_chaud'],
    ['snakecase', 'HTTP20xOK', 'http_20x_ok'],
    ['snakecase', 'Bld4Floor3rd', 'bld4_floor_3rd'],
    ['snakecase', 'http2xx', 'http_2xx'],
    ['snakecase', 'a.b', 'a.b'],
    ['snakecase', 'Hello, World!', 'hello,_world!'],
    ['snakecase', 'ÀB c', 'àb_c'],
    ['kebabcase', 'FirstName', 'first-name'],
    ['kebabcase', 'HTTPServer', 'http-server'],
    ['kebabcase', 'snake_case_here', 'snake-case-here'],
    ['kebabcase', 'NoHTTPS', 'no-https'],
    ['camelcase', 'http_server', 'HttpServer'],
    ['camelcase', 'hello big world', 'HelloBigWorld'],
    ['camelcase', 'AlreadyCamel', 'AlreadyCamel'],
    ['camelcase', 'http_2_server', 'Http2Server'],
    ['camelcase', 'GOLANG_IS_GREAT', 'GolangIsGreat'],
    ['camelcase', '_complex__case_', '_Complex_Case_'],
    ['camelcase', 'a', 'A'],
    ['camelcase', '__', '___'],
    ['camelcase', '-a-', '-A-'],
  ];
  for (const [fn, input, want] of cases) assert.equal(call(fn, input), want, `${fn} ${input}`);
});

test('byte-based substr, trunc, abbrev', () => {
  assert.equal(call('substr', 1, 3, 'hello'), 'el');
  assert.equal(call('substr', 2, -1, 'hello'), 'llo');
  assert.equal(call('substr', 2, 100, 'hello'), 'llo');
  assert.equal(call('substr', 0, 0, 'abc'), '');
  assert.equal(call('substr', 0, 2, 'éa'), 'é');
  // Go returns the lone byte 0xC3, carried as the escape U+DC00+0xC3.
  assert.equal(call('substr', 0, 1, 'éa'), '\udcc3');
  panics('substr', [-1, 100, 'hello'], 'runtime error: slice bounds out of range [:100] with length 5');
  panics('substr', [-1, -2, 'hello'], 'runtime error: slice bounds out of range [:-2]');
  panics('substr', [7, 100, 'hello'], 'runtime error: slice bounds out of range [7:5]');
  panics('substr', [3, 2, 'hello'], 'runtime error: slice bounds out of range [3:2]');
  assert.equal(call('trunc', 5, 'hello world'), 'hello');
  assert.equal(call('trunc', 50, 'hello'), 'hello');
  assert.equal(call('trunc', 0, 'hello'), '');
  assert.equal(call('trunc', -50, 'hello'), 'hello');
  assert.equal(call('trunc', -3, 'hello'), 'llo');
  assert.equal(call('trunc', 3, '日本語'), '日');
  assert.equal(call('abbrev', 20, 'hello'), 'hello');
  assert.equal(call('abbrev', 6, '日本語テキストです'), '日...');
  assert.equal(call('abbrev', 3, 'hello world'), 'hello world');
  assert.equal(call('abbrevboth', 5, 10, '1234 5678 9123'), '...5678...');
  assert.equal(call('abbrevboth', 0, 3, '1234 5678 9123'), '1234 5678 9123');
  assert.equal(call('abbrevboth', 0, 10, '1234 5678 9123'), '1234 56...');
});

test('byte walkers: nospace, initials', () => {
  assert.equal(call('nospace', 'h e\tl\nl o'), 'hello');
  assert.equal(call('nospace', 'a\u00a0b\u3000c'), 'aÂbã\u0080\u0080c');
  assert.equal(call('nospace', 'éa'), 'éa');
  assert.equal(call('initials', 'First Try'), 'FT');
  assert.equal(call('initials', 'hello big world'), 'hbw');
  assert.equal(call('initials', '  a   b  '), 'ab');
  assert.equal(call('initials', 'élan vital'), 'Ãv');
});

test('wrap and wrapWith', () => {
  assert.equal(call('wrap', 5, 'Hello World'), 'Hello\nWorld');
  assert.equal(call('wrap', 0, 'a b c'), 'a\nb\nc');
  assert.equal(call('wrap', 3, 'abcdefg hi'), 'abcdefg\nhi');
  assert.equal(call('wrapWith', 5, '\t', 'Hello World'), 'Hello\tWorld');
  assert.equal(call('wrapWith', 3, '|', 'abcdefg'), 'abc|def|g');
  assert.equal(call('wrapWith', 4, '\n', 'abcdefghij'), 'abcd\nefgh\nij');
});

test('repeat, replace, plural, contains', () => {
  assert.equal(call('repeat', 3, 'ab'), 'ababab');
  assert.equal(call('repeat', 0, 'ab'), '');
  panics('repeat', [-1, 'ab'], 'strings: negative Repeat count');
  assert.equal(call('replace', '.', '/', 'a.b.c'), 'a/b/c');
  assert.equal(call('replace', '', '-', 'abc'), '-a-b-c-');
  assert.equal(call('replace', '', '-', ''), '-');
  assert.equal(call('replace', 'ab', 'X', 'ababab'), 'XXX');
  assert.equal(call('plural', 'one', 'many', 1), 'one');
  assert.equal(call('plural', 'one', 'many', 0), 'many');
  assert.equal(call('plural', 'one', 'many', -1), 'many');
  assert.equal(call('contains', 'cat', 'catch'), true);
  assert.equal(call('hasPrefix', 'ch', 'catch'), false);
  assert.equal(call('hasSuffix', 'ch', 'catch'), true);
  assert.equal(call('hello'), 'Hello!');
});

test('indent and nindent', () => {
  assert.equal(call('indent', 4, 'a\nb'), '    a\n    b');
  assert.equal(call('indent', 2, ''), '  ');
  assert.equal(call('indent', 2, 'a\n'), '  a\n  ');
  assert.equal(call('indent', 2, 'a\r\nb'), '  a\r\n  b');
  assert.equal(call('nindent', 2, 'a\nb'), '\n  a\n  b');
  assert.equal(call('nindent', 2, ''), '\n  ');
  panics('indent', [-1, 'a'], 'strings: negative Repeat count');
});

test('split, splitn, splitList', () => {
  const m = call('split', '$', 'foo$bar$baz') as GoMap;
  assert.deepEqual(
    [...m],
    [
      ['_0', 'foo'],
      ['_1', 'bar'],
      ['_2', 'baz'],
    ],
  );
  assert.equal(typeInfo(m).name, 'map[string]string');
  assert.deepEqual([...(call('split', '', 'abc') as GoMap).values()], ['a', 'b', 'c']);
  assert.deepEqual([...(call('splitn', '$', 2, 'foo$bar$baz') as GoMap).values()], ['foo', 'bar$baz']);
  assert.deepEqual([...(call('splitn', '$', -1, 'a$b$c') as GoMap).values()], ['a', 'b', 'c']);
  assert.equal((call('splitn', '$', 0, 'a$b') as GoMap).size, 0);
  assert.deepEqual([...(call('splitn', '', 2, 'abc') as GoMap).values()], ['a', 'bc']);
  const l = call('splitList', ',', 'abc') as GoValue[];
  assert.deepEqual(l, ['abc']);
  assert.equal(typeInfo(l).name, '[]string');
  assert.deepEqual(call('splitList', '', 'abc'), ['a', 'b', 'c']);
  assert.deepEqual(call('splitList', '', ''), []);
});

test('join', () => {
  assert.equal(call('join', '-', ['a', 'b', 'c']), 'a-b-c');
  assert.equal(call('join', ',', [goInt(1), goInt(2), goInt(3)]), '1,2,3');
  assert.equal(call('join', ',', ['a', null, 'b']), 'a,b');
  assert.equal(call('join', ',', [[goInt(1), goInt(2)], 'x']), '[1 2],x');
});

test('quote, squote, cat', () => {
  assert.equal(call('quote', 'hello'), '"hello"');
  assert.equal(call('quote', 'a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  assert.equal(call('quote', ['a', 'b', 'c']), '"[a b c]"');
  assert.equal(call('quote', 'é☺\u0001'), '"é☺\\x01"');
  assert.equal(call('quote'), '');
  assert.equal(call('quote', 'a', null, goInt(1)), '"a" "1"');
  assert.equal(call('squote', 'hello'), "'hello'");
  assert.equal(call('squote', "it's"), "'it's'");
  assert.equal(call('squote', null), '');
  assert.equal(call('cat', 'hello', 'beautiful', 'world'), 'hello beautiful world');
  assert.equal(call('cat', 'a', null, 'b'), 'a b');
  assert.equal(call('cat', goInt(1), 2.5, true, 'x', ['a', 'b', 'c']), '1 2.5 true x [a b c]');
  assert.equal(call('cat'), '');
});

test('shuffle permutes runes', () => {
  const s = call('shuffle', 'abcdéfgh') as string;
  assert.equal([...s].sort().join(''), 'abcdefgh'.replace('e', 'é').split('').sort().join(''));
  assert.equal(call('shuffle', ''), '');
});

test('Go signatures', () => {
  assert.equal(f.substr.goType, 'func(int, int, string) string');
  assert.equal(f.quote.goType, 'func(...interface {}) string');
  assert.equal(f.split.goType, 'func(string, string) map[string]string');
  assert.equal(f.splitn.goType, 'func(string, int, string) map[string]string');
  assert.equal(f.plural.goType, 'func(string, string, int) string');
  assert.equal(f.contains.goType, 'func(string, string) bool');
});

test('letters cased only since Unicode 16 keep Go 1.23 behaviour', () => {
  assert.equal(call('upper', 'ƛɤ'), 'ƛɤ');
  assert.equal(call('lower', 'Ꟍ'), 'Ꟍ');
  assert.equal(call('title', 'ǉ ǈ'), 'ǈ ǈ');
  assert.equal(call('swapcase', 'ǈ'), 'ǉ');
});
