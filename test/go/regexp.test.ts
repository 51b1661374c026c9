import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Regexp, RegexpSyntaxError, matchString, quoteMeta } from '../../lib/go/regexp.ts';
import { GoError } from '../../lib/go/value.ts';

const throwsGo = (fn: () => unknown, message: string): void =>
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message, message);

test('compile errors carry Go syntax.Error code and expression', () => {
  try {
    Regexp.compile('a[z-b]');
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof RegexpSyntaxError);
    assert.equal(e.code, 'invalid character class range');
    assert.equal(e.expr, 'z-b');
    assert.equal(e.message, 'error parsing regexp: invalid character class range: `z-b`');
  }
  throwsGo(() => Regexp.compile('(?P<n'), 'error parsing regexp: invalid named capture: `(?P<n`');
  throwsGo(() => Regexp.compile('a{1001}'), 'error parsing regexp: invalid repeat count: `{1001}`');
  throwsGo(() => Regexp.compile('(?<=a)'), 'error parsing regexp: invalid named capture: `(?<=a)`');
});

test('mustCompile quotes the pattern as Go does', () => {
  throwsGo(
    () => Regexp.mustCompile('('),
    'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  );
  throwsGo(
    () => Regexp.mustCompile('a`('),
    'regexp: Compile("a`("): error parsing regexp: missing closing ): `a`(`',
  );
  throwsGo(
    () => Regexp.mustCompile('a\u0001('),
    'regexp: Compile("a\\x01("): error parsing regexp: missing closing ): `a\u0001(`',
  );
});

test('subexpressions and names', () => {
  const re = Regexp.compile('(?P<first>\\w+) (\\w+)(?<third>x)?');
  assert.equal(re.numSubexp, 3);
  assert.deepEqual(re.subexpNames, ['', 'first', '', 'third']);
  assert.deepEqual(re.findStringSubmatch('John Smith'), ['John Smith', 'John', 'Smith', '']);
  assert.equal(re.findStringSubmatch('!'), undefined);
  assert.equal(re.expr, '(?P<first>\\w+) (\\w+)(?<third>x)?');
});

test('Expand rules in ReplaceAllString', () => {
  const re = Regexp.compile('(?P<first>\\w+) (?P<last>\\w+)');
  assert.equal(re.replaceAllString('John Smith', '${last}, ${first}'), 'Smith, John');
  // $1x names group "1x", which does not exist.
  assert.equal(re.replaceAllString('John Smith', '$1x'), '');
  assert.equal(re.replaceAllString('John Smith', '${1}x'), 'Johnx');
  assert.equal(re.replaceAllString('John Smith', '$$1'), '$1');
  assert.equal(re.replaceAllString('John Smith', '$'), '$');
  assert.equal(re.replaceAllString('John Smith', '${last'), '${last');
  assert.equal(re.replaceAllString('John Smith', '$01'), '');
  assert.equal(re.replaceAllString('John Smith', '$9'), '');
  assert.equal(re.replaceAllLiteralString('John Smith', '$1'), '$1');
});

test('empty matches follow Go iteration rules', () => {
  assert.deepEqual(Regexp.compile('a*').findAllString('baaab', -1), ['', 'aaa', '']);
  assert.deepEqual(Regexp.compile('a|').findAllString('bab', -1), ['', 'a', '']);
  assert.deepEqual(Regexp.compile('😀|').findAllString('a😀b', -1), ['', '😀', '']);
  assert.equal(Regexp.compile('a*').replaceAllString('baaac', 'X'), 'XbXcX');
  assert.equal(Regexp.compile('').replaceAllString('😀', '-'), '-😀-');
  assert.deepEqual(Regexp.compile('').split('a😀', -1), ['a', '😀']);
  assert.deepEqual(Regexp.compile('a*').split('baaac', -1), ['b', 'c']);
  assert.deepEqual(Regexp.compile('x').split('', -1), ['']);
  assert.deepEqual(Regexp.compile('').split('', -1), []);
  assert.deepEqual(Regexp.compile('a').split('banana', 2), ['b', 'nana']);
  assert.deepEqual(Regexp.compile(',').split('a,b,', -1), ['a', 'b', '']);
  assert.deepEqual(Regexp.compile('b').split('abcbd', 1), ['abcbd']);
  assert.deepEqual(Regexp.compile('(?m)$').findAllString('a\nb\n', -1), ['', '', '']);
});

test('RE2 syntax translated to JavaScript', () => {
  const find = (p: string, s: string): string => Regexp.compile(p).findString(s);
  assert.equal(find('.+', 'a\rb\u2028c\nd'), 'a\rb\u2028c');
  assert.equal(find('(?s).+', 'a\nb'), 'a\nb');
  assert.equal(find('a$', 'a\n'), '');
  assert.equal(find('(?m)a$', 'a\n'), 'a');
  assert.equal(find('(?m)^b$', 'a\nb\nc'), 'b');
  assert.equal(find('\\s+', 'a \u000b\u00a0b'), ' ');
  assert.equal(find('\\d+', 'x١٢3'), '3');
  assert.equal(find('\\w+', 'éa_1'), 'a_1');
  assert.equal(find('[[:^alpha:]]+', 'ab12c'), '12');
  assert.equal(find('\\p{Greek}+', 'xαβγ'), 'αβγ');
  assert.equal(find('\\p{^Greek}+', 'αabβ'), 'ab');
  assert.equal(find('[\\P{Lu}]+', 'ABcdE'), 'cd');
  assert.equal(find('\\Qa.b\\E+', 'a.bbb'), 'a.bbb');
  assert.equal(find('\\x41\\x{42}\\101', 'ABA'), 'ABA');
  assert.equal(find('a{,3}', 'a{,3}'), 'a{,3}');
  assert.equal(find('(?U)a+', 'aaa'), 'a');
  assert.equal(find('(?U)a+?', 'aaa'), 'aaa');
  assert.equal(find('^*a', 'a'), 'a');
  assert.equal(find('[]a]+', ']a]'), ']a]');
  assert.equal(find('(a|ab)(c|bcd)(d*)', 'abcd'), 'abcd');
  assert.equal(find('\\A\\w+\\z', 'abc'), 'abc');
  assert.equal(find('a.c', 'a😀c'), 'a😀c');
});

test('case folding, global and scoped', () => {
  const find = (p: string, s: string): string => Regexp.compile(p).findString(s);
  assert.equal(find('(?i)k', '\u212a'), '\u212a');
  assert.equal(find('(?i)ſ', 'S'), 'S');
  assert.equal(find('(?i)straße', 'STRASSE'), '');
  assert.equal(find('a(?i)b', 'aB'), 'aB');
  assert.equal(find('a(?i)b', 'AB'), '');
  assert.equal(find('(?i:a)b', 'Ab'), 'Ab');
  assert.equal(find('(?i:a)b', 'AB'), '');
  assert.equal(find('(?i)a(?-i)b', 'AB'), '');
  assert.equal(find('x(?i)[k]', 'x\u212a'), 'x\u212a');
  assert.equal(find('x(?i:[^k])', 'xK'), '');
  assert.equal(find('(?i)Σ+', 'σςΣ'), 'σςΣ');
  assert.equal(find('(?i)[^a]+', 'AbAc'), 'b');
});

test('matchString and quoteMeta', () => {
  assert.equal(matchString('b', 'abc'), true);
  assert.equal(matchString('^b', 'abc'), false);
  throwsGo(() => matchString('(', ''), 'error parsing regexp: missing closing ): `(`');
  assert.equal(
    quoteMeta('a.b*c[d]{e}(f)|g^h$i\\j+k?'),
    'a\\.b\\*c\\[d\\]\\{e\\}\\(f\\)\\|g\\^h\\$i\\\\j\\+k\\?',
  );
  assert.equal(matchString(quoteMeta('a.b*c'), 'axbbc'), false);
});
