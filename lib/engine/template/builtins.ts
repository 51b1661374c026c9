/**
 * text/template's builtin functions, after Go 1.23's funcs.go: and, or, not, len, index,
 * slice, call, print, printf, println, html, js, urlquery, eq, ne, lt, le, gt, ge.
 *
 * Functions Go declares over reflect.Value (index, len, eq…) are {@link BuiltinFunc}s that see
 * the executor's {@link RValue}s, because their messages depend on what reflect sees (a nil
 * interface is `len of nil pointer`, an invalid value is a reflect panic). The printing
 * functions are ordinary Go functions over `...interface {}`.
 */
import {
  GoError,
  GoFloat32,
  GoFunc,
  GoInt,
  GoStruct,
  compareBytewise,
  typeInfo,
  utf8Bytes,
  utf8String,
  withType,
} from '../../go/value.ts';
import type { GoValue, Kind } from '../../go/value.ts';
import { sprint, sprintf, sprintln } from '../../go/fmt.ts';
import {
  Boxed,
  BuiltinFunc,
  assignable,
  callGoFunc,
  canBeNil,
  indirect,
  indirectInterface,
  isPrintRune,
  kindOfType,
  lengthOf,
  printableGoValue,
  rkind,
  staticType,
  toGoValue,
  truth,
  typed,
  zeroValue,
} from './exec.ts';
import type { Builtins, CallContext, RValue } from './exec.ts';

const RV = 'reflect.Value';

/** reflect's panic when asked for the type of the zero Value (Go prints it as the error). */
const ZERO_VALUE_TYPE = 'reflect: call of reflect.Value.Type on zero Value';

/**
 * reflect.Value.Type() of what `indirect` reached: a struct behind a pointer is the struct
 * type; the zero Value makes reflect panic, and Go reports the panic as the error.
 */
function indirectType(v: RValue): string {
  if (v === undefined || v === null) throw new GoError(ZERO_VALUE_TYPE);
  if (v instanceof GoStruct) return v.type.replace(/^\*/, '');
  return staticType(v);
}

// --- logic -----------------------------------------------------------------------------------

// and/or are evaluated lazily by the executor (they short-circuit); these bodies never run.
function unreachable(): never {
  throw new Error('unreachable: and/or are implemented by the executor');
}

const and = new BuiltinFunc({ name: 'and', params: [RV], variadic: RV, result: RV, call: unreachable });
const or = new BuiltinFunc({ name: 'or', params: [RV], variadic: RV, result: RV, call: unreachable });

const not = new BuiltinFunc({ name: 'not', params: [RV], result: 'bool', call: ([arg]) => !truth(arg) });

// --- len, index, slice -----------------------------------------------------------------------

const len = new BuiltinFunc({
  name: 'len',
  params: [RV],
  result: 'int',
  call: ([arg]) => {
    const { v, isNil } = indirect(arg);
    if (isNil) throw new GoError('len of nil pointer');
    const n = lengthOf(v instanceof Boxed ? toGoValue(v) : (v ?? null));
    if (n !== undefined && v !== undefined) return new GoInt('int', BigInt(n));
    throw new GoError(`len of type ${indirectType(v)}`);
  },
});

/** Go's indexArg: an integer index within [0, cap]. */
function indexArg(index: RValue, cap: number): number {
  const v = indirectInterface(index);
  let x: bigint;
  if (v instanceof GoInt) {
    x = v.signed ? v.value : BigInt.asIntN(64, v.value);
  } else if (v === undefined || v === null) {
    throw new GoError('cannot index slice/array with nil');
  } else {
    throw new GoError(`cannot index slice/array with type ${staticType(v)}`);
  }
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

/** Go's prepareArg: can `value` be used where `argType` is expected (converting int kinds). */
function prepareArg(value: RValue, argType: string): RValue {
  if (value === undefined || value === null) {
    if (canBeNil(argType)) return zeroValue(argType);
    throw new GoError(`value is nil; should be of type ${argType}`);
  }
  if (assignable(value, argType)) return value;
  const want = kindOfType(argType);
  if (value instanceof GoInt && isIntKind(want)) {
    return new GoInt(want, value.value, argType === want ? undefined : argType);
  }
  throw new GoError(`value has type ${staticType(value)}; should be ${argType}`);
}

function isIntKind(k: Kind): k is GoInt['kind'] {
  return /^u?int(8|16|32|64|ptr)?$/.test(k);
}

const index = new BuiltinFunc({
  name: 'index',
  params: [RV],
  variadic: RV,
  result: RV,
  call: ([first, ...indexes]) => {
    let item: RValue = indirectInterface(first);
    if (item === undefined || item === null) throw new GoError('index of untyped nil');
    for (const idx of indexes) {
      const r = indirect(item);
      if (r.isNil) throw new GoError('index of nil pointer');
      item = r.v;
      const v = item instanceof Boxed ? toGoValue(item) : item;
      if (typeof v === 'string') {
        const bytes = utf8Bytes(v);
        const x = indexArg(idx, bytes.length);
        if (x === bytes.length) throw new GoError('reflect: string index out of range');
        item = new GoInt('uint8', BigInt(bytes[x]));
      } else if (v instanceof Uint8Array) {
        const x = indexArg(idx, v.length);
        if (x === v.length) throw new GoError('reflect: slice index out of range');
        item = new GoInt('uint8', BigInt(v[x]));
      } else if (Array.isArray(v)) {
        const x = indexArg(idx, v.length);
        if (x === v.length) throw new GoError('reflect: slice index out of range');
        item = typed(v[x], elemOf(v));
      } else if (v instanceof Map) {
        const key = prepareArg(indirectInterface(idx), 'string');
        const k = toGoValue(key);
        const et = elemOf(v);
        item = typeof k === 'string' && v.has(k) ? typed(v.get(k) ?? null, et) : zeroValue(et);
      } else {
        throw new GoError(`can't index item of type ${indirectType(item)}`);
      }
    }
    return item;
  },
});

function elemOf(v: GoValue[] | Map<string, GoValue>): string {
  return staticElem(staticType(v));
}

function staticElem(t: string): string {
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('map[string]')) return t.slice('map[string]'.length);
  return 'interface {}';
}

const slice = new BuiltinFunc({
  name: 'slice',
  params: [RV],
  variadic: RV,
  result: RV,
  call: ([first, ...indexes]) => {
    const item = indirectInterface(first);
    if (item === undefined || item === null) throw new GoError('slice of untyped nil');
    if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
    const v = item instanceof Boxed ? toGoValue(item) : item;
    let length: number;
    let bytes: Uint8Array | undefined;
    if (typeof v === 'string') {
      if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
      bytes = utf8Bytes(v);
      length = bytes.length;
    } else if (Array.isArray(v) || v instanceof Uint8Array) {
      length = v.length;
    } else {
      throw new GoError(`can't slice item of type ${indirectType(item)}`);
    }
    const idx = [0, length, 0];
    indexes.forEach((ix, i) => {
      idx[i] = indexArg(ix, length);
    });
    if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
    if (indexes.length === 3 && idx[1] > idx[2])
      throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
    if (bytes !== undefined) return utf8String(bytes.subarray(idx[0], idx[1]));
    if (v instanceof Uint8Array) return v.slice(idx[0], idx[1]);
    const list = v as GoValue[];
    return sameType(list.slice(idx[0], idx[1]), list);
  },
});

/** A sub-slice keeps its source's Go type (`[]string` stays `[]string`). */
function sameType(out: GoValue[], like: GoValue[]): GoValue[] {
  return withType(out, typeInfo(like));
}

// --- call ------------------------------------------------------------------------------------

const call = new BuiltinFunc({
  name: 'call',
  params: [RV],
  variadic: RV,
  result: RV,
  call: ([fnArg, ...args], ctx: CallContext) => {
    const name = ctx.calleeName;
    const fn = indirectInterface(fnArg);
    if (fn === undefined || fn === null) throw new GoError('call of nil');
    if (!(fn instanceof GoFunc)) {
      const t = fn instanceof Boxed ? fn.type : staticType(fn);
      if (fn instanceof Boxed && kindOfType(fn.type) === 'func') throw new GoError('call of nil');
      throw new GoError(`non-function ${name} of type ${t}`);
    }
    const numIn = fn.params.length;
    if (fn.variadic !== undefined) {
      if (args.length < numIn) {
        throw new GoError(`wrong number of args for ${name}: got ${args.length} want at least ${numIn}`);
      }
    } else if (args.length !== numIn) {
      throw new GoError(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
    }
    const argv = args.map((a, i) => {
      const argType = i < numIn ? fn.params[i] : (fn.variadic ?? 'interface {}');
      try {
        return prepareArg(indirectInterface(a), argType);
      } catch (e) {
        if (e instanceof GoError) throw new GoError(`arg ${i}: ${e.message}`);
        throw e;
      }
    });
    return callGoFunc(fn, argv);
  },
});

// --- comparison ------------------------------------------------------------------------------

type BasicKind = 'invalid' | 'bool' | 'int' | 'uint' | 'float' | 'string';

function basicKind(k: Kind): BasicKind {
  switch (k) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'int';
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
    case 'uintptr':
      return 'uint';
    case 'float32':
    case 'float64':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'invalid';
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';
const errNoComparison = 'missing argument for comparison';

function intOf(v: RValue): bigint {
  return v instanceof GoInt ? v.value : 0n;
}

function floatOf(v: RValue): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoFloat32) return v.value;
  return 0;
}

/** Is `v` nil of its type (or the invalid value)? */
function isNilValue(v: RValue): boolean {
  if (v === undefined || v === null) return true;
  return v instanceof Boxed && v.value === null;
}

/** `%s` of a value as fmt prints a reflect.Value operand. */
function fmtS(v: RValue): string {
  return sprintf('%s', [printableForFmt(v)]);
}

function printableForFmt(v: RValue): GoValue {
  if (v instanceof Boxed) return toGoValue(v);
  return v ?? null;
}

/** Are two same-kind, non-basic values equal (Go's == on interface values)? */
function equalNonBasic(a: RValue, b: RValue): boolean {
  if (a instanceof GoStruct && b instanceof GoStruct && !a.pointer && !b.pointer) {
    return a === b || (a.type === b.type && a.fields.every((f, i) => f.value === b.fields[i]?.value));
  }
  return a === b;
}

function isComparableType(v: RValue): boolean {
  const k = rkind(v);
  return k !== 'slice' && k !== 'map' && k !== 'func';
}

export function eqValues(arg1: RValue, arg2: RValue[]): boolean {
  const a = indirectInterface(arg1);
  if (arg2.length === 0) throw new GoError(errNoComparison);
  const k1 = basicKind(rkind(a));
  for (const argIn of arg2) {
    const b = indirectInterface(argIn);
    const k2 = basicKind(rkind(b));
    let t = false;
    if (k1 !== k2) {
      // Integers compare regardless of signedness.
      if (k1 === 'int' && k2 === 'uint') {
        t = intOf(a) >= 0n && intOf(a) === intOf(b);
      } else if (k1 === 'uint' && k2 === 'int') {
        t = intOf(b) >= 0n && intOf(a) === intOf(b);
      } else if (a !== undefined && b !== undefined) {
        throw new GoError(errBadComparison);
      }
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          t = a === b;
          break;
        case 'float':
          t = floatOf(a) === floatOf(b);
          break;
        case 'int':
        case 'uint':
          t = intOf(a) === intOf(b);
          break;
        default: {
          const ka = rkind(a);
          const kb = rkind(b);
          if (!(ka === kb || ka === 'invalid' || kb === 'invalid')) {
            throw new GoError(
              `non-comparable types ${fmtS(a)}: ${typeOrNil(a)}, ${typeOrNil(b)}: ${sprint([printableForFmt(b)])}`,
            );
          }
          if (isNilValue(a) || isNilValue(b)) {
            t = isNilValue(a) === isNilValue(b);
          } else {
            if (!isComparableType(b)) throw new GoError(`non-comparable type ${fmtS(b)}: ${typeOrNil(b)}`);
            t = equalNonBasic(a, b);
          }
        }
      }
    }
    if (t) return true;
  }
  return false;
}

function typeOrNil(v: RValue): string {
  return v === undefined || v === null ? '<nil>' : staticType(v);
}

export function ltValues(arg1: RValue, arg2: RValue): boolean {
  const a = indirectInterface(arg1);
  const k1 = basicKind(rkind(a));
  if (k1 === 'invalid') throw new GoError(errBadComparisonType);
  const b = indirectInterface(arg2);
  const k2 = basicKind(rkind(b));
  if (k2 === 'invalid') throw new GoError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intOf(a) < 0n || intOf(a) < intOf(b);
    if (k1 === 'uint' && k2 === 'int') return intOf(b) >= 0n && intOf(a) < intOf(b);
    throw new GoError(errBadComparison);
  }
  switch (k1) {
    case 'bool':
      throw new GoError(errBadComparisonType);
    case 'float':
      return floatOf(a) < floatOf(b);
    case 'int':
    case 'uint':
      return intOf(a) < intOf(b);
    default:
      return compareBytewise(a as string, b as string) < 0;
  }
}

function leValues(a: RValue, b: RValue): boolean {
  return ltValues(a, b) || eqValues(a, [b]);
}

const eq = new BuiltinFunc({
  name: 'eq',
  params: [RV],
  variadic: RV,
  result: 'bool',
  call: ([a, ...rest]) => eqValues(a, rest),
});
const ne = new BuiltinFunc({
  name: 'ne',
  params: [RV, RV],
  result: 'bool',
  call: ([a, b]) => !eqValues(a, [b]),
});
const lt = new BuiltinFunc({
  name: 'lt',
  params: [RV, RV],
  result: 'bool',
  call: ([a, b]) => ltValues(a, b),
});
const le = new BuiltinFunc({
  name: 'le',
  params: [RV, RV],
  result: 'bool',
  call: ([a, b]) => leValues(a, b),
});
const gt = new BuiltinFunc({
  name: 'gt',
  params: [RV, RV],
  result: 'bool',
  call: ([a, b]) => !leValues(a, b),
});
const ge = new BuiltinFunc({
  name: 'ge',
  params: [RV, RV],
  result: 'bool',
  call: ([a, b]) => !ltValues(a, b),
});

// --- printing and escaping -------------------------------------------------------------------

const ANY = 'interface {}';

const print = new GoFunc({
  name: 'print',
  params: [],
  variadic: ANY,
  result: 'string',
  fn: (...args) => sprint(args),
});
const printf = new GoFunc({
  name: 'printf',
  params: ['string'],
  variadic: ANY,
  result: 'string',
  fn: (format, ...args) => sprintf(format as string, args),
});
const println = new GoFunc({
  name: 'println',
  params: [],
  variadic: ANY,
  result: 'string',
  fn: (...args) => sprintln(args),
});

/**
 * Go's evalArgs: fmt.Sprint of the arguments, each first made printable as an action would
 * print it (nil → `<no value>`, a struct pointer → the struct).
 */
export function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null ? '<no value>' : printableGoValue(a))));
}

/** Go's template.HTMLEscapeString. */
export function htmlEscapeString(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => HTML_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\uFFFD',
};

/** Go's template.JSEscapeString. */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isPrintRune(ch)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    if (
      (b >= 0x30 && b <= 0x39) ||
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      b === 0x2d ||
      b === 0x2e ||
      b === 0x5f ||
      b === 0x7e
    ) {
      out += String.fromCharCode(b);
    } else if (b === 0x20) {
      out += '+';
    } else {
      out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

const html = new GoFunc({
  name: 'html',
  params: [],
  variadic: ANY,
  result: 'string',
  fn: (...a) => htmlEscapeString(evalArgs(a)),
});
const js = new GoFunc({
  name: 'js',
  params: [],
  variadic: ANY,
  result: 'string',
  fn: (...a) => jsEscapeString(evalArgs(a)),
});
const urlquery = new GoFunc({
  name: 'urlquery',
  params: [],
  variadic: ANY,
  result: 'string',
  fn: (...a) => queryEscape(evalArgs(a)),
});

/** text/template's builtins by name. User functions of the same name take precedence. */
export const builtins: Builtins = Object.freeze({
  and,
  call,
  html,
  index,
  slice,
  js,
  len,
  not,
  or,
  print,
  printf,
  println,
  urlquery,
  eq,
  ge,
  gt,
  le,
  lt,
  ne,
});
