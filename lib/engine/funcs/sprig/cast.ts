/**
 * The argument coercions Sprig v3.3.0 applies, shared by every Sprig function group.
 *
 * Sprig's numeric coercions delegate to spf13/cast v1.7.0 (the version Helm v3.17.3 builds
 * with): the non-`E` variants never fail, bad input simply gives 0. String parsing there is
 * strconv.ParseInt(s, 0, 0) after trimming a zero-only decimal tail ("42.00" → 42, but
 * "42.5" → 0), so hex/octal/binary prefixes and `_` separators work. `strval`, `strslice`
 * and `empty` are Sprig's own helpers.
 */
import { sprintf } from '../../../go/fmt.ts';
import {
  GoFloat32,
  GoFunc,
  GoInt,
  GoStruct,
  SLICE_OF_STRING,
  goInt,
  goInt64,
  isTrue,
  typeInfo,
  typeName,
  utf8String,
  withType,
} from '../../../go/value.ts';
import type { GoList, GoValue } from '../../../go/value.ts';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

// ---------------------------------------------------------------------------------------
// strconv parsing (Go syntax, not JavaScript's lenient Number())
// ---------------------------------------------------------------------------------------

/**
 * Go's strconv underscoreOK: `_` may only sit between digits, or between a base prefix and
 * a digit.
 */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return code - 65 + 10;
  return 99;
}

/** A strconv integer parse: the value Go returns, and its error kind if any. */
export interface ParsedInt {
  /** Go's result: 0 on a syntax error, the clamped bound on a range error. */
  value: bigint;
  err?: 'syntax' | 'range';
}

/**
 * strconv.ParseInt(s, base, bitSize) with Go's error results. Base 0 means Go literal
 * syntax: 0x/0o/0b prefixes, a leading 0 for octal, `_` separators.
 */
export function parseGoIntE(s: string, base: number, bitSize = 64): ParsedInt {
  if (s === '') return { value: 0n, err: 'syntax' };
  let neg = false;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const u = parseGoUint(body, base);
  const cutoff = 1n << BigInt(bitSize - 1);
  if (u.err === 'syntax') return u;
  if (u.err === 'range' || (!neg && u.value >= cutoff) || (neg && u.value > cutoff)) {
    return { value: neg ? -cutoff : cutoff - 1n, err: 'range' };
  }
  return { value: neg ? -u.value : u.value };
}

/** strconv.ParseInt; undefined where Go returns an error (syntax or range). */
export function parseGoInt(s: string, base: number, bitSize = 64): bigint | undefined {
  const r = parseGoIntE(s, base, bitSize);
  return r.err ? undefined : r.value;
}

/**
 * strconv.ParseUint(s, base, 64). As in Go, a range error is reported at the digit that
 * overflows, without looking at the rest of the string.
 */
function parseGoUint(s: string, base: number): ParsedInt {
  const syntax: ParsedInt = { value: 0n, err: 'syntax' };
  if (s === '') return syntax;
  const base0 = base === 0;
  let digits = s;
  if (base0) {
    base = 10;
    if (s[0] === '0') {
      if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
        base = 2;
        digits = s.slice(2);
      } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
        base = 8;
        digits = s.slice(2);
      } else if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
        base = 16;
        digits = s.slice(2);
      } else {
        base = 8;
        digits = s.slice(1);
      }
    }
  }
  let n = 0n;
  let underscores = false;
  const b = BigInt(base);
  for (const c of digits) {
    if (c === '_' && base0) {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return syntax;
    n = n * b + BigInt(d);
    if (n >= 1n << 64n) return { value: (1n << 64n) - 1n, err: 'range' };
  }
  if (underscores && !underscoreOK(s)) return syntax;
  return { value: n };
}

/**
 * strconv.Atoi as Sprig's `atoi` uses it (error ignored): base 10, sign allowed, no
 * separators; 0 on a syntax error, the int64 bound on overflow.
 */
export function atoi(s: string): bigint {
  return parseGoIntE(s, 10, 64).value;
}

const DECIMAL_FLOAT = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/**
 * strconv.ParseFloat(s, 64); undefined where Go returns an error (bad syntax, or overflow
 * to ±Inf, which Go reports as ErrRange).
 */
export function parseGoFloat(s: string): number | undefined {
  let sign = 1;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    sign = body[0] === '-' ? -1 : 1;
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Infinity;
  if (lower === 'nan' && body === s) return NaN;
  if (body.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    body = body.replaceAll('_', '');
  }
  let v: number;
  if (DECIMAL_FLOAT.test(body)) {
    v = Number(body);
  } else {
    const m = HEX_FLOAT.exec(body);
    if (!m) return undefined;
    const intPart = m[1];
    const frac = m[2] ?? '';
    if (intPart === '' && frac === '') return undefined;
    const mantissa = BigInt('0x' + (intPart + frac || '0'));
    const exp = Number(m[3]) - 4 * frac.length;
    v = Number(mantissa) * 2 ** exp;
    if (!Number.isFinite(v) && mantissa !== 0n) return undefined;
    if (Number.isNaN(v)) v = 0;
  }
  if (!Number.isFinite(v)) return undefined;
  return sign * v;
}

// ---------------------------------------------------------------------------------------
// spf13/cast v1.7.0
// ---------------------------------------------------------------------------------------

/** cast's trimZeroDecimal: "42.000" → "42"; anything with a non-zero decimal is kept. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** Go's int64(f) on amd64: truncation; NaN and out-of-range values give math.MinInt64. */
function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/**
 * The int64 value cast's ToInt64E/ToIntE produce, or undefined for the error cases (which
 * the non-E variants turn into 0). Only unnamed integer kinds match cast's type switch; a
 * named type such as time.Duration falls through to the error, except time.Weekday and
 * time.Month which cast handles explicitly.
 */
function castInt64(v: GoValue): bigint | undefined {
  if (v === null) return 0n;
  switch (typeof v) {
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return floatToInt64(v);
    case 'string': {
      const n = parseGoInt(trimZeroDecimal(v), 0, 64);
      return n;
    }
  }
  if (v instanceof GoInt) {
    if (v.type !== v.kind && v.type !== 'time.Weekday' && v.type !== 'time.Month') return undefined;
    return BigInt.asIntN(64, v.value);
  }
  if (v instanceof GoFloat32) return floatToInt64(v.value);
  return undefined;
}

/** cast.ToInt64 (Sprig's `int64`, and the operand coercion of its integer math). */
export function toInt64(v: GoValue): GoInt {
  return goInt64(castInt64(v) ?? 0n);
}

/** cast.ToInt (Sprig's `int`). */
export function toInt(v: GoValue): GoInt {
  return goInt(castInt64(v) ?? 0n);
}

/** cast.ToInt64 as a bigint (convenience for arithmetic). */
export function toInt64Value(v: GoValue): bigint {
  return castInt64(v) ?? 0n;
}

/** cast.ToFloat64 (Sprig's `float64`, and the operand coercion of its float math). */
export function toFloat64(v: GoValue): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 1 : 0;
    case 'number':
      return v;
    case 'string':
      return parseGoFloat(v) ?? 0;
  }
  if (v instanceof GoInt) {
    if (v.type !== v.kind && v.type !== 'time.Weekday' && v.type !== 'time.Month') return 0;
    return Number(v.value);
  }
  if (v instanceof GoFloat32) return v.value;
  return 0;
}

export { INT64_MAX, INT64_MIN };

// ---------------------------------------------------------------------------------------
// Sprig's own helpers
// ---------------------------------------------------------------------------------------

/**
 * Sprig's strval (the `toString` function): a string as is, []byte as a string, an error
 * or fmt.Stringer through its method, anything else as fmt.Sprintf("%v"). fmt's %v makes
 * the same Error()/String() calls, so everything but strings and bytes goes through fmt
 * (which also knows when a String method is not in a value's method set).
 */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8String(v);
  return sprintf('%v', [v]);
}

/** Alias of {@link strval} under Sprig's template name. */
export const toString = strval;

/**
 * The elements of a value whose reflect.Kind is slice or array (what Sprig's list
 * functions reach through reflect.ValueOf(x).Index(i)); undefined for any other kind.
 * A []byte yields its bytes as uint8 values.
 */
export function sliceItems(v: GoValue): GoValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt('uint8', BigInt(b)));
  return undefined;
}

/**
 * Sprig's strslice (`toStrings`, and what `join` works on): a []string as is; the non-nil
 * elements of any other slice through strval; nil gives an empty list; any other value a
 * one-element list. The result is a Go []string.
 */
export function strslice(v: GoValue): GoList {
  if (Array.isArray(v) && typeInfo(v).name === '[]string') return v;
  const items = sliceItems(v);
  if (items) {
    return withType(
      items.filter((x) => x !== null).map((x) => strval(x)),
      SLICE_OF_STRING,
    );
  }
  if (v === null) return withType([], SLICE_OF_STRING);
  return withType([strval(v)], SLICE_OF_STRING);
}

/** Alias of {@link strslice} under Sprig's template name. */
export const toStrings = strslice;

/**
 * Sprig's `empty`: true for nil and for the zero value of the value's kind (0, "", false,
 * empty slice/map); structs, non-nil pointers and functions are never empty.
 */
export function isEmpty(v: GoValue): boolean {
  return !isTrue(v);
}

/** reflect.DeepEqual on engine values: identical Go types and deeply equal contents. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (typeName(a) !== typeName(b)) return false;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') return a === b;
  if (a instanceof GoInt) return b instanceof GoInt && a.kind === b.kind && a.value === b.value;
  if (a instanceof GoFloat32) return b instanceof GoFloat32 && a.value === b.value;
  if (a instanceof Uint8Array) {
    return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (a === b) return true;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    if (a === b) return true;
    for (const [k, x] of a) {
      if (!b.has(k) || !deepEqual(x, b.get(k) ?? null)) return false;
    }
    return true;
  }
  if (a instanceof GoStruct) {
    if (!(b instanceof GoStruct) || a.pointer !== b.pointer) return false;
    if (a === b) return true;
    if (a.fields.length !== b.fields.length) return false;
    return a.fields.every((f, i) => f.name === b.fields[i].name && deepEqual(f.value, b.fields[i].value));
  }
  // Funcs: DeepEqual is true only when both are nil, which null already covered.
  void (a satisfies GoFunc);
  return false;
}
