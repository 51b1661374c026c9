/**
 * The API semantics, independent of HTTP: create/update/patch/delete with the apiserver's metadata rules
 * (uid, resourceVersion, generation, creationTimestamp), conflicts, status subresources, finalizers,
 * ownerReference garbage collection, namespace termination and CRD registration.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import { groupVersionOf, storageKeyOf, type ResourceInfo, type ResourceRegistry } from './resources.ts';
import { metaString, type ObjectStore } from './store.ts';
import { ApiError, alreadyExists, badRequest, conflict, notFound } from './status.ts';
import {
  applyDefaults,
  generateJobSelector,
  keepAllocatedValues,
  validateObject,
  validateUpdate,
} from './defaults.ts';
import { crdConditions, crdResourceInfos } from './crd.ts';
import { nowTimestamp } from './time.ts';
import { gvkOf, recordUpdate } from './patch/index.ts';

export interface WriteOptions {
  dryRun?: boolean;
  /** Manager recorded in managedFields (default: the client's user-agent prefix, else 'unknown'). */
  fieldManager?: string;
  /** 'status' for the status subresource. */
  subresource?: string;
  /** The object comes from server-side apply, which has already written its managedFields. */
  applied?: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: string; // Foreground | Background | Orphan
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Called after every committed write; controllers use it to react. */
export type WriteHook = (info: ResourceInfo, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => void;

const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** Built-in kinds whose registry strategies track metadata.generation (the rest leave it unset). */
const GENERATION_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Ingress',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'CustomResourceDefinition',
]);

const CREATE_ON_UPDATE = new Set(['endpoints', 'leases']);

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Fields outside metadata/status: a change there bumps metadata.generation. */
function specPart(obj: JsonObject): string {
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(obj))
    if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') rest[k] = v;
  return JSON.stringify(rest);
}

function ownerUids(obj: KubeObject): string[] {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r) => (isJsonObject(r) && typeof r.uid === 'string' ? [r.uid] : []));
}

export class KubeApi {
  readonly registry: ResourceRegistry;
  readonly store: ObjectStore;
  private readonly hooks: WriteHook[] = [];

  constructor(registry: ResourceRegistry, store: ObjectStore) {
    this.registry = registry;
    this.store = store;
    // Objects loaded from a state file: re-register their CRDs.
    for (const crd of store.list('apiextensions.k8s.io/customresourcedefinitions')) {
      registry.registerCrd(metaString(crd, 'name'), crdResourceInfos(crd));
    }
    const nsInfo = this.info('', 'v1', 'namespaces');
    for (const name of SYSTEM_NAMESPACES) {
      if (!store.get('/namespaces', '', name))
        this.create(nsInfo, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  onWrite(hook: WriteHook): void {
    this.hooks.push(hook);
  }

  info(group: string, version: string, resource: string): ResourceInfo {
    const info = this.registry.find(group, version, resource);
    if (!info) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    return info;
  }

  get(info: ResourceInfo, namespace: string, name: string): KubeObject {
    const obj = this.store.get(storageKeyOf(info), info.namespaced ? namespace : '', name);
    if (!obj) throw notFound(info.group, info.resource, name);
    return this.present(info, obj);
  }

  tryGet(info: ResourceInfo, namespace: string, name: string): KubeObject | undefined {
    const obj = this.store.get(storageKeyOf(info), info.namespaced ? namespace : '', name);
    return obj && this.present(info, obj);
  }

  list(info: ResourceInfo, namespace: string | undefined): KubeObject[] {
    return this.store
      .list(storageKeyOf(info), info.namespaced ? namespace : undefined)
      .map((o) => this.present(info, o));
  }

  /** Objects are stored once per group/resource; a CRD serving several versions shows each version's apiVersion. */
  present(info: ResourceInfo, obj: KubeObject): KubeObject {
    const apiVersion = groupVersionOf(info);
    return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
  }

  private checkNamespace(info: ResourceInfo, namespace: string, obj: KubeObject): void {
    if (!info.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    const bodyNs = metaString(obj, 'namespace');
    if (bodyNs !== '' && bodyNs !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = namespace;
    const ns = this.store.get('/namespaces', '', namespace);
    if (!ns) throw notFound('', 'namespaces', namespace);
    if (isJsonObject(ns.status) && ns.status.phase === 'Terminating') {
      throw new ApiError(
        403,
        'Forbidden',
        `${info.resource}${info.group ? '.' + info.group : ''} "${metaString(obj, 'name')}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name: metaString(obj, 'name'), group: info.group, kind: info.resource },
      );
    }
  }

  create(info: ResourceInfo, namespace: string, body: KubeObject, opts: WriteOptions = {}): KubeObject {
    const obj: KubeObject = structuredClone(body);
    obj.apiVersion = groupVersionOf(info);
    obj.kind = info.kind;
    if (!isJsonObject(obj.metadata)) obj.metadata = {};
    const meta = obj.metadata;
    if (!meta.name && typeof meta.generateName === 'string' && meta.generateName !== '') {
      meta.name = meta.generateName + randomUUID().replace(/-/g, '').slice(0, 5);
    }
    validateObject(info, obj);
    this.checkNamespace(info, namespace, obj);
    const name = metaString(obj, 'name');
    if (this.store.get(storageKeyOf(info), info.namespaced ? namespace : '', name))
      throw alreadyExists(info.group, info.resource, name);
    if (
      info.subresources.includes('status') &&
      info.kind !== 'Namespace' &&
      info.kind !== 'CustomResourceDefinition'
    ) {
      // The status of a new object is the server's to write, except for kinds without a spec/status split.
      delete obj.status;
    }
    applyDefaults(info, obj, true, () => this.usedClusterIps());
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    if (info.group === 'batch' && info.kind === 'Job') generateJobSelector(obj);
    delete meta.deletionTimestamp;
    if (GENERATION_KINDS.has(info.kind) || this.isCustom(info)) meta.generation = 1;
    else delete meta.generation;
    if (info.kind === 'CustomResourceDefinition') obj.status = crdConditions(obj);
    const stored = this.withManagedFields(info, undefined, obj, opts);
    if (opts.dryRun) {
      stored.metadata.resourceVersion = '';
      return stored;
    }
    stored.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.commit(info, stored, 'ADDED');
    return stored;
  }

  /** managedFields: server-side apply wrote them already; any other write is recorded as an Update. */
  private withManagedFields(
    info: ResourceInfo,
    live: KubeObject | undefined,
    obj: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    if (opts.applied) return obj;
    // As the apiserver's field manager: managedFields sent with a write replace the recorded ones (how
    // csaupgrade moves ownership), `[{}]` resets them, and an absent or empty list keeps what was recorded.
    const sent = opts.subresource ? undefined : obj.metadata.managedFields;
    let base = live;
    if (live && Array.isArray(sent) && sent.length > 0) {
      const reset = sent.length === 1 && isJsonObject(sent[0]) && Object.keys(sent[0]).length === 0;
      base = { ...live, metadata: { ...live.metadata, managedFields: reset ? [] : structuredClone(sent) } };
    }
    if (base && base.metadata.managedFields !== undefined)
      obj.metadata.managedFields = structuredClone(base.metadata.managedFields);
    else delete obj.metadata.managedFields;
    const gvk = gvkOf({ apiVersion: groupVersionOf(info), kind: info.kind });
    return recordUpdate(base ?? null, obj, opts.fieldManager ?? 'unknown', 'Update', nowTimestamp(), {
      gvk,
      subresource: opts.subresource,
    });
  }

  private usedClusterIps(): Set<string> {
    const used = new Set<string>();
    for (const svc of this.store.list('/services')) {
      const ip = isJsonObject(svc.spec) ? svc.spec.clusterIP : undefined;
      if (typeof ip === 'string') used.add(ip);
    }
    return used;
  }

  private isCustom(info: ResourceInfo): boolean {
    return info.group.includes('.') && !info.group.endsWith('.k8s.io');
  }

  /** PUT semantics: full replacement with an optional resourceVersion precondition. */
  update(
    info: ResourceInfo,
    namespace: string,
    name: string,
    body: KubeObject,
    opts: WriteOptions = {},
  ): KubeObject {
    const obj: KubeObject = structuredClone(body);
    if (!isJsonObject(obj.metadata)) obj.metadata = {};
    const bodyName = metaString(obj, 'name');
    if (bodyName !== '' && bodyName !== name) {
      throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const key = storageKeyOf(info);
    const live = this.store.get(key, info.namespaced ? namespace : '', name);
    if (!live) {
      if (opts.subresource) throw notFound(info.group, info.resource, name);
      // Only a few kinds create on PUT (their strategies' AllowCreateOnUpdate); the rest answer NotFound.
      if (!CREATE_ON_UPDATE.has(info.resource) || metaString(obj, 'resourceVersion') !== '')
        throw notFound(info.group, info.resource, name);
      return this.create(info, namespace, obj, opts);
    }
    const rv = metaString(obj, 'resourceVersion');
    if (rv !== '' && rv !== metaString(live, 'resourceVersion'))
      throw conflict(info.group, info.resource, name);
    return this.replace(info, namespace, live, obj, opts);
  }

  /** Writes `next` over `live`, keeping server-owned metadata and the status/spec split of subresources. */
  replace(
    info: ResourceInfo,
    namespace: string,
    live: KubeObject,
    next: KubeObject,
    opts: WriteOptions = {},
  ): KubeObject {
    const obj: KubeObject = structuredClone(next);
    obj.apiVersion = groupVersionOf(info);
    obj.kind = info.kind;
    if (!isJsonObject(obj.metadata)) obj.metadata = {};
    const hasStatus = info.subresources.includes('status');
    if (opts.subresource === 'status') {
      // Only status changes through /status.
      const merged: KubeObject = { ...structuredClone(live), status: obj.status ?? null };
      if (merged.status === null) delete merged.status;
      if (opts.applied) merged.metadata.managedFields = obj.metadata.managedFields ?? [];
      return this.finishUpdate(info, live, merged, opts);
    }
    if (hasStatus && info.kind !== 'Namespace') {
      if (live.status !== undefined) obj.status = structuredClone(live.status);
      else delete obj.status;
    }
    obj.metadata.name = metaString(live, 'name');
    if (info.namespaced) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    validateObject(info, obj);
    validateUpdate(info, live, obj);
    keepAllocatedValues(info, live, obj);
    applyDefaults(info, obj, false, () => this.usedClusterIps());
    if (info.kind === 'Namespace' && live.status !== undefined) obj.status = structuredClone(live.status);
    return this.finishUpdate(info, live, obj, opts);
  }

  private finishUpdate(
    info: ResourceInfo,
    live: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
  ): KubeObject {
    const obj = this.withManagedFields(info, live, next, opts);
    const meta = obj.metadata;
    for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
      if (live.metadata[field] !== undefined) meta[field] = live.metadata[field];
      else delete meta[field];
    }
    const liveGen = live.metadata.generation;
    if (typeof liveGen === 'number') {
      meta.generation = specPart(live) !== specPart(obj) ? liveGen + 1 : liveGen;
    } else delete meta.generation;
    if (info.kind === 'CustomResourceDefinition') obj.status = crdConditions(obj);
    // An unchanged object keeps its resourceVersion and emits no event, as the apiserver does.
    const unchanged =
      JSON.stringify({ ...obj, metadata: { ...meta, resourceVersion: '' } }) ===
      JSON.stringify({ ...live, metadata: { ...live.metadata, resourceVersion: '' } });
    if (unchanged) return live;
    if (opts.dryRun)
      return { ...obj, metadata: { ...meta, resourceVersion: metaString(live, 'resourceVersion') } };
    // The last finalizer removed from an object being deleted: it goes away now.
    const finalizers = meta.finalizers;
    if (meta.deletionTimestamp !== undefined && (!Array.isArray(finalizers) || finalizers.length === 0)) {
      meta.resourceVersion = String(this.store.nextResourceVersion());
      this.store.put(storageKeyOf(info), obj, 'MODIFIED');
      this.removeNow(info, obj, 'Background');
      return obj;
    }
    meta.resourceVersion = String(this.store.nextResourceVersion());
    this.commit(info, obj, 'MODIFIED');
    return obj;
  }

  delete(info: ResourceInfo, namespace: string, name: string, opts: DeleteOptions = {}): KubeObject {
    const live = this.store.get(storageKeyOf(info), info.namespaced ? namespace : '', name);
    if (!live) throw notFound(info.group, info.resource, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== metaString(live, 'uid')) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${info.resource}${info.group ? '.' + info.group : ''} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${metaString(live, 'uid')}`,
        { name, group: info.group, kind: info.resource },
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== metaString(live, 'resourceVersion')) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${info.resource}${info.group ? '.' + info.group : ''} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${metaString(live, 'resourceVersion')}`,
        { name, group: info.group, kind: info.resource },
      );
    }
    if (opts.dryRun) return live;
    const finalizers = live.metadata.finalizers;
    const hasFinalizers = Array.isArray(finalizers) && finalizers.length > 0;
    if (info.kind === 'Namespace') {
      // The namespace lifecycle admission plugin protects the system namespaces.
      if (IMMORTAL_NAMESPACES.includes(name)) {
        throw new ApiError(
          403,
          'Forbidden',
          `namespaces "${name}" is forbidden: this namespace may not be deleted`,
          { name, kind: 'namespaces' },
        );
      }
      return this.terminateNamespace(info, live);
    }
    if (hasFinalizers) {
      if (live.metadata.deletionTimestamp !== undefined) return live;
      const marked: KubeObject = structuredClone(live);
      marked.metadata.deletionTimestamp = nowTimestamp();
      marked.metadata.deletionGracePeriodSeconds = 0;
      marked.metadata.resourceVersion = String(this.store.nextResourceVersion());
      this.commit(info, marked, 'MODIFIED');
      return marked;
    }
    return this.removeNow(info, live, opts.propagationPolicy ?? 'Background');
  }

  private removeNow(info: ResourceInfo, live: KubeObject, propagation: string): KubeObject {
    this.store.remove(storageKeyOf(info), live);
    this.afterWrite(info, 'DELETED', live);
    if (info.kind === 'CustomResourceDefinition') this.dropCrd(live);
    this.collectDependents(metaString(live, 'uid'), propagation);
    return live;
  }

  /** Garbage collection: dependents of a deleted owner are deleted (or orphaned with Orphan). */
  private collectDependents(ownerUid: string, propagation: string): void {
    if (ownerUid === '') return;
    for (const gv of this.registry.groupVersions()) {
      for (const info of this.registry.resourcesOf(gv) ?? []) {
        if (info.version !== this.preferredVersion(info)) continue;
        for (const obj of this.store.list(storageKeyOf(info))) {
          if (!ownerUids(obj).includes(ownerUid)) continue;
          if (propagation === 'Orphan') {
            const next = structuredClone(obj);
            const refs = next.metadata.ownerReferences;
            next.metadata.ownerReferences = Array.isArray(refs)
              ? refs.filter((r) => !(isJsonObject(r) && r.uid === ownerUid))
              : [];
            this.replace(info, metaString(obj, 'namespace'), obj, next);
          } else {
            try {
              this.delete(info, metaString(obj, 'namespace'), metaString(obj, 'name'), {
                propagationPolicy: 'Background',
              });
            } catch {
              // already gone
            }
          }
        }
      }
    }
  }

  /** The first version registered for a group/resource: used to visit each stored bucket once. */
  private preferredVersion(info: ResourceInfo): string {
    for (const gv of this.registry.groupVersions()) {
      const match = this.registry
        .resourcesOf(gv)
        ?.find((r) => r.group === info.group && r.resource === info.resource);
      if (match) return match.version;
    }
    return info.version;
  }

  /** Namespace deletion: phase Terminating, its objects deleted, then the namespace itself (asynchronously, as the namespace controller does). */
  private terminateNamespace(info: ResourceInfo, live: KubeObject): KubeObject {
    const name = metaString(live, 'name');
    let terminating = live;
    if (live.metadata.deletionTimestamp === undefined) {
      terminating = structuredClone(live);
      terminating.metadata.deletionTimestamp = nowTimestamp();
      terminating.metadata.deletionGracePeriodSeconds = 0;
      terminating.status = { phase: 'Terminating' };
      terminating.metadata.resourceVersion = String(this.store.nextResourceVersion());
      this.commit(info, terminating, 'MODIFIED');
    }
    setTimeout(() => {
      for (const gv of this.registry.groupVersions()) {
        for (const r of this.registry.resourcesOf(gv) ?? []) {
          if (!r.namespaced || r.version !== this.preferredVersion(r)) continue;
          for (const obj of this.store.list(storageKeyOf(r), name)) {
            try {
              const stripped = structuredClone(obj);
              if (Array.isArray(stripped.metadata.finalizers) && stripped.metadata.finalizers.length) {
                stripped.metadata.finalizers = [];
                this.replace(r, name, obj, stripped);
              }
              this.delete(r, name, metaString(obj, 'name'));
            } catch {
              // removed meanwhile
            }
          }
        }
      }
      const current = this.store.get('/namespaces', '', name);
      if (current && metaString(current, 'uid') === metaString(live, 'uid'))
        this.removeNow(info, current, 'Background');
    }, 10);
    return terminating;
  }

  private commit(info: ResourceInfo, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): void {
    this.store.put(storageKeyOf(info), obj, type);
    if (info.kind === 'CustomResourceDefinition') {
      this.registry.registerCrd(metaString(obj, 'name'), crdResourceInfos(obj));
    }
    this.afterWrite(info, type, obj);
  }

  private dropCrd(crd: KubeObject): void {
    const infos = crdResourceInfos(crd);
    this.registry.unregisterCrd(metaString(crd, 'name'));
    // Custom objects go with their definition.
    for (const info of infos) {
      for (const obj of this.store.list(storageKeyOf(info))) this.store.remove(storageKeyOf(info), obj);
    }
  }

  private afterWrite(info: ResourceInfo, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void {
    for (const hook of this.hooks) {
      try {
        hook(info, type, obj);
      } catch (err) {
        process.emitWarning(
          `kube emulator write hook failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
}

/** Reads a JSON body field as a plain object, or undefined. */
export function objectField(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}
