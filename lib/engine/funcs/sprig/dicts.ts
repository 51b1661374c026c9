/**
 * Sprig v3.3.0's dict functions (dict.go): dict, get, set, unset, hasKey, pluck, keys,
 * values, pick, omit, merge/mergeOverwrite (+must), dig. deepCopy lives with the
 * conversion functions.
 *
 * Dicts are Go maps, so they are shared by reference: set, unset and merge mutate the map
 * they are given (even `.Values`) and return it. A nil map (a literal `nil` argument) reads
 * as empty and panics on assignment, as in Go.
 */
import {
  GoError,
  GoFunc,
  GoStruct,
  compareBytewise,
  isTrue,
  kindOf,
  typeInfo,
  typeName,
  withType,
} from '../../../go/value.ts';
import type { FuncMap, GoList, GoMap, GoValue } from '../../../go/value.ts';
import { SLICE_OF_STRING } from '../../../go/value.ts';
import { strval } from './cast.ts';

const ANY = 'interface {}';
const MAP = 'map[string]interface {}';

function get(d: GoValue, key: GoValue): GoValue {
  const m = asMap(d);
  return m !== null && m.has(key as string) ? (m.get(key as string) ?? null) : '';
}

function set(d: GoValue, key: GoValue, value: GoValue): GoValue {
  const m = asMap(d);
  if (m === null) throw new GoError('assignment to entry in nil map');
  m.set(key as string, value);
  return asPlainMapType(m);
}

function unset(d: GoValue, key: GoValue): GoValue {
  const m = asMap(d);
  m?.delete(key as string);
  return m === null ? d : asPlainMapType(m);
}

function hasKey(d: GoValue, key: GoValue): boolean {
  return asMap(d)?.has(key as string) ?? false;
}

function pluck(key: GoValue, ...dicts: GoValue[]): GoList {
  const res: GoList = [];
  for (const d of dicts) {
    const m = asMap(d);
    if (m?.has(key as string)) res.push(m.get(key as string) ?? null);
  }
  return res;
}

/**
 * Go ranges over a map in random order, so Sprig's keys/values are unordered. The only
 * deterministic choice is Go's sorted (bytewise) key order; each dict's keys are sorted
 * separately, which keeps the result one that Go itself can produce.
 */
function keys(...dicts: GoValue[]): GoList {
  const k: GoList = [];
  for (const d of dicts) k.push(...sortedKeysOf(asMap(d)));
  return withType(k, SLICE_OF_STRING);
}

function values(d: GoValue): GoList {
  const m = asMap(d);
  return sortedKeysOf(m).map((k) => m?.get(k) ?? null);
}

function pick(d: GoValue, ...names: GoValue[]): GoMap {
  const m = asMap(d);
  const res: GoMap = new Map();
  for (const k of names as string[]) {
    if (m?.has(k)) res.set(k, m.get(k) ?? null);
  }
  return res;
}

function omit(d: GoValue, ...names: GoValue[]): GoMap {
  const m = asMap(d);
  const skip = new Set(names as string[]);
  const res: GoMap = new Map();
  for (const k of sortedKeysOf(m)) {
    if (!skip.has(k)) res.set(k, m?.get(k) ?? null);
  }
  return res;
}

/** dict: key/value pairs; keys go through strval, a missing last value is "". */
function dict(...v: GoValue[]): GoMap {
  const res: GoMap = new Map();
  for (let i = 0; i < v.length; i += 2) {
    res.set(strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
  }
  return res;
}

/**
 * dig: walks map[string]interface{} values by string keys, returning the default when a key
 * is missing. Every step is a Go type assertion, so anything else — even chartutil.Values —
 * panics with the runtime's interface-conversion message.
 */
function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  let current = assertPlainMap(ps[ps.length - 1]);
  const dflt = ps[ps.length - 2];
  const ks = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new GoError(interfaceConversion(k, 'string'));
    return k;
  });
  for (let i = 0; ; i++) {
    if (!current.has(ks[i])) return dflt;
    const step = current.get(ks[i]) ?? null;
    if (i === ks.length - 1) return step;
    current = assertPlainMap(step);
  }
}

function assertPlainMap(v: GoValue): GoMap {
  if (v instanceof Map && typeInfo(v).name === MAP) return v;
  throw new GoError(interfaceConversion(v, MAP));
}

/** The runtime panic text of a failed `x.(T)` on an interface {} value. */
function interfaceConversion(v: GoValue, target: string): string {
  return `interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not ${target}`;
}

// -----------------------------------------------------------------------------------------
// merge: dario.cat/mergo v1.0.1 (what Sprig v3.3.0 pins), Merge and Merge(WithOverride)
// -----------------------------------------------------------------------------------------

const NILABLE_KINDS: ReadonlySet<string> = new Set(['map', 'slice', 'ptr', 'func', 'interface']);

/** mergo.ErrDifferentArgumentsTypes. */
const DIFFERENT_TYPES = 'src and dst must be of same type';

/**
 * Sprig's merge family: mergo.Merge(&dst, src) for each source in turn. A nil dst becomes
 * a new map. The non-must variants swallow mergo's errors and return "".
 */
function mergeAll(overwrite: boolean, must: boolean) {
  return (dst: GoValue, ...srcs: GoValue[]): GoValue => {
    let target = asMap(dst);
    for (const src of srcs) {
      const from = asMap(src);
      if (from === null) continue;
      target ??= new Map();
      try {
        mergeMap(target, from, overwrite);
      } catch (e) {
        if (!(e instanceof MergoError)) throw e;
        if (must) throw new GoError(e.message);
        return '';
      }
    }
    // A typed nil map would print as map[]; an empty map is the closest engine value.
    return target === null ? new Map() : asPlainMapType(target);
  };
}

/** An error mergo returns (as opposed to a reflect panic, which propagates in both variants). */
class MergoError extends Error {}

/**
 * mergo's deepMerge for two maps. Mergo's rules, in the order it applies them per source key:
 * a nil source value is copied only when overwriting; nested maps merge recursively into the
 * destination's map; a slice replaces the destination's only when overwriting (or when the
 * destination map is empty), it is never appended; then the source value is stored when
 * overwriting, or when the destination has no value or an empty one (0, "", false, nil,
 * empty list or map — mergo dereferences interfaces to decide).
 */
function mergeMap(dst: GoMap, src: GoMap, overwrite: boolean): void {
  const srcElemType = typeInfo(src).elem;
  for (const [key, srcElem] of src) {
    const dstValid = dst.has(key);
    const dstElem = dst.get(key) ?? null;
    if (srcElem === null) {
      if (overwrite) setMapIndex(dst, key, srcElem, srcElemType);
      continue;
    }
    const srcKind = kindOf(srcElem);
    if (srcKind === 'map' || srcKind === 'struct' || srcKind === 'ptr') {
      mergeNested(dstValid ? dstElem : null, srcElem, overwrite);
    } else if (srcKind === 'slice') {
      // mergo asks the destination slot IsNil(), which reflect only allows on nil-able kinds.
      if (dstValid && typeInfo(dst).elem !== ANY && !NILABLE_KINDS.has(kindOf(dstElem))) {
        throw new GoError(`reflect: call of reflect.Value.IsNil on ${kindOf(dstElem)} Value`);
      }
      let dstSlice: GoValue = !dstValid || dstElem === null ? emptyLike(srcElem) : dstElem;
      // mergo tests the emptiness of the whole maps here, not of the elements.
      if (overwrite || dst.size === 0) dstSlice = srcElem;
      setMapIndex(dst, key, dstSlice, typeName(dstSlice));
    }
    if (dstValid && !isEmptyValue(dstElem)) {
      if (srcKind === 'slice') continue;
      if (srcKind === 'map' && kindOf(dstElem) === 'map') continue;
    }
    if (overwrite || !dstValid || isEmptyValue(dstElem)) setMapIndex(dst, key, srcElem, srcElemType);
  }
}

/** mergo's deepMerge of a nested destination value with a source map, struct or pointer. */
function mergeNested(dst: GoValue, src: GoValue, overwrite: boolean): void {
  if (dst instanceof Map && src instanceof Map) {
    mergeMap(dst, src, overwrite);
    return;
  }
  // A pointer destination merges only with a source of its pointee's type; a map is not.
  if (dst instanceof GoStruct && dst.pointer && src instanceof Map && !overwrite) {
    throw new MergoError(DIFFERENT_TYPES);
  }
  // A struct with exported fields is merged field by field, and reading a field of the
  // source map is a reflect panic.
  if (
    dst instanceof GoStruct &&
    !dst.pointer &&
    src instanceof Map &&
    dst.fields.some((f) => /^[A-Z]/.test(f.name))
  ) {
    throw new GoError('reflect: call of reflect.Value.Field on map Value');
  }
  // Every other combination reaches a value mergo cannot set (it holds a copy of the
  // element, not the map slot), so it has no effect here.
}

/** mergo's isEmptyValue with dereferencing: the zero value of the dynamic type. */
function isEmptyValue(v: GoValue): boolean {
  return !isTrue(v);
}

function emptyLike(slice: GoValue): GoValue {
  if (slice instanceof Uint8Array) return new Uint8Array(0);
  return withType([], typeInfo(slice as GoList));
}

/** reflect.Value.SetMapIndex, with its assignability check for typed maps. */
function setMapIndex(dst: GoMap, key: string, value: GoValue, valueType: string): void {
  const elem = typeInfo(dst).elem;
  if (elem !== ANY && valueType !== elem) {
    throw new GoError(
      `reflect.Value.SetMapIndex: value of type ${valueType} is not assignable to type ${elem}`,
    );
  }
  dst.set(key, value);
}

// -----------------------------------------------------------------------------------------

/**
 * The same map seen as a map[string]interface {}, the type Go converted a named map
 * argument to (chartutil.Values, i.e. `$` or `.Values`). Writes go through to the map.
 */
class PlainMapView extends Map<string, GoValue> {
  readonly #target: GoMap;
  constructor(target: GoMap) {
    super();
    this.#target = target;
  }
  override get size(): number {
    return this.#target.size;
  }
  override get(key: string): GoValue | undefined {
    return this.#target.get(key);
  }
  override has(key: string): boolean {
    return this.#target.has(key);
  }
  override set(key: string, value: GoValue): this {
    this.#target.set(key, value);
    return this;
  }
  override delete(key: string): boolean {
    return this.#target.delete(key);
  }
  override clear(): void {
    this.#target.clear();
  }
  override keys(): MapIterator<string> {
    return this.#target.keys();
  }
  override values(): MapIterator<GoValue> {
    return this.#target.values();
  }
  override entries(): MapIterator<[string, GoValue]> {
    return this.#target.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, GoValue]> {
    return this.#target[Symbol.iterator]();
  }
  override forEach(
    fn: (value: GoValue, key: string, map: Map<string, GoValue>) => void,
    thisArg?: unknown,
  ): void {
    this.#target.forEach((value, key) => fn.call(thisArg, value, key, this));
  }
}

/** What a function returning its map[string]interface {} parameter gives back for `m`. */
function asPlainMapType(m: GoMap): GoMap {
  return typeInfo(m).name === MAP ? m : new PlainMapView(m);
}

/** The map behind a map argument; null for a nil map. */
function asMap(v: GoValue): GoMap | null {
  return v instanceof Map ? v : null;
}

function sortedKeysOf(m: GoMap | null): string[] {
  return m === null ? [] : [...m.keys()].sort(compareBytewise);
}

export const dictFuncs: FuncMap = {
  dict: new GoFunc({ name: 'dict', params: [], variadic: ANY, result: MAP, fn: dict }),
  get: new GoFunc({ name: 'get', params: [MAP, 'string'], result: ANY, fn: get }),
  set: new GoFunc({ name: 'set', params: [MAP, 'string', ANY], result: MAP, fn: set }),
  unset: new GoFunc({ name: 'unset', params: [MAP, 'string'], result: MAP, fn: unset }),
  hasKey: new GoFunc({ name: 'hasKey', params: [MAP, 'string'], result: 'bool', fn: hasKey }),
  pluck: new GoFunc({
    name: 'pluck',
    params: ['string'],
    variadic: MAP,
    result: '[]interface {}',
    fn: pluck,
  }),
  keys: new GoFunc({ name: 'keys', params: [], variadic: MAP, result: '[]string', fn: keys }),
  values: new GoFunc({ name: 'values', params: [MAP], result: '[]interface {}', fn: values }),
  pick: new GoFunc({ name: 'pick', params: [MAP], variadic: 'string', result: MAP, fn: pick }),
  omit: new GoFunc({ name: 'omit', params: [MAP], variadic: 'string', result: MAP, fn: omit }),
  merge: new GoFunc({ name: 'merge', params: [MAP], variadic: MAP, result: ANY, fn: mergeAll(false, false) }),
  mustMerge: new GoFunc({
    name: 'mustMerge',
    params: [MAP],
    variadic: MAP,
    result: ANY,
    fn: mergeAll(false, true),
  }),
  mergeOverwrite: new GoFunc({
    name: 'mergeOverwrite',
    params: [MAP],
    variadic: MAP,
    result: ANY,
    fn: mergeAll(true, false),
  }),
  mustMergeOverwrite: new GoFunc({
    name: 'mustMergeOverwrite',
    params: [MAP],
    variadic: MAP,
    result: ANY,
    fn: mergeAll(true, true),
  }),
  dig: new GoFunc({ name: 'dig', params: [], variadic: ANY, result: ANY, fn: dig }),
};
