/**
 * PATCH semantics over the patch engines (`patch/index.ts`): parse the body by content type, apply it to the
 * live object, create on server-side apply of a missing object, and map engine failures to Status errors.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import { groupVersionOf, type ResourceInfo } from './resources.ts';
import { ApiError, badRequest, conflict, notFound } from './status.ts';
import { metaString } from './store.ts';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
  serverSideApply,
} from './patch/index.ts';
import { nowTimestamp } from './time.ts';
import type { KubeApi } from './api.ts';

export type PatchContentType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string): PatchContentType | undefined {
  const ct = contentType.split(';')[0].trim();
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  if (ct === 'application/apply-patch+yaml') return 'apply';
  return undefined;
}

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

export function toApiError(err: PatchError): ApiError {
  return new ApiError(
    err.code,
    err.reason,
    err.message,
    err.causes.length
      ? { causes: err.causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })) }
      : undefined,
  );
}

function parseBody(type: PatchContentType, body: string): JsonValue {
  try {
    // Apply bodies are YAML (JSON is YAML too); the others are JSON.
    return type === 'apply' ? (parseYaml(body) as JsonValue) : (JSON.parse(body) as JsonValue);
  } catch (err) {
    throw badRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function patchObject(
  api: KubeApi,
  info: ResourceInfo,
  namespace: string,
  name: string,
  p: PatchParams,
): PatchResult {
  const type = patchTypeOf(p.contentType);
  if (!type) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  }
  if (type === 'apply' && !p.fieldManager) {
    throw new ApiError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value: is required for apply patch',
            field: 'fieldManager',
          },
        ],
      },
    );
  }
  const patch = parseBody(type, p.body);
  const live = api.tryGet(info, namespace, name);
  if (!live && (type !== 'apply' || p.subresource)) throw notFound(info.group, info.resource, name);
  const gvk = { group: info.group, version: info.version, kind: info.kind };
  const writeOpts = {
    dryRun: p.dryRun,
    fieldManager: p.fieldManager,
    subresource: p.subresource,
    applied: type === 'apply',
  };

  let result: JsonValue;
  try {
    if (type === 'apply') {
      if (!isJsonObject(patch) || !isJsonObject(patch.metadata ?? {}))
        throw badRequest('error decoding patch: the apply configuration is not an object');
      const applied = {
        ...patch,
        apiVersion: groupVersionOf(info),
        kind: info.kind,
        metadata: { ...(isJsonObject(patch.metadata) ? patch.metadata : {}), name },
      } as KubeObject;
      if (info.namespaced) applied.metadata.namespace = namespace;
      const rv = metaString(applied, 'resourceVersion');
      if (live && rv !== '' && rv !== metaString(live, 'resourceVersion'))
        throw conflict(info.group, info.resource, name);
      delete applied.metadata.resourceVersion;
      const outcome = serverSideApply(live ?? null, applied, {
        manager: p.fieldManager ?? '',
        force: p.force,
        gvk,
        now: nowTimestamp(),
        subresource: p.subresource,
      });
      if (outcome.error) throw outcome.error;
      if (!outcome.object) throw new ApiError(500, 'InternalError', 'server-side apply produced no object');
      result = outcome.object;
    } else if (type === 'json') {
      result = applyJsonPatch(live ?? {}, patch);
    } else if (type === 'merge') {
      result = applyMergePatch(live, patch);
    } else {
      result = applyStrategicMergePatch(live ?? { apiVersion: '', kind: '', metadata: {} }, patch, gvk);
    }
  } catch (err) {
    if (err instanceof PatchError) throw toApiError(err);
    throw err;
  }
  if (!isJsonObject(result) || !isJsonObject(result.metadata))
    throw badRequest('the patch did not produce an object');
  const obj = result as KubeObject;
  if (!live) {
    obj.metadata.name = name;
    return { object: api.create(info, namespace, obj, writeOpts), created: true };
  }
  const rv = metaString(obj, 'resourceVersion');
  if (type !== 'apply' && rv !== '' && rv !== metaString(live, 'resourceVersion'))
    throw conflict(info.group, info.resource, name);
  return { object: api.replace(info, namespace, live, obj, writeOpts), created: false };
}
