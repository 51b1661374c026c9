/**
 * Readiness of one live object: Helm 3.17's rules for the built-in kinds it knows (helm-behaviour.md §7.5)
 * and kstatus' generic rules (observedGeneration, Ready/Stalled/Reconciling conditions) for everything
 * else, so custom resources with status conditions can be awaited.
 */
import type { JsonObject, JsonValue, KubeObject } from './types.ts';

export interface Readiness {
  readonly ready: boolean;
  /** Why not (or the terminal failure), e.g. `0 of 2 replicas ready`. */
  readonly reason?: string;
  /** Terminal: waiting longer cannot help (a failed Job with --wait-for-jobs). */
  readonly failed?: boolean;
}

/** What some rules need besides the object itself. */
export interface ReadyContext {
  readonly waitForJobs: boolean;
  /** Objects of a kind in a namespace matching a label selector. */
  list(apiVersion: string, kind: string, namespace: string, labelSelector: string): Promise<KubeObject[]>;
}

const READY: Readiness = { ready: true };
const notReady = (reason: string): Readiness => ({ ready: false, reason });

function obj(v: JsonValue | undefined): JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function num(v: JsonValue | undefined, dflt = 0): number {
  return typeof v === 'number' ? v : dflt;
}
function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}
function conditions(o: KubeObject): JsonObject[] {
  const c = obj(o.status as JsonValue).conditions;
  return Array.isArray(c) ? c.map(obj) : [];
}
function condition(o: KubeObject, type: string): JsonObject | undefined {
  return conditions(o).find((c) => c.type === type);
}
function spec(o: KubeObject): JsonObject {
  return obj(o.spec as JsonValue);
}
function status(o: KubeObject): JsonObject {
  return obj(o.status as JsonValue);
}
function generationMismatch(o: KubeObject): Readiness | undefined {
  const gen = num(o.metadata.generation);
  const observed = num(status(o).observedGeneration);
  return observed !== gen ? notReady(`observed generation ${observed} of ${gen}`) : undefined;
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: JsonValue | undefined, total: number, roundUp: boolean, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (!m) {
      if (/^\d+$/.test(v)) return Number(v);
      throw new Error(`invalid value for IntOrString: invalid value "${v}": must be an int or percentage`);
    }
    const scaled = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  return dflt;
}

/** deploymentutil.MaxUnavailable with the API defaults (RollingUpdate, 25%/25%). */
export function deploymentMaxUnavailable(deploy: KubeObject): number {
  const s = spec(deploy);
  const replicas = num(s.replicas, 1);
  const strategy = obj(s.strategy);
  const type = str(strategy.type) || 'RollingUpdate';
  if (type !== 'RollingUpdate' || replicas === 0) return 0;
  const ru =
    strategy.rollingUpdate === undefined
      ? { maxSurge: '25%', maxUnavailable: '25%' }
      : obj(strategy.rollingUpdate);
  const surge = scaledValue(ru.maxSurge ?? '25%', replicas, true, 0);
  let unavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false, 0);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return Math.min(unavailable, replicas);
}

/** A LabelSelector → the query-string form (`a=b,c in (d,e),!f`). */
export function selectorString(selector: JsonValue | undefined): string {
  const sel = obj(selector);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj(sel.matchLabels))) parts.push(`${k}=${str(v)}`);
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions.map(obj) : []) {
    const key = str(e.key);
    const values = Array.isArray(e.values) ? e.values.map(str).sort() : [];
    switch (e.operator) {
      case 'In':
        parts.push(`${key} in (${values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values.join(',')})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
    }
  }
  return parts.join(',');
}

function withoutHashLabel(template: JsonValue | undefined): string {
  const t = structuredClone(obj(template));
  const meta = obj(t.metadata);
  const labels = obj(meta.labels);
  delete labels['pod-template-hash'];
  return canonical(t);
}

function canonical(v: JsonValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    // Empty maps count as absent (a template whose only label was pod-template-hash).
    return `{${keys
      .filter((k) => !isEmptyObject(v[k]))
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function isEmptyObject(v: JsonValue | undefined): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
}

function isControlledBy(o: KubeObject, owner: KubeObject): boolean {
  return (o.metadata.ownerReferences ?? []).some(
    (r) => r.controller === true && r.uid === owner.metadata.uid,
  );
}

/** deploymentutil.FindNewReplicaSet: oldest controlled ReplicaSet whose template equals the Deployment's. */
async function newReplicaSet(deploy: KubeObject, ctx: ReadyContext): Promise<KubeObject | undefined> {
  const ns = deploy.metadata.namespace ?? '';
  const all = await ctx.list('apps/v1', 'ReplicaSet', ns, selectorString(spec(deploy).selector));
  const owned = all
    .filter((rs) => isControlledBy(rs, deploy))
    .sort((a, b) => {
      const ta = a.metadata.creationTimestamp ?? '';
      const tb = b.metadata.creationTimestamp ?? '';
      if (ta !== tb) return ta < tb ? -1 : 1;
      const na = a.metadata.name ?? '';
      const nb = b.metadata.name ?? '';
      return na < nb ? -1 : na > nb ? 1 : 0;
    });
  const want = withoutHashLabel(spec(deploy).template);
  return owned.find((rs) => withoutHashLabel(spec(rs).template) === want);
}

function podReady(pod: KubeObject): boolean {
  return condition(pod, 'Ready')?.status === 'True';
}

async function podsReady(o: KubeObject, ctx: ReadyContext, selector: string): Promise<Readiness> {
  const pods = await ctx.list('v1', 'Pod', o.metadata.namespace ?? '', selector);
  const waiting = pods.filter((p) => !podReady(p));
  return waiting.length === 0 ? READY : notReady(`pod ${waiting[0].metadata.name ?? ''} is not ready`);
}

async function deploymentReady(deploy: KubeObject, ctx: ReadyContext): Promise<Readiness> {
  if (spec(deploy).paused === true) return READY;
  const rs = await newReplicaSet(deploy, ctx);
  if (!rs) return notReady('waiting for the new ReplicaSet');
  const rsGen = generationMismatch(rs);
  if (rsGen) return notReady(`ReplicaSet ${rs.metadata.name ?? ''}: ${rsGen.reason}`);
  const gen = generationMismatch(deploy);
  if (gen) return gen;
  const replicas = num(spec(deploy).replicas, 1);
  const expected = replicas - deploymentMaxUnavailable(deploy);
  const ready = num(status(rs).readyReplicas);
  if (ready >= expected) return READY;
  return notReady(
    expected === replicas
      ? `${ready} of ${replicas} replicas ready`
      : `${ready} of ${replicas} replicas ready, ${expected} needed`,
  );
}

async function replicaSetReady(rs: KubeObject, ctx: ReadyContext): Promise<Readiness> {
  const gen = generationMismatch(rs);
  if (gen) return gen;
  const sel =
    rs.kind === 'ReplicationController'
      ? labelsSelector(spec(rs).selector)
      : selectorString(spec(rs).selector);
  return podsReady(rs, ctx, sel);
}

function labelsSelector(sel: JsonValue | undefined): string {
  return Object.entries(obj(sel))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(',');
}

function statefulSetReady(sts: KubeObject): Readiness {
  const gen = generationMismatch(sts);
  if (gen) return gen;
  const strategy = obj(spec(sts).updateStrategy);
  if ((str(strategy.type) || 'RollingUpdate') !== 'RollingUpdate') return READY;
  const partition = num(obj(strategy.rollingUpdate).partition);
  const replicas = num(spec(sts).replicas, 1);
  const st = status(sts);
  const updated = num(st.updatedReplicas);
  if (updated < replicas - partition)
    return notReady(`${updated} of ${replicas - partition} replicas updated`);
  const ready = num(st.readyReplicas);
  if (ready !== replicas) return notReady(`${ready} of ${replicas} replicas ready`);
  if (partition === 0 && str(st.currentRevision) !== str(st.updateRevision))
    return notReady(`revision ${str(st.updateRevision)} not yet current`);
  return READY;
}

function daemonSetReady(ds: KubeObject): Readiness {
  const gen = generationMismatch(ds);
  if (gen) return gen;
  const strategy = obj(spec(ds).updateStrategy);
  if ((str(strategy.type) || 'RollingUpdate') !== 'RollingUpdate') return READY;
  const st = status(ds);
  const desired = num(st.desiredNumberScheduled);
  const updated = num(st.updatedNumberScheduled);
  if (updated !== desired) return notReady(`${updated} of ${desired} pods updated`);
  let maxUnavailable: number;
  try {
    maxUnavailable = scaledValue(obj(strategy.rollingUpdate).maxUnavailable ?? 1, desired, true, 1);
  } catch {
    maxUnavailable = desired;
  }
  const ready = num(st.numberReady);
  return ready >= desired - maxUnavailable ? READY : notReady(`${ready} of ${desired} pods ready`);
}

function serviceReady(svc: KubeObject): Readiness {
  const s = spec(svc);
  if (s.type === 'ExternalName') return READY;
  if (str(s.clusterIP) === '') return notReady('no cluster IP assigned');
  if (s.type === 'LoadBalancer') {
    if (Array.isArray(s.externalIPs) && s.externalIPs.length > 0) return READY;
    const ingress = obj(status(svc).loadBalancer).ingress;
    if (!Array.isArray(ingress) || ingress.length === 0) return notReady('no load balancer ingress');
  }
  return READY;
}

function jobReady(job: KubeObject, ctx: ReadyContext): Readiness {
  if (!ctx.waitForJobs) return READY;
  const st = status(job);
  const backoffLimit = num(spec(job).backoffLimit, 6);
  if (num(st.failed) > backoffLimit || condition(job, 'Failed')?.status === 'True')
    return {
      ready: false,
      failed: true,
      reason: `job is failed: ${job.metadata.namespace ?? ''}/${job.metadata.name ?? ''}`,
    };
  const completions = spec(job).completions;
  if (typeof completions === 'number' && num(st.succeeded) < completions)
    return notReady(`${num(st.succeeded)} of ${completions} completions`);
  return READY;
}

/** kstatus' generic computation for kinds without a rule of their own. */
export function genericReady(o: KubeObject): Readiness {
  const st = status(o);
  const gen = o.metadata.generation;
  const observed = st.observedGeneration;
  if (typeof gen === 'number' && typeof observed === 'number' && observed < gen)
    return notReady(`observed generation ${observed} of ${gen}`);
  const describe = (c: JsonObject): string => {
    const detail = str(c.message) || str(c.reason);
    return detail ? `${str(c.type)}: ${detail}` : str(c.type);
  };
  const stalled = condition(o, 'Stalled');
  if (stalled?.status === 'True') return notReady(describe(stalled));
  const reconciling = condition(o, 'Reconciling');
  if (reconciling?.status === 'True') return notReady(describe(reconciling));
  const ready = condition(o, 'Ready');
  if (ready && ready.status !== 'True') return notReady(describe(ready));
  return READY;
}

/** The API group each built-in rule belongs to: a custom `Service` (e.g. Knative's) is not a core Service. */
const RULE_GROUPS: Record<string, readonly string[]> = {
  Pod: [''],
  Service: [''],
  PersistentVolumeClaim: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  Job: ['batch'],
  CustomResourceDefinition: ['apiextensions.k8s.io'],
};

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export async function checkReady(o: KubeObject, ctx: ReadyContext): Promise<Readiness> {
  const groups = RULE_GROUPS[o.kind];
  if (!groups || !groups.includes(groupOf(o.apiVersion))) return genericReady(o);
  switch (o.kind) {
    case 'Pod':
      if (podReady(o) || str(status(o).phase) === 'Succeeded') return READY;
      return notReady(`pod phase ${str(status(o).phase) || 'Pending'}, not Ready`);
    case 'Deployment':
      return deploymentReady(o, ctx);
    case 'ReplicaSet':
    case 'ReplicationController':
      return replicaSetReady(o, ctx);
    case 'StatefulSet':
      return statefulSetReady(o);
    case 'DaemonSet':
      return daemonSetReady(o);
    case 'PersistentVolumeClaim': {
      const phase = str(status(o).phase);
      return phase === 'Bound' ? READY : notReady(`phase ${phase || 'Pending'}, not Bound`);
    }
    case 'Service':
      return serviceReady(o);
    case 'CustomResourceDefinition': {
      if (condition(o, 'Established')?.status === 'True') return READY;
      if (condition(o, 'NamesAccepted')?.status === 'False') return READY;
      return notReady('not Established');
    }
    case 'Job':
      return jobReady(o, ctx);
    default:
      return genericReady(o);
  }
}
