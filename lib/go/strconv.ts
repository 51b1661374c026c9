/**
 * Go's strconv for the engine: float/int formatting, quoting, unquoting and parsing with Go's
 * exact output, accepted syntax and error texts (`strconv.ParseInt: parsing "x": invalid syntax`).
 *
 * Go strings are byte sequences; here they are JS strings, so "bytes" means the UTF-8 encoding
 * of the string, with a raw non-UTF-8 byte b carried as the lone surrogate U+DC00+b (see
 * utf8Bytes in value.ts). Any other lone surrogate stands for U+FFFD, as utf8Bytes encodes it.
 */
import { GoError, utf8String } from './value.ts';

// ---------------------------------------------------------------------------------------------
// Floats
// ---------------------------------------------------------------------------------------------

export type FloatFormat = 'b' | 'e' | 'E' | 'f' | 'g' | 'G' | 'x' | 'X';

/** Decimal digits of a non-negative float: value = 0.d × 10^dp; `d` has no leading/trailing zeros. */
interface Digits {
  d: string;
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

/** IEEE fields of a float64 or float32: sign, biased exponent field and mantissa field. */
function floatBits(f: number, bitSize: 32 | 64): { neg: boolean; expField: number; mant: bigint } {
  if (bitSize === 32) {
    view.setFloat32(0, f);
    const bits = view.getUint32(0);
    return { neg: bits >>> 31 === 1, expField: (bits >>> 23) & 0xff, mant: BigInt(bits & 0x7fffff) };
  }
  view.setFloat64(0, f);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  return {
    neg: hi >>> 31 === 1,
    expField: (hi >>> 20) & 0x7ff,
    mant: (BigInt(hi & 0xfffff) << 32n) | BigInt(lo),
  };
}

/** Shortest digits that read back as the same float (what Go's Ryū shortest mode yields). */
function shortestDigits(abs: number, bitSize: 32 | 64): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  if (bitSize === 64) return parseShortest(String(abs));
  for (let p = 1; p < 17; p++) {
    const s = abs.toExponential(p - 1);
    if (Math.fround(Number(s)) === abs) return parseExponential(s);
  }
  return parseExponential(abs.toExponential());
}

/** Digits of JS's shortest String() form: plain `123.45`, `0.00012` or exponential `1.5e+21`. */
function parseShortest(s: string): Digits {
  if (s.includes('e')) return parseExponential(s);
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const all = dot < 0 ? s : intPart + s.slice(dot + 1);
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  return { d: all.slice(start, end), dp: intPart.length - start };
}

/** Digits of JS's `d.ddde±x` form, trailing zeros dropped. */
function parseExponential(s: string): Digits {
  const e = s.indexOf('e');
  let d = s[0] + (e > 2 ? s.slice(2, e) : '');
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
  d = d.slice(0, end);
  return { d, dp: Number(s.slice(e + 1)) + 1 };
}

/** 2^k for k ≤ 101 (a table: `2 ** k` with a variable k is slow in V8). */
const POW2 = Array.from({ length: 102 }, (_, k) => 2 ** k);

const pow5Cache: bigint[] = [];

function pow5(k: number): bigint {
  let p = pow5Cache[k];
  if (p === undefined) {
    p = 5n ** BigInt(k);
    pow5Cache[k] = p;
  }
  return p;
}

/** The exact decimal expansion of a finite non-negative float (every double is a finite decimal). */
function exactDigits(abs: number): Digits {
  if (abs === 0) return { d: '', dp: 0 };
  const { expField, mant: frac } = floatBits(abs, 64);
  const mant = expField === 0 ? frac : frac | (1n << 52n);
  const exp = (expField === 0 ? 1 : expField) - 1075;
  let d: string;
  let dp: number;
  if (exp >= 0) {
    d = (mant << BigInt(exp)).toString();
    dp = d.length;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    d = (mant * pow5(-exp)).toString();
    dp = d.length + exp;
  }
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
  return { d: d.slice(0, end), dp };
}

/** Rounds to `nd` digits, ties to even on exact halves (Go's decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  const { d } = x;
  if (nd < 0 || nd >= d.length) return x;
  const c = d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === d.length) up = nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = c >= 53;
  if (!up) {
    let end = nd;
    while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
    return { d: d.slice(0, end), dp: x.dp };
  }
  let i = nd - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1), dp: x.dp };
}

function zeros(n: number): string {
  return n > 0 ? '0'.repeat(n) : '';
}

/** %e layout: d.ddddde±dd */
function fmtE(neg: boolean, x: Digits, prec: number, fmt: string): string {
  let s = neg ? '-' : '';
  s += x.d.length > 0 ? x.d[0] : '0';
  if (prec > 0) {
    s += '.' + x.d.slice(1, prec + 1);
    s += zeros(prec + 1 - Math.max(x.d.length, 1));
  }
  let exp = x.d.length === 0 ? 0 : x.dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return s + fmt + sign + (exp < 10 ? '0' + exp : String(exp));
}

/** %f layout: ddd.ddd */
function fmtF(neg: boolean, x: Digits, prec: number): string {
  let s = neg ? '-' : '';
  const { d, dp } = x;
  if (dp > 0) {
    s += d.length >= dp ? d.slice(0, dp) : d + zeros(dp - d.length);
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    // digits d[dp .. dp+prec), zero outside the stored digits
    const start = dp;
    const lead = Math.min(Math.max(-start, 0), prec);
    s += zeros(lead);
    const from = start + lead;
    const take = d.slice(from, start + prec);
    s += take + zeros(prec - lead - take.length);
  }
  return s;
}

/** %b layout: mantissa p exponent (binary). */
function fmtB(neg: boolean, mant: bigint, exp: number): string {
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '') + exp;
}

const MASK64 = (1n << 64n) - 1n;

/** %x layout: -0x1.yyyyp±dd, rounded to `prec` hex digits when prec >= 0. */
function fmtX(
  neg: boolean,
  mantIn: bigint,
  expIn: number,
  mantBits: number,
  prec: number,
  fmt: 'x' | 'X',
): string {
  let mant = mantIn;
  let exp = expIn;
  if (mant === 0n) exp = 0;
  mant = (mant << BigInt(60 - mantBits)) & MASK64;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant = (mant << 1n) & MASK64;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant = (mant << (60n - shift)) & MASK64;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = (neg ? '-' : '') + '0' + fmt + String(Number((mant >> 60n) & 1n));
  mant = (mant << 4n) & MASK64;
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK64;
    }
  }
  s += fmt === 'X' ? 'P' : 'p';
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return s + sign + (exp < 10 ? '0' + exp : String(exp));
}

/**
 * strconv.FormatFloat: `fmt` one of b e E f g G x X, `prec` -1 for the shortest representation
 * that reads back exactly, `bitSize` 32 rounds to float32 first.
 */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64): string {
  if (bitSize === 32) f = Math.fround(f);
  if (f !== f) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (fmt === 'b' || fmt === 'x' || fmt === 'X') {
    const { neg, expField, mant: frac } = floatBits(f, bitSize);
    const mantBits = bitSize === 32 ? 23 : 52;
    const bias = bitSize === 32 ? -127 : -1023;
    const mant = expField === 0 ? frac : frac | (1n << BigInt(mantBits));
    const exp = (expField === 0 ? 1 : expField) + bias;
    if (fmt === 'b') return fmtB(neg, mant, exp - mantBits);
    return fmtX(neg, mant, exp, mantBits, prec, fmt);
  }
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  // JS's toFixed rounds correctly except that exact halfway cases go up where Go rounds to
  // even; a double is exactly halfway at `prec` decimals only if it has prec+1 fraction bits.
  if (fmt === 'f' && prec >= 0 && prec <= 100 && abs < 1e21) {
    const halfway = Number.isInteger(abs * POW2[prec + 1]) && !Number.isInteger(abs * POW2[prec]);
    if (!halfway) return (neg ? '-' : '') + abs.toFixed(prec);
  }
  const shortest = prec < 0;
  let x: Digits;
  if (shortest) {
    x = shortestDigits(abs, bitSize);
    switch (fmt) {
      case 'e':
      case 'E':
        prec = Math.max(x.d.length - 1, 0);
        break;
      case 'f':
        prec = Math.max(x.d.length - x.dp, 0);
        break;
      default:
        prec = x.d.length;
    }
  } else {
    x = exactDigits(abs);
    switch (fmt) {
      case 'e':
      case 'E':
        x = roundDigits(x, prec + 1);
        break;
      case 'f':
        x = roundDigits(x, x.dp + prec);
        break;
      default:
        if (prec === 0) prec = 1;
        x = roundDigits(x, prec);
    }
  }
  return formatDigits(neg, x, prec, fmt, shortest);
}

function formatDigits(
  neg: boolean,
  x: Digits,
  prec: number,
  fmt: 'e' | 'E' | 'f' | 'g' | 'G',
  shortest: boolean,
): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, prec, fmt);
    case 'f':
      return fmtF(neg, x, prec);
  }
  const nd = x.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= x.dp) eprec = nd;
  // %e is used when the exponent is < -4 or >= precision; shortest mode decides with 6.
  if (shortest) eprec = 6;
  const exp = x.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, x, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > x.dp) prec = nd;
  return fmtF(neg, x, Math.max(prec - x.dp, 0));
}

// ---------------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------------

/** strconv.FormatInt (base 2..36, lower-case digits). */
export function formatInt(v: bigint, base: number): string {
  if (base < 2 || base > 36) throw new GoError('strconv: illegal AppendInt/FormatInt base');
  return v.toString(base);
}

/** strconv.FormatUint: `v` is taken as a uint64 (two's complement for negatives). */
export function formatUint(v: bigint, base: number): string {
  return formatInt(BigInt.asUintN(64, v), base);
}

/** strconv.Itoa */
export function itoa(v: number | bigint): string {
  return typeof v === 'bigint' ? v.toString() : String(Math.trunc(v));
}

// ---------------------------------------------------------------------------------------------
// Printability and quoting
// ---------------------------------------------------------------------------------------------

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
/** Per BMP code point: 0 = not yet computed, 1 = printable, 2 = not. */
const bmpPrint = new Uint8Array(0x10000);
const astralPrint = new Map<number, boolean>();

/**
 * strconv.IsPrint / unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
 * ASCII space (U+0020 only; other spaces and all controls/format characters are not printable).
 */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000)) return false;
  if (r < 0x10000) {
    let c = bmpPrint[r];
    if (c === 0) {
      c = PRINTABLE.test(String.fromCharCode(r)) ? 1 : 2;
      bmpPrint[r] = c;
    }
    return c === 1;
  }
  let p = astralPrint.get(r);
  if (p === undefined) {
    p = PRINTABLE.test(String.fromCodePoint(r));
    astralPrint.set(r, p);
  }
  return p;
}

const HEX = '0123456789abcdef';

function hex2(b: number): string {
  return HEX[b >> 4] + HEX[b & 15];
}

/** Appends the escaped form of rune `r` (strconv's appendEscapedRune). */
function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex2(r);
  if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000)) r = 0xfffd;
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

/** True when every code unit is printable ASCII other than the quote and backslash. */
function plainASCII(s: string, quote: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === quote || c === 0x5c) return false;
  }
  return true;
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  if (plainASCII(s, quote)) return q + s + q;
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        out += escapeRune(((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000, quote, asciiOnly);
        i++;
        continue;
      }
      // An escaped raw byte is invalid UTF-8 to Go, which prints it as \xNN.
      out += isRawByte(c) ? '\\x' + hex2(c - 0xdc00) : escapeRune(0xfffd, quote, asciiOnly);
      continue;
    }
    out += escapeRune(c, quote, asciiOnly);
  }
  return out + q;
}

/** Whether a lone surrogate code unit carries a raw non-UTF-8 byte (U+DC80..U+DCFF). */
function isRawByte(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/**
 * Go's utf8.DecodeRune on bytes: [rune, width]; an invalid or truncated sequence yields
 * [0xFFFD, 1] so each bad byte is reported on its own.
 */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i];
  if (c0 < 0x80) return [c0, 1];
  const n = b.length - i;
  const cont = (k: number): boolean => k < n && (b[i + k] & 0xc0) === 0x80;
  if (c0 >= 0xc2 && c0 < 0xe0 && cont(1)) return [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
  if (c0 >= 0xe0 && c0 < 0xf0 && cont(1) && cont(2)) {
    const r = ((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
    if (r >= 0x800 && !(r >= 0xd800 && r < 0xe000)) return [r, 3];
  } else if (c0 >= 0xf0 && c0 < 0xf5 && cont(1) && cont(2) && cont(3)) {
    const r = ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
    if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
  }
  return [0xfffd, 1];
}

/** strconv.Quote/QuoteToASCII of raw bytes (a []byte): invalid UTF-8 bytes print as \xNN. */
export function quoteBytes(b: Uint8Array, asciiOnly: boolean): string {
  let out = '"';
  for (let i = 0; i < b.length;) {
    const [r, w] = decodeRune(b, i);
    out += w === 1 && r === 0xfffd ? '\\x' + hex2(b[i]) : escapeRune(r, 0x22, asciiOnly);
    i += w;
  }
  return out + '"';
}

/** strconv.Quote: a double-quoted Go string literal, non-printable runes escaped. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII: like quote, but every non-ASCII rune is escaped as \u or \U. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

function quoteRuneWith(r: number, asciiOnly: boolean): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r < 0xe000)) r = 0xfffd;
  return "'" + escapeRune(r, 0x27, asciiOnly) + "'";
}

/** strconv.QuoteRune: a single-quoted Go character literal (invalid runes become U+FFFD). */
export function quoteRune(r: number): string {
  return quoteRuneWith(r, false);
}

/** strconv.QuoteRuneToASCII */
export function quoteRuneToASCII(r: number): string {
  return quoteRuneWith(r, true);
}

/** strconv.CanBackquote: no control characters other than tab, no backquote, no U+FEFF, valid UTF-8. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f || c === 0x60 || c === 0xfeff) return false;
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) i++;
      else if (isRawByte(c)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Unquoting
// ---------------------------------------------------------------------------------------------

/** strconv.ErrSyntax's text. */
export const ERR_SYNTAX = 'invalid syntax';
/** strconv.ErrRange's text. */
export const ERR_RANGE = 'value out of range';

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function pushUTF8(out: number[], r: number): void {
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of `s` (inside a literal quoted
 * with `quote`, 0 for none). Returns the rune or byte value, whether it is a rune (not a raw
 * byte from \x or octal), and the index after it; throws `invalid syntax`.
 */
export function unquoteChar(
  s: string,
  start: number,
  quote: number,
): { value: number; multibyte: boolean; next: number } {
  if (start >= s.length) throw new GoError(ERR_SYNTAX);
  const c = s.charCodeAt(start);
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new GoError(ERR_SYNTAX);
  if (c >= 0x80) {
    const cp = s.codePointAt(start) ?? c;
    const valid = !(cp >= 0xd800 && cp < 0xe000);
    return { value: valid ? cp : 0xfffd, multibyte: true, next: start + (cp > 0xffff ? 2 : 1) };
  }
  if (c !== 0x5c) return { value: c, multibyte: false, next: start + 1 };
  if (start + 1 >= s.length) throw new GoError(ERR_SYNTAX);
  const e = s.charCodeAt(start + 1);
  let i = start + 2;
  let value: number;
  let multibyte = false;
  switch (e) {
    case 0x61: // a
      value = 7;
      break;
    case 0x62: // b
      value = 8;
      break;
    case 0x66: // f
      value = 12;
      break;
    case 0x6e: // n
      value = 10;
      break;
    case 0x72: // r
      value = 13;
      break;
    case 0x74: // t
      value = 9;
      break;
    case 0x76: // v
      value = 11;
      break;
    case 0x78: // x
    case 0x75: // u
    case 0x55: {
      // U
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (s.length - i < n) throw new GoError(ERR_SYNTAX);
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(s.charCodeAt(i + j));
        if (x < 0) throw new GoError(ERR_SYNTAX);
        v = v * 16 + x;
      }
      i += n;
      if (e !== 0x78) {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) throw new GoError(ERR_SYNTAX);
        multibyte = true;
      }
      value = v;
      break;
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 48;
      if (s.length - i < 2) throw new GoError(ERR_SYNTAX);
      for (let j = 0; j < 2; j++) {
        const x = s.charCodeAt(i + j) - 48;
        if (x < 0 || x > 7) throw new GoError(ERR_SYNTAX);
        v = (v << 3) | x;
      }
      i += 2;
      if (v > 255) throw new GoError(ERR_SYNTAX);
      value = v;
      break;
    }
    case 0x5c:
      value = 0x5c;
      break;
    case 0x27:
    case 0x22:
      if (e !== quote) throw new GoError(ERR_SYNTAX);
      value = e;
      break;
    default:
      throw new GoError(ERR_SYNTAX);
  }
  return { value, multibyte, next: i };
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (!(c < 0xdc00 && next >= 0xdc00 && next < 0xe000)) return true;
      i++;
    }
  }
  return false;
}

/**
 * strconv.Unquote: the value of a Go string literal ("…", `…`) or character literal ('x').
 * Throws GoError `invalid syntax`. Bytes from \x and octal escapes that do not form valid
 * UTF-8 stay raw bytes (escaped as value.ts's utf8String does).
 */
export function unquote(s: string): string {
  if (s.length < 2) throw new GoError(ERR_SYNTAX);
  const q = s.charCodeAt(0);
  const close = s.indexOf(s[0], 1);
  if (close < 0) throw new GoError(ERR_SYNTAX);
  const end = close + 1;
  if (q === 0x60) {
    if (end !== s.length) throw new GoError(ERR_SYNTAX);
    const body = s.slice(1, close);
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== 0x22 && q !== 0x27) throw new GoError(ERR_SYNTAX);
  const head = s.slice(0, end);
  if (!head.includes('\\') && !head.includes('\n')) {
    const body = s.slice(1, close);
    let valid: boolean;
    if (q === 0x22) {
      valid = !hasLoneSurrogate(body);
    } else {
      const cp = body.length > 0 ? (body.codePointAt(0) ?? 0) : -1;
      const width = cp < 0 ? 0 : cp > 0xffff ? 2 : 1;
      valid = width === body.length && !(cp >= 0xd800 && cp < 0xe000);
    }
    if (valid) {
      if (end !== s.length) throw new GoError(ERR_SYNTAX);
      return body;
    }
  }
  const bytes: number[] = [];
  let i = 1;
  while (i < s.length && s.charCodeAt(i) !== q) {
    if (s.charCodeAt(i) === 10) throw new GoError(ERR_SYNTAX);
    const { value, multibyte, next } = unquoteChar(s, i, q);
    i = next;
    if (value < 0x80 || !multibyte) bytes.push(value);
    else pushUTF8(bytes, value);
    if (q === 0x27) break;
  }
  if (!(i < s.length && s.charCodeAt(i) === q)) throw new GoError(ERR_SYNTAX);
  if (i + 1 !== s.length) throw new GoError(ERR_SYNTAX);
  return utf8String(Uint8Array.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * strconv.NumError: `strconv.FUNC: parsing "NUM": ERR`. `value` is what Go returns alongside
 * the error (the clamped value on a range error, ±Inf for float overflow, else zero).
 */
export class NumError extends GoError {
  readonly func: string;
  readonly num: string;
  readonly err: string;
  readonly value: bigint | number;
  constructor(func: string, num: string, err: string, value: bigint | number) {
    super(`strconv.${func}: parsing ${quote(num)}: ${err}`);
    this.name = 'NumError';
    this.func = func;
    this.num = num;
    this.err = err;
    this.value = value;
  }
}

function lower(c: number): number {
  return c | 0x20;
}

/** Go's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const p = lower(s.charCodeAt(1));
    if (p === 0x62 || p === 0x6f || p === 0x78) {
      i = 2;
      saw = '0';
      hex = p === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_UINT64 = (1n << 64n) - 1n;

/** strconv.ParseUint; throws NumError. bitSize 0 means 64 (Go's int size here). */
export function parseUint(s: string, base: number, bitSize: number): bigint {
  return parseUintAs('ParseUint', s, base, bitSize);
}

function parseUintAs(fn: string, s: string, base: number, bitSize: number): bigint {
  if (s === '') throw new NumError(fn, s, ERR_SYNTAX, 0n);
  const base0 = base === 0;
  const s0 = s;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (p === 0x62) {
        base = 2;
        s = s.slice(2);
      } else if (p === 0x6f) {
        base = 8;
        s = s.slice(2);
      } else if (p === 0x78) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else if (base < 2 || base > 36) {
    throw new NumError(fn, s0, `invalid base ${base}`, 0n);
  }
  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) throw new NumError(fn, s0, `invalid bit size ${bitSize}`, 0n);
  const b = BigInt(base);
  const cutoff = MAX_UINT64 / b + 1n;
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  let underscores = false;
  let n = 0n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 48 && c <= 57) d = c - 48;
    else if (lower(c) >= 0x61 && lower(c) <= 0x7a) d = lower(c) - 0x61 + 10;
    else throw new NumError(fn, s0, ERR_SYNTAX, 0n);
    if (d >= base) throw new NumError(fn, s0, ERR_SYNTAX, 0n);
    if (n >= cutoff) throw new NumError(fn, s0, ERR_RANGE, maxVal);
    n *= b;
    const n1 = n + BigInt(d);
    if (n1 > maxVal) throw new NumError(fn, s0, ERR_RANGE, maxVal);
    n = n1;
  }
  if (underscores && !underscoreOK(s0)) throw new NumError(fn, s0, ERR_SYNTAX, 0n);
  return n;
}

/**
 * strconv.ParseInt: optional sign, base 2..36 or 0 (prefixes 0b 0o 0x and leading 0 for octal,
 * `_` separators allowed only then). Throws NumError (range errors carry the clamped value).
 */
export function parseInt(s: string, base: number, bitSize: number): bigint {
  return parseIntAs('ParseInt', s, base, bitSize);
}

function parseIntAs(fn: string, s: string, base: number, bitSize: number): bigint {
  if (s === '') throw new NumError(fn, s, ERR_SYNTAX, 0n);
  const s0 = s;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  let un: bigint;
  try {
    un = parseUintAs(fn, s, base, bitSize);
  } catch (e) {
    if (!(e instanceof NumError) || e.err !== ERR_RANGE) {
      if (e instanceof NumError) throw new NumError(fn, s0, e.err, 0n);
      throw e;
    }
    un = e.value as bigint;
  }
  if (bitSize === 0) bitSize = 64;
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw new NumError(fn, s0, ERR_RANGE, cutoff - 1n);
  if (neg && un > cutoff) throw new NumError(fn, s0, ERR_RANGE, -cutoff);
  return neg ? -un : un;
}

/** strconv.Atoi (base 10, 64-bit int); errors name `Atoi`. */
export function atoi(s: string): bigint {
  const n = s.length;
  if (n > 0 && n < 19) {
    // Go's fast path: sign and decimal digits only, no underscores.
    let i = 0;
    if (s[0] === '-' || s[0] === '+') {
      i = 1;
      if (n < 2) throw new NumError('Atoi', s, ERR_SYNTAX, 0n);
    }
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new NumError('Atoi', s, ERR_SYNTAX, 0n);
      v = v * 10 + d;
    }
    // < 10^18 digits fit exactly in a double
    return BigInt(s[0] === '-' ? -v : v);
  }
  return parseIntAs('Atoi', s, 10, 0);
}

/** strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False. */
export function parseBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
  }
  throw new NumError('ParseBool', s, ERR_SYNTAX, 0n);
}

/** Go's special(): inf/infinity (optionally signed) and nan, case-insensitive; returns [value, length]. */
function special(s: string): [number, number] | undefined {
  if (s.length === 0) return undefined;
  let sign = 1;
  let nsign = 0;
  let rest = s;
  const c = s[0];
  if (c === '+' || c === '-') {
    if (c === '-') sign = -1;
    nsign = 1;
    rest = s.slice(1);
  }
  if (nsign === 1 || c === 'i' || c === 'I') {
    let n = commonPrefixLenIgnoreCase(rest, 'infinity');
    if (n > 3 && n < 8) n = 3;
    if (n === 3 || n === 8) return [sign * Infinity, nsign + n];
    return undefined;
  }
  if ((c === 'n' || c === 'N') && commonPrefixLenIgnoreCase(s, 'nan') === 3) return [NaN, 3];
  return undefined;
}

function commonPrefixLenIgnoreCase(s: string, prefix: string): number {
  const n = Math.min(s.length, prefix.length);
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== prefix.charCodeAt(i)) return i;
  }
  return n;
}

/** Splits a Go float literal (decimal or hex) per readFloat; undefined when malformed. */
function readFloat(
  s: string,
): { neg: boolean; hex: boolean; mant: string; exp: number; len: number } | undefined {
  let i = 0;
  let neg = false;
  let underscores = false;
  if (i >= s.length) return undefined;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    neg = true;
    i++;
  }
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 0x78) {
    hex = true;
    i += 2;
  }
  let sawdot = false;
  let sawdigits = false;
  let mant = '';
  let dp = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      underscores = true;
      continue;
    }
    if (c === 0x2e) {
      if (sawdot) break;
      sawdot = true;
      dp = mant.length;
      continue;
    }
    if ((c >= 48 && c <= 57) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      sawdigits = true;
      mant += s[i];
      continue;
    }
    break;
  }
  if (!sawdigits) return undefined;
  if (!sawdot) dp = mant.length;
  // exp: value = mant × base^(-fractionDigits) × 10^e (or 2^e for hex)
  let exp = 0;
  const expChar = hex ? 0x70 : 0x65;
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= s.length) return undefined;
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      esign = -1;
    }
    if (i >= s.length || s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return undefined;
    let e = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5f) {
        underscores = true;
        continue;
      }
      if (c < 48 || c > 57) break;
      if (e < 10000) e = e * 10 + c - 48;
    }
    exp = e * esign;
  } else if (hex) {
    return undefined;
  }
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  const fracDigits = mant.length - dp;
  return { neg, hex, mant, exp: hex ? exp - 4 * fracDigits : exp - fracDigits, len: i };
}

/** The float nearest to m × 2^e (ties to even) with `mantBits` fraction bits. */
function binaryToFloat(m: bigint, e: number, bitSize: 32 | 64): number {
  if (m === 0n) return 0;
  const mantBits = bitSize === 32 ? 24 : 53;
  const minExp = bitSize === 32 ? -149 : -1074; // exponent of the smallest subnormal's unit
  const len = m.toString(2).length;
  // Keep mantBits significant bits, but never go below the subnormal unit.
  let shift = len - mantBits;
  if (e + shift < minExp) shift = minExp - e;
  if (shift > 0) {
    const b = BigInt(shift);
    const rem = m & ((1n << b) - 1n);
    const half = 1n << (b - 1n);
    m >>= b;
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
    e += shift;
  }
  // m now fits (possibly 2^mantBits after rounding); scale exactly in two steps to avoid overflow.
  let v = Number(m);
  if (e > 0) {
    v *= 2 ** Math.min(e, 1000);
    if (e > 1000) v *= 2 ** (e - 1000);
  } else if (e < 0) {
    v *= 2 ** Math.max(e, -1000);
    if (e < -1000) v *= 2 ** (e + 1000);
  }
  return bitSize === 32 ? Math.fround(v) : v;
}

/**
 * strconv.ParseFloat: decimal and hex (`0x1.8p3`) literals, `_` separators, inf/infinity/nan.
 * Throws NumError (`value out of range` carries ±Inf). For bitSize 32 decimal input is rounded
 * through float64 (a double rounding Go avoids; differs only on exact float32 halfway cases).
 */
export function parseFloat(s: string, bitSize: 32 | 64): number {
  const sp = special(s);
  if (sp) {
    if (sp[1] === s.length) return sp[0];
    throw new NumError('ParseFloat', s, ERR_SYNTAX, 0);
  }
  const r = readFloat(s);
  if (!r || r.len !== s.length) throw new NumError('ParseFloat', s, ERR_SYNTAX, 0);
  let v: number;
  if (r.hex) {
    v = binaryToFloat(BigInt('0x' + r.mant), r.exp, bitSize);
  } else {
    v = Number(r.mant + 'e' + r.exp);
    if (bitSize === 32) v = Math.fround(v);
  }
  if (r.neg) v = -v;
  if (v === Infinity || v === -Infinity) throw new NumError('ParseFloat', s, ERR_RANGE, v);
  return v;
}
