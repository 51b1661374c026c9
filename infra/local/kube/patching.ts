/** PATCH semantics: parse the body by content type, run the patch engine, keep the apply create path. */
import type { JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';
import { ApiError, badRequest, conflict, notFound } from './status.ts';
import { metaString } from './store.ts';
import { applyFallbackPatch, parsePatchBody, patchTypeOf, PatchError, type PatchContentType } from './patch-fallback.ts';
import type { KubeApi } from './api.ts';

export interface PatchParams {
  contentType: string;
  body: string;
  fieldManager: string | undefined;
  force: boolean;
  dryRun: boolean;
  subresource: string | undefined;
}

export interface PatchResult {
  object: KubeObject;
  created: boolean;
}

export function patchObject(api: KubeApi, info: ResourceInfo, namespace: string, name: string, p: PatchParams): PatchResult {
  const type: PatchContentType | undefined = patchTypeOf(p.contentType);
  if (!type) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }
  if (type === 'apply' && !p.fieldManager) {
    throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      group: 'meta.k8s.io',
      kind: 'PatchOptions',
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  let patch: JsonValue;
  try {
    patch = parsePatchBody(type, p.body);
  } catch (err) {
    throw badRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
  const live = api.tryGet(info, namespace, name);
  if (!live && (type !== 'apply' || p.subresource)) throw notFound(info.group, info.resource, name);
  let result: JsonValue;
  try {
    result = applyFallbackPatch(type, live, patch);
  } catch (err) {
    if (err instanceof PatchError) throw new ApiError(422, 'Invalid', err.message);
    throw err;
  }
  if (!isJsonObject(result) || !isJsonObject(result.metadata)) throw badRequest('the patch did not produce an object');
  const obj = result as KubeObject;
  if (!live) {
    obj.metadata.name = name;
    return { object: api.create(info, namespace, obj, { dryRun: p.dryRun, fieldManager: p.fieldManager }), created: true };
  }
  const rv = metaString(obj, 'resourceVersion');
  if (rv !== '' && rv !== metaString(live, 'resourceVersion')) throw conflict(info.group, info.resource, name);
  return {
    object: api.replace(info, namespace, live, obj, { dryRun: p.dryRun, fieldManager: p.fieldManager, subresource: p.subresource }),
    created: false,
  };
}
