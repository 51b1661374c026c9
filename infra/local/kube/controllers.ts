/**
 * Simulated Kubernetes controllers for the emulator. The server calls `reconcile(host, changed)` after every
 * write; each controller converges its objects at once (no scheduler, no kubelet): a Deployment gets its
 * ReplicaSet and Pods, Pods turn Ready, Jobs complete, Services get a clusterIP, claims bind, CRDs become
 * Established. Reconciling is idempotent and writes only what changed, so the server may call it again for
 * the controllers' own writes without looping. Status shapes follow what `helm --wait` (helm-behaviour.md
 * §7.5) and `kubectl rollout status` / `kubectl wait` read.
 */
import { isJsonObject, type JsonObject, type JsonValue, type KubeObject } from './types.ts';

/**
 * What the controllers need from the store. `namespace` is undefined for cluster-scoped kinds.
 * - `create` assigns uid, resourceVersion, creationTimestamp and generation (1) and returns the stored object.
 * - `update` replaces metadata and spec (the server bumps generation on spec changes); status is kept.
 * - `updateStatus` replaces only `status` (the status subresource).
 * Each write returns the stored object and may re-enter `reconcile`.
 */
export interface ControllerHost {
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace: string | undefined): KubeObject[];
  create(obj: KubeObject): KubeObject;
  update(obj: KubeObject): KubeObject;
  updateStatus(obj: KubeObject): KubeObject;
  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): void;
}

export interface ControllerOptions {
  /** Workloads whose pod template uses a matching image never become ready (helm --wait then times out). */
  neverReadyImage?: RegExp;
  /** Jobs whose pod template uses a matching image fail (BackoffLimitExceeded). */
  failingImage?: RegExp;
  /** Clock for condition timestamps (RFC 3339). */
  now?: () => string;
}

export function reconcile(host: ControllerHost, changed: KubeObject, options: ControllerOptions = {}): void {
  const ctx: Ctx = {
    host,
    options,
    now: options.now ? options.now() : new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  if (isJsonObject(changed.metadata) && changed.metadata.deletionTimestamp) return;
  switch (`${changed.apiVersion}/${changed.kind}`) {
    case 'apps/v1/Deployment':
      return reconcileDeployment(ctx, changed);
    case 'apps/v1/ReplicaSet':
      return void reconcileReplicaSet(ctx, changed);
    case 'apps/v1/StatefulSet':
      return reconcileStatefulSet(ctx, changed);
    case 'apps/v1/DaemonSet':
      return reconcileDaemonSet(ctx, changed);
    case 'batch/v1/Job':
      return reconcileJob(ctx, changed);
    case 'v1/Pod':
      return reconcilePod(ctx, changed);
    case 'v1/Service':
      return reconcileService(ctx, changed);
    case 'v1/PersistentVolumeClaim':
      return reconcileClaim(ctx, changed);
    case 'apiextensions.k8s.io/v1/CustomResourceDefinition':
      return reconcileCrd(ctx, changed);
    default:
  }
}

interface Ctx {
  host: ControllerHost;
  options: ControllerOptions;
  now: string;
}

// ---- small JSON helpers -------------------------------------------------------------------------------------

function obj(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}

function meta(o: KubeObject): JsonObject {
  return obj(o.metadata);
}

function nameOf(o: KubeObject): string {
  return String(meta(o).name ?? '');
}

function namespaceOf(o: KubeObject): string | undefined {
  const ns = meta(o).namespace;
  return typeof ns === 'string' ? ns : undefined;
}

function generationOf(o: KubeObject): number {
  const g = meta(o).generation;
  return typeof g === 'number' ? g : 1;
}

function num(v: JsonValue | undefined, dflt: number): number {
  return typeof v === 'number' ? v : dflt;
}

function same(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes `status` only when it differs, so re-entrant reconciles settle. */
function setStatus(ctx: Ctx, o: KubeObject, status: JsonObject): KubeObject {
  if (same(o.status, status)) return o;
  return ctx.host.updateStatus({ ...o, status });
}

/** Go's omitempty for the integer counters of workload status. */
function counters(entries: Record<string, number>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(entries)) if (v !== 0) out[k] = v;
  return out;
}

/** Keeps a condition's lastTransitionTime while its status is unchanged (as controllers do). */
function condition(
  previous: JsonValue | undefined,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
  withUpdateTime = false,
): JsonObject {
  const old = Array.isArray(previous) ? previous.find((c) => isJsonObject(c) && c.type === type) : undefined;
  const keep = isJsonObject(old) && old.status === status;
  const c: JsonObject = { type, status };
  if (withUpdateTime) c.lastUpdateTime = keep && old.reason === reason ? (old.lastUpdateTime ?? now) : now;
  c.lastTransitionTime = keep ? (old.lastTransitionTime ?? now) : now;
  c.reason = reason;
  c.message = message;
  return c;
}

/** JSON with object keys sorted: the same template hashes the same whatever order its fields arrived in. */
function canonicalJson(v: JsonValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * FNV-32a rendered like k8s rand.SafeEncodeString (no vowels, so no words): the pod-template-hash.
 * The controller hashes the typed template (fixed field order), so the text hashed here is canonical.
 */
export function templateHash(template: JsonValue | undefined): string {
  let h = 0x811c9dc5;
  for (const ch of canonicalJson(template ?? {})) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (const digit of h.toString(10)) out += alphabet[Number(digit) + 10 * (out.length % 2)];
  return out;
}

function images(template: JsonValue | undefined): string[] {
  const containers = obj(obj(template).spec).containers;
  return Array.isArray(containers) ? containers.map((c) => String(obj(c).image ?? '')) : [];
}

function matchesImage(template: JsonValue | undefined, pattern: RegExp | undefined): boolean {
  return pattern !== undefined && images(template).some((i) => pattern.test(i));
}

function controllerRef(owner: KubeObject): JsonObject {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: nameOf(owner),
    uid: String(meta(owner).uid ?? ''),
    controller: true,
    blockOwnerDeletion: true,
  };
}

function isControlledBy(o: KubeObject, owner: KubeObject): boolean {
  const refs = meta(o).ownerReferences;
  return (
    Array.isArray(refs) &&
    refs.some((r) => isJsonObject(r) && r.controller === true && r.uid === meta(owner).uid)
  );
}

// ---- Pods -------------------------------------------------------------------------------------------------

function podStatus(ctx: Ctx, pod: KubeObject): JsonObject {
  const spec = obj(pod.spec);
  const podTemplate = { spec };
  const owners = meta(pod).ownerReferences;
  const jobOwned = Array.isArray(owners) && owners.some((r) => isJsonObject(r) && r.kind === 'Job');
  const previous = obj(pod.status).conditions;
  const containers = Array.isArray(spec.containers) ? spec.containers.map(obj) : [];
  // Pods that run to completion: a Job's, and bare pods that are not restarted (hook and `helm test`
  // pods). A bare OnFailure pod whose image fails restarts forever instead (CrashLoopBackOff below).
  const failing = matchesImage(podTemplate, ctx.options.failingImage);
  const completes =
    jobOwned || spec.restartPolicy === 'Never' || (spec.restartPolicy === 'OnFailure' && !failing);
  if (completes && !matchesImage(podTemplate, ctx.options.neverReadyImage)) {
    const failed = failing;
    return {
      phase: failed ? 'Failed' : 'Succeeded',
      conditions: [condition(previous, 'Ready', 'False', 'PodCompleted', '', ctx.now)],
      containerStatuses: containers.map((c) => ({
        name: c.name ?? '',
        image: c.image ?? '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: failed ? 1 : 0, reason: failed ? 'Error' : 'Completed' } },
      })),
      startTime: String(obj(pod.status).startTime ?? ctx.now),
    };
  }
  const ready = !matchesImage(podTemplate, ctx.options.neverReadyImage) && !failing;
  const readyStatus = ready ? 'True' : 'False';
  const reason = ready ? '' : 'ContainersNotReady';
  const conditions = [
    condition(previous, 'Initialized', 'True', '', '', ctx.now),
    condition(previous, 'Ready', readyStatus, reason, '', ctx.now),
    condition(previous, 'ContainersReady', readyStatus, reason, '', ctx.now),
    condition(previous, 'PodScheduled', 'True', '', '', ctx.now),
  ].map((c) => {
    if (c.reason === '') delete c.reason;
    if (c.message === '') delete c.message;
    return c;
  });
  return {
    phase: 'Running',
    conditions,
    hostIP: '10.0.0.10',
    podIP: podIp(pod),
    containerStatuses: containers.map((c): JsonObject => {
      const state: JsonObject = ready
        ? { running: { startedAt: ctx.now } }
        : { waiting: { reason: failing ? 'CrashLoopBackOff' : 'ImagePullBackOff' } };
      return { name: c.name ?? '', image: c.image ?? '', ready, started: ready, restartCount: 0, state };
    }),
    startTime: String(obj(pod.status).startTime ?? ctx.now),
  };
}

function podIp(pod: KubeObject): string {
  const h = hash32(`${namespaceOf(pod)}/${nameOf(pod)}`);
  return `10.244.${(h >>> 8) % 250}.${(h % 250) + 2}`;
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

function reconcilePod(ctx: Ctx, pod: KubeObject): void {
  if (isJsonObject(pod.status) && pod.status.phase) return; // already started by us or written by the client
  setStatus(ctx, pod, podStatus(ctx, pod));
}

function isPodReady(pod: KubeObject): boolean {
  const conditions = obj(pod.status).conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => isJsonObject(c) && c.type === 'Ready' && c.status === 'True')
  );
}

function ownedPods(ctx: Ctx, owner: KubeObject): KubeObject[] {
  return ctx.host.list('v1', 'Pod', namespaceOf(owner)).filter((p) => isControlledBy(p, owner));
}

/** Creates a pod from a template and starts it at once (what scheduler + kubelet would do). */
function startPod(
  ctx: Ctx,
  owner: KubeObject,
  template: JsonObject,
  name: string,
  extraLabels: JsonObject = {},
): KubeObject {
  const tmeta = obj(template.metadata);
  const metadata: JsonObject = {
    name,
    labels: { ...obj(tmeta.labels), ...extraLabels },
    ownerReferences: [controllerRef(owner)],
  };
  if (isJsonObject(tmeta.annotations)) metadata.annotations = tmeta.annotations;
  const ns = namespaceOf(owner);
  if (ns !== undefined) metadata.namespace = ns;
  const spec = { ...obj(template.spec), nodeName: 'emulator-node' };
  const created = ctx.host.create({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
  return setStatus(ctx, created, podStatus(ctx, created));
}

function podSuffix(seed: string): string {
  return templateHash(seed).slice(0, 5);
}

// ---- ReplicaSet / Deployment ------------------------------------------------------------------------------

/** Scales the pods of a ReplicaSet to spec.replicas and publishes its status. */
function reconcileReplicaSet(ctx: Ctx, rs: KubeObject): KubeObject {
  const spec = obj(rs.spec);
  const want = num(spec.replicas, 1);
  const template = obj(spec.template);
  const pods = ownedPods(ctx, rs);
  for (let i = pods.length; i < want; i++)
    pods.push(startPod(ctx, rs, template, `${nameOf(rs)}-${podSuffix(`${nameOf(rs)}/${i}`)}`));
  while (pods.length > want) {
    const pod = pods.pop() as KubeObject;
    ctx.host.delete('v1', 'Pod', namespaceOf(pod), nameOf(pod));
  }
  const ready = pods.filter(isPodReady).length;
  const status: JsonObject = {
    ...counters({
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
    }),
    observedGeneration: generationOf(rs),
  };
  if (want === 0 && pods.length === 0) status.replicas = 0;
  return setStatus(ctx, rs, status);
}

function reconcileDeployment(ctx: Ctx, deploy: KubeObject): void {
  const spec = obj(deploy.spec);
  const ns = namespaceOf(deploy);
  const replicas = num(spec.replicas, 1);
  const template = obj(spec.template);
  const hash = templateHash(template);
  const owned = ctx.host.list('apps/v1', 'ReplicaSet', ns).filter((rs) => isControlledBy(rs, deploy));
  const rsName = `${nameOf(deploy)}-${hash}`;
  const revision =
    1 +
    Math.max(
      0,
      ...owned.map((rs) => Number(obj(meta(rs).annotations)['deployment.kubernetes.io/revision'] ?? 0)),
    );
  let current = owned.find((rs) => nameOf(rs) === rsName);
  if (!current) {
    const labels = { ...obj(obj(template.metadata).labels), 'pod-template-hash': hash };
    const selector = obj(spec.selector);
    const rsMeta: JsonObject = {
      name: rsName,
      labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(revision),
        'deployment.kubernetes.io/desired-replicas': String(replicas),
      },
      ownerReferences: [controllerRef(deploy)],
    };
    if (ns !== undefined) rsMeta.namespace = ns;
    current = ctx.host.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: rsMeta,
      spec: {
        replicas,
        selector: { ...selector, matchLabels: { ...obj(selector.matchLabels), 'pod-template-hash': hash } },
        template: { ...template, metadata: { ...obj(template.metadata), labels } },
      },
    });
  } else if (num(obj(current.spec).replicas, 1) !== replicas) {
    current = ctx.host.update({ ...current, spec: { ...obj(current.spec), replicas } });
  }
  current = reconcileReplicaSet(ctx, current);
  // Rollout finished at once: older ReplicaSets scale to zero.
  for (const old of owned) {
    if (nameOf(old) === rsName) continue;
    let scaled = old;
    if (num(obj(old.spec).replicas, 1) !== 0)
      scaled = ctx.host.update({ ...old, spec: { ...obj(old.spec), replicas: 0 } });
    reconcileReplicaSet(ctx, scaled);
  }
  const rsStatus = obj(current.status);
  const ready = num(rsStatus.readyReplicas, 0);
  const available = num(rsStatus.availableReplicas, 0);
  const previous = obj(deploy.status).conditions;
  const complete = available >= replicas;
  const status: JsonObject = {
    observedGeneration: generationOf(deploy),
    ...counters({
      replicas: num(rsStatus.replicas, 0),
      updatedReplicas: num(rsStatus.replicas, 0),
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
    }),
    conditions: [
      complete
        ? condition(
            previous,
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            ctx.now,
            true,
          )
        : condition(
            previous,
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            ctx.now,
            true,
          ),
      complete
        ? condition(
            previous,
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${rsName}" has successfully progressed.`,
            ctx.now,
            true,
          )
        : condition(
            previous,
            'Progressing',
            'True',
            'ReplicaSetUpdated',
            `ReplicaSet "${rsName}" is progressing.`,
            ctx.now,
            true,
          ),
    ],
  };
  setStatus(ctx, deploy, status);
}

// ---- StatefulSet / DaemonSet ------------------------------------------------------------------------------

function reconcileStatefulSet(ctx: Ctx, sts: KubeObject): void {
  const spec = obj(sts.spec);
  const replicas = num(spec.replicas, 1);
  const revision = `${nameOf(sts)}-${templateHash(spec.template)}`;
  const pods = ownedPods(ctx, sts);
  const byName = new Map(pods.map((p) => [nameOf(p), p]));
  const live: KubeObject[] = [];
  for (let i = 0; i < replicas; i++) {
    const name = `${nameOf(sts)}-${i}`;
    let pod = byName.get(name);
    if (pod && obj(meta(pod).labels)['controller-revision-hash'] !== revision) {
      ctx.host.delete('v1', 'Pod', namespaceOf(pod), name);
      pod = undefined;
    }
    live.push(
      pod ??
        startPod(ctx, sts, obj(spec.template), name, {
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(i),
        }),
    );
    byName.delete(name);
  }
  for (const extra of byName.values()) ctx.host.delete('v1', 'Pod', namespaceOf(extra), nameOf(extra));
  const ready = live.filter(isPodReady).length;
  setStatus(ctx, sts, {
    observedGeneration: generationOf(sts),
    replicas: live.length,
    ...counters({
      readyReplicas: ready,
      currentReplicas: live.length,
      updatedReplicas: live.length,
      availableReplicas: ready,
    }),
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  });
}

/** One emulated node: a DaemonSet runs exactly one pod, replaced when the template changes. */
function reconcileDaemonSet(ctx: Ctx, ds: KubeObject): void {
  const spec = obj(ds.spec);
  const revision = templateHash(spec.template);
  const pods = ownedPods(ctx, ds);
  for (const stale of pods.filter((p) => obj(meta(p).labels)['controller-revision-hash'] !== revision)) {
    ctx.host.delete('v1', 'Pod', namespaceOf(stale), nameOf(stale));
  }
  if (!pods.some((p) => obj(meta(p).labels)['controller-revision-hash'] === revision)) {
    startPod(ctx, ds, obj(spec.template), `${nameOf(ds)}-${podSuffix(`${nameOf(ds)}/${revision}`)}`, {
      'controller-revision-hash': revision,
      'pod-template-generation': String(generationOf(ds)),
    });
  }
  const ready = !matchesImage(spec.template, ctx.options.neverReadyImage);
  setStatus(ctx, ds, {
    currentNumberScheduled: 1,
    desiredNumberScheduled: 1,
    numberMisscheduled: 0,
    numberReady: ready ? 1 : 0,
    ...counters({ numberAvailable: ready ? 1 : 0, numberUnavailable: ready ? 0 : 1 }),
    updatedNumberScheduled: 1,
    observedGeneration: generationOf(ds),
  });
}

// ---- Job --------------------------------------------------------------------------------------------------

function reconcileJob(ctx: Ctx, job: KubeObject): void {
  const spec = obj(job.spec);
  const status = obj(job.status);
  if (
    Array.isArray(status.conditions) &&
    status.conditions.some(
      (c) => isJsonObject(c) && (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    )
  )
    return;
  const template = obj(spec.template);
  const completions = num(spec.completions, 1);
  const jobLabels = {
    'batch.kubernetes.io/controller-uid': String(meta(job).uid ?? ''),
    'batch.kubernetes.io/job-name': nameOf(job),
    'controller-uid': String(meta(job).uid ?? ''),
    'job-name': nameOf(job),
  };
  const startTime = String(status.startTime ?? ctx.now);
  if (matchesImage(template, ctx.options.neverReadyImage)) {
    if (ownedPods(ctx, job).length === 0)
      startPod(ctx, job, template, `${nameOf(job)}-${podSuffix(nameOf(job))}`, jobLabels);
    setStatus(ctx, job, { startTime, active: 1, ready: 0, uncountedTerminatedPods: {} });
    return;
  }
  if (matchesImage(template, ctx.options.failingImage)) {
    const backoffLimit = num(spec.backoffLimit, 6);
    if (ownedPods(ctx, job).length === 0)
      startPod(ctx, job, template, `${nameOf(job)}-${podSuffix(nameOf(job))}`, jobLabels);
    const message = 'Job has reached the specified backoff limit';
    setStatus(ctx, job, {
      conditions: [
        condition(undefined, 'FailureTarget', 'True', 'BackoffLimitExceeded', message, ctx.now),
        condition(undefined, 'Failed', 'True', 'BackoffLimitExceeded', message, ctx.now),
      ].map(withProbeTime(ctx.now)),
      startTime,
      failed: backoffLimit + 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    });
    return;
  }
  const existing = ownedPods(ctx, job).length;
  for (let i = existing; i < completions; i++)
    startPod(ctx, job, template, `${nameOf(job)}-${podSuffix(`${nameOf(job)}/${i}`)}`, jobLabels);
  setStatus(ctx, job, {
    conditions: [
      condition(
        undefined,
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        ctx.now,
      ),
      condition(
        undefined,
        'Complete',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        ctx.now,
      ),
    ].map(withProbeTime(ctx.now)),
    startTime,
    completionTime: ctx.now,
    succeeded: completions,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
  });
}

function withProbeTime(now: string): (c: JsonObject) => JsonObject {
  return (c) => ({
    type: c.type,
    status: c.status,
    lastProbeTime: now,
    lastTransitionTime: c.lastTransitionTime ?? now,
    reason: c.reason ?? '',
    message: c.message ?? '',
  });
}

// ---- Service / PVC / CRD ----------------------------------------------------------------------------------

function reconcileService(ctx: Ctx, svc: KubeObject): void {
  let current = svc;
  const spec = obj(svc.spec);
  const type = String(spec.type ?? 'ClusterIP');
  if (type !== 'ExternalName' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
    const h = hash32(`${namespaceOf(svc)}/${nameOf(svc)}`);
    const ip = `10.96.${(h >>> 8) % 250}.${(h % 250) + 2}`;
    const newSpec: JsonObject = {
      ...spec,
      clusterIP: ip,
      clusterIPs: [ip],
      type,
      sessionAffinity: spec.sessionAffinity ?? 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
    };
    current = ctx.host.update({ ...svc, spec: newSpec });
  }
  if (type === 'LoadBalancer') {
    const h = hash32(`${namespaceOf(svc)}/${nameOf(svc)}/lb`);
    setStatus(ctx, current, {
      loadBalancer: { ingress: [{ ip: `172.18.${(h >>> 8) % 250}.${(h % 250) + 2}`, ipMode: 'VIP' }] },
    });
  } else if (!isJsonObject(current.status)) {
    setStatus(ctx, current, { loadBalancer: {} });
  }
}

function reconcileClaim(ctx: Ctx, pvc: KubeObject): void {
  const spec = obj(pvc.spec);
  if (obj(pvc.status).phase === 'Bound') return;
  const capacity = obj(obj(spec.resources).requests).storage;
  const status: JsonObject = {
    phase: 'Bound',
    accessModes: Array.isArray(spec.accessModes) ? spec.accessModes : ['ReadWriteOnce'],
  };
  if (capacity !== undefined) status.capacity = { storage: capacity };
  setStatus(ctx, pvc, status);
}

function reconcileCrd(ctx: Ctx, crd: KubeObject): void {
  const spec = obj(crd.spec);
  const previous = obj(crd.status).conditions;
  setStatus(ctx, crd, {
    acceptedNames: obj(spec.names),
    conditions: [
      condition(previous, 'NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', ctx.now),
      condition(
        previous,
        'Established',
        'True',
        'InitialNamesAccepted',
        'the initial names have been accepted',
        ctx.now,
      ),
    ],
    storedVersions: Array.isArray(spec.versions)
      ? spec.versions.filter((v) => isJsonObject(v) && v.storage === true).map((v) => obj(v).name ?? '')
      : [],
  });
}
