/** CustomResourceDefinitions: the resources they register and the conditions the apiserver sets. */
import type { JsonObject, JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';
import { nowTimestamp } from './time.ts';

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : [];
}

/** One ResourceInfo per served version of the CRD. */
export function crdResourceInfos(crd: KubeObject): ResourceInfo[] {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const plural = typeof names.plural === 'string' ? names.plural : '';
  const kind = typeof names.kind === 'string' ? names.kind : '';
  if (!group || !plural || !kind) return [];
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  return versions
    .filter((v) => v.served !== false && typeof v.name === 'string')
    .map((v) => {
      const sub = isJsonObject(v.subresources) ? v.subresources : {};
      return {
        group,
        version: String(v.name),
        resource: plural,
        singular: typeof names.singular === 'string' && names.singular ? names.singular : kind.toLowerCase(),
        kind,
        namespaced: spec.scope !== 'Cluster',
        shortNames: strings(names.shortNames),
        categories: strings(names.categories),
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources: sub.status !== undefined ? ['status'] : [],
      };
    });
}

/** The status the apiextensions controllers converge to: names accepted, established. */
export function crdConditions(crd: KubeObject): JsonObject {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? structuredClone(spec.names) : {};
  if (typeof names.kind === 'string' && names.listKind === undefined) names.listKind = `${names.kind}List`;
  if (typeof names.kind === 'string' && names.singular === undefined)
    names.singular = names.kind.toLowerCase();
  const existing =
    isJsonObject(crd.status) && Array.isArray(crd.status.conditions)
      ? crd.status.conditions.filter(isJsonObject)
      : [];
  const since = (type: string): string => {
    const prior = existing.find((c) => c.type === type && c.status === 'True');
    return typeof prior?.lastTransitionTime === 'string' ? prior.lastTransitionTime : nowTimestamp();
  };
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  const storage = versions.find((v) => v.storage === true);
  return {
    acceptedNames: names,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: since('NamesAccepted'),
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: since('Established'),
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    storedVersions: storage && typeof storage.name === 'string' ? [storage.name] : [],
  };
}
