/**
 * Sprig v3.3.0's type conversion, default and flow-control functions: atoi, int, int64,
 * float64, toDecimal, toString, toStrings, default, empty, coalesce, all, any, compact,
 * mustCompact, ternary, fail, deepCopy, mustDeepCopy.
 */
import { sprint } from '../../../go/fmt.ts';
import { GoError, GoFunc, GoStruct, goInt, goInt64, kindOf, typeInfo, withType } from '../../../go/value.ts';
import type { FuncMap, GoList, GoMap, GoValue } from '../../../go/value.ts';
import {
  atoi,
  isEmpty,
  parseGoInt,
  sliceItems,
  strslice,
  strval,
  toFloat64,
  toInt,
  toInt64,
} from './cast.ts';
import { asVersion, copyOfVersion } from './semver.ts';

/** What Go reports when reflect.TypeOf(nil).Kind() is evaluated (Sprig's compact on nil). */
const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/** Sprig's mustCompact: the non-empty elements of any slice, as a []interface {}. */
function compactList(list: GoValue): GoList {
  if (list === null) throw new GoError(NIL_DEREFERENCE);
  const items = sliceItems(list);
  if (!items) throw new GoError(`Cannot compact on type ${kindOf(list)}`);
  return items.filter((x) => !isEmpty(x));
}

/**
 * mitchellh/copystructure's Copy as Sprig uses it: a deep copy keeping every Go type.
 * Copying nil fails inside reflect, exactly as in Go. Only exported struct fields are
 * copied, so a semver Version (all fields unexported) comes out as the zero Version.
 */
function copyValue(v: GoValue): GoValue {
  if (v === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  return deepCopyValue(v);
}

function deepCopyValue(v: GoValue): GoValue {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) {
    const out: GoList = v.map((x) => deepCopyValue(x));
    return withType(out, typeInfo(v));
  }
  if (v instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, x] of v) out.set(k, deepCopyValue(x));
    return withType(out, typeInfo(v));
  }
  if (v instanceof GoStruct) {
    if (asVersion(v) !== undefined) return copyOfVersion(v);
    return new GoStruct({
      type: v.type,
      fields: v.fields.map((f) => ({ ...f, value: deepCopyValue(f.value) })),
      methods: { ...v.methods },
      pointer: v.pointer,
      stringer: v.stringer,
      stringerOnPointer: v.stringerOnPointer,
      native: v.native,
    });
  }
  // GoInt and GoFloat32 are immutable; functions are shared.
  return v;
}

export const conversionFuncs: FuncMap = {
  // Sprig wraps strconv.Atoi to swallow its error.
  atoi: new GoFunc({
    name: 'atoi',
    params: ['string'],
    result: 'int',
    fn: (s) => goInt(atoi(s as string)),
  }),
  int64: new GoFunc({ name: 'int64', params: ['interface {}'], result: 'int64', fn: (v) => toInt64(v) }),
  int: new GoFunc({ name: 'int', params: ['interface {}'], result: 'int', fn: (v) => toInt(v) }),
  float64: new GoFunc({
    name: 'float64',
    params: ['interface {}'],
    result: 'float64',
    fn: (v) => toFloat64(v),
  }),
  // Reads fmt.Sprint(v) as an octal number (unix file modes); 0 on any error.
  toDecimal: new GoFunc({
    name: 'toDecimal',
    params: ['interface {}'],
    result: 'int64',
    fn: (v) => goInt64(parseGoInt(sprint([v]), 8, 64) ?? 0n),
  }),
  toString: new GoFunc({
    name: 'toString',
    params: ['interface {}'],
    result: 'string',
    fn: (v) => strval(v),
  }),
  toStrings: new GoFunc({
    name: 'toStrings',
    params: ['interface {}'],
    result: '[]string',
    fn: (v) => strslice(v),
  }),

  default: new GoFunc({
    name: 'default',
    params: ['interface {}'],
    variadic: 'interface {}',
    fn: (d, ...given) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]),
  }),
  empty: new GoFunc({ name: 'empty', params: ['interface {}'], result: 'bool', fn: (v) => isEmpty(v) }),
  coalesce: new GoFunc({
    name: 'coalesce',
    params: [],
    variadic: 'interface {}',
    fn: (...vs) => vs.find((v) => !isEmpty(v)) ?? null,
  }),
  all: new GoFunc({
    name: 'all',
    params: [],
    variadic: 'interface {}',
    result: 'bool',
    fn: (...vs) => vs.every((v) => !isEmpty(v)),
  }),
  any: new GoFunc({
    name: 'any',
    params: [],
    variadic: 'interface {}',
    result: 'bool',
    fn: (...vs) => vs.some((v) => !isEmpty(v)),
  }),
  compact: new GoFunc({
    name: 'compact',
    params: ['interface {}'],
    result: '[]interface {}',
    fn: (list) => compactList(list),
  }),
  mustCompact: new GoFunc({
    name: 'mustCompact',
    params: ['interface {}'],
    result: '[]interface {}',
    fn: (list) => compactList(list),
  }),
  ternary: new GoFunc({
    name: 'ternary',
    params: ['interface {}', 'interface {}', 'bool'],
    fn: (vt, vf, v) => (v === true ? vt : vf),
  }),
  fail: new GoFunc({
    name: 'fail',
    params: ['string'],
    result: 'string',
    fn: (msg) => {
      throw new GoError(msg as string);
    },
  }),
  // The only failure (nil) is a reflect panic inside copystructure, so both variants
  // report the same text.
  deepCopy: new GoFunc({ name: 'deepCopy', params: ['interface {}'], fn: (v) => copyValue(v) }),
  mustDeepCopy: new GoFunc({ name: 'mustDeepCopy', params: ['interface {}'], fn: (v) => copyValue(v) }),
};
