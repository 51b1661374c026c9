/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), following
 * k8s.io/apimachinery/pkg/util/strategicpatch: maps merge recursively, `null` deletes a key, lists merge by
 * the type's patch merge key or as primitive sets when the Go struct tags say so and are replaced otherwise.
 * Directives: `$patch: replace|delete|merge` (on maps and as list elements), `$retainKeys`,
 * `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`. Kinds without a Go type (custom
 * resources) get JSON merge patch semantics.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../types.ts';
import { badPatch, unprocessablePatch } from './errors.ts';
import { deepClone } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';
import { schemaFor, type FieldSchema, type GroupVersionKind } from './schema.ts';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(
  doc: JsonObject,
  patch: JsonValue,
  gvk: GroupVersionKind,
): JsonObject {
  if (!isJsonObject(patch))
    throw badPatch('json: cannot unmarshal non-object into Go value of type map[string]interface {}');
  const schema = schemaFor(gvk);
  if (!schema) {
    const merged = applyMergePatch(doc, patch);
    return isJsonObject(merged) ? merged : {};
  }
  const result = mergeMap(doc, patch, schema);
  return result === DELETED ? {} : result;
}

const DELETED = Symbol('deleted');

function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  schema: FieldSchema | undefined,
): JsonObject | typeof DELETED {
  const directive = patch[PATCH];
  if (directive !== undefined) {
    if (directive === 'delete') return DELETED;
    if (directive === 'replace') return stripDirectives(patch);
    if (directive !== 'merge')
      throw badPatch(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const result = deepClone(original);
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) applyRetainKeys(result, patch, retain);

  const orders = new Map<string, JsonValue[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER)) {
      if (!Array.isArray(value))
        throw badPatch(`invalid type for $setElementOrder list: ${JSON.stringify(value)}`);
      orders.set(key.slice(SET_ORDER.length), value);
    } else if (key.startsWith(DELETE_PRIMITIVES)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      if (!Array.isArray(value))
        throw badPatch(`invalid type for $deleteFromPrimitiveList: ${JSON.stringify(value)}`);
      const list = result[field];
      if (Array.isArray(list))
        result[field] = list.filter((item) => !value.some((d) => primitiveId(d) === primitiveId(item)));
    }
  }

  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const fieldSchema = schema?.fields?.[key];
    if (value === null) {
      delete result[key];
    } else if (isJsonObject(value)) {
      if (fieldSchema?.smpReplace) {
        result[key] = stripDirectives(value);
        continue;
      }
      const base = result[key];
      const merged = mergeMap(isJsonObject(base) ? base : {}, value, fieldSchema);
      // `$patch: delete` empties a map that exists (handleDirectiveInMergeMap); a new key is simply not set.
      if (merged !== DELETED) result[key] = merged;
      else if (Object.hasOwn(result, key)) result[key] = {};
    } else if (Array.isArray(value) && fieldSchema?.list) {
      const base = result[key];
      result[key] = mergeList(Array.isArray(base) ? base : [], value, fieldSchema, orders.get(key));
    } else {
      result[key] = deepClone(value);
    }
  }
  // A $setElementOrder without a patch list for that field only reorders the live list.
  for (const [key, order] of orders) {
    const fieldSchema = schema?.fields?.[key];
    if (Object.hasOwn(patch, key) || !fieldSchema?.list) continue;
    const base = result[key];
    if (Array.isArray(base)) result[key] = mergeList(base, [], fieldSchema, order);
  }
  return result;
}

/** `$retainKeys`: drop every live key not listed (the patch may only set listed keys). */
function applyRetainKeys(result: JsonObject, patch: JsonObject, retain: JsonValue): void {
  if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) {
    throw badPatch(`invalid patch: $retainKeys must be a list of strings: ${JSON.stringify(retain)}`);
  }
  const keep = new Set(retain as string[]);
  for (const key of Object.keys(patch)) {
    if (!key.startsWith('$') && patch[key] !== null && !keep.has(key)) {
      throw unprocessablePatch(
        `retainKeys list must contain all the keys in the patch: ${key} is not in ${JSON.stringify(retain)}`,
      );
    }
  }
  for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
}

function stripDirectives(patch: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    out[k] = isJsonObject(v) ? stripDirectives(v) : deepClone(v);
  }
  return out;
}

function primitiveId(v: JsonValue): string {
  return JSON.stringify(v);
}

function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  schema: FieldSchema,
  order: JsonValue[] | undefined,
): JsonValue[] {
  // A `{"$patch": "replace"}` element anywhere replaces the whole list with the other elements.
  if (patch.some((e) => isJsonObject(e) && e[PATCH] === 'replace')) {
    return patch
      .filter((e) => !(isJsonObject(e) && Object.hasOwn(e, PATCH)))
      .map((e) => (isJsonObject(e) ? stripDirectives(e) : deepClone(e)));
  }
  return schema.list === 'set'
    ? mergePrimitiveList(original, patch, order)
    : mergeKeyedList(original, patch, schema, order);
}

function mergePrimitiveList(
  original: JsonValue[],
  patch: JsonValue[],
  order: JsonValue[] | undefined,
): JsonValue[] {
  const items = new Map<string, JsonValue>();
  for (const v of original) items.set(primitiveId(v), v);
  const patchIds: string[] = [];
  for (const v of patch) {
    if (isJsonObject(v))
      throw badPatch(`unable to find api field in struct for primitive list element: ${JSON.stringify(v)}`);
    const id = primitiveId(v);
    if (!items.has(id)) items.set(id, deepClone(v));
    patchIds.push(id);
  }
  const ids = orderIds(
    [...items.keys()],
    original.map(primitiveId),
    order ? order.map(primitiveId) : patchIds,
  );
  return ids.map((id) => items.get(id) as JsonValue);
}

function mergeKeyedList(
  original: JsonValue[],
  patch: JsonValue[],
  schema: FieldSchema,
  order: JsonValue[] | undefined,
): JsonValue[] {
  const mergeKey = (schema.keys ?? [])[0];
  const idOf = (item: JsonValue, where: string): string => {
    if (!isJsonObject(item) || !Object.hasOwn(item, mergeKey)) {
      throw unprocessablePatch(
        `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}${where}`,
      );
    }
    return primitiveId(item[mergeKey]);
  };
  const serverOrder: string[] = [];
  const items = new Map<string, JsonValue>();
  for (const item of original) {
    // Live items lacking the key cannot be addressed; keep them under a unique id.
    const id =
      isJsonObject(item) && Object.hasOwn(item, mergeKey)
        ? primitiveId(item[mergeKey])
        : `#${serverOrder.length}`;
    serverOrder.push(id);
    items.set(id, item);
  }
  const patchIds: string[] = [];
  for (const element of patch) {
    const id = idOf(element, '');
    const el = element as JsonObject;
    const directive = el[PATCH];
    if (directive === 'delete') {
      items.delete(id);
      continue;
    }
    if (directive !== undefined && directive !== 'merge')
      throw badPatch(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(el)}`);
    const base = items.get(id);
    const merged = mergeMap(isJsonObject(base) ? base : {}, el, schema.item);
    if (merged === DELETED) items.delete(id);
    else items.set(id, merged);
    patchIds.push(id);
  }
  const orderIdsList = order ? order.map((o) => idOf(o, ' in $setElementOrder list')) : patchIds;
  return orderIds([...items.keys()], serverOrder, orderIdsList).map((id) => items.get(id) as JsonValue);
}

/**
 * strategicpatch.normalizeElementOrder: items named by the patch order (the $setElementOrder list, else the
 * patch list) come in that order; the others keep the live order; the two sequences are interleaved by
 * comparing live positions, and an item unknown to the live list goes first.
 */
function orderIds(all: string[], serverOrder: string[], patchOrder: string[]): string[] {
  const patchPos = new Map<string, number>();
  patchOrder.forEach((id, i) => {
    if (!patchPos.has(id)) patchPos.set(id, i);
  });
  const serverPos = new Map<string, number>();
  serverOrder.forEach((id, i) => serverPos.set(id, i));
  const inPatch = all
    .filter((id) => patchPos.has(id))
    .sort((a, b) => (patchPos.get(a) ?? 0) - (patchPos.get(b) ?? 0));
  const serverOnly = all
    .filter((id) => !patchPos.has(id))
    .sort((a, b) => (serverPos.get(a) ?? Infinity) - (serverPos.get(b) ?? Infinity));
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < inPatch.length) {
    if (j >= inPatch.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(inPatch[j++]);
    else {
      const l = serverPos.get(serverOnly[i]);
      const r = serverPos.get(inPatch[j]);
      if (l !== undefined && r !== undefined && l < r) out.push(serverOnly[i++]);
      else out.push(inPatch[j++]);
    }
  }
  return out;
}
