/**
 * Helm's Update(original, target) with Helm 4's server-side apply: sequentially create what is missing
 * and apply what exists (after moving client-side-apply field ownership to `helm`), then delete what the
 * target no longer has unless the live object says `helm.sh/resource-policy: keep`.
 */
import { isConflict, isNotFound, KubeApiError } from './errors.ts';
import { managedFieldsPatch } from './csa-upgrade.ts';
import { HttpMethod } from './transport.ts';
import type { ClientNodeKubeClient } from './client.ts';
import { objectPath, retryOnConflict } from './rest.ts';
import type { KubeObject, ResourceInfo, UpdateResult } from './types.ts';

export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';
export const KEEP_POLICY = 'keep';

/** Helm's isMatchingInfo: name, namespace, kind and group (the version may change between releases). */
export function sameObject(a: ResourceInfo, b: ResourceInfo): boolean {
  return a.name === b.name && a.namespace === b.namespace && a.kind === b.kind && a.group === b.group;
}

function gvkString(info: ResourceInfo): string {
  // schema.GroupVersionKind.String(): "apps/v1, Kind=Deployment" (core: "/v1, Kind=Pod").
  return `${info.group}/${info.version}, Kind=${info.kind}`;
}

/** PATCH application/apply-patch+yaml (a JSON body is YAML), field manager `helm`, conflicts forced. */
export async function serverSideApply(client: ClientNodeKubeClient, info: ResourceInfo): Promise<KubeObject> {
  try {
    return await client.transport.json<KubeObject>({
      method: HttpMethod.PATCH,
      path: objectPath(info),
      query: { fieldManager: client.fieldManager, force: 'true' },
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(info.object),
    });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 415)
      throw new Error(`server-side apply not available on the server: ${err.message}`, { cause: err });
    if (isConflict(err))
      throw new Error(
        `conflict occurred while applying object ${info.namespace}/${info.name} ${gvkString(info)}: ${(err as Error).message}`,
        { cause: err },
      );
    throw err;
  }
}

/**
 * csaupgrade before the first apply; true when managedFields were rewritten. `known` is a live copy
 * just read (saves a GET); after a conflict the object is read again.
 */
export async function upgradeClientSideFieldManager(
  client: ClientNodeKubeClient,
  info: ResourceInfo,
  known?: KubeObject,
): Promise<boolean> {
  let fresh = known;
  return retryOnConflict(async () => {
    let live: KubeObject;
    try {
      live =
        fresh ??
        (await client.transport.json<KubeObject>({ method: HttpMethod.GET, path: objectPath(info) }));
      fresh = undefined;
    } catch (err) {
      throw new Error(
        `failed to get object ${info.namespace}/${info.name} ${gvkString(info)}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    const patch = managedFieldsPatch(live, client.fieldManager);
    if (!patch) return false;
    try {
      await client.transport.json<KubeObject>({
        method: HttpMethod.PATCH,
        path: objectPath(info),
        query: { fieldManager: client.fieldManager },
        contentType: 'application/json-patch+json',
        body: JSON.stringify(patch),
      });
    } catch (err) {
      if (isConflict(err)) throw err;
      throw new Error(
        `failed to patch object to upgrade CSA field manager ${info.namespace}/${info.name} ${gvkString(info)}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return true;
  });
}

/** PUT of the whole target object (Helm 4's --force-replace; v3's --force). */
async function replaceObject(client: ClientNodeKubeClient, info: ResourceInfo): Promise<KubeObject> {
  try {
    return await retryOnConflict(() =>
      client.transport.json<KubeObject>({
        method: HttpMethod.PUT,
        path: objectPath(info),
        query: { fieldManager: client.fieldManager },
        body: JSON.stringify(info.object),
      }),
    );
  } catch (err) {
    throw new Error(`failed to replace object: ${(err as Error).message}`, { cause: err });
  }
}

class JoinedError extends Error {
  readonly errors: readonly Error[];
  constructor(errors: readonly Error[]) {
    super(errors.map((e) => e.message).join(' && '));
    this.name = 'UpdateError';
    this.errors = errors;
  }
}

/** Thrown by update; `result` says what was created/updated before the failure (for cleanup-on-fail). */
export class UpdateFailedError extends Error {
  readonly result: UpdateResult;
  constructor(message: string, result: UpdateResult, cause?: unknown) {
    super(message, { cause });
    this.name = 'UpdateFailedError';
    this.result = result;
  }
}

export async function updateObjects(
  client: ClientNodeKubeClient,
  original: readonly ResourceInfo[],
  target: readonly ResourceInfo[],
  forceReplace: boolean,
): Promise<UpdateResult> {
  const result: UpdateResult = { created: [], updated: [], deleted: [] };
  const updateErrors: Error[] = [];
  const fail = (message: string, cause?: unknown): never => {
    throw new UpdateFailedError(message, result, cause);
  };

  for (const info of target) {
    let live: KubeObject | null;
    try {
      live = await client.get(info);
    } catch (err) {
      return fail(`could not get information about the resource: ${(err as Error).message}`, err);
    }
    if (!live) {
      result.created.push(info);
      try {
        if (forceReplace) await client.create(info);
        else await serverSideApply(client, info);
      } catch (err) {
        return fail(`failed to create resource: ${(err as Error).message}`, err);
      }
      client.log(`Created a new ${info.kind} called "${info.name}" in ${info.namespace}`);
      continue;
    }
    const before = original.find((o) => sameObject(o, info));
    if (!before) return fail(`no ${info.kind} with the name "${info.name}" found`);
    try {
      if (forceReplace) await replaceObject(client, info);
      else {
        if (await upgradeClientSideFieldManager(client, info, live))
          client.log(
            `Upgraded ${info.kind} "${info.name}" client-side field management to server-side apply`,
          );
        await serverSideApply(client, info);
      }
    } catch (err) {
      client.log(`error updating the resource "${info.name}":\n\t ${(err as Error).message}`);
      updateErrors.push(err as Error);
    }
    result.updated.push(info);
  }
  if (updateErrors.length > 0) {
    const joined = new JoinedError(updateErrors);
    throw new UpdateFailedError(joined.message, result, joined);
  }

  for (const info of original) {
    if (target.some((t) => sameObject(t, info))) continue;
    let live: KubeObject | null;
    try {
      live = await client.get(info);
    } catch (err) {
      client.log(`Unable to get obj "${info.name}", err: ${(err as Error).message}`);
      continue;
    }
    if (!live) {
      client.log(`Unable to get obj "${info.name}", err: ${info.resource} "${info.name}" not found`);
      continue;
    }
    if (live.metadata.annotations?.[RESOURCE_POLICY_ANNOTATION] === KEEP_POLICY) {
      client.log(
        `Skipping delete of "${info.name}" due to annotation [${RESOURCE_POLICY_ANNOTATION}=${KEEP_POLICY}]`,
      );
      continue;
    }
    try {
      await client.delete(info, 'Background');
      result.deleted.push(info);
    } catch (err) {
      if (!isNotFound(err)) client.log(`Failed to delete "${info.name}", err: ${(err as Error).message}`);
    }
  }
  return result;
}
