/**
 * Splitting rendered templates into documents, telling hooks from manifests, and ordering
 * them as Helm's releaseutil does (SplitManifests, SortManifests, kind sorter).
 */
import { logLine, stderrWarn } from '../go/log.ts';
import { quote } from '../go/strconv.ts';
import { trimSpace } from '../go/unicode.ts';
import { isMap, type GoMap, type GoValue } from '../go/value.ts';
import { decodeYaml } from '../yaml/reader.ts';
import { scalarAsTargetString } from '../yaml/target.ts';

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

const HOOK_EVENTS: Record<string, HookEvent> = {
  'pre-install': 'pre-install',
  'post-install': 'post-install',
  'pre-delete': 'pre-delete',
  'post-delete': 'post-delete',
  'pre-upgrade': 'pre-upgrade',
  'post-upgrade': 'post-upgrade',
  'pre-rollback': 'pre-rollback',
  'post-rollback': 'post-rollback',
  test: 'test',
  'test-success': 'test',
};

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_ANNOTATION = 'helm.sh/hook-delete-policy';

/** The fields Helm reads from every document (releaseutil.SimpleHead). */
export interface SimpleHead {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly annotations: Readonly<Record<string, string>> } | null;
}

export interface Manifest {
  /** Template path, e.g. `mychart/templates/deploy.yaml`. */
  readonly name: string;
  readonly content: string;
  readonly head: SimpleHead;
}

export interface Hook {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly manifest: string;
  readonly events: HookEvent[];
  readonly weight: number;
  readonly deletePolicies: string[];
}

export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export const UNINSTALL_ORDER: readonly string[] = [
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

/** Go RE2's `\s`: ASCII whitespace without \v. */
function isSeparatorSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/**
 * Splits at Helm's separator `(?:^|\s*\n)---\s*` (RE2, leftmost-first) without a regex: a
 * match starts at the space run that ends in the newline before a `---` (or at a leading
 * `---`) and takes the spaces after it. A regex engine retries `\s*\n` at every position of
 * every indentation run, which dominated large renders.
 */
function splitAtSeparators(text: string): string[] {
  const pieces: string[] = [];
  let from = 0;
  let searchFrom = 0;
  for (;;) {
    let start: number;
    let dashes: number;
    if (searchFrom === 0 && text.startsWith('---')) {
      start = 0;
      dashes = 0;
    } else {
      const nl = text.indexOf('\n---', searchFrom);
      if (nl < 0) break;
      start = nl;
      while (start > searchFrom && isSeparatorSpace(text.charCodeAt(start - 1))) start--;
      dashes = nl + 1;
    }
    let end = dashes + 3;
    while (end < text.length && isSeparatorSpace(text.charCodeAt(end))) end++;
    pieces.push(text.slice(from, start));
    from = end;
    searchFrom = end;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** SplitManifests: the documents of a rendered file, in order. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const d of splitAtSeparators(trimSpace(text))) {
    if (d === '') continue;
    docs.push(trimSpace(d));
  }
  return docs;
}

/** An error in a rendered document, in Helm's words. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

function headString(v: GoValue | undefined, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  const s = scalarAsTargetString(v);
  if (s !== undefined) return s;
  throw new ManifestError(
    `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type string`,
  );
}

function jsonKind(v: GoValue): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'object';
  return 'value';
}

/** Decodes a document's head as sigs.k8s.io/yaml into SimpleHead would. */
export function parseHead(doc: string): SimpleHead {
  let v: GoValue;
  try {
    v = decodeYaml(doc);
  } catch (err) {
    throw new ManifestError(`error converting YAML to JSON: ${(err as Error).message}`);
  }
  if (v === null || !isMap(v)) {
    if (v === null) return { apiVersion: '', kind: '', metadata: null };
    throw new ManifestError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type releaseutil.SimpleHead`,
    );
  }
  const apiVersion = headString(v.get('apiVersion'), 'SimpleHead.apiVersion');
  const kind = headString(v.get('kind'), 'SimpleHead.kind');
  const md = v.get('metadata');
  if (md === undefined || md === null) return { apiVersion, kind, metadata: null };
  if (!isMap(md)) {
    throw new ManifestError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(md)} into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }`,
    );
  }
  const name = headString(md.get('name'), 'SimpleHead.metadata.name');
  const annotations: Record<string, string> = {};
  const ann = md.get('annotations');
  if (ann !== undefined && ann !== null) {
    if (!isMap(ann)) {
      throw new ManifestError(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(ann)} into Go struct field .metadata.annotations of type map[string]string`,
      );
    }
    for (const [k, a] of ann as GoMap) annotations[k] = headString(a, '.metadata.annotations');
  }
  return { apiVersion, kind, metadata: { name, annotations } };
}

/** Sorts and classifies rendered files (path → text) into hooks and manifests. */
export function sortManifests(
  files: ReadonlyMap<string, string>,
  ordering: readonly string[] = INSTALL_ORDER,
): { hooks: Hook[]; manifests: Manifest[] } {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    if (path.slice(path.lastIndexOf('/') + 1).startsWith('_')) continue;
    const content = files.get(path) as string;
    if (trimSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      let head: SimpleHead;
      try {
        head = parseHead(doc);
      } catch (err) {
        throw new ManifestError(`YAML parse error on ${path}: ${(err as Error).message}`);
      }
      const annotations = head.metadata?.annotations ?? {};
      const hookTypes = annotations[HOOK_ANNOTATION];
      if (hookTypes === undefined) {
        manifests.push({ name: path, content: doc, head });
        continue;
      }
      const events: HookEvent[] = [];
      let unknown = false;
      for (const raw of hookTypes.split(',')) {
        const e = HOOK_EVENTS[raw.trim().toLowerCase()];
        if (!e) {
          unknown = true;
          break;
        }
        events.push(e);
      }
      if (unknown) {
        stderrWarn(logLine('manifest_sorter.go', 190, `info: skipping unknown hook: ${quote(hookTypes)}`));
        continue;
      }
      const deletePolicies: string[] = [];
      const policy = annotations[HOOK_DELETE_ANNOTATION];
      if (policy !== undefined) {
        for (const p of policy.split(',')) deletePolicies.push(p.trim().toLowerCase());
      }
      hooks.push({
        name: head.metadata?.name ?? '',
        kind: head.kind,
        path,
        manifest: doc,
        events,
        weight: hookWeight(annotations[HOOK_WEIGHT_ANNOTATION]),
        deletePolicies,
      });
    }
  }
  return {
    hooks: sortByKind(hooks, (h) => h.kind, ordering),
    manifests: sortByKind(manifests, (m) => m.head.kind, ordering),
  };
}

/** strconv.Atoi of the weight annotation; anything invalid is 0. */
function hookWeight(v: string | undefined): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : 0;
}

/** Stable sort by kind order; unknown kinds last, alphabetically among themselves. */
export function sortByKind<T>(
  items: readonly T[],
  kindOf: (t: T) => string,
  ordering: readonly string[],
): T[] {
  const rank = new Map(ordering.map((k, i) => [k, i]));
  return [...items].sort((a, b) => {
    const ka = kindOf(a);
    const kb = kindOf(b);
    const ra = rank.get(ka);
    const rb = rank.get(kb);
    if (ra === undefined && rb === undefined) return ka < kb ? -1 : ka > kb ? 1 : 0;
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra - rb;
  });
}
