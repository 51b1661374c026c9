/**
 * Sprig v3.3.0's list functions (list.go): list/tuple, append/push, prepend, first, rest,
 * last, initial, reverse, uniq, without, has, slice, concat, chunk, sortAlpha, each with its
 * `must` twin where Sprig has one.
 *
 * Sprig reaches list elements through reflection, so any slice type is accepted ([]string
 * from splitList, []int from until, []byte) and the results are fresh []interface{} values.
 * Anything else is rejected with Sprig's `Cannot … on type KIND` error; a nil argument makes
 * reflect.TypeOf(nil).Kind() dereference a nil pointer, which Go reports as a runtime error.
 * The non-must variants panic with the same error, which text/template reports identically.
 */
import { deepEqual } from '../../../go/deepequal.ts';
import {
  GoError,
  GoFunc,
  SLICE_OF_STRING,
  compareBytewise,
  kindOf,
  typeInfo,
  withType,
} from '../../../go/value.ts';
import type { FuncMap, GoList, GoValue, TypeInfo } from '../../../go/value.ts';
import { sliceItems, strslice, strval, toInt } from './cast.ts';

export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/**
 * The elements of `v` when its kind is slice, or throws `message(kind)` (Sprig's error for
 * any other kind) — or Go's nil-dereference runtime error for nil.
 */
function elementsOf(v: GoValue, message: (kind: string) => string): GoList {
  if (v === null) throw new GoError(NIL_DEREFERENCE);
  const items = sliceItems(v);
  if (items === undefined) throw new GoError(message(kindOf(v)));
  return items;
}

/** reflect.DeepEqual membership, as Sprig's inList. */
function contains(haystack: readonly GoValue[], needle: GoValue): boolean {
  return haystack.some((h) => deepEqual(needle, h));
}

function push(list: GoValue, v: GoValue): GoList {
  return [...elementsOf(list, (k) => `Cannot push on type ${k}`), v];
}

function prepend(list: GoValue, v: GoValue): GoList {
  return [v, ...elementsOf(list, (k) => `Cannot prepend on type ${k}`)];
}

function first(list: GoValue): GoValue {
  const items = elementsOf(list, (k) => `Cannot find first on type ${k}`);
  return items.length === 0 ? null : items[0];
}

function last(list: GoValue): GoValue {
  const items = elementsOf(list, (k) => `Cannot find last on type ${k}`);
  return items.length === 0 ? null : items[items.length - 1];
}

// Sprig returns a nil []interface{} for an empty input to rest/initial; the value model has
// no nil slice, so an empty one stands in (identical when printed; toJson would say null).
function rest(list: GoValue): GoList {
  return elementsOf(list, (k) => `Cannot find rest on type ${k}`).slice(1);
}

function initial(list: GoValue): GoList {
  return elementsOf(list, (k) => `Cannot find initial on type ${k}`).slice(0, -1);
}

function reverse(list: GoValue): GoList {
  return [...elementsOf(list, (k) => `Cannot find reverse on type ${k}`)].reverse();
}

function uniq(list: GoValue): GoList {
  const dest: GoList = [];
  for (const item of elementsOf(list, (k) => `Cannot find uniq on type ${k}`)) {
    if (!contains(dest, item)) dest.push(item);
  }
  return dest;
}

function without(list: GoValue, ...omit: GoValue[]): GoList {
  return elementsOf(list, (k) => `Cannot find without on type ${k}`).filter((item) => !contains(omit, item));
}

function has(needle: GoValue, haystack: GoValue): boolean {
  // Sprig checks for a nil haystack before reflecting on it.
  if (haystack === null) return false;
  return contains(
    elementsOf(haystack, (k) => `Cannot find has on type ${k}`),
    needle,
  );
}

/**
 * Sprig's slice (it replaces Go's builtin): list[start:end] through reflect.Value.Slice, so
 * the result keeps the list's type ([]string stays []string). An empty list gives nil.
 */
function slice(list: GoValue, ...indices: GoValue[]): GoValue {
  if (list === null) throw new GoError(NIL_DEREFERENCE);
  const items = sliceItems(list);
  if (items === undefined) {
    throw new GoError(`list should be type of slice or array but ${kindOf(list)}`);
  }
  const len = BigInt(items.length);
  if (len === 0n) return null;
  const start = indices.length > 0 ? toInt(indices[0]).value : 0n;
  const end = indices.length < 2 ? len : toInt(indices[1]).value;
  // Go checks against the capacity; engine slices have no spare capacity.
  if (start < 0n || end < start || end > len) {
    throw new GoError('reflect.Value.Slice: slice index out of bounds');
  }
  if (list instanceof Uint8Array) return list.subarray(Number(start), Number(end));
  return withType(items.slice(Number(start), Number(end)), typeInfo(list as GoList));
}

function concat(...lists: GoValue[]): GoList {
  const res: GoList = [];
  for (const list of lists) {
    res.push(...elementsOf(list, (k) => `Cannot concat type ${k} as list`));
  }
  return res;
}

const SLICE_OF_SLICES: TypeInfo = { name: '[][]interface {}', elem: '[]interface {}' };
const MAKESLICE_ERROR = 'runtime error: makeslice: len out of range';

/** Go's int(f) on amd64: NaN, infinities and out-of-range values become math.MinInt64. */
function floatToInt(f: number): number {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return Number.MIN_SAFE_INTEGER;
  return Math.trunc(f);
}

/**
 * Sprig's chunk computes the number of chunks in float64 arithmetic, so a zero or negative
 * size ends in a negative length handed to make(), which Go rejects at run time.
 */
function chunk(size: GoValue, list: GoValue): GoList {
  const items = elementsOf(list, (k) => `Cannot chunk type ${k}`);
  const n = Number(toInt(size).value);
  const l = items.length;
  const count = floatToInt(Math.floor((l - 1) / n) + 1);
  if (count < 0) throw new GoError(MAKESLICE_ERROR);
  const chunks: GoList = [];
  for (let i = 0; i < count; i++) {
    let clen = n;
    if (i === count - 1) {
      clen = floatToInt(Math.floor(l % n));
      if (clen === 0) clen = n;
    }
    if (clen < 0) throw new GoError(MAKESLICE_ERROR);
    chunks.push(items.slice(i * n, i * n + clen));
  }
  return withType(chunks, SLICE_OF_SLICES);
}

/**
 * Sprig's sortAlpha: the elements as strings (nil elements dropped), sorted bytewise. A
 * []string is sorted in place, as Go's sort.Strings on the caller's slice does; any
 * non-list value becomes a one-element list of its string form.
 */
function sortAlpha(list: GoValue): GoList {
  if (sliceItems(list) === undefined) return withType([strval(list)], SLICE_OF_STRING);
  return strslice(list).sort((a, b) => compareBytewise(a as string, b as string));
}

/** Builds a function and its `must` twin, which in Sprig v3 share one body. */
function withMust(
  name: string,
  spec: { params: readonly string[]; variadic?: string; result: string; fn: (...args: GoValue[]) => GoValue },
): FuncMap {
  const must = 'must' + name[0].toUpperCase() + name.slice(1);
  return {
    [name]: new GoFunc({ name, ...spec }),
    [must]: new GoFunc({ name: must, ...spec }),
  };
}

const ANY = 'interface {}';
const LIST = '[]interface {}';

export const listFuncs: FuncMap = {
  list: new GoFunc({ name: 'list', params: [], variadic: ANY, result: LIST, fn: (...v) => [...v] }),
  tuple: new GoFunc({ name: 'tuple', params: [], variadic: ANY, result: LIST, fn: (...v) => [...v] }),
  append: new GoFunc({ name: 'append', params: [ANY, ANY], result: LIST, fn: push }),
  push: new GoFunc({ name: 'push', params: [ANY, ANY], result: LIST, fn: push }),
  mustAppend: new GoFunc({ name: 'mustAppend', params: [ANY, ANY], result: LIST, fn: push }),
  mustPush: new GoFunc({ name: 'mustPush', params: [ANY, ANY], result: LIST, fn: push }),
  ...withMust('prepend', { params: [ANY, ANY], result: LIST, fn: prepend }),
  ...withMust('first', { params: [ANY], result: ANY, fn: first }),
  ...withMust('rest', { params: [ANY], result: LIST, fn: rest }),
  ...withMust('last', { params: [ANY], result: ANY, fn: last }),
  ...withMust('initial', { params: [ANY], result: LIST, fn: initial }),
  ...withMust('reverse', { params: [ANY], result: LIST, fn: reverse }),
  ...withMust('uniq', { params: [ANY], result: LIST, fn: uniq }),
  ...withMust('without', { params: [ANY], variadic: ANY, result: LIST, fn: without }),
  ...withMust('has', { params: [ANY, ANY], result: 'bool', fn: has }),
  ...withMust('slice', { params: [ANY], variadic: ANY, result: ANY, fn: slice }),
  ...withMust('chunk', { params: ['int', ANY], result: '[][]interface {}', fn: chunk }),
  concat: new GoFunc({ name: 'concat', params: [], variadic: ANY, result: ANY, fn: concat }),
  sortAlpha: new GoFunc({ name: 'sortAlpha', params: [ANY], result: '[]string', fn: sortAlpha }),
};
