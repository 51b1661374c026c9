/**
 * Go's reflect.DeepEqual over the engine's value model.
 *
 * Two values are deeply equal when their dynamic Go types are identical (`[]string` is not
 * `[]interface {}`, `int` is not `int64`, `float64` 1 is not `int` 1) and their contents are:
 * numbers by `==` (so NaN is never equal to itself), slices and maps element by element,
 * structs field by field, pointers by identity or deeply equal pointees. Funcs are equal only
 * when both are nil. Cyclic maps and slices terminate, as in Go, by treating a pair of
 * containers already under comparison as equal.
 */
import { GoFloat32, GoFunc, GoInt, GoStruct, typeName } from './value.ts';
import type { GoValue } from './value.ts';

/** reflect.DeepEqual(a, b). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  return equalValues(a, b, new Map());
}

/** Pairs of containers currently being compared (Go's `visited` map). */
type Visited = Map<object, Set<object>>;

function equalValues(a: GoValue, b: GoValue, visited: Visited): boolean {
  // A nil interface equals only a nil interface.
  if (a === null || b === null) return a === b;
  if (typeName(a) !== typeName(b)) return false;
  switch (typeof a) {
    case 'boolean':
    case 'string':
    case 'number':
      return a === b;
  }
  if (a instanceof GoInt) return b instanceof GoInt && a.value === b.value;
  if (a instanceof GoFloat32) return b instanceof GoFloat32 && a.value === b.value;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof GoFunc) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if (a === b) return true;
    if (seen(visited, a, b)) return true;
    for (let i = 0; i < a.length; i++) if (!equalValues(a[i], b[i], visited)) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    if (a === b) return true;
    if (seen(visited, a, b)) return true;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      if (!equalValues(v, b.get(k) ?? null, visited)) return false;
    }
    return true;
  }
  if (a instanceof GoStruct) {
    if (!(b instanceof GoStruct)) return false;
    // Same pointer: equal without looking inside.
    if (a === b) return true;
    if (seen(visited, a, b)) return true;
    if (a.fields.length !== b.fields.length) return false;
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i];
      const fb = b.fields[i];
      if (fa.name !== fb.name || !equalValues(fa.value, fb.value, visited)) return false;
    }
    // Unexported state (a time.Time's wall clock, a parsed certificate) lives in `native`.
    return equalNative(a.native, b.native);
  }
  return false;
}

/** Records the pair (a, b) and reports whether it was already being compared. */
function seen(visited: Visited, a: object, b: object): boolean {
  let partners = visited.get(a);
  if (partners?.has(b)) return true;
  if (!partners) {
    partners = new Set();
    visited.set(a, partners);
  }
  partners.add(b);
  return false;
}

/** Structural equality for the host data behind a struct's unexported fields. */
function equalNative(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equalNative(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equalNative(a[k], b[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
