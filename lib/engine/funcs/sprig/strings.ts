/**
 * Sprig v3.3.0's string and string-list functions.
 *
 * They are thin wrappers over Go's `strings` package, Masterminds/goutils and
 * huandu/xstrings v1.5.0, and they inherit those libraries' quirks: several count and slice
 * **bytes** (substr, trunc, abbrev, wrap), and nospace/initials walk a string byte by byte,
 * turning every byte of a multi-byte character into the Latin-1 character of that value
 * (`initials "élan"` is "Ã"). Bytes that are not UTF-8 travel as the escapes value.ts
 * defines, so a cut multi-byte character comes out byte for byte as in Go; the functions
 * that decode runes see such a byte as Go does, as U+FFFD (RuneError).
 *
 * `toString` and `toStrings` live with the conversion functions (conversion.ts).
 */
import { isSpace } from '../../../go/unicode.ts';
import { sprintf } from '../../../go/fmt.ts';
import {
  GoError,
  GoFunc,
  GoInt,
  MAP_OF_STRING,
  SLICE_OF_STRING,
  utf8Bytes,
  utf8String,
  withType,
} from '../../../go/value.ts';
import type { FuncMap, GoMap, GoValue } from '../../../go/value.ts';
import { strslice, strval } from './cast.ts';

// ---------------------------------------------------------------------------------------
// Go's unicode package, rune by rune
// ---------------------------------------------------------------------------------------

const RUNE_ERROR = 0xfffd;

const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const NUMBER = /^\p{N}$/u;
const PUNCT = /^\p{P}$/u;

const ch = (r: number): string => String.fromCodePoint(r);
const runes = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) ?? 0);
/** A raw non-UTF-8 byte carried in a string (value.ts's U+DC00+b escape). */
const isRawByte = (r: number): boolean => r >= 0xdc80 && r <= 0xdcff;
/** Go's []rune(s) / range over s: a raw byte decodes as RuneError. */
const goRunes = (s: string): number[] => runes(s).map((r) => (isRawByte(r) ? RUNE_ERROR : r));
const fromRunes = (rs: readonly number[]): string => rs.map(ch).join('');

/**
 * Letters that gained case in Unicode 16 (Node's ICU) but are uncased or unassigned in the
 * Unicode 15 tables Go 1.23 uses: ƛ/꟝, ɤ/Ꟍ, Cyrillic tje, Garay.
 */
function newerCase(r: number): boolean {
  return (
    r === 0x1c89 ||
    r === 0x1c8a ||
    (r >= 0xa7cb && r <= 0xa7cd) ||
    (r >= 0xa7da && r <= 0xa7dc) ||
    (r >= 0x10d50 && r <= 0x10d65) ||
    (r >= 0x10d70 && r <= 0x10d85)
  );
}

export const isUpper = (r: number): boolean => !newerCase(r) && UPPER.test(ch(r));
export const isLower = (r: number): boolean => !newerCase(r) && LOWER.test(ch(r));
const isTitle = (r: number): boolean => TITLE.test(ch(r));
const isLetter = (r: number): boolean => LETTER.test(ch(r));
const isDigit = (r: number): boolean => DIGIT.test(ch(r));
const isNumber = (r: number): boolean => NUMBER.test(ch(r));
const isPunct = (r: number): boolean => PUNCT.test(ch(r));

/** Greek letters with ypogegrammeni: their simple upper/title case is the +8 letter. */
function iotaSubscriptUpper(r: number): number | undefined {
  if ((r >= 0x1f80 && r <= 0x1f87) || (r >= 0x1f90 && r <= 0x1f97) || (r >= 0x1fa0 && r <= 0x1fa7))
    return r + 8;
  if (r === 0x1fb3 || r === 0x1fc3 || r === 0x1ff3) return r + 9;
  return undefined;
}

/**
 * unicode.ToUpper: Go uses the simple (one rune to one rune) mapping, so characters whose
 * full uppercase is several characters (ß, ŉ, ﬁ) stay as they are.
 */
export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  const u = runes(ch(r).toUpperCase());
  if (u.length === 1) return newerCase(u[0]) || newerCase(r) ? r : u[0];
  return iotaSubscriptUpper(r) ?? r;
}

/** unicode.ToLower (simple mapping: İ becomes i). */
export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  const l = runes(ch(r).toLowerCase());
  if (l.length === 1) return newerCase(l[0]) || newerCase(r) ? r : l[0];
  return r === 0x130 ? 0x69 : r;
}

/** unicode.ToTitle: like ToUpper except for the digraphs (ǆ → ǅ) and Georgian letters. */
export function toTitleRune(r: number): number {
  if (r >= 0x1c4 && r <= 0x1c6) return 0x1c5;
  if (r >= 0x1c7 && r <= 0x1c9) return 0x1c8;
  if (r >= 0x1ca && r <= 0x1cc) return 0x1cb;
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r;
  return toUpperRune(r);
}

/** strings.Map (and []rune loops): raw bytes become RuneError before mapping. */
const mapRunes = (s: string, f: (r: number) => number): string => fromRunes(goRunes(s).map(f));

// ---------------------------------------------------------------------------------------
// Go's strings package
// ---------------------------------------------------------------------------------------

/** strings.TrimSpace. */
function trimSpace(s: string): string {
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && isSpace(rs[i])) i++;
  while (j > i && isSpace(rs[j - 1])) j--;
  return i === 0 && j === rs.length ? s : fromRunes(rs.slice(i, j));
}

/** strings.Trim: strips every leading and trailing rune found in cutset. */
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set(runes(cutset));
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && cut.has(rs[i])) i++;
  while (j > i && cut.has(rs[j - 1])) j--;
  return fromRunes(rs.slice(i, j));
}

/** strings.Repeat, with its panics. */
function repeat(s: string, count: bigint): string {
  if (count === 0n) return '';
  if (count < 0n) throw new GoError('strings: negative Repeat count');
  const total = BigInt(utf8Bytes(s).length) * count;
  if (total > (1n << 63n) - 1n) throw new GoError('strings: Repeat output length overflow');
  return s.repeat(Number(count));
}

/** strings.Title: upper-cases (title-cases) the first letter of each word. */
function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const sep = isSeparator(prev);
    prev = r;
    return sep ? toTitleRune(r) : r;
  });
}

/** The word-boundary test of strings.Title. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f)
      return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** strings.Replace(src, old, new, -1); an empty `old` inserts `new` around every rune. */
function replaceAll(src: string, old: string, repl: string): string {
  if (old === '') {
    const rs = Array.from(src);
    return rs.length === 0 ? repl : repl + rs.join(repl) + repl;
  }
  return src.split(old).join(repl);
}

/** strings.SplitN (n < 0: all parts); an empty separator splits into runes. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const rs = Array.from(s);
    if (n < 0 || n >= rs.length) return rs;
    return [...rs.slice(0, n - 1), rs.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** The `map[string]string` Sprig's split/splitn return: keys _0, _1, … */
function indexedMap(parts: readonly string[]): GoMap {
  return withType(new Map(parts.map((p, i) => [`_${i}`, p] as [string, GoValue])), MAP_OF_STRING);
}

// ---------------------------------------------------------------------------------------
// Byte-oriented helpers (Go indexes strings by byte)
// ---------------------------------------------------------------------------------------

const bytesToString = (b: Uint8Array): string => utf8String(b);

/** Go's runtime message for a bad string slice expression s[lo:hi]. */
function sliceBoundsError(lo: bigint | undefined, hi: bigint | undefined, len: number): GoError {
  let msg: string;
  if (lo === undefined) {
    msg = hi! < 0n ? `[:${hi}]` : `[:${hi}] with length ${len}`;
  } else if (hi === undefined) {
    msg = lo < 0n ? `[${lo}:]` : `[${lo}:${len}]`;
  } else {
    msg = `[${lo}:${hi}]`;
  }
  return new GoError(`runtime error: slice bounds out of range ${msg}`);
}

/** Sprig's substring: byte offsets, and Go's slice panics for out-of-range bounds. */
function substr(start: bigint, end: bigint, s: string): string {
  const b = utf8Bytes(s);
  const len = BigInt(b.length);
  if (start < 0n) {
    if (end < 0n || end > len) throw sliceBoundsError(undefined, end, b.length);
    return bytesToString(b.subarray(0, Number(end)));
  }
  if (end < 0n || end > len) {
    if (start > len) throw sliceBoundsError(start, undefined, b.length);
    return bytesToString(b.subarray(Number(start)));
  }
  if (start > end) throw sliceBoundsError(start, end, b.length);
  return bytesToString(b.subarray(Number(start), Number(end)));
}

/** Sprig's trunc: the first c bytes, or for negative c the last -c bytes. */
function trunc(c: bigint, s: string): string {
  const b = utf8Bytes(s);
  const len = BigInt(b.length);
  if (c < 0n && len + c > 0n) return bytesToString(b.subarray(Number(len + c)));
  if (c >= 0n && len > c) return bytesToString(b.subarray(0, Number(c)));
  return s;
}

const ELLIPSIS = utf8Bytes('...');

const concatBytes = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** goutils.AbbreviateFull on bytes; undefined where it returns an error. */
function abbreviateFull(str: Uint8Array, offset: number, maxWidth: number): Uint8Array | undefined {
  if (str.length === 0) return str;
  if (maxWidth < 4) return undefined;
  const len = str.length;
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return concatBytes(str.subarray(0, maxWidth - 3), ELLIPSIS);
  if (maxWidth < 7) return undefined;
  if (offset + maxWidth - 3 < len) {
    const rest = abbreviateFull(str.subarray(offset), 0, maxWidth - 3) ?? new Uint8Array(0);
    return concatBytes(ELLIPSIS, rest);
  }
  return concatBytes(ELLIPSIS, str.subarray(len - (maxWidth - 3)));
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  const r = abbreviateFull(utf8Bytes(s), 0, width);
  return r ? bytesToString(r) : '';
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  const r = abbreviateFull(utf8Bytes(s), left, right);
  return r ? bytesToString(r) : '';
}

/**
 * goutils.WrapCustom: breaks a line at spaces so that lines are at most wrapLength bytes;
 * long words are split only when wrapLongWords is set.
 */
function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const str = utf8Bytes(s);
  const nl = utf8Bytes(newLine);
  const out: Uint8Array[] = [];
  const len = str.length;
  let offset = 0;
  const SPACE = 0x20;
  while (len - offset > wrapLength) {
    if (str[offset] === SPACE) {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const spaceToWrapAt = str.subarray(offset, end).lastIndexOf(SPACE) + offset;
    if (spaceToWrapAt >= offset) {
      out.push(str.subarray(offset, spaceToWrapAt), nl);
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out.push(str.subarray(offset, wrapLength + offset), nl);
      offset += wrapLength;
    } else {
      const from = wrapLength + offset;
      const index = str.subarray(from).indexOf(SPACE);
      if (index >= 0) {
        out.push(str.subarray(offset, index + from), nl);
        offset = index + from + 1;
      } else {
        out.push(str.subarray(offset));
        offset = len;
      }
    }
  }
  out.push(str.subarray(offset));
  return bytesToString(concatBytes(...out));
}

/**
 * goutils.DeleteWhiteSpace: walks bytes, keeping each non-space byte as the rune of the
 * same value; returns the input untouched when nothing was removed.
 */
function nospace(s: string): string {
  if (s === '') return s;
  const b = utf8Bytes(s);
  let out = '';
  for (const byte of b) if (!isSpace(byte)) out += String.fromCharCode(byte);
  return out.length === b.length ? s : out;
}

/** goutils.Initials: the first byte (as a rune) of every whitespace-separated word. */
function initials(s: string): string {
  let out = '';
  let lastWasGap = true;
  for (const byte of utf8Bytes(s)) {
    if (isSpace(byte)) {
      lastWasGap = true;
    } else if (lastWasGap) {
      out += String.fromCharCode(byte);
      lastWasGap = false;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// goutils word functions (rune based)
// ---------------------------------------------------------------------------------------

/** goutils.Uncapitalize: lower-cases the first rune of each whitespace-separated word. */
function untitle(s: string): string {
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLowerRune(r);
    }
    return r;
  });
}

/** goutils.SwapCase: upper ↔ lower, with a lower-case word start becoming title case. */
function swapcase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      if (whitespace) {
        whitespace = false;
        return toTitleRune(r);
      }
      return toUpperRune(r);
    }
    whitespace = isSpace(r);
    return r;
  });
}

// ---------------------------------------------------------------------------------------
// huandu/xstrings v1.5.0
// ---------------------------------------------------------------------------------------

const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

/** xstrings' isAlphabet: a letter, but not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToCamelCase (v1.5.0 upper-cases the first letter: "http_server" → "HttpServer"). */
function camelcase(s: string): string {
  const rs = goRunes(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  let i = 0;
  let r0 = 0;
  let isFirstRuneUpper = false;
  let consumed = false;
  // Leading connectors are kept as they are.
  while (i < rs.length) {
    r0 = rs[i++];
    consumed = true;
    if (!isConnector(r0)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out.push(r0);
  }
  if (i >= rs.length) {
    if (consumed) out.push(r0);
    return fromRunes(out);
  }
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out.push(r1);
      continue;
    }
    if (isConnector(r1)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (isFirstRuneUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else isFirstRuneUpper = false;
      }
      out.push(r1);
    }
  }
  out.push(r0);
  return fromRunes(out);
}

const W_INVALID = 0;
const W_NUMBER = 1;
const W_UPPER = 2;
const W_ALPHABET = 3;
const W_CONNECTOR = 4;
const W_PUNCT = 5;
const W_OTHER = 6;

interface Word {
  wt: number;
  word: number[];
  rest: number;
}

/**
 * xstrings' nextValidRune: skips RuneError (U+FFFD, which Go cannot tell apart from invalid
 * bytes); returns the rune and how many runes were consumed, or `prev` at the end.
 */
function nextValidRune(rs: readonly number[], at: number, prev: number): [number, number] {
  let size = 0;
  while (at + size < rs.length) {
    const r = rs[at + size];
    size++;
    if (r !== RUNE_ERROR && !isRawByte(r)) return [r, size];
  }
  return [prev, size];
}

/** xstrings' nextWord, over runes instead of bytes. */
function nextWord(rs: readonly number[], start: number): Word {
  if (start >= rs.length) return { wt: W_INVALID, word: [], rest: rs.length };
  let remaining = start;
  let [r, size] = nextValidRune(rs, remaining, RUNE_ERROR);
  let offset = size;
  if (r === RUNE_ERROR || isRawByte(r)) {
    return { wt: W_INVALID, word: rs.slice(start, start + offset), rest: start + offset };
  }
  const more = (): boolean => remaining < rs.length;
  const step = (): void => {
    [r, size] = nextValidRune(rs, remaining, r);
  };
  const take = (): void => {
    offset += size;
    remaining += size;
  };
  let wt: number;
  if (isConnector(r)) {
    wt = W_CONNECTOR;
    remaining += size;
    while (more()) {
      step();
      if (!isConnector(r)) break;
      take();
    }
  } else if (isPunct(r)) {
    wt = W_PUNCT;
    remaining += size;
    while (more()) {
      step();
      if (!isPunct(r)) break;
      take();
    }
  } else if (isUpper(r)) {
    wt = W_UPPER;
    remaining += size;
    if (more()) {
      step();
      if (isUpper(r)) {
        let prevSize = size;
        take();
        while (more()) {
          step();
          if (!isUpper(r)) break;
          prevSize = size;
          take();
        }
        // "HTTPStatus" splits into "HTTP" and "Status": the S stays in the remainder.
        if (more() && isAlphabet(r)) {
          offset -= prevSize;
          remaining = start + offset;
        }
      } else if (isAlphabet(r)) {
        take();
        while (more()) {
          step();
          if (!isAlphabet(r) || isUpper(r)) break;
          take();
        }
      }
    }
  } else if (isAlphabet(r)) {
    wt = W_ALPHABET;
    remaining += size;
    while (more()) {
      step();
      if (!isAlphabet(r) || isUpper(r)) break;
      take();
    }
  } else if (isNumber(r)) {
    wt = W_NUMBER;
    remaining += size;
    while (more()) {
      step();
      if (!isNumber(r)) break;
      take();
    }
  } else {
    wt = W_OTHER;
    remaining += size;
    while (more()) {
      step();
      if (size === 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) break;
      take();
    }
  }
  return { wt, word: rs.slice(start, start + offset), rest: remaining };
}

function writeLower(out: number[], wt: number, word: readonly number[], connector: number): void {
  if (wt !== W_UPPER && wt !== W_CONNECTOR) {
    out.push(...word);
    return;
  }
  for (const r of word) {
    if (isRawByte(r)) out.push(RUNE_ERROR);
    else if (isConnector(r)) out.push(connector);
    else if (isUpper(r)) out.push(toLowerRune(r));
    else out.push(r);
  }
}

/** xstrings' camelCaseToLowerCase (ToSnakeCase with '_', ToKebabCase with '-'). */
function camelCaseToLowerCase(s: string, connector: number): string {
  const rs = runes(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  let { wt, word, rest } = nextWord(rs, 0);
  while (rest < rs.length) {
    if (wt !== W_CONNECTOR) writeLower(out, wt, word, connector);
    const prev = wt;
    const last = word;
    ({ wt, word, rest } = nextWord(rs, rest));
    if (prev === W_NUMBER) {
      while (wt === W_ALPHABET || wt === W_NUMBER) {
        writeLower(out, wt, word, connector);
        ({ wt, word, rest } = nextWord(rs, rest));
      }
      if (wt !== W_INVALID && wt !== W_PUNCT && wt !== W_CONNECTOR) out.push(connector);
    } else if (prev === W_CONNECTOR) {
      writeLower(out, prev, last, connector);
    } else if (prev === W_PUNCT) {
      // Punctuation is kept as is, without a connector.
    } else {
      if (wt !== W_NUMBER) {
        if (wt !== W_CONNECTOR && wt !== W_PUNCT) out.push(connector);
        continue;
      }
      if (rest >= rs.length) continue;
      const lastNumber = word;
      ({ wt, word, rest } = nextWord(rs, rest));
      // A number followed by a non-letter belongs to the previous word ("Bld4Floor").
      if (wt !== W_ALPHABET) {
        writeLower(out, W_NUMBER, lastNumber, connector);
        if (wt !== W_CONNECTOR && wt !== W_PUNCT) out.push(connector);
        continue;
      }
      // Letters after a number start a new word with the number ("HTTP2xx" → "http_2xx").
      out.push(connector);
      writeLower(out, W_NUMBER, lastNumber, connector);
      while (wt === W_ALPHABET || wt === W_NUMBER) {
        writeLower(out, wt, word, connector);
        ({ wt, word, rest } = nextWord(rs, rest));
      }
      if (wt !== W_INVALID && wt !== W_CONNECTOR && wt !== W_PUNCT) out.push(connector);
    }
  }
  writeLower(out, wt, word, connector);
  return fromRunes(out);
}

/** xstrings.Shuffle: a random permutation of the runes. */
function shuffle(s: string): string {
  const rs = goRunes(s).map(ch);
  for (let i = rs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [rs[i], rs[j]] = [rs[j], rs[i]];
  }
  return rs.join('');
}

// ---------------------------------------------------------------------------------------
// Sprig's own helpers
// ---------------------------------------------------------------------------------------

function indent(spaces: bigint, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', '\n' + pad);
}

// ---------------------------------------------------------------------------------------
// The function map
// ---------------------------------------------------------------------------------------

const num = (v: GoValue): number => Number((v as GoInt).value);
const big = (v: GoValue): bigint => (v as GoInt).value;
const str = (v: GoValue): string => v as string;

/** A `func(string) string`. */
const s2s = (name: string, f: (s: string) => string): GoFunc =>
  new GoFunc({ name, params: ['string'], result: 'string', fn: (s) => f(str(s)) });

/** A Sprig function with swapped arguments, `func(a, b string) string`. */
const ss2s = (name: string, f: (a: string, b: string) => string): GoFunc =>
  new GoFunc({ name, params: ['string', 'string'], result: 'string', fn: (a, b) => f(str(a), str(b)) });

const ss2b = (name: string, f: (substr: string, s: string) => boolean): GoFunc =>
  new GoFunc({ name, params: ['string', 'string'], result: 'bool', fn: (a, b) => f(str(a), str(b)) });

export const stringFuncs: FuncMap = {
  hello: new GoFunc({ name: 'hello', params: [], result: 'string', fn: () => 'Hello!' }),

  abbrev: new GoFunc({
    name: 'abbrev',
    params: ['int', 'string'],
    result: 'string',
    fn: (w, s) => abbrev(num(w), str(s)),
  }),
  abbrevboth: new GoFunc({
    name: 'abbrevboth',
    params: ['int', 'int', 'string'],
    result: 'string',
    fn: (l, r, s) => abbrevboth(num(l), num(r), str(s)),
  }),
  trunc: new GoFunc({
    name: 'trunc',
    params: ['int', 'string'],
    result: 'string',
    fn: (c, s) => trunc(big(c), str(s)),
  }),
  trim: s2s('trim', trimSpace),
  upper: s2s('upper', (s) => mapRunes(s, toUpperRune)),
  lower: s2s('lower', (s) => mapRunes(s, toLowerRune)),
  title: s2s('title', title),
  untitle: s2s('untitle', untitle),
  substr: new GoFunc({
    name: 'substr',
    params: ['int', 'int', 'string'],
    result: 'string',
    fn: (a, b, s) => substr(big(a), big(b), str(s)),
  }),
  repeat: new GoFunc({
    name: 'repeat',
    params: ['int', 'string'],
    result: 'string',
    fn: (n, s) => repeat(str(s), big(n)),
  }),
  trimall: ss2s('trimall', (a, b) => trimCutset(b, a)),
  trimAll: ss2s('trimAll', (a, b) => trimCutset(b, a)),
  trimSuffix: ss2s('trimSuffix', (a, b) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
  trimPrefix: ss2s('trimPrefix', (a, b) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: s2s('nospace', nospace),
  initials: s2s('initials', initials),
  swapcase: s2s('swapcase', swapcase),
  shuffle: s2s('shuffle', shuffle),
  snakecase: s2s('snakecase', (s) => camelCaseToLowerCase(s, 0x5f)),
  camelcase: s2s('camelcase', camelcase),
  kebabcase: s2s('kebabcase', (s) => camelCaseToLowerCase(s, 0x2d)),
  wrap: new GoFunc({
    name: 'wrap',
    params: ['int', 'string'],
    result: 'string',
    fn: (l, s) => wrapCustom(str(s), num(l), '', false),
  }),
  wrapWith: new GoFunc({
    name: 'wrapWith',
    params: ['int', 'string', 'string'],
    result: 'string',
    fn: (l, sep, s) => wrapCustom(str(s), num(l), str(sep), true),
  }),
  contains: ss2b('contains', (sub, s) => s.includes(sub)),
  hasPrefix: ss2b('hasPrefix', (sub, s) => s.startsWith(sub)),
  hasSuffix: ss2b('hasSuffix', (sub, s) => s.endsWith(sub)),
  quote: new GoFunc({
    name: 'quote',
    params: [],
    variadic: 'interface {}',
    result: 'string',
    fn: (...vs) =>
      vs
        .filter((v) => v !== null)
        .map((v) => sprintf('%q', [strval(v)]))
        .join(' '),
  }),
  squote: new GoFunc({
    name: 'squote',
    params: [],
    variadic: 'interface {}',
    result: 'string',
    fn: (...vs) =>
      vs
        .filter((v) => v !== null)
        .map((v) => sprintf("'%v'", [v]))
        .join(' '),
  }),
  cat: new GoFunc({
    name: 'cat',
    params: [],
    variadic: 'interface {}',
    result: 'string',
    fn: (...vs) => {
      const args = vs.filter((v) => v !== null);
      return sprintf(args.map(() => '%v').join(' '), args);
    },
  }),
  indent: new GoFunc({
    name: 'indent',
    params: ['int', 'string'],
    result: 'string',
    fn: (n, s) => indent(big(n), str(s)),
  }),
  nindent: new GoFunc({
    name: 'nindent',
    params: ['int', 'string'],
    result: 'string',
    fn: (n, s) => '\n' + indent(big(n), str(s)),
  }),
  replace: new GoFunc({
    name: 'replace',
    params: ['string', 'string', 'string'],
    result: 'string',
    fn: (o, n, s) => replaceAll(str(s), str(o), str(n)),
  }),
  plural: new GoFunc({
    name: 'plural',
    params: ['string', 'string', 'int'],
    result: 'string',
    fn: (one, many, n) => (big(n) === 1n ? one : many),
  }),

  split: new GoFunc({
    name: 'split',
    params: ['string', 'string'],
    result: 'map[string]string',
    fn: (sep, s) => indexedMap(splitN(str(s), str(sep), -1)),
  }),
  splitList: new GoFunc({
    name: 'splitList',
    params: ['string', 'string'],
    result: '[]string',
    fn: (sep, s) => withType(splitN(str(s), str(sep), -1), SLICE_OF_STRING),
  }),
  splitn: new GoFunc({
    name: 'splitn',
    params: ['string', 'int', 'string'],
    result: 'map[string]string',
    fn: (sep, n, s) => indexedMap(splitN(str(s), str(sep), num(n))),
  }),
  join: new GoFunc({
    name: 'join',
    params: ['string', 'interface {}'],
    result: 'string',
    fn: (sep, v) => strslice(v).join(str(sep)),
  }),
};
