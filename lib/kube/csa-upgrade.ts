/**
 * Moving client-side-apply field ownership to the server-side-apply manager before the first apply
 * (client-go's csaupgrade, as Helm 4 runs it when a release moves from client-side to server-side apply).
 * Without it the fields a chart stops setting stay owned by the old `Update` manager and are never pruned.
 */
import type { JsonObject, JsonValue, KubeObject } from './types.ts';

/** Managers whose `Update` entries are taken over: Helm v3's own writes and kubectl's client-side apply. */
export const CSA_MANAGERS: readonly string[] = ['helm', 'kubectl-client-side-apply'];

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Union of two FieldsV1 tries (nested objects keyed `f:`, `k:`, `v:`, `i:`, `.`). */
export function unionFields(a: JsonValue | undefined, b: JsonValue | undefined): JsonObject {
  const out: JsonObject = isObject(a) ? structuredClone(a) : {};
  if (!isObject(b)) return out;
  for (const [k, v] of Object.entries(b)) {
    out[k] = isObject(out[k]) && isObject(v) ? unionFields(out[k], v) : structuredClone(v);
  }
  return out;
}

const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

function isCsaEntry(e: JsonObject, manager: string): boolean {
  return e.manager === manager && e.operation === 'Update' && str(e.subresource) === '';
}

/**
 * The managedFields after the upgrade, or undefined when no CSA manager is present. For each CSA manager
 * name: the SSA entry (created from the newest CSA entry when missing) absorbs the fields of the CSA entry
 * with the same apiVersion, then every `Update` entry of that name is dropped.
 */
export function upgradedManagedFields(
  managedFields: readonly JsonObject[],
  ssaManager: string,
  csaManagers: readonly string[] = CSA_MANAGERS,
): JsonObject[] | undefined {
  let entries = managedFields.map((e) => structuredClone(e));
  let changed = false;
  for (const csa of csaManagers) {
    if (!entries.some((e) => isCsaEntry(e, csa))) continue;
    changed = true;
    let target = entries.findIndex(
      (e) => e.manager === ssaManager && e.operation === 'Apply' && str(e.subresource) === '',
    );
    if (target < 0) {
      target = entries.findIndex((e) => isCsaEntry(e, csa));
      // The converted entry keeps its fields; a copy stands in for it as the CSA source below.
      const converted = { ...entries[target], manager: ssaManager, operation: 'Apply' };
      entries = [...entries.slice(0, target), converted, entries[target], ...entries.slice(target + 1)];
    }
    const ssa = entries[target];
    const source = entries.find((e) => isCsaEntry(e, csa) && e.apiVersion === ssa.apiVersion);
    if (source) ssa.fieldsV1 = unionFields(ssa.fieldsV1, source.fieldsV1);
    ssa.fieldsType = 'FieldsV1';
    entries = entries.filter((e) => !isCsaEntry(e, csa));
  }
  return changed ? entries : undefined;
}

/** The JSON patch client-go sends: new managedFields, guarded by the resourceVersion just read. */
export function managedFieldsPatch(live: KubeObject, ssaManager: string): JsonValue[] | undefined {
  const current = (live.metadata.managedFields ?? []).filter(isObject);
  const next = upgradedManagedFields(current, ssaManager);
  if (!next) return undefined;
  return [
    { op: 'replace', path: '/metadata/managedFields', value: next },
    // A replace (not a test) so a concurrent write surfaces as 409 Conflict from the storage layer.
    { op: 'replace', path: '/metadata/resourceVersion', value: live.metadata.resourceVersion ?? '' },
  ];
}
