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

/**
 * Structural equality for the host data behind a struct's unexported fields (a time.Time's
 * instant and location, a semver version's parts): same class, equal own properties.
 * Functions compare by identity, as Go compares func-valued fields only when nil.
 */
function equalNative(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || depth > 64) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !equalNative(v, b.get(k), depth + 1)) return false;
    return true;
  }
  const ka = Object.getOwnPropertyNames(a);
  const kb = Object.getOwnPropertyNames(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && equalNative(ra[k], rb[k], depth + 1));
}
