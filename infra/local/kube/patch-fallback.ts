/**
 * Minimal patch engines used until (or when) `patch/index.ts` is not available: RFC 7386 merge patch,
 * RFC 6902 JSON patch, a strategic merge patch that merges object lists by `name` and honours
 * `$patch`/`$setElementOrder`/`$retainKeys` enough for helm and kubectl, and apply as a strategic merge.
 * No managedFields.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonObject, JsonValue } from './types.ts';
import { isJsonObject } from './types.ts';

export class PatchError extends Error {}

export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function clone<T extends JsonValue>(v: T): T {
  return structuredClone(v);
}

export function jsonPatch(doc: JsonValue, ops: JsonValue): JsonValue {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let root = clone(doc);
  const resolve = (path: string): { parent: JsonValue; key: string } => {
    const tokens = path.split('/').slice(1).map(unescapePointer);
    let cur: JsonValue = root;
    for (const t of tokens.slice(0, -1)) {
      const next: JsonValue | undefined = Array.isArray(cur) ? cur[Number(t)] : isJsonObject(cur) ? cur[t] : undefined;
      if (next === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`);
      cur = next;
    }
    return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
  };
  const get = (path: string): JsonValue => {
    if (path === '') return root;
    const { parent, key } = resolve(path);
    const v = Array.isArray(parent) ? parent[Number(key)] : isJsonObject(parent) ? parent[key] : undefined;
    if (v === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`);
    return v;
  };
  const add = (path: string, value: JsonValue, replace: boolean): void => {
    if (path === '') {
      root = value;
      return;
    }
    const { parent, key } = resolve(path);
    if (Array.isArray(parent)) {
      const idx = key === '-' ? parent.length : Number(key);
      if (replace) parent[idx] = value;
      else parent.splice(idx, 0, value);
    } else if (isJsonObject(parent)) {
      if (replace && !(key in parent)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      parent[key] = value;
    } else throw new PatchError(`doc is missing path: "${path}": missing value`);
  };
  const remove = (path: string): void => {
    const { parent, key } = resolve(path);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else if (isJsonObject(parent) && key in parent) delete parent[key];
    else throw new PatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  };
  for (const op of ops) {
    if (!isJsonObject(op)) throw new PatchError('invalid JSON patch operation');
    const path = typeof op.path === 'string' ? op.path : '';
    const from = typeof op.from === 'string' ? op.from : '';
    switch (op.op) {
      case 'add':
        add(path, clone(op.value ?? null), false);
        break;
      case 'replace':
        add(path, clone(op.value ?? null), true);
        break;
      case 'remove':
        remove(path);
        break;
      case 'move': {
        const v = get(from);
        remove(from);
        add(path, v, false);
        break;
      }
      case 'copy':
        add(path, clone(get(from)), false);
        break;
      case 'test':
        if (JSON.stringify(get(path)) !== JSON.stringify(op.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return root;
}

function mergeKeyOf(list: JsonValue[]): string | undefined {
  for (const key of ['name', 'containerPort', 'port', 'mountPath', 'ip', 'type', 'topologyKey']) {
    if (list.length > 0 && list.every((e) => isJsonObject(e) && e[key] !== undefined)) return key;
  }
  return undefined;
}

function mergeLists(live: JsonValue[], patch: JsonValue[]): JsonValue[] {
  const key = mergeKeyOf(patch.filter((e) => !(isJsonObject(e) && e.$patch !== undefined && e[mergeKeyOfAny(e)] === undefined)));
  if (!key || !live.every((e) => isJsonObject(e))) return patch.filter((e) => !(isJsonObject(e) && e.$patch === 'replace'));
  const out: JsonValue[] = live.map((e) => clone(e));
  for (const p of patch) {
    if (!isJsonObject(p)) continue;
    const idx = out.findIndex((e) => isJsonObject(e) && e[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], p);
    else out.push(strategicMerge(undefined, p));
  }
  return out;
}

function mergeKeyOfAny(e: JsonObject): string {
  return Object.keys(e).find((k) => !k.startsWith('$')) ?? 'name';
}

function orderBy(list: JsonValue[], order: JsonValue): JsonValue[] {
  if (!Array.isArray(order) || order.length === 0) return list;
  const key = mergeKeyOf(order);
  if (!key) return list;
  const pos = (e: JsonValue): number => {
    const i = isJsonObject(e) ? order.findIndex((o) => isJsonObject(o) && o[key] === e[key]) : -1;
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => pos(a) - pos(b));
}

export function strategicMerge(live: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return rest;
  }
  const out: JsonObject = isJsonObject(live) ? { ...live } : {};
  const retain = Array.isArray(patch.$retainKeys) ? patch.$retainKeys : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((e) => !v.includes(e));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeLists(out[k] as JsonValue[], v);
    else if (Array.isArray(v)) out[k] = mergeLists([], v);
    else out[k] = strategicMerge(out[k], v);
  }
  for (const [k, order] of Object.entries(patch)) {
    if (!k.startsWith('$setElementOrder/')) continue;
    const field = k.slice('$setElementOrder/'.length);
    const cur = out[field];
    if (Array.isArray(cur)) out[field] = orderBy(cur, order);
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

export type PatchContentType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string): PatchContentType | undefined {
  const ct = contentType.split(';')[0].trim();
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/apply-patch+yaml' || ct === 'application/apply-patch+cbor') return 'apply';
  return undefined;
}

/** Parses a patch body as its content type says (apply bodies are YAML, which includes JSON). */
export function parsePatchBody(type: PatchContentType, body: string): JsonValue {
  return type === 'apply' ? (parseYaml(body) as JsonValue) : (JSON.parse(body) as JsonValue);
}

/** Applies a parsed patch to the live object (undefined for apply-creates). */
export function applyFallbackPatch(type: PatchContentType, live: JsonObject | undefined, patch: JsonValue): JsonValue {
  switch (type) {
    case 'json':
      return jsonPatch(live ?? {}, patch);
    case 'merge':
      return mergePatch(live, patch);
    case 'strategic':
    case 'apply':
      return strategicMerge(live, patch);
  }
}
