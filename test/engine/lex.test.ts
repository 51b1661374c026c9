import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRune, itemString, lexAll, type Item, type LexOptions } from '../../lib/engine/template/lex.ts';

/** The items of `input` as `typ:val` strings (EOF and errors included). */
function lex(input: string, left = '', right = '', options: LexOptions = {}): string[] {
  return lexAll(input, left, right, options).map((i) => `${i.typ}:${i.val}`);
}

test('text and actions', () => {
  assert.deepEqual(lex(''), ['eof:']);
  assert.deepEqual(lex('now is the time'), ['text:now is the time', 'eof:']);
  assert.deepEqual(lex('a{{.}}b'), ['text:a', 'leftDelim:{{', 'dot:.', 'rightDelim:}}', 'text:b', 'eof:']);
  assert.deepEqual(lex('{{}}'), ['leftDelim:{{', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(lex('a}}b'), ['text:a}}b', 'eof:']);
});

test('spaces inside actions, including newlines', () => {
  assert.deepEqual(lex('{{ \t\n.}}'), ['leftDelim:{{', 'space: \t\n', 'dot:.', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(lex('{{\r\n.\r\n}}'), [
    'leftDelim:{{',
    'space:\r\n',
    'dot:.',
    'space:\r\n',
    'rightDelim:}}',
    'eof:',
  ]);
});

test('trim markers need an ASCII space after/before the dash', () => {
  assert.deepEqual(lex('a \n\t{{- . -}} \r\nb'), [
    'text:a',
    'leftDelim:{{',
    'dot:.',
    'rightDelim:}}',
    'text:b',
    'eof:',
  ]);
  assert.deepEqual(lex('a {{-\n. -}}\nb'), [
    'text:a',
    'leftDelim:{{',
    'dot:.',
    'rightDelim:}}',
    'text:b',
    'eof:',
  ]);
  assert.deepEqual(lex('x {{- . \t-}} y'), [
    'text:x',
    'leftDelim:{{',
    'dot:.',
    'space: ',
    'rightDelim:}}',
    'text:y',
    'eof:',
  ]);
  // Only whitespace before a left trim: no text item at all.
  assert.deepEqual(lex('  {{- .}}'), ['leftDelim:{{', 'dot:.', 'rightDelim:}}', 'eof:']);
  // No space: a number, not a trim marker.
  assert.deepEqual(lex('{{-3}}'), ['leftDelim:{{', 'number:-3', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(lex('{{3-}}'), ['leftDelim:{{', 'error:bad number syntax: "3-"']);
  assert.deepEqual(lex('{{-"a"}}'), ['leftDelim:{{', 'number:-', 'string:"a"', 'rightDelim:}}', 'eof:']);
});

test('comments, with and without trimming', () => {
  assert.deepEqual(lex('a{{/* c */}}b'), ['text:a', 'text:b', 'eof:']);
  assert.deepEqual(lex('a {{- /* c */ -}} b'), ['text:a', 'text:b', 'eof:']);
  assert.deepEqual(lex('a {{- /* c */}} b'), ['text:a', 'text: b', 'eof:']);
  assert.deepEqual(lex('a{{/* c */}}b', '', '', { emitComment: true }), [
    'text:a',
    'comment:/* c */',
    'text:b',
    'eof:',
  ]);
  assert.deepEqual(lex('{{/* c }}'), ['error:unclosed comment']);
  assert.deepEqual(lex('{{/* c */ "x" }}'), ['error:comment ends before closing delimiter']);
  assert.deepEqual(lex('{{ /* c */ }}'), [
    'leftDelim:{{',
    'space: ',
    'char:/',
    'char:*',
    'space: ',
    'identifier:c',
    'space: ',
    'char:*',
    'char:/',
    'space: ',
    'rightDelim:}}',
    'eof:',
  ]);
});

test('keywords, identifiers, booleans and nil', () => {
  assert.deepEqual(
    lex('{{block break continue define else end if nil range template with foo true false}}').filter(
      (s) => !s.startsWith('space'),
    ),
    [
      'leftDelim:{{',
      'block:block',
      'break:break',
      'continue:continue',
      'define:define',
      'else:else',
      'end:end',
      'if:if',
      'nil:nil',
      'range:range',
      'template:template',
      'with:with',
      'identifier:foo',
      'bool:true',
      'bool:false',
      'rightDelim:}}',
      'eof:',
    ],
  );
  // break/continue are plain identifiers when functions of those names exist.
  assert.deepEqual(lex('{{break}}{{continue}}', '', '', { breakOK: false, continueOK: false }), [
    'leftDelim:{{',
    'identifier:break',
    'rightDelim:}}',
    'leftDelim:{{',
    'identifier:continue',
    'rightDelim:}}',
    'eof:',
  ]);
  assert.deepEqual(lex('{{ é_1 }}'), [
    'leftDelim:{{',
    'space: ',
    'identifier:é_1',
    'space: ',
    'rightDelim:}}',
    'eof:',
  ]);
});

test('fields, variables and chains', () => {
  assert.deepEqual(lex('{{.a.b .c}}'), [
    'leftDelim:{{',
    'field:.a',
    'field:.b',
    'space: ',
    'field:.c',
    'rightDelim:}}',
    'eof:',
  ]);
  assert.deepEqual(lex('{{$ $x $x.y $.z}}'), [
    'leftDelim:{{',
    'variable:$',
    'space: ',
    'variable:$x',
    'space: ',
    'variable:$x',
    'field:.y',
    'space: ',
    'variable:$',
    'field:.z',
    'rightDelim:}}',
    'eof:',
  ]);
  assert.deepEqual(lex('{{(x).y}}'), [
    'leftDelim:{{',
    'leftParen:(',
    'identifier:x',
    'rightParen:)',
    'field:.y',
    'rightDelim:}}',
    'eof:',
  ]);
  assert.deepEqual(lex('{{..a}}'), ['leftDelim:{{', 'dot:.', 'field:.a', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(lex('{{.a-b}}'), ['leftDelim:{{', "error:bad character U+002D '-'"]);
  assert.deepEqual(lex('{{$x+2}}'), ['leftDelim:{{', "error:bad character U+002B '+'"]);
  assert.deepEqual(lex('{{.1a}}'), ['leftDelim:{{', 'error:bad number syntax: ".1a"']);
});

test('declarations, assignments, pipes, commas and parentheses', () => {
  assert.deepEqual(
    lex('{{$i, $v := (f) | g}}{{$x = 1}}').filter((s) => !s.startsWith('space')),
    [
      'leftDelim:{{',
      'variable:$i',
      'char:,',
      'variable:$v',
      'declare::=',
      'leftParen:(',
      'identifier:f',
      'rightParen:)',
      'pipe:|',
      'identifier:g',
      'rightDelim:}}',
      'leftDelim:{{',
      'variable:$x',
      'assign:=',
      'number:1',
      'rightDelim:}}',
      'eof:',
    ],
  );
  assert.deepEqual(lex('{{ a : b }}').at(-1), 'error:expected :=');
  assert.deepEqual(lex('{{ (x }}').at(-1), 'error:unclosed left paren');
  assert.deepEqual(lex('{{ ) }}').at(-1), 'error:unexpected right paren');
  assert.deepEqual(lex('{{ # }}'), ['leftDelim:{{', 'space: ', 'char:#', 'space: ', 'rightDelim:}}', 'eof:']);
  assert.deepEqual(lex('{{ € }}').at(-1), "error:unrecognized character in action: U+20AC '€'");
  assert.deepEqual(lex('{{ \x01 }}').at(-1), 'error:unrecognized character in action: U+0001');
  assert.deepEqual(lex('{{ x ').at(-1), 'error:unclosed action');
});

test('strings, raw strings and character constants', () => {
  assert.deepEqual(lex('{{"a\\"b\\n" `c\nd`}}'), [
    'leftDelim:{{',
    'string:"a\\"b\\n"',
    'space: ',
    'rawString:`c\nd`',
    'rightDelim:}}',
    'eof:',
  ]);
  assert.deepEqual(lex('{{"abc}}').at(-1), 'error:unterminated quoted string');
  assert.deepEqual(lex('{{"a\nb"}}').at(-1), 'error:unterminated quoted string');
  assert.deepEqual(lex('{{`abc}}').at(-1), 'error:unterminated raw quoted string');
  assert.deepEqual(
    lex("{{'a' '\\n' '\\x41' '\\u00e9' '\\''}}").filter((s) => !s.startsWith('space')),
    [
      'leftDelim:{{',
      "charConstant:'a'",
      "charConstant:'\\n'",
      "charConstant:'\\x41'",
      "charConstant:'\\u00e9'",
      "charConstant:'\\''",
      'rightDelim:}}',
      'eof:',
    ],
  );
  assert.deepEqual(lex("{{'a}}").at(-1), 'error:unterminated character constant');
});

test('numbers of every form', () => {
  const numbers = [
    '0',
    '42',
    '-7',
    '+5',
    '1_000',
    '0x1F',
    '0X_ff',
    '0o17',
    '0O7',
    '017',
    '0b101',
    '0B1_0',
    '1.5',
    '.5',
    '5.',
    '1e3',
    '1E-3',
    '1.5e+3',
    '0x1p-2',
    '0X1.8P3',
    '1i',
    '2.5i',
    '0x1p1i',
    '089',
  ];
  for (const n of numbers)
    assert.deepEqual(lex(`{{${n}}}`), ['leftDelim:{{', `number:${n}`, 'rightDelim:}}', 'eof:'], n);
  for (const c of ['1+2i', '1.5-2.5i', '1e3+1i', '0x1p3+0x1p1i']) {
    assert.deepEqual(lex(`{{${c}}}`), ['leftDelim:{{', `complex:${c}`, 'rightDelim:}}', 'eof:'], c);
  }
  assert.deepEqual(lex('{{3abc}}').at(-1), 'error:bad number syntax: "3a"');
  assert.deepEqual(lex('{{0b102}}').at(-1), 'error:bad number syntax: "0b102"');
  assert.deepEqual(lex('{{0o8}}').at(-1), 'error:bad number syntax: "0o8"');
  assert.deepEqual(lex('{{1+2}}').at(-1), 'error:bad number syntax: "1+2"');
});

test('custom delimiters', () => {
  assert.deepEqual(lex('a[[.x]]{{b}}[[- .y -]] c', '[[', ']]'), [
    'text:a',
    'leftDelim:[[',
    'field:.x',
    'rightDelim:]]',
    'text:{{b}}',
    'leftDelim:[[',
    'field:.y',
    'rightDelim:]]',
    'text:c',
    'eof:',
  ]);
  // An identifier may end where the right delimiter starts.
  assert.deepEqual(lex('<<$x>>', '<<', '>>'), ['leftDelim:<<', 'variable:$x', 'rightDelim:>>', 'eof:']);
  assert.deepEqual(lex('<</* c */>>x', '<<', '>>'), ['text:x', 'eof:']);
});

test('positions and lines of items', () => {
  const items = lexAll('a\n{{ `x\ny` }}\n\n{{- .z\n}}b');
  const brief = (i: Item): string => `${i.typ}@${i.pos}:${i.line}`;
  assert.deepEqual(items.map(brief), [
    'text@0:1',
    'leftDelim@2:2',
    'space@4:2',
    'rawString@5:2',
    'space@10:3',
    'rightDelim@11:3',
    'leftDelim@15:5',
    'field@19:5',
    'space@21:5',
    'rightDelim@22:6',
    'text@24:6',
    'eof@25:6',
  ]);
  // Positions are JS string offsets, also after astral characters.
  assert.deepEqual(lexAll('😀{{.}}').map(brief), [
    'text@0:1',
    'leftDelim@2:1',
    'dot@4:1',
    'rightDelim@5:1',
    'eof@7:1',
  ]);
  // An error item carries the line where its item started.
  assert.deepEqual(lexAll('{{ x\n\n').map(brief).at(-1), 'error@6:3');
});

test('itemString renders items as Go does in messages', () => {
  const item = (typ: Item['typ'], val: string): Item => ({ typ, val, pos: 0, line: 1 });
  assert.equal(itemString(item('eof', '')), 'EOF');
  assert.equal(itemString(item('error', 'unclosed action')), 'unclosed action');
  assert.equal(itemString(item('if', 'if')), '<if>');
  assert.equal(itemString(item('dot', '.')), '<.>');
  assert.equal(itemString(item('nil', 'nil')), '<nil>');
  assert.equal(itemString(item('rightDelim', '}}')), '"}}"');
  assert.equal(itemString(item('string', '"abcdefghijklmnop"')), '"\\"abcdefghi"...');
  assert.equal(itemString(item('text', 'ééééé')), '"ééééé"'); // 10 bytes: not shortened
  assert.equal(itemString(item('text', 'éééééé')), '"éééééé"...'); // over 10 bytes: the first 10 runes
  assert.equal(itemString(item('text', 'a\tb')), '"a\\tb"');
});

test('formatRune is Go %#U', () => {
  assert.equal(formatRune(0x2d), "U+002D '-'");
  assert.equal(formatRune(0x20ac), "U+20AC '€'");
  assert.equal(formatRune(0x1f600), "U+1F600 '😀'");
  assert.equal(formatRune(0x01), 'U+0001');
  assert.equal(formatRune(0xa0), 'U+00A0');
});
