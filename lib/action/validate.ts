/**
 * Ownership metadata (Helm's pkg/action/validate.go): every release object carries the
 * managed-by label and the release name/namespace annotations; an object that already exists
 * may join a release only when it carries them with the right values (or with --take-ownership).
 */
import type { KubeClient, KubeObject, ResourceInfo } from '../kube/types.ts';
import { wrapError } from './errors.ts';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_HELM = 'Helm';
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

/** The objects with the ownership label and annotations set (overwriting other values). */
export function withOwnership(
  infos: readonly ResourceInfo[],
  releaseName: string,
  releaseNamespace: string,
): ResourceInfo[] {
  return infos.map((info) => {
    const md = info.object.metadata;
    const object: KubeObject = {
      ...info.object,
      metadata: {
        ...md,
        labels: { ...(md.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY_HELM },
        annotations: {
          ...(md.annotations ?? {}),
          [RELEASE_NAME_ANNOTATION]: releaseName,
          [RELEASE_NAMESPACE_ANNOTATION]: releaseNamespace,
        },
      },
    };
    return { ...info, object };
  });
}

/** `<Kind> "<name>" in namespace "<ns>"` (Helm's resourceString). */
export function resourceString(info: ResourceInfo): string {
  return `${info.kind} ${JSON.stringify(info.name)} in namespace ${JSON.stringify(info.namespace)}`;
}

function requireValue(values: Record<string, string>, key: string, want: string): string | null {
  if (!(key in values)) return `missing key ${JSON.stringify(key)}: must be set to ${JSON.stringify(want)}`;
  const have = values[key];
  if (have !== want) {
    return `key ${JSON.stringify(key)} must equal ${JSON.stringify(want)}: current value is ${JSON.stringify(have)}`;
  }
  return null;
}

/** Helm's checkOwnership: null when the live object belongs to this release. */
export function ownershipError(
  live: KubeObject,
  releaseName: string,
  releaseNamespace: string,
): string | null {
  const labels = live.metadata.labels ?? {};
  const annotations = live.metadata.annotations ?? {};
  const errs: string[] = [];
  const l = requireValue(labels, MANAGED_BY_LABEL, MANAGED_BY_HELM);
  if (l) errs.push(`label validation error: ${l}`);
  const n = requireValue(annotations, RELEASE_NAME_ANNOTATION, releaseName);
  if (n) errs.push(`annotation validation error: ${n}`);
  const ns = requireValue(annotations, RELEASE_NAMESPACE_ANNOTATION, releaseNamespace);
  if (ns) errs.push(`annotation validation error: ${ns}`);
  return errs.length === 0 ? null : `invalid ownership metadata; ${errs.join('; ')}`;
}

/**
 * Helm's existingResourceConflict: GETs every object; existing ones must belong to the release
 * (or are taken over with takeOwnership) and are returned to be updated instead of created.
 */
export async function existingResources(
  kube: KubeClient,
  infos: readonly ResourceInfo[],
  releaseName: string,
  releaseNamespace: string,
  takeOwnership: boolean,
): Promise<ResourceInfo[]> {
  const adopt: ResourceInfo[] = [];
  for (const info of infos) {
    let live: KubeObject | null;
    try {
      live = await kube.get(info);
    } catch (err) {
      throw wrapError(`could not get information about the resource ${resourceString(info)}`, err);
    }
    if (live === null) continue;
    if (!takeOwnership) {
      const problem = ownershipError(live, releaseName, releaseNamespace);
      if (problem)
        throw new Error(
          `${resourceString(info)} exists and cannot be imported into the current release: ${problem}`,
        );
    }
    adopt.push(info);
  }
  return adopt;
}

/** Helm's objectKey for matching objects between manifests: group/version/Kind/namespace/name. */
export function objectKey(info: ResourceInfo): string {
  return `${info.group}/${info.version}/${info.kind}/${info.namespace}/${info.name}`;
}
