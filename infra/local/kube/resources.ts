/** The resource types the emulator serves: the built-in ones helm charts use, plus CRD-registered ones. */

export interface ResourceInfo {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, e.g. 'deployments'
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served ('status'); discovery lists them as `<resource>/<sub>`. */
  subresources: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  all?: boolean; // in the `all` category
  status?: boolean;
  scale?: boolean;
  /** Extra read-only subresources (pods/log). */
  extra?: string[];
  verbs?: string[];
}

function ns(resource: string, kind: string, extra: Partial<Spec> = {}): Spec {
  return { resource, kind, namespaced: true, ...extra };
}
function cluster(resource: string, kind: string, extra: Partial<Spec> = {}): Spec {
  return { resource, kind, namespaced: false, ...extra };
}

/** group/version → resources, as a v1.32 apiserver lists them (subset helm charts use). */
const BUILTIN: Record<string, Spec[]> = {
  v1: [
    cluster('namespaces', 'Namespace', {
      shortNames: ['ns'],
      status: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    ns('configmaps', 'ConfigMap', { shortNames: ['cm'] }),
    ns('secrets', 'Secret'),
    ns('services', 'Service', {
      shortNames: ['svc'],
      all: true,
      status: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    ns('serviceaccounts', 'ServiceAccount', { shortNames: ['sa'] }),
    ns('pods', 'Pod', { shortNames: ['po'], all: true, status: true, extra: ['log'] }),
    ns('persistentvolumeclaims', 'PersistentVolumeClaim', { shortNames: ['pvc'], status: true }),
    cluster('persistentvolumes', 'PersistentVolume', { shortNames: ['pv'], status: true }),
    ns('endpoints', 'Endpoints', { shortNames: ['ep'] }),
    ns('events', 'Event', { shortNames: ['ev'] }),
    ns('limitranges', 'LimitRange', { shortNames: ['limits'] }),
    ns('resourcequotas', 'ResourceQuota', { shortNames: ['quota'], status: true }),
    ns('replicationcontrollers', 'ReplicationController', {
      shortNames: ['rc'],
      all: true,
      status: true,
      scale: true,
    }),
  ],
  'apps/v1': [
    ns('deployments', 'Deployment', { shortNames: ['deploy'], all: true, status: true, scale: true }),
    ns('statefulsets', 'StatefulSet', { shortNames: ['sts'], all: true, status: true, scale: true }),
    ns('daemonsets', 'DaemonSet', { shortNames: ['ds'], all: true, status: true }),
    ns('replicasets', 'ReplicaSet', { shortNames: ['rs'], all: true, status: true, scale: true }),
    ns('controllerrevisions', 'ControllerRevision'),
  ],
  'batch/v1': [
    ns('jobs', 'Job', { all: true, status: true }),
    ns('cronjobs', 'CronJob', { shortNames: ['cj'], all: true, status: true }),
  ],
  'networking.k8s.io/v1': [
    ns('ingresses', 'Ingress', { shortNames: ['ing'], status: true }),
    cluster('ingressclasses', 'IngressClass'),
    ns('networkpolicies', 'NetworkPolicy', { shortNames: ['netpol'] }),
  ],
  'policy/v1': [ns('poddisruptionbudgets', 'PodDisruptionBudget', { shortNames: ['pdb'], status: true })],
  'rbac.authorization.k8s.io/v1': [
    ns('roles', 'Role'),
    ns('rolebindings', 'RoleBinding'),
    cluster('clusterroles', 'ClusterRole'),
    cluster('clusterrolebindings', 'ClusterRoleBinding'),
  ],
  'autoscaling/v2': [
    ns('horizontalpodautoscalers', 'HorizontalPodAutoscaler', {
      shortNames: ['hpa'],
      all: true,
      status: true,
    }),
  ],
  'storage.k8s.io/v1': [cluster('storageclasses', 'StorageClass', { shortNames: ['sc'] })],
  'scheduling.k8s.io/v1': [cluster('priorityclasses', 'PriorityClass', { shortNames: ['pc'] })],
  'apiextensions.k8s.io/v1': [
    cluster('customresourcedefinitions', 'CustomResourceDefinition', {
      shortNames: ['crd', 'crds'],
      status: true,
    }),
  ],
  'admissionregistration.k8s.io/v1': [
    cluster('mutatingwebhookconfigurations', 'MutatingWebhookConfiguration'),
    cluster('validatingwebhookconfigurations', 'ValidatingWebhookConfiguration'),
  ],
  'coordination.k8s.io/v1': [ns('leases', 'Lease')],
  'apiregistration.k8s.io/v1': [cluster('apiservices', 'APIService', { status: true })],
};

function infoFromSpec(groupVersion: string, s: Spec): ResourceInfo {
  const slash = groupVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : groupVersion.slice(0, slash),
    version: slash < 0 ? groupVersion : groupVersion.slice(slash + 1),
    resource: s.resource,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    namespaced: s.namespaced,
    shortNames: s.shortNames ?? [],
    categories: s.all ? ['all'] : [],
    verbs: s.verbs ?? ALL_VERBS,
    subresources: [...(s.status ? ['status'] : []), ...(s.scale ? ['scale'] : []), ...(s.extra ?? [])],
  };
}

export function groupVersionOf(r: { group: string; version: string }): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** Every served resource; CRDs add and remove entries at run time. */
export class ResourceRegistry {
  private readonly byGV = new Map<string, ResourceInfo[]>();
  /** Resources registered by a CRD, by CRD name, so deleting the CRD unregisters them. */
  private readonly fromCrd = new Map<string, ResourceInfo[]>();

  constructor() {
    for (const [gv, specs] of Object.entries(BUILTIN)) {
      this.byGV.set(
        gv,
        specs.map((s) => infoFromSpec(gv, s)),
      );
    }
  }

  /** Group versions in the order discovery lists them (core first). */
  groupVersions(): string[] {
    return [...this.byGV.keys()];
  }

  resourcesOf(groupVersion: string): ResourceInfo[] | undefined {
    return this.byGV.get(groupVersion);
  }

  find(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGV.get(groupVersionOf({ group, version }))?.find((r) => r.resource === resource);
  }

  findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    return this.byGV.get(apiVersion)?.find((r) => r.kind === kind);
  }

  registerCrd(crdName: string, infos: ResourceInfo[]): void {
    this.unregisterCrd(crdName);
    for (const info of infos) {
      const gv = groupVersionOf(info);
      const list = this.byGV.get(gv) ?? [];
      this.byGV.set(
        gv,
        list.filter((r) => r.resource !== info.resource),
      );
      this.byGV.get(gv)?.push(info);
    }
    this.fromCrd.set(crdName, infos);
  }

  unregisterCrd(crdName: string): void {
    const infos = this.fromCrd.get(crdName);
    if (!infos) return;
    this.fromCrd.delete(crdName);
    for (const info of infos) {
      const gv = groupVersionOf(info);
      const rest = (this.byGV.get(gv) ?? []).filter((r) => r.resource !== info.resource);
      if (rest.length === 0) this.byGV.delete(gv);
      else this.byGV.set(gv, rest);
    }
  }
}

/** Storage identity of a resource: objects are stored once per group+resource, whatever the version. */
export function storageKeyOf(r: { group: string; resource: string }): string {
  return `${r.group}/${r.resource}`;
}
