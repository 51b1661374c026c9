/**
 * RFC 6902 JSON Patch, as kube-apiserver applies `application/json-patch+json` (evanphx/json-patch):
 * ops run in order on a copy; a malformed patch is a 400, an op that does not apply is a 422 whose
 * message is the library's error text.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../types.ts';
import { badPatch, unprocessablePatch } from './errors.ts';
import { deepClone, deepEqual } from './json-value.ts';

export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: JsonValue;
  from?: string;
}

/** RFC 6901: `/a~1b/~0c` → ['a/b', '~c']. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw unprocessablePatch(`JSON pointer must be empty or start with a "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = JsonObject | JsonValue[];

/** Walks to the parent of the last token; undefined when an intermediate step is missing. */
function findParent(doc: JsonValue, tokens: string[]): Container | undefined {
  let cur: JsonValue = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = arrayIndex(t, cur.length - 1);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else if (isJsonObject(cur) && Object.hasOwn(cur, t)) {
      cur = cur[t];
    } else {
      return undefined;
    }
  }
  return Array.isArray(cur) || isJsonObject(cur) ? cur : undefined;
}

function arrayIndex(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i <= max ? i : undefined;
}

function invalidIndex(verb: string, path: string, token: string): Error {
  return unprocessablePatch(
    `error in ${verb} for path: '${path}': Unable to access invalid index: ${token}: invalid index referenced`,
  );
}

function getAt(parent: Container, key: string): JsonValue | undefined {
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length - 1);
    return i === undefined ? undefined : parent[i];
  }
  return Object.hasOwn(parent, key) ? parent[key] : undefined;
}

function addAt(parent: Container, key: string, value: JsonValue, verb: string, path: string): void {
  if (Array.isArray(parent)) {
    if (key === '-') {
      parent.push(value);
      return;
    }
    const i = arrayIndex(key, parent.length);
    if (i === undefined) throw invalidIndex(verb, path, key);
    parent.splice(i, 0, value);
    return;
  }
  parent[key] = value;
}

function removeAt(parent: Container, key: string, path: string): JsonValue {
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length - 1);
    if (i === undefined) throw invalidIndex('remove', path, key);
    return parent.splice(i, 1)[0];
  }
  if (!Object.hasOwn(parent, key)) {
    throw unprocessablePatch(
      `error in remove for path: '${path}': Unable to remove nonexistent key: ${key}: missing value`,
    );
  }
  const v = parent[key];
  delete parent[key];
  return v;
}

/** Applies `ops` to a copy of `doc`. A whole-document path ("") replaces the root. */
export function applyJsonPatch(doc: JsonValue, ops: unknown): JsonValue {
  if (!Array.isArray(ops))
    throw badPatch('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let root: JsonValue = deepClone(doc);
  for (const raw of ops) {
    const op = validateOperation(raw);
    root = applyOne(root, op);
  }
  return root;
}

function validateOperation(raw: unknown): JsonPatchOperation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badPatch('json: cannot unmarshal non-object into Go value of type jsonpatch.Operation');
  const o = raw as Record<string, unknown>;
  if (typeof o.op !== 'string') throw unprocessablePatch('Unexpected kind: unknown');
  if (typeof o.path !== 'string') throw unprocessablePatch(`${o.op} operation missing path: missing value`);
  const out: JsonPatchOperation = { op: o.op, path: o.path };
  if (Object.hasOwn(o, 'value')) out.value = o.value as JsonValue;
  if (typeof o.from === 'string') out.from = o.from;
  return out;
}

function requireValue(op: JsonPatchOperation): JsonValue {
  if (op.value === undefined) throw unprocessablePatch(`${op.op} operation missing value: missing value`);
  return op.value;
}

function requireFrom(op: JsonPatchOperation): string {
  if (op.from === undefined) throw unprocessablePatch(`${op.op} operation missing from: missing value`);
  return op.from;
}

function applyOne(root: JsonValue, op: JsonPatchOperation): JsonValue {
  const tokens = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return add(root, tokens, op.path, deepClone(requireValue(op)), 'add');
    case 'remove': {
      if (tokens.length === 0)
        throw unprocessablePatch('remove operation does not apply: doc is missing path: "": missing value');
      const parent = findParent(root, tokens);
      if (!parent)
        throw unprocessablePatch(
          `remove operation does not apply: doc is missing path: "${op.path}": missing value`,
        );
      removeAt(parent, tokens[tokens.length - 1], op.path);
      return root;
    }
    case 'replace': {
      const value = deepClone(requireValue(op));
      if (tokens.length === 0) return value;
      const parent = findParent(root, tokens);
      if (!parent)
        throw unprocessablePatch(
          `replace operation does not apply: doc is missing path: ${op.path}: missing value`,
        );
      const key = tokens[tokens.length - 1];
      // json-patch.v4 (used by kube-apiserver) only checks array indexes: replacing a missing object key adds it.
      if (Array.isArray(parent) && getAt(parent, key) === undefined) {
        throw unprocessablePatch(
          `replace operation does not apply: doc is missing key: ${op.path}: missing value`,
        );
      }
      if (Array.isArray(parent)) parent[Number(key)] = value;
      else parent[key] = value;
      return root;
    }
    case 'move': {
      const from = requireFrom(op);
      const fromTokens = parsePointer(from);
      if (op.path.startsWith(from + '/'))
        throw unprocessablePatch(
          `move operation does not apply: cannot move ${from} into its own child ${op.path}`,
        );
      const parent = findParent(root, fromTokens);
      if (!parent || fromTokens.length === 0)
        throw unprocessablePatch(
          `move operation does not apply: doc is missing from path: ${from}: missing value`,
        );
      const key = fromTokens[fromTokens.length - 1];
      if (getAt(parent, key) === undefined)
        throw unprocessablePatch(
          `move operation does not apply: doc is missing from path: ${from}: missing value`,
        );
      const value = removeAt(parent, key, from);
      return add(root, tokens, op.path, value, 'move');
    }
    case 'copy': {
      const from = requireFrom(op);
      const value = resolve(root, parsePointer(from));
      if (value === undefined)
        throw unprocessablePatch(
          `copy operation does not apply: doc is missing from path: ${from}: missing value`,
        );
      return add(root, tokens, op.path, deepClone(value), 'copy');
    }
    case 'test': {
      const expected = op.value === undefined ? null : op.value;
      const actual = resolve(root, tokens);
      if (actual === undefined ? expected !== null : !deepEqual(actual, expected)) {
        throw unprocessablePatch(`testing value ${op.path} failed: test failed`);
      }
      return root;
    }
    default:
      throw unprocessablePatch(`Unexpected kind: ${op.op}`);
  }
}

function add(root: JsonValue, tokens: string[], path: string, value: JsonValue, verb: string): JsonValue {
  if (tokens.length === 0) return value;
  const parent = findParent(root, tokens);
  if (!parent)
    throw unprocessablePatch(
      `${verb} operation does not apply: doc is missing path: "${path}": missing value`,
    );
  addAt(parent, tokens[tokens.length - 1], value, verb, path);
  return root;
}

function resolve(root: JsonValue, tokens: string[]): JsonValue | undefined {
  if (tokens.length === 0) return root;
  const parent = findParent(root, tokens);
  return parent ? getAt(parent, tokens[tokens.length - 1]) : undefined;
}
