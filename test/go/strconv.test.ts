/**
 * strconv tests. Expectations are Go's (strconv's own test vectors, and template cases
 * checked with the real helm binary: string/char literals go through strconv.Unquote, Sprig's
 * atoi through Atoi, float64/int64 through ParseFloat/ParseInt).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NumError,
  atoi,
  canBackquote,
  formatFloat,
  formatInt,
  formatUint,
  isPrint,
  parseBool,
  parseFloat,
  parseInt,
  parseUint,
  quote,
  quoteBytes,
  quoteRune,
  quoteRuneToASCII,
  quoteToASCII,
  unquote,
  underscoreOK,
} from '../../lib/go/strconv.ts';
import type { FloatFormat } from '../../lib/go/strconv.ts';

test('formatFloat follows Go layout rules for every format', () => {
  const cases: [number, FloatFormat, number, string][] = [
    [1, 'e', 5, '1.00000e+00'],
    [1, 'f', 5, '1.00000'],
    [1, 'g', 5, '1'],
    [1, 'g', -1, '1'],
    [20, 'g', -1, '20'],
    [1234567.8, 'g', -1, '1.2345678e+06'],
    [200000, 'g', -1, '200000'],
    [2000000, 'g', -1, '2e+06'],
    [1000000, 'g', -1, '1e+06'],
    [123456789, 'g', -1, '1.23456789e+08'],
    [100000, 'g', -1, '100000'],
    [0.00001, 'g', -1, '1e-05'],
    [0.0001, 'g', -1, '0.0001'],
    [9007199254740992, 'g', -1, '9.007199254740992e+15'],
    [1e10, 'g', -1, '1e+10'],
    [400, 'g', 2, '4e+02'],
    [40, 'g', 2, '40'],
    [4, 'g', 2, '4'],
    [0.4, 'g', 2, '0.4'],
    [0.04, 'g', 2, '0.04'],
    [0.0004, 'g', 2, '0.0004'],
    [0.00004, 'g', 2, '4e-05'],
    [0, 'e', 5, '0.00000e+00'],
    [0, 'f', 5, '0.00000'],
    [0, 'g', 5, '0'],
    [0, 'g', -1, '0'],
    [-0, 'g', -1, '-0'],
    [-1, 'e', 5, '-1.00000e+00'],
    [-1, 'g', -1, '-1'],
    [12, 'e', 5, '1.20000e+01'],
    [123456700, 'e', 5, '1.23457e+08'],
    [1.2345e6, 'e', 5, '1.23450e+06'],
    [1e23, 'e', 17, '9.99999999999999916e+22'],
    [1e23, 'f', 17, '99999999999999991611392.00000000000000000'],
    [1e23, 'g', 17, '9.9999999999999992e+22'],
    [1e23, 'e', -1, '1e+23'],
    [1e23, 'f', -1, '100000000000000000000000'],
    [1e23, 'g', -1, '1e+23'],
    [1e23, 'E', -1, '1E+23'],
    [1e23, 'G', 3, '1E+23'],
    [5e-324, 'e', -1, '5e-324'],
    [5e-324, 'g', 3, '4.94e-324'],
    [1.7976931348623157e308, 'g', -1, '1.7976931348623157e+308'],
    [1.7976931348623157e308, 'e', 0, '2e+308'],
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [2.5, 'f', 0, '2'],
    [0.25, 'f', 1, '0.2'],
    [0.35, 'f', 1, '0.3'], // 0.35 is really 0.34999…
    [2.5, 'e', 0, '2e+00'],
    [0.001, 'f', 1, '0.0'],
    [0.06, 'f', 1, '0.1'],
    [0.96, 'f', 0, '1'],
    [999.99, 'f', 1, '1000.0'],
    [NaN, 'g', -1, 'NaN'],
    [Infinity, 'g', -1, '+Inf'],
    [-Infinity, 'f', 3, '-Inf'],
    [-1, 'b', -1, '-4503599627370496p-52'],
    [0, 'b', -1, '0p-1074'],
    [5e-324, 'b', -1, '1p-1074'],
    [1, 'x', -1, '0x1p+00'],
    [100, 'x', -1, '0x1.9p+06'],
    [-0.1, 'X', -1, '-0X1.999999999999AP-04'],
    [1.5, 'x', 0, '0x1p+01'],
    [0, 'x', -1, '0x0p+00'],
    [5e-324, 'x', -1, '0x1p-1074'],
    [1e10, 'x', 3, '0x1.2a0p+33'],
  ];
  for (const [v, fmt, prec, want] of cases)
    assert.equal(formatFloat(v, fmt, prec, 64), want, `${v} ${fmt} ${prec}`);
});

test('formatFloat with bitSize 32 rounds to float32 first', () => {
  assert.equal(formatFloat(3.4028234663852886e38, 'g', -1, 32), '3.4028235e+38');
  assert.equal(formatFloat(16777216, 'g', -1, 32), '1.6777216e+07');
  assert.equal(formatFloat(0.1, 'g', -1, 32), '0.1');
  assert.equal(formatFloat(1 / 3, 'g', -1, 32), '0.33333334');
  assert.equal(formatFloat(1 / 3, 'e', 10, 32), '3.3333334327e-01');
  assert.equal(formatFloat(1, 'b', -1, 32), '8388608p-23');
  assert.equal(formatFloat(1e-45, 'g', -1, 32), '1e-45');
  assert.equal(formatFloat(1e39, 'g', -1, 32), '+Inf');
});

test('formatInt and formatUint', () => {
  assert.equal(formatInt(-255n, 16), '-ff');
  assert.equal(formatInt(35n, 36), 'z');
  assert.equal(formatInt(-9223372036854775808n, 2), '-1' + '0'.repeat(63));
  assert.equal(formatUint(-1n, 10), '18446744073709551615');
  assert.throws(() => formatInt(1n, 1), /illegal/);
});

test('isPrint matches unicode.IsPrint: L M N P S and the ASCII space only', () => {
  for (const r of [0x20, 0x41, 0x7e, 0xa1, 0xe9, 0x263a, 0x1f600, 0xfffd, 0x0301, 0x4e2d, 0x10ffff - 2]) {
    assert.equal(isPrint(r), r !== 0x10ffff - 2, r.toString(16));
  }
  for (const r of [
    0, 0x1f, 0x7f, 0x80, 0x9f, 0xa0, 0xad, 0x2000, 0x2028, 0x3000, 0x200b, 0xfeff, 0xd800, 0xe000, 0x110000,
    -1,
  ]) {
    assert.equal(isPrint(r), false, r.toString(16));
  }
});

test('quote and quoteToASCII', () => {
  const cases: [string, string, string][] = [
    ['', '""', '""'],
    ['abc', '"abc"', '"abc"'],
    ['\x07\b\f\r\n\t\v', '"\\a\\b\\f\\r\\n\\t\\v"', '"\\a\\b\\f\\r\\n\\t\\v"'],
    ['\\', '"\\\\"', '"\\\\"'],
    ['a"b\'c', '"a\\"b\'c"', '"a\\"b\'c"'],
    ['\u263a', '"☺"', '"\\u263a"'],
    ['\u{10ffff}', '"\\U0010ffff"', '"\\U0010ffff"'],
    ['😀', '"😀"', '"\\U0001f600"'],
    ['\x04', '"\\x04"', '"\\x04"'],
    ['\x7f', '"\\x7f"', '"\\x7f"'],
    ['!\u00a0!\u2000!\u3000!', '"!\\u00a0!\\u2000!\\u3000!"', '"!\\u00a0!\\u2000!\\u3000!"'],
    ['\ufeff\u00ad', '"\\ufeff\\u00ad"', '"\\ufeff\\u00ad"'],
    ['é☺\u2028', '"é☺\\u2028"', '"\\u00e9\\u263a\\u2028"'],
    // U+DC00+b carries the raw byte b (helm: {{ b64dec "w2E=" | quote }} → "\xc3a");
    // any other lone surrogate is U+FFFD, as utf8Bytes encodes it.
    ['\udcc3a', '"\\xc3a"', '"\\xc3a"'],
    ['\udcff\u00e9\udc80', '"\\xffé\\x80"', '"\\xff\\u00e9\\x80"'],
    ['\ud800x', '"\ufffdx"', '"\\ufffdx"'],
  ];
  for (const [s, q, a] of cases) {
    assert.equal(quote(s), q);
    assert.equal(quoteToASCII(s), a);
  }
  assert.equal(
    quoteBytes(new Uint8Array([0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x98]), false),
    '"a\\xffé\\xe2\\x98"',
  );
  assert.equal(quoteBytes(new Uint8Array([0xc3, 0xa9]), true), '"\\u00e9"');
});

test('quoteRune and quoteRuneToASCII', () => {
  const cases: [number, string, string][] = [
    [0x61, "'a'", "'a'"],
    [7, "'\\a'", "'\\a'"],
    [0x5c, "'\\\\'", "'\\\\'"],
    [0xff, "'ÿ'", "'\\u00ff'"],
    [0x263a, "'☺'", "'\\u263a'"],
    [0xdead, "'�'", "'\\ufffd'"],
    [0xfffd, "'�'", "'\\ufffd'"],
    [0x10ffff, "'\\U0010ffff'", "'\\U0010ffff'"],
    [0x110000, "'�'", "'\\ufffd'"],
    [4, "'\\x04'", "'\\x04'"],
    [0x27, "'\\''", "'\\''"],
    [0x22, "'\"'", "'\"'"],
  ];
  for (const [r, q, a] of cases) {
    assert.equal(quoteRune(r), q);
    assert.equal(quoteRuneToASCII(r), a);
  }
});

test('canBackquote', () => {
  assert.equal(canBackquote('abc\tdef ☺'), true);
  assert.equal(canBackquote('\u2028'), true);
  for (const s of ['`', '\x00', '\n', '\r', '\x7f', '\ufeff', '\udcc3'])
    assert.equal(canBackquote(s), false, JSON.stringify(s));
});

test('unquote accepts Go string, raw string and character literals', () => {
  const cases: [string, string][] = [
    ['""', ''],
    ['"a"', 'a'],
    ['"☺"', '☺'],
    ['"hello world"', 'hello world'],
    ['"\\u1234"', '\u1234'],
    ['"\\U00010111"', '\u{10111}'],
    ['"\\U0001011111"', '\u{10111}11'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ['"\\x41\\u00e9\\101"', 'AéA'],
    ['"\\xc3\\xa9"', 'é'], // byte escapes that form UTF-8
    // Raw bytes stay raw (escaped as U+DC00+b); helm: {{ "\xff" | b64enc }} → /w==,
    // {{ "\101\303\x61\u00e9" | b64enc }} → QcNhw6k= (A, 0xc3, a, é).
    ['"\\377"', '\udcff'],
    ['"\\xff"', '\udcff'],
    ['"\\101\\303\\x61\\u00e9"', 'A\udcc3aé'],
    ['"\'"', "'"],
    ["'a'", 'a'],
    ["'☹'", '☹'],
    ["'\\a'", '\x07'],
    ["'\\x10'", '\x10'],
    ["'\\u1234'", '\u1234'],
    ["'\\U00010111'", '\u{10111}'],
    ["'\\t'", '\t'],
    ["' '", ' '],
    ["'\\''", "'"],
    ["'\"'", '"'],
    ['``', ''],
    ['`a`', 'a'],
    ['`☺`', '☺'],
    ['`hello \\ world`', 'hello \\ world'],
    ['`\\xFF`', '\\xFF'],
    ['`\\`', '\\'],
    ['`\n`', '\n'],
    ['`a\rb`', 'ab'],
  ];
  for (const [lit, want] of cases) assert.equal(unquote(lit), want, lit);
});

test('unquote rejects malformed literals with "invalid syntax"', () => {
  const bad = [
    '',
    '"',
    '"a',
    '"\'',
    'b"',
    '"\\"',
    '"\\9"',
    '"\\19"',
    '"\\129"',
    '"\\400"',
    "'\\'",
    "'\\9'",
    "'\\400'",
    "'ab'",
    '"\\x1!"',
    '"\\U12345678"',
    '"\\z"',
    '`',
    '`xxx',
    '``x\r',
    '`"',
    '"\\\'"',
    "'\\\"'",
    '"\n"',
    '"\\n\n"',
    "'\n'",
    '"\\udead"',
    '"\\ud83d\\ude4f"',
    "'\\U00110000'",
    '"a"b',
    'abc',
  ];
  for (const lit of bad)
    assert.throws(() => unquote(lit), { message: 'invalid syntax' }, JSON.stringify(lit));
});

function numError(fn: () => unknown, message: string, value?: bigint | number): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof NumError, 'NumError expected');
    assert.equal(e.message, message);
    if (value !== undefined) assert.equal(e.value, value);
    return;
  }
  assert.fail(`expected error: ${message}`);
}

test('parseUint: Go syntax and errors', () => {
  const ok: [string, number, number, bigint][] = [
    ['0', 10, 64, 0n],
    ['012345', 10, 64, 12345n],
    ['18446744073709551615', 10, 64, 18446744073709551615n],
    ['0x10', 0, 64, 16n],
    ['0X10', 0, 64, 16n],
    ['010', 0, 64, 8n],
    ['0o17', 0, 64, 15n],
    ['0b101', 0, 64, 5n],
    ['0x_1_2_3_4_5', 0, 64, 0x12345n],
    ['0_1_2_3_4_5', 0, 64, 0o12345n],
    ['1_000', 0, 64, 1000n],
    ['0', 0, 64, 0n],
    ['zz', 36, 64, 1295n],
    ['255', 10, 8, 255n],
  ];
  for (const [s, base, bits, want] of ok) assert.equal(parseUint(s, base, bits), want, s);
  numError(() => parseUint('', 10, 64), 'strconv.ParseUint: parsing "": invalid syntax');
  numError(() => parseUint('12345x', 10, 64), 'strconv.ParseUint: parsing "12345x": invalid syntax');
  numError(
    () => parseUint('18446744073709551616', 10, 64),
    'strconv.ParseUint: parsing "18446744073709551616": value out of range',
    18446744073709551615n,
  );
  numError(() => parseUint('256', 10, 8), 'strconv.ParseUint: parsing "256": value out of range', 255n);
  numError(() => parseUint('1_2_3', 10, 64), 'strconv.ParseUint: parsing "1_2_3": invalid syntax');
  for (const s of ['_12345', '1__2345', '12345_', '0x_', '0x', '08'])
    numError(() => parseUint(s, 0, 64), `strconv.ParseUint: parsing ${quote(s)}: invalid syntax`);
  numError(() => parseUint('-1', 10, 64), 'strconv.ParseUint: parsing "-1": invalid syntax');
  numError(() => parseUint('+1', 10, 64), 'strconv.ParseUint: parsing "+1": invalid syntax');
  numError(() => parseUint('1', 1, 64), 'strconv.ParseUint: parsing "1": invalid base 1');
  numError(() => parseUint('1', 10, 65), 'strconv.ParseUint: parsing "1": invalid bit size 65');
});

test('parseInt: sign, base prefixes, range clamping', () => {
  const ok: [string, number, number, bigint][] = [
    ['-0', 10, 64, 0n],
    ['+12', 10, 64, 12n],
    ['-9223372036854775808', 10, 64, -9223372036854775808n],
    ['9223372036854775807', 10, 64, 9223372036854775807n],
    ['0x1F', 0, 0, 31n],
    ['0o17', 0, 0, 15n],
    ['017', 0, 0, 15n],
    ['0b101', 0, 0, 5n],
    ['1_000', 0, 0, 1000n],
    ['0_1', 0, 0, 1n],
    ['-0x10', 0, 0, -16n],
    ['-128', 10, 8, -128n],
    ['-ff', 16, 64, -255n],
  ];
  for (const [s, base, bits, want] of ok) assert.equal(parseInt(s, base, bits), want, s);
  numError(
    () => parseInt('9223372036854775808', 10, 64),
    'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    9223372036854775807n,
  );
  numError(
    () => parseInt('-9223372036854775809', 10, 64),
    'strconv.ParseInt: parsing "-9223372036854775809": value out of range',
    -9223372036854775808n,
  );
  numError(() => parseInt('128', 10, 8), 'strconv.ParseInt: parsing "128": value out of range', 127n);
  numError(() => parseInt('-129', 10, 8), 'strconv.ParseInt: parsing "-129": value out of range', -128n);
  numError(() => parseInt('x', 10, 64), 'strconv.ParseInt: parsing "x": invalid syntax');
  numError(() => parseInt('-', 10, 64), 'strconv.ParseInt: parsing "-": invalid syntax');
  numError(() => parseInt('0x', 0, 64), 'strconv.ParseInt: parsing "0x": invalid syntax');
  numError(() => parseInt('-1_2', 10, 64), 'strconv.ParseInt: parsing "-1_2": invalid syntax');
  numError(() => parseInt('12', 37, 64), 'strconv.ParseInt: parsing "12": invalid base 37');
});

test('atoi: Go fast path and slow path, errors name Atoi', () => {
  assert.equal(atoi('12'), 12n);
  assert.equal(atoi('+12'), 12n);
  assert.equal(atoi('-123456789012345678'), -123456789012345678n);
  assert.equal(atoi('9223372036854775807'), 9223372036854775807n);
  numError(
    () => atoi('99999999999999999999'),
    'strconv.Atoi: parsing "99999999999999999999": value out of range',
    9223372036854775807n,
  );
  numError(
    () => atoi('-99999999999999999999'),
    'strconv.Atoi: parsing "-99999999999999999999": value out of range',
    -9223372036854775808n,
  );
  for (const s of ['', '1_2', '0x1f', ' 1', '+', '1.0'])
    numError(() => atoi(s), `strconv.Atoi: parsing ${quote(s)}: invalid syntax`, 0n);
});

test('parseBool', () => {
  for (const s of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseBool(s), true);
  for (const s of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseBool(s), false);
  numError(() => parseBool('yes'), 'strconv.ParseBool: parsing "yes": invalid syntax');
});

test('parseFloat: decimal, hex, separators and specials', () => {
  const ok: [string, number][] = [
    ['1e23', 1e23],
    ['1E23', 1e23],
    ['100000000000000000000000', 1e23],
    ['100000000000000000000001', 1.0000000000000001e23],
    ['1e-100', 1e-100],
    ['1e-350', 0],
    ['-1e-350', -0],
    ['1e308', 1e308],
    ['1.7976931348623158e308', 1.7976931348623157e308],
    ['.5', 0.5],
    ['5.', 5],
    ['+1.5', 1.5],
    ['-0', -0],
    ['1_000', 1000],
    ['1e1_0', 1e10],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['0X1P+2', 4],
    ['0x_1p0', 1],
    ['0x1p-1074', 5e-324],
    ['0x1p-1075', 0],
    ['0x1.8p-1074', 1e-323],
    ['0x1.fffffffffffff7p1023', 1.7976931348623157e308],
    ['0x.8p1', 1],
    ['inf', Infinity],
    ['+Inf', Infinity],
    ['-Infinity', -Infinity],
    ['INFINITY', Infinity],
  ];
  for (const [s, want] of ok) assert.ok(Object.is(parseFloat(s, 64), want), `${s} → ${parseFloat(s, 64)}`);
  assert.ok(Number.isNaN(parseFloat('nan', 64)));
  assert.ok(Number.isNaN(parseFloat('NaN', 64)));
  for (const s of [
    '',
    '.',
    '1e',
    '1e+',
    '0x1',
    '0x',
    '_1',
    '1_',
    '1__0',
    'infinit',
    '+nan',
    '-nan',
    'inf1',
    '1.2.3',
    '0x1.8',
    '1e1.5',
    ' 1',
    'abc',
  ]) {
    numError(() => parseFloat(s, 64), `strconv.ParseFloat: parsing ${quote(s)}: invalid syntax`);
  }
  numError(
    () => parseFloat('1e400', 64),
    'strconv.ParseFloat: parsing "1e400": value out of range',
    Infinity,
  );
  numError(
    () => parseFloat('-1.797693134862315808e308', 64),
    'strconv.ParseFloat: parsing "-1.797693134862315808e308": value out of range',
    -Infinity,
  );
  numError(
    () => parseFloat('0x1p1024', 64),
    'strconv.ParseFloat: parsing "0x1p1024": value out of range',
    Infinity,
  );
});

test('parseFloat with bitSize 32 rounds to float32', () => {
  assert.equal(parseFloat('0.1', 32), Math.fround(0.1));
  assert.equal(parseFloat('3.4028235e38', 32), 3.4028234663852886e38);
  assert.equal(parseFloat('0x1p-149', 32), Math.fround(1.401298464324817e-45));
  numError(
    () => parseFloat('3.4028236e38', 32),
    'strconv.ParseFloat: parsing "3.4028236e38": value out of range',
    Infinity,
  );
});

test('underscoreOK', () => {
  for (const s of ['1_000', '0x_1', '0b_1', '-1_2', '1_2_3']) assert.equal(underscoreOK(s), true, s);
  for (const s of ['_1', '1_', '1__2', '0_x1', '1_.5']) assert.equal(underscoreOK(s), false, s);
});
