/**
 * Server-side printing (meta.k8s.io/v1 Table) for `kubectl get`: the columns of the apiserver's printers
 * (pkg/printers/internalversion) for the kinds charts use; Name and Age for the rest.
 */
import type { JsonObject, JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';

/** True when the Accept header asks for a Table (kubectl get's human output). */
export function wantsTable(accept: string | undefined): boolean {
  return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (years < 8) return `${years}y${Math.floor(hours / 24) % 365}d`;
  return `${years}y`;
}

interface Column {
  name: string;
  type: 'string' | 'integer';
  priority?: number; // 1 = only with -o wide
  cell: (o: KubeObject) => string | number;
}

const obj = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});
const num = (v: JsonValue | undefined): number => (typeof v === 'number' ? v : 0);
const str = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
const arr = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);
const spec = (o: KubeObject): JsonObject => obj(o.spec);
const status = (o: KubeObject): JsonObject => obj(o.status);

function age(o: KubeObject): string {
  const created = Date.parse(str(o.metadata.creationTimestamp));
  return Number.isNaN(created) ? '<unknown>' : humanDuration(Date.now() - created);
}

function containerImages(o: KubeObject): { names: string; images: string } {
  const containers = arr(obj(obj(spec(o).template).spec).containers).map(obj);
  return {
    names: containers.map((c) => str(c.name)).join(','),
    images: containers.map((c) => str(c.image)).join(','),
  };
}

function selectorText(sel: JsonValue | undefined): string {
  const s = obj(sel);
  const labels = isJsonObject(s.matchLabels) ? s.matchLabels : s;
  const parts = Object.entries(labels)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.sort().join(',') : '<none>';
}

function podStatusText(o: KubeObject): string {
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  const st = status(o);
  if (str(st.reason)) return str(st.reason);
  for (const cs of arr(st.containerStatuses).map(obj)) {
    const waiting = obj(obj(cs.state).waiting);
    if (str(waiting.reason)) return str(waiting.reason);
    const terminated = obj(obj(cs.state).terminated);
    if (str(terminated.reason)) return str(terminated.reason);
  }
  return str(st.phase) || 'Pending';
}

function servicePorts(o: KubeObject): string {
  const ports = arr(spec(o).ports).map(obj);
  if (!ports.length) return '<none>';
  return ports
    .map(
      (p) =>
        `${num(p.port)}${p.nodePort !== undefined ? `:${num(p.nodePort)}` : ''}/${str(p.protocol) || 'TCP'}`,
    )
    .join(',');
}

function externalIp(o: KubeObject): string {
  const s = spec(o);
  const ext = arr(s.externalIPs).map(str);
  const ingress = arr(obj(status(o).loadBalancer).ingress).map((i) => str(obj(i).ip) || str(obj(i).hostname));
  if (s.type === 'ExternalName') return str(s.externalName);
  if (s.type === 'LoadBalancer') return [...ingress, ...ext].join(',') || '<pending>';
  return ext.join(',') || '<none>';
}

function jobStatus(o: KubeObject): string {
  const conds = arr(status(o).conditions).map(obj);
  const has = (t: string): boolean => conds.some((c) => c.type === t && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

function jobDuration(o: KubeObject): string {
  const start = Date.parse(str(status(o).startTime));
  if (Number.isNaN(start)) return '';
  const end = Date.parse(str(status(o).completionTime));
  return humanDuration((Number.isNaN(end) ? Date.now() : end) - start);
}

const NAME: Column = { name: 'Name', type: 'string', cell: (o) => str(o.metadata.name) };
const AGE: Column = { name: 'Age', type: 'string', cell: age };

const COLUMNS: Record<string, Column[]> = {
  '/Pod': [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const statuses = arr(status(o).containerStatuses).map(obj);
        return `${statuses.filter((c) => c.ready === true).length}/${arr(spec(o).containers).length}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatusText },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        String(arr(status(o).containerStatuses).reduce<number>((n, c) => n + num(obj(c).restartCount), 0)),
    },
    AGE,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => str(status(o).podIP) || '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => str(spec(o).nodeName) || '<none>' },
  ],
  'apps/Deployment': [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o).updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => num(status(o).availableReplicas) },
    AGE,
    { name: 'Containers', type: 'string', priority: 1, cell: (o) => containerImages(o).names },
    { name: 'Images', type: 'string', priority: 1, cell: (o) => containerImages(o).images },
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(spec(o).selector) },
  ],
  'apps/ReplicaSet': [
    NAME,
    { name: 'Desired', type: 'integer', cell: (o) => num(spec(o).replicas) },
    { name: 'Current', type: 'integer', cell: (o) => num(status(o).replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => num(status(o).readyReplicas) },
    AGE,
  ],
  'apps/StatefulSet': [
    NAME,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}`,
    },
    AGE,
  ],
  'apps/DaemonSet': [
    NAME,
    { name: 'Desired', type: 'integer', cell: (o) => num(status(o).desiredNumberScheduled) },
    { name: 'Current', type: 'integer', cell: (o) => num(status(o).currentNumberScheduled) },
    { name: 'Ready', type: 'integer', cell: (o) => num(status(o).numberReady) },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o).updatedNumberScheduled) },
    { name: 'Available', type: 'integer', cell: (o) => num(status(o).numberAvailable) },
    {
      name: 'Node Selector',
      type: 'string',
      cell: (o) => selectorText(obj(obj(spec(o).template).spec).nodeSelector),
    },
    AGE,
  ],
  '/Service': [
    NAME,
    { name: 'Type', type: 'string', cell: (o) => str(spec(o).type) || 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: (o) => str(spec(o).clusterIP) || '<none>' },
    { name: 'External-IP', type: 'string', cell: externalIp },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    AGE,
    { name: 'Selector', type: 'string', priority: 1, cell: (o) => selectorText(spec(o).selector) },
  ],
  'batch/Job': [
    NAME,
    { name: 'Status', type: 'string', cell: jobStatus },
    {
      name: 'Completions',
      type: 'string',
      cell: (o) => `${num(status(o).succeeded)}/${num(spec(o).completions) || 1}`,
    },
    { name: 'Duration', type: 'string', cell: jobDuration },
    AGE,
  ],
  '/ConfigMap': [
    NAME,
    {
      name: 'Data',
      type: 'integer',
      cell: (o) => Object.keys(obj(o.data)).length + Object.keys(obj(o.binaryData)).length,
    },
    AGE,
  ],
  '/Secret': [
    NAME,
    { name: 'Type', type: 'string', cell: (o) => str(o.type) },
    { name: 'Data', type: 'integer', cell: (o) => Object.keys(obj(o.data)).length },
    AGE,
  ],
  '/Namespace': [
    NAME,
    { name: 'Status', type: 'string', cell: (o) => str(status(o).phase) || 'Active' },
    AGE,
  ],
  '/PersistentVolumeClaim': [
    NAME,
    { name: 'Status', type: 'string', cell: (o) => str(status(o).phase) || 'Pending' },
    { name: 'Volume', type: 'string', cell: (o) => str(spec(o).volumeName) },
    { name: 'Capacity', type: 'string', cell: (o) => str(obj(status(o).capacity).storage) },
    {
      name: 'Access Modes',
      type: 'string',
      cell: (o) =>
        arr(status(o).accessModes)
          .map(
            (m) =>
              ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[
                str(m)
              ] ?? str(m),
          )
          .join(','),
    },
    { name: 'StorageClass', type: 'string', cell: (o) => str(spec(o).storageClassName) },
    AGE,
  ],
};

function columnsFor(info: ResourceInfo): Column[] {
  return COLUMNS[`${info.group}/${info.kind}`] ?? [NAME, AGE];
}

/** The Table for a list of objects; rows carry PartialObjectMetadata (kubectl reads namespace and labels from it). */
export function toTable(info: ResourceInfo, objects: KubeObject[], resourceVersion: string): JsonObject {
  const columns = columnsFor(info);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.name === 'Name' ? 'name' : '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
