/**
 * Field sets in the shape of sigs.k8s.io/structured-merge-diff: a path is a list of elements encoded as in
 * `fieldsV1` (`f:<field>`, `k:<json of list-map keys>`, `v:<json value>`), joined by newlines (JSON text
 * never holds a raw newline). Sets map each path to whether it is a leaf (scalar, atomic, null or empty).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../types.ts';
import type { FieldSchema } from './schema.ts';

export type FieldSet = Map<string, boolean>;

const SEP = '\n';

export function joinPath(elements: string[]): string {
  return elements.join(SEP);
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split(SEP);
}

/** `k:{...}` element of an associative-list item: its key fields (defaults filled), sorted by name. */
export function keyElement(item: JsonObject, schema: FieldSchema): string | undefined {
  const keyObj: JsonObject = {};
  for (const k of [...(schema.keys ?? [])].sort()) {
    const v = Object.hasOwn(item, k) ? item[k] : schema.keyDefaults?.[k];
    if (v === undefined) continue;
    keyObj[k] = v;
  }
  return Object.keys(keyObj).length === 0 ? undefined : `k:${JSON.stringify(keyObj)}`;
}

/**
 * Every owned path of `value` (typed.toFieldSet): leaves, map entries, list items, empty maps and nulls.
 * `mapContainers` also lists map-typed fields themselves (labels, data): Update operations own those when
 * they create them, which managedFields shows as `f:data: {".": {}, ...}`.
 */
export function fieldSetOf(
  value: JsonObject,
  schema: FieldSchema | undefined,
  mapContainers = false,
): FieldSet {
  const out: FieldSet = new Map();
  walkObject(value, schema, [], out, mapContainers);
  return out;
}

function walkObject(
  obj: JsonObject,
  schema: FieldSchema | undefined,
  path: string[],
  out: FieldSet,
  mapContainers: boolean,
): void {
  for (const [key, val] of Object.entries(obj)) {
    const p = [...path, `f:${key}`];
    const fieldSchema = schema?.fields?.[key];
    walkValue(val, fieldSchema, p, out, mapContainers);
    if (mapContainers && fieldSchema?.map && isJsonObject(val) && !out.has(joinPath(p)))
      out.set(joinPath(p), false);
    // A map entry (as opposed to a struct field) is owned as a member even when it has children.
    if (schema?.map && !out.has(joinPath(p))) out.set(joinPath(p), false);
  }
}

function walkValue(
  val: JsonValue,
  schema: FieldSchema | undefined,
  path: string[],
  out: FieldSet,
  mapContainers: boolean,
): void {
  if (isJsonObject(val)) {
    if (schema?.atomic || Object.keys(val).length === 0) out.set(joinPath(path), true);
    else walkObject(val, schema, path, out, mapContainers);
  } else if (Array.isArray(val)) {
    if (schema?.list === 'merge') {
      for (const item of val) {
        const el = isJsonObject(item) && schema ? keyElement(item, schema) : undefined;
        if (!el) continue;
        const p = [...path, el];
        walkValue(item, schema.item, p, out, mapContainers);
        out.set(joinPath(p), !isJsonObject(item) || Object.keys(item).length === 0);
      }
      if (val.length === 0) out.set(joinPath(path), true);
    } else if (schema?.list === 'set') {
      for (const item of val) out.set(joinPath([...path, `v:${JSON.stringify(item)}`]), true);
      if (val.length === 0) out.set(joinPath(path), true);
    } else {
      out.set(joinPath(path), true);
    }
  } else {
    out.set(joinPath(path), true);
  }
}

/** The value at an encoded path, or undefined when absent. */
export function valueAt(root: JsonValue, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const el of splitPath(path)) {
    if (cur === undefined) return undefined;
    cur = step(cur, el);
  }
  return cur;
}

function step(cur: JsonValue, el: string): JsonValue | undefined {
  const body = el.slice(2);
  if (el.startsWith('f:')) return isJsonObject(cur) && Object.hasOwn(cur, body) ? cur[body] : undefined;
  if (!Array.isArray(cur)) return undefined;
  const index = findItem(cur, el);
  return index < 0 ? undefined : cur[index];
}

function findItem(list: JsonValue[], el: string): number {
  const body = JSON.parse(el.slice(2)) as JsonValue;
  if (el.startsWith('v:')) return list.findIndex((x) => JSON.stringify(x) === JSON.stringify(body));
  if (!isJsonObject(body)) return -1;
  return list.findIndex(
    (x) =>
      isJsonObject(x) &&
      Object.entries(body).every(
        ([k, v]) => JSON.stringify(x[k] ?? (k === 'protocol' ? 'TCP' : null)) === JSON.stringify(v),
      ),
  );
}

/** Deletes the value at `path` (a struct field, map entry or list item); missing paths are ignored. */
export function removeAt(root: JsonObject, path: string): void {
  const els = splitPath(path);
  const last = els.pop();
  if (last === undefined) return;
  const parent = valueAt(root, joinPath(els));
  if (last.startsWith('f:')) {
    if (isJsonObject(parent)) delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const i = findItem(parent, last);
    if (i >= 0) parent.splice(i, 1);
  }
}

/** `.spec.template.spec.containers[name="web"].image`, as fieldpath.Path.String prints it. */
export function pathString(path: string): string {
  return splitPath(path)
    .map((el) => {
      const body = el.slice(2);
      if (el.startsWith('f:')) return `.${body}`;
      if (el.startsWith('v:')) return `[=${body}]`;
      const key = JSON.parse(body) as JsonObject;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

interface Trie {
  member: boolean;
  children: Map<string, Trie>;
}

const ELEMENT_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Encodes a set as a `fieldsV1` tree; "." marks a member that also has children. */
export function encodeFieldsV1(set: Iterable<string>): JsonObject {
  const root: Trie = { member: false, children: new Map() };
  for (const path of set) {
    let node = root;
    for (const el of splitPath(path)) {
      let child = node.children.get(el);
      if (!child) node.children.set(el, (child = { member: false, children: new Map() }));
      node = child;
    }
    node.member = true;
  }
  const encode = (node: Trie): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out['.'] = {};
    const keys = [...node.children.keys()].sort(
      (a, b) => (ELEMENT_RANK[a[0]] ?? 9) - (ELEMENT_RANK[b[0]] ?? 9) || (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const k of keys) out[k] = encode(node.children.get(k) as Trie);
    return out;
  };
  return encode(root);
}

export function decodeFieldsV1(tree: JsonValue | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (node: JsonValue, path: string[]): void => {
    if (!isJsonObject(node)) return;
    for (const [k, child] of Object.entries(node)) {
      if (k === '.') {
        out.add(joinPath(path));
        continue;
      }
      const p = [...path, k];
      if (isJsonObject(child) && Object.keys(child).length === 0) out.add(joinPath(p));
      else walk(child, p);
    }
  };
  walk(tree ?? {}, []);
  return out;
}

/** True when `path` equals `prefix` or lies below it. */
export function isWithin(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(prefix + SEP);
}
