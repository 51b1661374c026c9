import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regexFuncs as f } from '../../../lib/engine/funcs/sprig/regex.ts';
import { GoError, goInt, typeInfo } from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';

type Case = [string, ...(string | number)[]];
/** Asserts a Go error (or panic) with exactly this message. */
const throwsGo = (fn: () => unknown, message: string, label?: string): void =>
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message, label ?? message);
const call = (c: Case): GoValue =>
  f[c[0]].fn(...c.slice(1).map((a): GoValue => (typeof a === 'number' ? goInt(a) : a)));

test('conformance vectors', () => {
  assert.equal(call(['regexMatch', '^[a-z]+\\.[a-z]+$', 'foo.bar']), true);
  assert.equal(call(['regexMatch', '(', 'x']), false);
  assert.equal(call(['regexMatch', '^\\p{Greek}+$', 'αβγ']), true);
  throwsGo(
    () => call(['mustRegexMatch', '(a)\\1', 'aa']),
    'error parsing regexp: invalid escape sequence: `\\1`',
  );
  throwsGo(
    () => call(['mustRegexMatch', 'a(?=b)', 'ab']),
    'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
  );
  assert.equal(call(['regexFind', '[a-zA-Z][1-9]', 'abcd1234']), 'd1');
  assert.equal(call(['regexFind', 'a|ab', 'ab']), 'a');
  throwsGo(
    () => call(['regexFind', '(', 'abc']),
    'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  );
  assert.deepEqual(call(['regexFindAll', '[2,4,6,8]', '123456789', 2]), ['2', '4']);
  assert.deepEqual(call(['regexFindAll', '[0-9]', '123', 0]), []);
  assert.equal(typeInfo(call(['regexFindAll', 'a', 'aa', -1]) as GoValue[]).name, '[]string');
  assert.equal(call(['regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W']), '---');
  assert.equal(call(['regexReplaceAll', 'b', 'abc', '$$']), 'a$c');
  assert.equal(call(['regexReplaceAllLiteral', 'a(x*)b', '-ab-axxb-', '${1}']), '-${1}-${1}-');
  assert.deepEqual(call(['regexSplit', 'z+', 'pizza', -1]), ['pi', 'a']);
  assert.deepEqual(call(['regexSplit', ',', 'a,b', 0]), []);
  assert.equal(typeInfo(call(['regexSplit', ',', 'a,b', -1]) as GoValue[]).name, '[]string');
  assert.equal(call(['regexQuoteMeta', 'a.b*c']), 'a\\.b\\*c');
  assert.equal(call(['regexFind', '[à-ü]+', 'abc éèê xyz']), 'éèê');
});

test('Go signatures', () => {
  assert.equal(f.regexFindAll.goType, 'func(string, string, int) []string');
  assert.equal(f.mustRegexSplit.goType, 'func(string, string, int) []string');
  assert.equal(f.regexMatch.goType, 'func(string, string) bool');
  assert.equal(f.regexReplaceAllLiteral.goType, 'func(string, string, string) string');
});

/** Each case with the result real Helm v3.17.3 gave for it (toJson of the value, or the error). */
const recorded: [Case, unknown][] = [
  // Case folding rune by rune: \w, \W and \b stay ASCII, properties fold (helm v3.17.3).
  [['regexReplaceAll', '(?i)\\W+', 'Kiss Sky', '-'], 'Kiss-Sky'],
  [['regexFind', '(?i)ſ\\b', 'ſ.'], ''],
  [['regexFind', '(?i)\\bK', 'ſK'], 'K'],
  [['regexFind', '(?i:\\p{Lu})x', 'sx'], 'sx'],
  [['regexFind', '(?i)[^a-c]+', 'ABCxyzabc'], 'xyz'],
  [['regexMatch', '(?i)^s$', 'ſ'], true],
  [['regexFind', '(?i)\\p{Ll}+', 'ABCdef'], 'ABCdef'],
  [['regexFind', '(?i)\\P{Lu}+', 'ABCdef'], ''],
  [['regexFind', '(?i)\\w+', 'Kſx'], 'Kſx'],
  [['regexFind', '(?i)σ+', 'ΣσςΣ'], 'ΣσςΣ'],
  [['regexFind', '(?i)ǅ', 'ǆ'], 'ǆ'],
  // Empty matches only at rune boundaries, never inside a surrogate pair.
  [['regexFindAll', '\\B', 'S😀', -1], ['']],
  [['regexSplit', '\\B', 'S😀x', -1], ['S😀x']],
  [['regexReplaceAll', '\\B', '😀😀', '-'], '-😀-😀-'],
  [
    ['regexFindAll', '', 'a😀b', -1],
    ['', '', '', ''],
  ],
  // Repetitions of bodies that can match the empty string.
  [['regexFindAll', '(a|)?b', 'ab', -1], ['ab']],
  [['regexFindAll', '(|a)?b', 'ab', -1], ['ab']],
  [['regexFindAll', '(a??){2}b', 'ab', -1], ['ab']],
  [['regexFindAll', '(|a){2,3}b', 'aab', -1], ['aab']],
  [['regexFindAll', '(a|){2,3}b', 'aab', -1], ['aab']],
  [
    ['regexFindAll', '(a*)*', 'b', -1],
    ['', ''],
  ],
  [
    ['regexFindAll', '(a*)+', 'ab', -1],
    ['a', ''],
  ],
  [['regexFindAll', '(a*?)*x', 'aax', -1], ['aax']],
  [['regexFindAll', '(?:a|b??)*c', 'abc', -1], ['abc']],
  [['regexReplaceAll', '(a|){2,3}b', 'aab', '[$1]'], '[]'],
  [['regexReplaceAll', '(a|b)*', 'ab', '[$1]'], '[b]'],
  [['regexFindAll', '(?:a?)+', 'aa', -1], ['aa']],
  [['regexFindAll', '(?:a?)*?b', 'aab', -1], ['aab']],
  [
    ['regexFindAll', 'a*', 'baaab', -1],
    ['', 'aaa', ''],
  ],
  [
    ['regexFindAll', '', 'abc', -1],
    ['', '', '', ''],
  ],
  [
    ['regexFindAll', 'a|', 'bab', -1],
    ['', 'a', ''],
  ],
  [['regexReplaceAll', 'a*', 'baaac', 'X'], 'XbXcX'],
  [['regexReplaceAll', '', 'abc', '-'], '-a-b-c-'],
  [['regexReplaceAll', 'x*', 'abc', '-'], '-a-b-c-'],
  [
    ['regexSplit', 'a*', 'baaac', -1],
    ['b', 'c'],
  ],
  [['regexSplit', 'x', '', -1], ['']],
  [['regexSplit', '', '', -1], []],
  [
    ['regexSplit', 'a', 'banana', 2],
    ['b', 'nana'],
  ],
  [['regexReplaceAll', '(?P<first>\\w+) (?P<last>\\w+)', 'John Smith', '${last}, ${first}'], 'Smith, John'],
  [['regexReplaceAll', '(\\w+)', 'ab cd', '$1x'], ' '],
  [['regexReplaceAll', '(\\w+)', 'ab cd', '${1}x'], 'abx cdx'],
  [['regexReplaceAll', '(\\w+)', 'ab cd', '$'], '$ $'],
  [['regexReplaceAll', '(\\w+)', 'ab cd', '$2'], ' '],
  [['regexReplaceAll', '(\\w+)', 'ab cd', '$01'], ' '],
  [['regexReplaceAll', '(a)|b', 'ab', '[$1]'], '[a][]'],
  [['regexFind', '(?i)straße', 'STRASSE'], ''],
  [['regexFind', '(?i)k', 'K'], 'K'],
  [['regexFind', '(?i)ſ', 'S'], 'S'],
  [['regexFind', 'a(?i)b', 'aB'], 'aB'],
  [['regexFind', 'a(?i)b', 'AB'], ''],
  [['regexFind', '(?i:a)b', 'Ab'], 'Ab'],
  [['regexFind', '(?i:a)b', 'AB'], ''],
  [['regexFind', '(?i)[a-c]+', 'ABCabc'], 'ABCabc'],
  [['regexFind', '(?s).+', 'a\nb'], 'a\nb'],
  [['regexFind', '.+', 'a\nb'], 'a'],
  [['regexFind', '.+', 'a\rb c'], 'a\rb c'],
  [['regexFind', '(?m)^b$', 'a\nb\nc'], 'b'],
  [['regexFind', '(?m)a$', 'a\n'], 'a'],
  [['regexFind', 'a$', 'a\n'], ''],
  [['regexFind', '\\s+', 'a \u000b b'], ' '],
  [['regexFind', '[[:alpha:]]+', 'ab1'], 'ab'],
  [['regexFind', '[[:^alpha:]]+', 'ab12c'], '12'],
  [['regexFind', '\\pL+', 'héllo1'], 'héllo'],
  [['regexFind', '\\p{Greek}+', 'xαβγ'], 'αβγ'],
  [['regexFind', '\\PL+', 'ab12c'], '12'],
  [['regexFind', '[^\\d]+', '12ab3'], 'ab'],
  [['regexFind', '\\Qa.b\\E+', 'a.bbb'], 'a.bbb'],
  [['regexFind', '\\x41\\x{42}\\101', 'ABA'], 'ABA'],
  [['regexFind', 'a{2,3}', 'aaaa'], 'aaa'],
  [['regexFind', 'a{,3}', 'a{,3}'], 'a{,3}'],
  [['regexFind', 'a{2}?', 'aaa'], 'aa'],
  [['regexFind', '(?U)a+', 'aaa'], 'a'],
  [['regexFind', '(?U)a+?', 'aaa'], 'aaa'],
  [['regexFind', '\\bfoo\\b', 'a foo b'], 'foo'],
  [['regexFind', '^*a', 'a'], 'a'],
  [['regexFind', '[]a]+', ']a]'], ']a]'],
  [['regexFind', '[a-]+', 'a-a'], 'a-a'],
  [['regexFind', '\\.\\_', '._'], '._'],
  [['regexFind', '(a|ab)(c|bcd)(d*)', 'abcd'], 'abcd'],
  [['regexFind', '\\A\\w+\\z', 'abc'], 'abc'],
  [['regexFind', 'x*', 'abc'], ''],
  [
    ['regexFindAll', '\\b', 'ab cd', -1],
    ['', '', '', ''],
  ],
  [
    ['regexFindAll', '(?m)^', 'a\nb\n', -1],
    ['', '', ''],
  ],
  [
    ['regexFindAll', '(?m)$', 'a\nb\n', -1],
    ['', '', ''],
  ],
  [['regexReplaceAll', '(?m)^', 'a\nb', '> '], '> a\n> b'],
  [
    ['regexFindAll', 'é|', 'aéb', -1],
    ['', 'é', ''],
  ],
  [
    ['regexSplit', 'é', 'aébéc', -1],
    ['a', 'b', 'c'],
  ],
  [['regexFind', '[\\p{Lu}]+', 'abCDe'], 'CD'],
  [['regexFind', '[\\P{Lu}]+', 'ABcdE'], 'cd'],
  [['regexFind', '(?i)[^a]+', 'AbAc'], 'b'],
  [['regexFind', '\\p{^Greek}+', 'αabβ'], 'ab'],
  [['regexFind', '[\\d\\s]+', 'a1 2b'], '1 2'],
  [['regexFind', '\\W+', 'ab, cd'], ', '],
  [['regexFind', '(?i)Σ+', 'σςΣ'], 'σςΣ'],
  [['regexFind', '(?i)ǅ', 'ǆ'], 'ǆ'],
  [['regexFind', '(?<n>a)', 'a'], 'a'],
  [['regexReplaceAll', '(?<n>a)', 'xa', '<${n}>'], 'x<a>'],
  [
    ['regexQuoteMeta', 'a.b*c[d]{e}(f)|g^h$i\\j+k?'],
    'a\\.b\\*c\\[d\\]\\{e\\}\\(f\\)\\|g\\^h\\$i\\\\j\\+k\\?',
  ],
  [
    ['regexFindAll', '😀|', 'a😀b', -1],
    ['', '😀', ''],
  ],
  [['regexReplaceAll', '', '😀', '-'], '-😀-'],
  [
    ['regexSplit', '', 'a😀', -1],
    ['a', '😀'],
  ],
  [['regexFind', '(?i)a(?-i)b', 'Ab'], 'Ab'],
  [['regexFind', '(?i)a(?-i)b', 'AB'], ''],
  [['regexFind', '(?i)[k]', 'K'], 'K'],
  [['regexFind', 'x(?i)[k]', 'xK'], 'xK'],
  [['regexFind', 'x(?i:[^k])', 'xK'], ''],
  [['regexFind', '(a*)*', 'b'], ''],
  [['regexFind', '(a*)+', 'b'], ''],
  [['regexFind', '(a|b)*c', 'abac'], 'abac'],
  [['regexReplaceAll', '(a)(b)?', 'a', '[$2]'], '[]'],
  [['regexFind', '\\p{Han}+', 'x漢字y'], '漢字'],
  [['regexFind', '[\\p{Han}a]+', '漢a字'], '漢a字'],
  [['regexFind', '\\pN+', 'x١٢3'], '١٢3'],
  [['regexFind', '\\d+', 'x١٢3'], '3'],
  [['regexFind', '\\w+', 'éa_1'], 'a_1'],
  [['regexFind', '(?i)\\w+', 'ſK'], 'ſK'],
  [['regexFind', '[[:word:]]+', 'a_1-'], 'a_1'],
  [['regexFind', '\\123', 'S'], 'S'],
  [['regexFind', '\\0', '\u0000'], '\u0000'],
  [['regexFind', '[\\x00-\\x{10FFFF}]+', 'ab'], 'ab'],
  [['regexFind', 'a.c', 'a😀c'], 'a😀c'],
  [
    ['regexFindAll', '(?s).', 'a\nb', 2],
    ['a', '\n'],
  ],
  [['regexFind', '(?m)^$', 'a\n\nb'], ''],
  [['regexFind', '$a', 'a'], ''],
  [
    ['regexSplit', 'b', 'abcbd', -1],
    ['a', 'c', 'd'],
  ],
  [['regexSplit', 'b', 'abcbd', 1], ['abcbd']],
  [
    ['regexSplit', ',', 'a,b,', -1],
    ['a', 'b', ''],
  ],
  [
    ['regexSplit', ',', ',', -1],
    ['', ''],
  ],
  [['mustRegexFind', '(', 'x'], { error: 'error parsing regexp: missing closing ): `(`' }],
  [['mustRegexFind', ')', 'x'], { error: 'error parsing regexp: unexpected ): `)`' }],
  [['mustRegexFind', 'a)', 'x'], { error: 'error parsing regexp: unexpected ): `a)`' }],
  [['mustRegexFind', '(a', 'x'], { error: 'error parsing regexp: missing closing ): `(a`' }],
  [['mustRegexFind', '[a', 'x'], { error: 'error parsing regexp: missing closing ]: `[a`' }],
  [['mustRegexFind', '[a-', 'x'], { error: 'error parsing regexp: missing closing ]: `[a-`' }],
  [['mustRegexFind', '[z-a]', 'x'], { error: 'error parsing regexp: invalid character class range: `z-a`' }],
  [
    ['mustRegexFind', 'x[[:foo:]]', 'x'],
    { error: 'error parsing regexp: invalid character class range: `[:foo:]`' },
  ],
  [
    ['mustRegexFind', '*', 'x'],
    { error: 'error parsing regexp: missing argument to repetition operator: `*`' },
  ],
  [
    ['mustRegexFind', 'a**', 'x'],
    { error: 'error parsing regexp: invalid nested repetition operator: `**`' },
  ],
  [
    ['mustRegexFind', 'a*?*', 'x'],
    { error: 'error parsing regexp: invalid nested repetition operator: `*?*`' },
  ],
  [
    ['mustRegexFind', '(*)', 'x'],
    { error: 'error parsing regexp: missing argument to repetition operator: `*`' },
  ],
  [
    ['mustRegexFind', 'a|*', 'x'],
    { error: 'error parsing regexp: missing argument to repetition operator: `*`' },
  ],
  [
    ['mustRegexFind', '{2}', 'x'],
    { error: 'error parsing regexp: missing argument to repetition operator: `{2}`' },
  ],
  [['mustRegexFind', 'a{1001}', 'x'], { error: 'error parsing regexp: invalid repeat count: `{1001}`' }],
  [['mustRegexFind', 'a{2,1}', 'x'], { error: 'error parsing regexp: invalid repeat count: `{2,1}`' }],
  [['mustRegexFind', '(a{500}){3}', 'x'], { error: 'error parsing regexp: invalid repeat count: `{3}`' }],
  [
    ['mustRegexFind', 'a{2}{3}', 'x'],
    { error: 'error parsing regexp: invalid nested repetition operator: `{2}{3}`' },
  ],
  [['mustRegexFind', '\\1', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\1`' }],
  [['mustRegexFind', '\\8', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\8`' }],
  [['mustRegexFind', '\\C', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\C`' }],
  [['mustRegexFind', '\\Z', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\Z`' }],
  [['mustRegexFind', '\\é', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\é`' }],
  [
    ['mustRegexFind', 'a\\', 'x'],
    { error: 'error parsing regexp: trailing backslash at end of expression: ``' },
  ],
  [['mustRegexFind', '\\x', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\x`' }],
  [['mustRegexFind', '\\xZZ', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\xZZ`' }],
  [
    ['mustRegexFind', '\\x{110000}', 'x'],
    { error: 'error parsing regexp: invalid escape sequence: `\\x{110000`' },
  ],
  [['mustRegexFind', '\\x{}', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\x{}`' }],
  [['mustRegexFind', '\\pX', 'x'], { error: 'error parsing regexp: invalid character class range: `\\pX`' }],
  [
    ['mustRegexFind', '\\p{Foo}', 'x'],
    { error: 'error parsing regexp: invalid character class range: `\\p{Foo}`' },
  ],
  [
    ['mustRegexFind', '\\p{Grek}', 'x'],
    { error: 'error parsing regexp: invalid character class range: `\\p{Grek}`' },
  ],
  [
    ['mustRegexFind', '\\p{greek}', 'x'],
    { error: 'error parsing regexp: invalid character class range: `\\p{greek}`' },
  ],
  [
    ['mustRegexFind', '\\p{L', 'x'],
    { error: 'error parsing regexp: invalid character class range: `\\p{L`' },
  ],
  [['mustRegexFind', '\\p', 'x'], { error: 'error parsing regexp: invalid character class range: `\\p`' }],
  [['mustRegexFind', '(?', 'x'], { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?`' }],
  [
    ['mustRegexFind', '(?=a)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`' },
  ],
  [
    ['mustRegexFind', '(?!a)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`' },
  ],
  [['mustRegexFind', '(?<=a)', 'x'], { error: 'error parsing regexp: invalid named capture: `(?<=a)`' }],
  [
    ['mustRegexFind', '(?P=n)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?P`' },
  ],
  [['mustRegexFind', '(?P<n', 'x'], { error: 'error parsing regexp: invalid named capture: `(?P<n`' }],
  [['mustRegexFind', '(?P<>a)', 'x'], { error: 'error parsing regexp: invalid named capture: `(?P<>`' }],
  [
    ['mustRegexFind', '(?P<a-b>a)', 'x'],
    { error: 'error parsing regexp: invalid named capture: `(?P<a-b>`' },
  ],
  [
    ['mustRegexFind', "(?'n'a)", 'x'],
    { error: "error parsing regexp: invalid or unsupported Perl syntax: `(?'`" },
  ],
  [
    ['mustRegexFind', '(?-)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?-)`' },
  ],
  [
    ['mustRegexFind', '(?i-)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?i-)`' },
  ],
  [
    ['mustRegexFind', '(?x)', 'x'],
    { error: 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`' },
  ],
  [['mustRegexFind', '(?)', 'x'], ''],
  [['mustRegexFind', '[\\b]', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\b`' }],
  [['mustRegexFind', '[a-\\d]', 'x'], { error: 'error parsing regexp: invalid escape sequence: `\\d`' }],
  [['mustRegexFind', 'x{1,1001}', 'x'], { error: 'error parsing regexp: invalid repeat count: `{1,1001}`' }],
  [['mustRegexFind', 'x{01}', 'x{01}'], 'x{01}'],
  [['mustRegexFind', '(?i)(?P<n>a)(?P<n>b)', 'ab'], 'ab'],
  [
    ['regexFind', 'a\tb(', 'x'],
    { error: 'regexp: Compile(`a\tb(`): error parsing regexp: missing closing ): `a\tb(`' },
  ],
  [
    ['regexFind', 'a`(', 'x'],
    { error: 'regexp: Compile("a`("): error parsing regexp: missing closing ): `a`(`' },
  ],
  [
    ['regexFind', 'a\u0001(', 'x'],
    { error: 'regexp: Compile("a\\x01("): error parsing regexp: missing closing ): `a\u0001(`' },
  ],
  [
    ['regexSplit', '(', 'x', -1],
    { error: 'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`' },
  ],
  [
    ['regexReplaceAllLiteral', '(', 'x', 'y'],
    { error: 'regexp: Compile(`(`): error parsing regexp: missing closing ): `(`' },
  ],
  [['mustRegexReplaceAllLiteral', '[', 'x', 'y'], { error: 'error parsing regexp: missing closing ]: `[`' }],
  [['mustRegexSplit', '[', 'x', 1], { error: 'error parsing regexp: missing closing ]: `[`' }],
  [['mustRegexFindAll', '[', 'x', 1], { error: 'error parsing regexp: missing closing ]: `[`' }],
  [['mustRegexMatch', '[', 'x'], { error: 'error parsing regexp: missing closing ]: `[`' }],
  [['mustRegexFind', '((((a))))', 'a'], 'a'],
  [['mustRegexFind', '\\Qab', 'ab'], 'ab'],
  [['mustRegexFind', '[[:alpha:]', 'a'], { error: 'error parsing regexp: missing closing ]: `[[:alpha:]`' }],
  [['mustRegexFind', '[]', 'a'], { error: 'error parsing regexp: missing closing ]: `[]`' }],
  [['mustRegexFind', '[^]', 'a'], { error: 'error parsing regexp: missing closing ]: `[^]`' }],
];

test('matches real Helm on recorded cases', () => {
  for (const [c, want] of recorded) {
    const label = JSON.stringify(c);
    if (want !== null && typeof want === 'object' && 'error' in want) {
      throwsGo(() => call(c), (want as { error: string }).error, label);
    } else {
      assert.deepEqual(call(c), want, label);
    }
  }
});
