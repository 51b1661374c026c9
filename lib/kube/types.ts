/**
 * The narrow Kubernetes interface the release actions use (Helm's pkg/kube Interface, with Helm 4's
 * server-side apply). One implementation runs over @kubernetes/client-node; actions never touch
 * client-node directly.
 */
import type { Capabilities } from '../render/capabilities.ts';

/** JSON as the API server speaks it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: JsonObject[];
  finalizers?: string[];
  managedFields?: JsonObject[];
}

/** Any Kubernetes object (unstructured). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: JsonValue | ObjectMeta | undefined;
}

/** An object built from a manifest with its REST mapping resolved (Helm's resource.Info). */
export interface ResourceInfo {
  /** The object to send: namespace defaulted for namespaced kinds, removed for cluster-scoped. */
  readonly object: KubeObject;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name (e.g. `deployments`). */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly name: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** Result of Helm's Update(original, target): what was created, updated and deleted. */
export interface UpdateResult {
  created: ResourceInfo[];
  updated: ResourceInfo[];
  deleted: ResourceInfo[];
}

export interface WaitOptions {
  /** Absolute deadline; past it the wait fails naming what is not ready and why. */
  readonly deadline: Date;
  /** Helm's --wait-for-jobs: Jobs must complete (a failed Job fails the wait). */
  readonly waitForJobs?: boolean;
  /** Poll interval in ms (Helm: 2000). */
  readonly intervalMs?: number;
  /** Aborts the wait early (e.g. the operation was cancelled). */
  readonly signal?: AbortSignal;
  /** The timeout the deadline was derived from, for error texts (`resources not ready after 5m0s: …`). */
  readonly timeoutMs?: number;
}

/**
 * What the actions need from a cluster. Errors carry Helm's texts where Helm has one (see
 * ../shared/design/helm-behaviour.md §7), and the API server's message otherwise.
 */
export interface KubeClient {
  /** GET /version; failure → `Kubernetes cluster unreachable: <err>`. */
  isReachable(): Promise<void>;
  /** Live `.Capabilities` (server version + every served group/version and group/version/Kind), cached. */
  capabilities(): Promise<Capabilities>;
  /**
   * Helm's Build: a multi-document YAML manifest → infos (empty/comment-only documents skipped, `List`
   * kinds flattened, namespaced objects defaulted into `namespace`). Unknown kind →
   * `resource mapping not found for name: "<n>" namespace: "<ns>" from "": no matches for kind "<K>" in version "<gv>"\nensure CRDs are installed first`.
   */
  build(manifest: string, namespace: string): Promise<ResourceInfo[]>;
  /** The live object, or null on 404. */
  get(info: ResourceInfo): Promise<KubeObject | null>;
  /** `lookup` for templates: one object (name given) or a `<Kind>List` (name ''); null when absent. */
  lookup(apiVersion: string, kind: string, namespace: string, name: string): Promise<KubeObject | null>;
  /** POST; AlreadyExists and other API errors are thrown with the API's message. */
  create(info: ResourceInfo): Promise<KubeObject>;
  /** Install's create: kind groups in order, concurrently within a group (Helm's createResource). */
  createAll(infos: readonly ResourceInfo[]): Promise<KubeObject[]>;
  /**
   * Helm's Update(original, target, force) with server-side apply (field manager `helm`, force
   * conflicts): create missing, apply existing (migrating client-side-apply field ownership on first
   * apply), then delete objects of `original` absent from `target` unless the live object says
   * `helm.sh/resource-policy: keep`. `forceReplace` = Helm 4's --force-replace (PUT the whole object).
   */
  update(
    original: readonly ResourceInfo[],
    target: readonly ResourceInfo[],
    opts?: { forceReplace?: boolean },
  ): Promise<UpdateResult>;
  /** DELETE with a propagation policy; false when it was already gone (404). */
  delete(info: ResourceInfo, propagation?: PropagationPolicy): Promise<boolean>;
  /** Waits until every object is ready (kstatus-style, Helm's rules for built-ins). */
  waitForReady(infos: readonly ResourceInfo[], opts: WaitOptions): Promise<void>;
  /** Waits until every object returns 404. */
  waitForDelete(infos: readonly ResourceInfo[], opts: WaitOptions): Promise<void>;
  /** Hook watch: Job until Complete/Failed, Pod until Succeeded/Failed; other kinds return at once. */
  watchUntilReady(info: ResourceInfo, opts: WaitOptions): Promise<void>;
  /** Creates `Namespace{name, labels: {name}}`; AlreadyExists is fine. */
  createNamespace(name: string): Promise<void>;
  /** A pod's logs (all of them, default container), as `helm test --logs` prints them. */
  podLogs(namespace: string, name: string): Promise<string>;
}
