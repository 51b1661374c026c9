/**
 * The apiserver's defaulting and validation that clients depend on: helm's readiness checks dereference
 * Deployment spec.replicas, `--wait` needs a Service clusterIP, kubectl expects Secret stringData folded
 * into data.
 */
import type { JsonObject, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';
import { invalid, type FieldCause } from './status.ts';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

function spec(obj: KubeObject): JsonObject | undefined {
  return isJsonObject(obj.spec) ? obj.spec : undefined;
}

/** 422 for objects the apiserver would reject on metadata grounds. */
export function validateObject(info: ResourceInfo, obj: KubeObject): void {
  const name = typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  const causes: FieldCause[] = [];
  if (name === '') {
    causes.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (info.group === '' || !info.group.includes('.') || info.group.endsWith('.k8s.io')) {
    const label = LABEL_NAMED.has(info.kind);
    const ok = label
      ? DNS1123_LABEL.test(name) && name.length <= 63
      : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
    if (!ok && !info.kind.startsWith('Cluster') && info.group !== 'rbac.authorization.k8s.io') {
      causes.push({
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        message: `Invalid value: ${JSON.stringify(name)}: ${label ? LABEL_MSG : SUBDOMAIN_MSG}`,
      });
    }
  }
  const ns = obj.metadata.namespace;
  if (info.namespaced && typeof ns === 'string' && ns !== '' && !DNS1123_LABEL.test(ns)) {
    causes.push({
      type: 'FieldValueInvalid',
      field: 'metadata.namespace',
      message: `Invalid value: ${JSON.stringify(ns)}: ${LABEL_MSG}`,
    });
  }
  if (causes.length) throw invalid(info.group, info.kind, name, causes);
}

/** The first free address of the 10.96.0.0/16 service range (10.96.0.1 upward). */
function allocateClusterIp(used: Set<string>): string {
  for (let n = 1; n < 65535; n++) {
    const ip = `10.96.${(n >> 8) & 255}.${n & 255}`;
    if (!used.has(ip)) return ip;
  }
  throw new Error('the service IP range 10.96.0.0/16 is full');
}

function setDefault(target: JsonObject, key: string, value: JsonObject[string]): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

/** `parent[key]` as an object, created empty when absent. */
function objectField(parent: JsonObject, key: string): JsonObject {
  const v = parent[key];
  if (isJsonObject(v)) return v;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/**
 * Values the apiserver allocated stay when an update omits them (its Service strategy keeps
 * `clusterIP`/`clusterIPs`; an apply that no longer sets them must not get a new address).
 */
export function keepAllocatedValues(info: ResourceInfo, live: KubeObject, obj: KubeObject): void {
  if (`${info.group}/${info.kind}` !== '/Service') return;
  const s = spec(obj);
  const old = spec(live);
  if (!s || !old || s.type === 'ExternalName') return;
  if (!s.clusterIP && old.clusterIP) s.clusterIP = old.clusterIP;
  if (!s.clusterIPs && old.clusterIPs && s.clusterIP === old.clusterIP) s.clusterIPs = old.clusterIPs;
}

/** Defaults applied on create (and on update for fields that must never be empty). */
export function applyDefaults(
  info: ResourceInfo,
  obj: KubeObject,
  isCreate: boolean,
  usedClusterIps: () => Set<string> = () => new Set(),
): void {
  const s = spec(obj);
  switch (`${info.group}/${info.kind}`) {
    case '/Secret': {
      setDefault(obj, 'type', 'Opaque');
      if (isJsonObject(obj.stringData)) {
        const data = isJsonObject(obj.data) ? obj.data : {};
        for (const [k, v] of Object.entries(obj.stringData)) {
          if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
        }
        obj.data = data;
        delete obj.stringData;
      }
      break;
    }
    case '/Service': {
      if (!s) break;
      setDefault(s, 'type', 'ClusterIP');
      setDefault(s, 'sessionAffinity', 'None');
      if (s.type !== 'ExternalName' && (isCreate || !s.clusterIP)) {
        if (!s.clusterIP) s.clusterIP = allocateClusterIp(usedClusterIps());
        setDefault(s, 'clusterIPs', [s.clusterIP]);
      }
      if (Array.isArray(s.ports)) {
        for (const p of s.ports) {
          if (!isJsonObject(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p.port ?? null);
        }
      }
      break;
    }
    case 'apps/Deployment': {
      if (!s) break;
      setDefault(s, 'replicas', 1);
      setDefault(s, 'revisionHistoryLimit', 10);
      setDefault(s, 'progressDeadlineSeconds', 600);
      // Defaulting runs on every write and field by field, as the apiserver's does, so a
      // partial strategy (e.g. left by an apply that pruned `type`) is completed again.
      const strategy = objectField(s, 'strategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rolling = objectField(strategy, 'rollingUpdate');
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      }
      break;
    }
    case 'apps/StatefulSet': {
      if (!s) break;
      setDefault(s, 'replicas', 1);
      setDefault(s, 'podManagementPolicy', 'OrderedReady');
      const strategy = objectField(s, 'updateStrategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate')
        setDefault(objectField(strategy, 'rollingUpdate'), 'partition', 0);
      break;
    }
    case 'apps/ReplicaSet':
      if (s) setDefault(s, 'replicas', 1);
      break;
    case 'apps/DaemonSet': {
      if (!s) break;
      const strategy = objectField(s, 'updateStrategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rolling = objectField(strategy, 'rollingUpdate');
        setDefault(rolling, 'maxUnavailable', 1);
        setDefault(rolling, 'maxSurge', 0);
      }
      break;
    }
    case 'batch/Job': {
      if (!s) break;
      setDefault(s, 'backoffLimit', 6);
      setDefault(s, 'completions', 1);
      setDefault(s, 'parallelism', 1);
      break;
    }
    case '/Namespace': {
      const sp = s ?? {};
      setDefault(sp, 'finalizers', ['kubernetes']);
      obj.spec = sp;
      if (isCreate) obj.status = { phase: 'Active' };
      const labels = isJsonObject(obj.metadata.labels) ? obj.metadata.labels : {};
      labels['kubernetes.io/metadata.name'] = typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
      obj.metadata.labels = labels;
      break;
    }
  }
}

/**
 * A Job without `manualSelector: true` gets a generated selector on its uid, and the matching labels on its
 * pod template (batch/v1 job strategy); kubectl logs/describe job find its pods through them.
 */
export function generateJobSelector(obj: KubeObject): void {
  const s = spec(obj);
  const uid = typeof obj.metadata.uid === 'string' ? obj.metadata.uid : '';
  const name = typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  if (!s || s.manualSelector === true || uid === '') return;
  s.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = isJsonObject(s.template) ? s.template : {};
  const meta = isJsonObject(template.metadata) ? template.metadata : {};
  const labels = isJsonObject(meta.labels) ? meta.labels : {};
  Object.assign(labels, {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  });
  meta.labels = labels;
  template.metadata = meta;
  s.template = template;
}

/** Go's %#v of a metav1.LabelSelector, as validation errors print the rejected value. */
function goLabelSelector(sel: JsonObject): string {
  const labels = isJsonObject(sel.matchLabels) ? sel.matchLabels : {};
  const keys = Object.keys(labels).sort();
  const ml = keys.length
    ? `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(labels[k]))}`).join(', ')}}`
    : 'map[string]string(nil)';
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isJsonObject) : [];
  const me = exprs.length
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const values = Array.isArray(e.values) ? e.values.map((v) => JSON.stringify(String(v))) : [];
          const vs = values.length ? `[]string{${values.join(', ')}}` : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(e.key ?? ''))}, Operator:${JSON.stringify(String(e.operator ?? ''))}, Values:${vs}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** Workloads whose label selector cannot change once created (apps/v1 validation). */
const IMMUTABLE_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** 422 for updates that change fields the apiserver keeps immutable. */
export function validateUpdate(info: ResourceInfo, live: KubeObject, obj: KubeObject): void {
  if (info.group !== 'apps' || !IMMUTABLE_SELECTOR.has(info.kind)) return;
  const before = spec(live)?.selector;
  const after = spec(obj)?.selector;
  if (!isJsonObject(before) || !isJsonObject(after)) return;
  if (goLabelSelector(before) === goLabelSelector(after)) return;
  const name = typeof live.metadata.name === 'string' ? live.metadata.name : '';
  throw invalid(info.group, info.kind, name, [
    {
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      message: `Invalid value: ${goLabelSelector(after)}: field is immutable`,
    },
  ]);
}
