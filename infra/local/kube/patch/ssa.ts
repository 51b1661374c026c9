/**
 * Server-side apply and managedFields bookkeeping, modelled on structured-merge-diff as kube-apiserver uses
 * it: every write records which manager set which fields; an Apply merges the applied configuration into the
 * live object, fails with 409 when another manager owns a field it would change (unless `force`, which takes
 * the field over), and removes fields this manager applied before, no longer applies, and nobody else owns.
 */
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from '../types.ts';
import { PatchError, type StatusCause } from './errors.ts';
import {
  decodeFieldsV1,
  encodeFieldsV1,
  fieldSetOf,
  isWithin,
  joinPath,
  keyElement,
  pathString,
  removeAt,
  splitPath,
  valueAt,
  type FieldSet,
} from './field-set.ts';
import { deepClone, deepEqual } from './json-value.ts';
import { schemaFor, type FieldSchema, type GroupVersionKind } from './schema.ts';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  gvk: GroupVersionKind;
  /** RFC 3339 timestamp written into managedFields entries. */
  now: string;
  /** `status` when applying to the status subresource. */
  subresource?: string;
}

export interface FieldConflict {
  /** The other manager as the apiserver prints it: `"helm" using apps/v1`. */
  manager: string;
  /** fieldpath.Path.String form: `.spec.replicas`. */
  field: string;
}

export interface ApplyResult {
  /** The object to store (the unchanged live object, or null, when there are conflicts). */
  object: KubeObject | null;
  conflicts?: FieldConflict[];
  /** The 409 Status to answer with when there are conflicts. */
  error?: PatchError;
}

interface ManagerEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: Set<string>;
}

/** Paths the apiserver never tracks (fieldmanager's stripMeta). */
const UNTRACKED = ['f:apiVersion', 'f:kind', 'f:metadata'].concat(
  [
    'name',
    'namespace',
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'managedFields',
    'selfLink',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ].map((f) => `f:metadata\nf:${f}`),
);

function trackedSet(
  obj: JsonObject,
  schema: FieldSchema | undefined,
  subresource: string | undefined,
  mapContainers = false,
): FieldSet {
  const set = fieldSetOf(obj, schema, mapContainers);
  for (const path of [...set.keys()]) {
    const untracked = UNTRACKED.some((u) => isWithin(path, u) && (u !== 'f:metadata' || path === u));
    const inStatus = isWithin(path, 'f:status');
    if (untracked || (subresource === 'status' ? !inStatus : inStatus)) set.delete(path);
  }
  return set;
}

function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

function readManagers(obj: JsonObject | null): ManagerEntry[] {
  const meta = obj && isJsonObject(obj.metadata) ? obj.metadata : undefined;
  const raw = meta?.managedFields;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isJsonObject).map((e) => {
    const entry: ManagerEntry = {
      manager: String(e.manager ?? ''),
      operation: String(e.operation ?? 'Update'),
      apiVersion: String(e.apiVersion ?? ''),
      time: String(e.time ?? ''),
      fields: decodeFieldsV1(e.fieldsV1),
    };
    if (typeof e.subresource === 'string' && e.subresource !== '') entry.subresource = e.subresource;
    return entry;
  });
}

function writeManagers(obj: JsonObject, entries: ManagerEntry[]): void {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : (obj.metadata = {});
  const kept = entries.filter((e) => e.fields.size > 0);
  if (kept.length === 0) {
    delete meta.managedFields;
    return;
  }
  // The apiserver's order (fieldmanager sortEncodedManagedFields): operation (Apply before Update), then
  // time to the second, manager, apiVersion, subresource.
  const seconds = (t: string): number => Math.floor((Date.parse(t) || 0) / 1000);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  kept.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  meta.managedFields = kept.map((e) => {
    const out: JsonObject = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: encodeFieldsV1(e.fields),
    };
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

function sameIdentity(
  e: ManagerEntry,
  manager: string,
  operation: string,
  subresource: string | undefined,
): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}

/** apiserver printManager: Update managers are named with the apiVersion they wrote (never the time). */
function describeManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s;
}

/** Leaf-level change test (compare.Modified ∪ Added): containers only count when they appear or vanish. */
function changedPaths(before: JsonObject | null, after: JsonObject, afterSet: FieldSet): Set<string> {
  const changed = new Set<string>();
  for (const [path, leaf] of afterSet) {
    const a = before ? valueAt(before, path) : undefined;
    const b = valueAt(after, path);
    if (a === undefined || (leaf && !deepEqual(a, b))) changed.add(path);
  }
  return changed;
}

function entryFor(
  entries: ManagerEntry[],
  manager: string,
  operation: string,
  gvk: GroupVersionKind,
  now: string,
  subresource: string | undefined,
): ManagerEntry {
  let entry = entries.find((e) => sameIdentity(e, manager, operation, subresource));
  if (!entry) {
    entry = { manager, operation, apiVersion: apiVersionOf(gvk), time: now, fields: new Set() };
    if (subresource) entry.subresource = subresource;
    entries.push(entry);
  }
  entry.apiVersion = apiVersionOf(gvk);
  entry.time = now;
  return entry;
}

/**
 * managedFields for a non-apply write (POST, PUT, any PATCH): the writer takes every field it added or
 * changed away from other managers; removed fields leave every set. Returns `after` with metadata.managedFields.
 */
export function recordUpdate(
  before: KubeObject | null,
  after: KubeObject,
  manager: string,
  operation: 'Update',
  now: string,
  options: { gvk?: GroupVersionKind; subresource?: string } = {},
): KubeObject {
  const gvk = options.gvk ?? gvkOf(after);
  const schema = schemaFor(gvk);
  const result = deepClone(after);
  const entries = readManagers(before ?? after);
  const beforeSet = before
    ? trackedSet(before, schema, options.subresource, true)
    : new Map<string, boolean>();
  const afterSet = trackedSet(result, schema, options.subresource, true);
  const changed = changedPaths(before, result, afterSet);
  const removed = [...beforeSet.keys()].filter((p) => !afterSet.has(p));
  for (const e of entries) {
    for (const p of changed) e.fields.delete(p);
    for (const p of removed) e.fields.delete(p);
  }
  if (changed.size > 0) {
    const entry = entryFor(entries, manager, operation, gvk, now, options.subresource);
    for (const p of changed) entry.fields.add(p);
  }
  writeManagers(result, entries);
  return result;
}

export function gvkOf(obj: { apiVersion: string; kind: string }): GroupVersionKind {
  const slash = obj.apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: obj.apiVersion, kind: obj.kind }
    : { group: obj.apiVersion.slice(0, slash), version: obj.apiVersion.slice(slash + 1), kind: obj.kind };
}

/** Merges an applied configuration into live: applied values win, associative lists and sets merge by item. */
function mergeApplied(
  live: JsonValue | undefined,
  applied: JsonValue,
  schema: FieldSchema | undefined,
): JsonValue {
  if (isJsonObject(applied) && isJsonObject(live) && !schema?.atomic) {
    const out = deepClone(live);
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k];
      else out[k] = mergeApplied(out[k], v, schema?.fields?.[k]);
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live) && (schema?.list === 'merge' || schema?.list === 'set')) {
    const listSchema = schema;
    const idOf = (item: JsonValue): string | undefined =>
      listSchema.list === 'set'
        ? JSON.stringify(item)
        : isJsonObject(item)
          ? keyElement(item, listSchema)
          : undefined;
    return mergeListOrder(live, applied, idOf, (l, r) =>
      l === undefined ? deepClone(r) : mergeApplied(l, r, listSchema.item),
    );
  }
  return isJsonObject(applied) ? stripNulls(applied) : deepClone(applied);
}

/**
 * structured-merge-diff's list merge order: items the applied list shares with live follow the applied
 * order, live-only items stay where they were relative to them, new items come where the applied list has them.
 */
function mergeListOrder(
  live: JsonValue[],
  applied: JsonValue[],
  idOf: (v: JsonValue) => string | undefined,
  merge: (l: JsonValue | undefined, r: JsonValue) => JsonValue,
): JsonValue[] {
  const index = (list: JsonValue[]): { order: string[]; byId: Map<string, JsonValue> } => {
    const order: string[] = [];
    const byId = new Map<string, JsonValue>();
    list.forEach((item, i) => {
      const id = idOf(item) ?? `#${i}:${JSON.stringify(item)}`;
      if (byId.has(id)) return;
      byId.set(id, item);
      order.push(id);
    });
    return { order, byId };
  };
  const l = index(live);
  const r = index(applied);
  const shared = r.order.filter((id) => l.byId.has(id));
  let nextShared = shared.shift();
  const out: JsonValue[] = [];
  let li = 0;
  let ri = 0;
  while (li < l.order.length || ri < r.order.length) {
    if (li < l.order.length && ri < r.order.length) {
      const id = l.order[li];
      if (id === r.order[ri]) {
        out.push(merge(l.byId.get(id), r.byId.get(id) as JsonValue));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (r.byId.has(id) && nextShared !== undefined && nextShared !== id) {
        li++;
        continue;
      }
    }
    if (li < l.order.length && !r.byId.has(l.order[li])) {
      out.push(deepClone(l.byId.get(l.order[li]) as JsonValue));
      li++;
      continue;
    }
    if (ri < r.order.length) {
      const id = r.order[ri];
      out.push(merge(l.byId.get(id), r.byId.get(id) as JsonValue));
      ri++;
      if (nextShared === id) nextShared = shared.shift();
    } else {
      li++;
    }
  }
  return out;
}

function stripNulls(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null) continue;
    out[k] = isJsonObject(v) ? stripNulls(v) : deepClone(v);
  }
  return out;
}

/** Drops the part of the applied config a write to this (sub)resource ignores (status, or all but status). */
function scopeApplied(applied: KubeObject, subresource: string | undefined): KubeObject {
  const out = deepClone(applied);
  if (isJsonObject(out.metadata)) delete out.metadata.managedFields;
  if (subresource === 'status') {
    for (const k of Object.keys(out))
      if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete out[k];
  } else {
    delete out.status;
  }
  return out;
}

export function serverSideApply(
  live: KubeObject | null,
  applied: KubeObject,
  options: ApplyOptions,
): ApplyResult {
  const { manager, force, gvk, now, subresource } = options;
  const schema = schemaFor(gvk);
  const config = scopeApplied(applied, subresource);
  const invalid = schema ? missingListKey(config, schema, []) : undefined;
  if (invalid) {
    const meta = isJsonObject(applied.metadata) ? applied.metadata : {};
    const gvkText = `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
    // A plain error in the apiserver's field manager: 500 with no reason (kubectl: "Error from server: ...").
    return {
      object: live,
      error: new PatchError(
        500,
        '',
        `failed to create typed patch object (${String(meta.namespace ?? '')}/${String(meta.name ?? '')}; ${gvkText}): ${invalid}`,
      ),
    };
  }
  const entries = readManagers(live);
  // Objects written before managedFields existed: the apiserver attributes their fields to this manager.
  if (live && entries.length === 0) {
    entries.push({
      manager: 'before-first-apply',
      operation: 'Update',
      apiVersion: apiVersionOf(gvk),
      time: now,
      fields: new Set(trackedSet(live, schema, subresource).keys()),
    });
  }
  const merged = mergeApplied(live ?? undefined, config, schema) as KubeObject;
  const appliedSet = trackedSet(config, schema, subresource);
  const changed = changedPaths(live, merged, appliedSet);

  const conflicts: FieldConflict[] = [];
  const causes: StatusCause[] = [];
  for (const e of entries) {
    if (sameIdentity(e, manager, 'Apply', subresource)) continue;
    for (const p of changed) {
      if (!e.fields.has(p)) continue;
      if (force) {
        e.fields.delete(p);
        continue;
      }
      conflicts.push({ manager: describeManager(e), field: pathString(p) });
      causes.push({
        type: 'FieldManagerConflict',
        message: `conflict with ${describeManager(e)}`,
        field: pathString(p),
      });
    }
  }
  if (conflicts.length > 0) {
    return {
      object: live,
      conflicts,
      error: new PatchError(409, 'Conflict', conflictMessage(conflicts), causes),
    };
  }

  const existing = entries.find((e) => sameIdentity(e, manager, 'Apply', subresource));
  const previous = existing ? existing.fields : new Set<string>();
  const previousTime = existing?.time;
  const mine = entryFor(entries, manager, 'Apply', gvk, now, subresource);
  mine.fields = new Set(appliedSet.keys());
  pruneAbandoned(merged, previous, entries);
  // A no-op apply leaves the object, timestamps included, untouched (so it writes nothing).
  const unchanged =
    live !== null &&
    previousTime !== undefined &&
    sameSet(previous, mine.fields) &&
    deepEqual(withoutManagedFields(live), withoutManagedFields(merged));
  if (unchanged) mine.time = previousTime;
  writeManagers(merged, entries);
  return { object: merged };
}

/** Removes fields this manager applied before but no longer does, unless someone still owns them or a child. */
function pruneAbandoned(obj: KubeObject, previous: Set<string>, entries: ManagerEntry[]): void {
  const owned = entries.flatMap((e) => [...e.fields]);
  const abandoned = [...previous].filter((p) => !owned.some((o) => isWithin(o, p)));
  abandoned.sort((a, b) => splitPath(a).length - splitPath(b).length);
  for (const p of abandoned) removeAt(obj, p);
}

/** The Status message of an apply conflict (fieldmanager getConflictMessage). */
function conflictMessage(conflicts: FieldConflict[]): string {
  if (conflicts.length === 1)
    return `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${conflicts[0].field}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines: string[] = [];
  for (const m of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${m}:`);
    for (const f of byManager.get(m) ?? []) lines.push(`- ${f}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function withoutManagedFields(o: KubeObject): JsonObject {
  const meta = isJsonObject(o.metadata) ? { ...o.metadata } : {};
  delete meta.managedFields;
  return { ...o, metadata: meta };
}

/** structured-merge-diff rejects associative-list items that lack a key field without a default. */
function missingListKey(
  value: JsonValue,
  schema: FieldSchema | undefined,
  path: string[],
): string | undefined {
  if (isJsonObject(value)) {
    if (schema?.atomic) return undefined;
    for (const [k, v] of Object.entries(value)) {
      const found = missingListKey(v, schema?.fields?.[k], [...path, `f:${k}`]);
      if (found) return found;
    }
    return undefined;
  }
  if (!Array.isArray(value) || schema?.list !== 'merge') return undefined;
  for (const [i, item] of value.entries()) {
    const missing = (schema.keys ?? []).find(
      (k) => !(isJsonObject(item) && Object.hasOwn(item, k)) && schema.keyDefaults?.[k] === undefined,
    );
    if (missing !== undefined) {
      return `${pathString(joinPath(path))}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(missing)} (and doesn't have default value)`;
    }
    const el = isJsonObject(item) ? keyElement(item, schema) : undefined;
    const found = el ? missingListKey(item, schema.item, [...path, el]) : undefined;
    if (found) return found;
  }
  return undefined;
}
