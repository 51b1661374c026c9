/** The `scale` subresource (autoscaling/v1 Scale) of Deployments, StatefulSets, ReplicaSets and ReplicationControllers: `kubectl scale`. */
import type { JsonObject, JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';
import type { KubeApi } from './api.ts';
import { ApiError, badRequest, conflict } from './status.ts';
import { metaString } from './store.ts';
import { applyJsonPatch, applyMergePatch, PatchError } from './patch/index.ts';
import { patchTypeOf, toApiError } from './patching.ts';

function selectorString(sel: JsonValue | undefined): string {
  if (!isJsonObject(sel)) return '';
  const parts: string[] = [];
  if (isJsonObject(sel.matchLabels))
    for (const [k, v] of Object.entries(sel.matchLabels)) parts.push(`${k}=${String(v)}`);
  else for (const [k, v] of Object.entries(sel)) if (typeof v === 'string') parts.push(`${k}=${v}`);
  return parts.sort().join(',');
}

export function scaleOf(obj: KubeObject): JsonObject {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const status = isJsonObject(obj.status) ? obj.status : {};
  const meta: JsonObject = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'])
    if (obj.metadata[k] !== undefined) meta[k] = obj.metadata[k];
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: selectorString(spec.selector),
    },
  };
}

function replicasOf(scale: JsonValue): number {
  const spec = isJsonObject(scale) && isJsonObject(scale.spec) ? scale.spec : {};
  const n = spec.replicas;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ApiError(
      422,
      'Invalid',
      `Scale.autoscaling "" is invalid: spec.replicas: Invalid value: ${JSON.stringify(n ?? null)}: must be greater than or equal to 0`,
    );
  }
  return n;
}

/** PUT or PATCH of the scale subresource: the new replica count goes into the parent's spec. */
export function writeScale(
  api: KubeApi,
  info: ResourceInfo,
  ns: string,
  name: string,
  method: string,
  contentType: string,
  body: string,
  fieldManager: string,
  dryRun: boolean,
): JsonObject {
  const live = api.get(info, ns, name);
  const current = scaleOf(live);
  let next: JsonValue;
  try {
    const parsed = JSON.parse(body) as JsonValue;
    if (method === 'PUT') next = parsed;
    else {
      const type = patchTypeOf(contentType);
      if (type === 'json') next = applyJsonPatch(current, parsed);
      else if (type === 'merge' || type === 'strategic' || type === 'apply')
        next = applyMergePatch(current, parsed);
      else
        throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format`);
    }
  } catch (err) {
    if (err instanceof PatchError) throw toApiError(err);
    if (err instanceof SyntaxError) throw badRequest(`error decoding scale: ${err.message}`);
    throw err;
  }
  const rv =
    isJsonObject(next) && isJsonObject(next.metadata) && typeof next.metadata.resourceVersion === 'string'
      ? next.metadata.resourceVersion
      : '';
  if (rv !== '' && rv !== metaString(live, 'resourceVersion'))
    throw conflict(info.group, info.resource, name);
  const replicas = replicasOf(next);
  const updated: KubeObject = {
    ...structuredClone(live),
    spec: { ...(isJsonObject(live.spec) ? live.spec : {}), replicas },
  };
  return scaleOf(api.replace(info, ns, live, updated, { fieldManager, dryRun }));
}
