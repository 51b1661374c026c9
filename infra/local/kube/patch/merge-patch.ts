/** RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge, null deletes, anything else replaces. */
import { isJsonObject, type JsonObject, type JsonValue } from '../types.ts';
import { deepClone } from './json-value.ts';

export function applyMergePatch(doc: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return deepClone(patch);
  const target: JsonObject = isJsonObject(doc) ? deepClone(doc) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = applyMergePatch(target[key], value);
  }
  return target;
}
