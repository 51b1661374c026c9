/**
 * Discovery documents (legacy APIVersions/APIGroupList/APIResourceList; clients fall back to these when the
 * aggregated form is not offered) and the OpenAPI v3 stub that makes helm and kubectl rely on server-side
 * field validation (platform-notes §3.5).
 */
import type { JsonObject } from './types.ts';
import { groupVersionOf, type ResourceInfo, type ResourceRegistry } from './resources.ts';

export const SERVER_VERSION: JsonObject = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** A constant hash: the documents only change with CRDs, and clients re-fetch on a fresh cache anyway. */
const OPENAPI_HASH = '0123456789ABCDEF';

export function coreVersions(): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }],
  };
}

/** `/apis`: every non-core group with its versions, the first registered being preferred. */
export function groupList(registry: ResourceRegistry): JsonObject {
  const groups = new Map<string, string[]>();
  for (const gv of registry.groupVersions()) {
    const slash = gv.indexOf('/');
    if (slash < 0) continue;
    const group = gv.slice(0, slash);
    const versions = groups.get(group) ?? [];
    versions.push(gv.slice(slash + 1));
    groups.set(group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: entries, preferredVersion: entries[0] };
    }),
  };
}

export function groupOf(registry: ResourceRegistry, group: string): JsonObject | undefined {
  const list = groupList(registry).groups;
  if (!Array.isArray(list)) return undefined;
  const found = list.find(
    (g) => typeof g === 'object' && g !== null && !Array.isArray(g) && g.name === group,
  );
  return found && typeof found === 'object' && !Array.isArray(found)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...found }
    : undefined;
}

function resourceEntry(r: ResourceInfo): JsonObject {
  const entry: JsonObject = {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length) entry.shortNames = r.shortNames;
  if (r.categories.length) entry.categories = r.categories;
  entry.storageVersionHash = Buffer.from(`${r.group}/${r.resource}`).toString('base64').slice(0, 11);
  return entry;
}

export function resourceList(registry: ResourceRegistry, groupVersion: string): JsonObject | undefined {
  const resources = registry.resourcesOf(groupVersion);
  if (!resources) return undefined;
  const entries: JsonObject[] = [];
  for (const r of resources) {
    entries.push(resourceEntry(r));
    for (const sub of r.subresources) {
      const entry: JsonObject = {
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['get', 'patch', 'update'],
      };
      if (sub === 'scale') Object.assign(entry, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
      if (sub === 'log') entry.verbs = ['get'];
      entries.push(entry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: entries };
}

function openapiPathKey(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

export function openapiIndex(registry: ResourceRegistry): JsonObject {
  const paths: JsonObject = {};
  for (const gv of registry.groupVersions()) {
    const key = openapiPathKey(gv);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${OPENAPI_HASH}` };
  }
  return { paths };
}

const PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** Per group-version OpenAPI v3 document: each kind's PATCH operation advertising `fieldValidation`. */
export function openapiGroupVersion(registry: ResourceRegistry, pathKey: string): JsonObject | undefined {
  const gv = pathKey.replace(/^apis?\//, '');
  const resources = registry.resourcesOf(gv);
  if (!resources || openapiPathKey(gv) !== pathKey) return undefined;
  const paths: JsonObject = {};
  for (const r of resources) {
    const prefix = `/${openapiPathKey(groupVersionOf(r))}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}/{name}`;
    const content: JsonObject = {};
    for (const ct of PATCH_CONTENT_TYPES) content[ct] = { schema: { type: 'object' } };
    paths[prefix] = {
      patch: {
        description: `partially update the specified ${r.kind}`,
        operationId: `patch${r.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        requestBody: { content, required: true },
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: String(SERVER_VERSION.gitVersion) },
    paths,
    components: { schemas: {} },
  };
}

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the client accepts aggregated discovery v2 (client-go ≥0.30 asks for it first). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (
    accept !== undefined &&
    /as=APIGroupDiscoveryList/.test(accept) &&
    /g=apidiscovery\.k8s\.io;v=v2(?!beta)/.test(accept)
  );
}

function discoveryResource(r: ResourceInfo): JsonObject {
  const entry: JsonObject = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) entry.shortNames = r.shortNames;
  if (r.categories.length) entry.categories = r.categories;
  if (r.subresources.length) {
    entry.subresources = r.subresources.map((sub) => ({
      subresource: sub,
      responseKind:
        sub === 'scale'
          ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
          : { group: r.group, version: r.version, kind: r.kind },
      verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update'],
    }));
  }
  return entry;
}

/** `/api` (core) or `/apis` (every other group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): JsonObject {
  const groups = new Map<string, JsonObject[]>();
  for (const gv of registry.groupVersions()) {
    const slash = gv.indexOf('/');
    if (core !== slash < 0) continue;
    const group = slash < 0 ? '' : gv.slice(0, slash);
    const version = slash < 0 ? gv : gv.slice(slash + 1);
    const versions = groups.get(group) ?? [];
    versions.push({
      version,
      resources: (registry.resourcesOf(gv) ?? []).map(discoveryResource),
      freshness: 'Current',
    });
    groups.set(group, versions);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groups].map(([name, versions]): JsonObject => {
      const metadata: JsonObject = name === '' ? {} : { name };
      return { metadata, versions };
    }),
  };
}
