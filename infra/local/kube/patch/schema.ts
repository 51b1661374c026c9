/**
 * Patch metadata of the built-in Kubernetes types charts use, transcribed from the k8s.io/api Go struct tags
 * (`patchStrategy`/`patchMergeKey` drive strategic merge patch) and their OpenAPI list markers
 * (`+listType`/`+listMapKey`/`+structType=atomic` drive server-side apply). Only fields whose behaviour
 * differs from the defaults need an entry: unlisted objects merge recursively, unlisted lists are atomic
 * (replaced wholesale) in both engines.
 */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface FieldSchema {
  /** Struct fields with non-default behaviour. */
  fields?: Record<string, FieldSchema>;
  /** A map[string]X (labels, data): its entries are owned one by one and have no declared fields. */
  map?: boolean;
  /** List strategy: `merge` = associative by `keys` (SMP merge key = keys[0]); `set` = merged primitives. */
  list?: 'merge' | 'set';
  keys?: string[];
  /** Defaults filled into list keys when absent (protocol defaults to TCP for port lists). */
  keyDefaults?: Record<string, string>;
  item?: FieldSchema;
  /** SMP `patchStrategy:"replace"`: the patch value replaces the whole object. */
  smpReplace?: boolean;
  /** SSA `+structType=atomic` / `+mapType=atomic`: owned and replaced as one value (SMP still merges it). */
  atomic?: boolean;
}

const labelSelector: FieldSchema = { atomic: true, fields: { matchLabels: { map: true } } };

const objectMeta: FieldSchema = {
  fields: {
    labels: { map: true },
    annotations: { map: true },
    finalizers: { list: 'set' },
    ownerReferences: { list: 'merge', keys: ['uid'] },
  },
};

const containerFields: FieldSchema = {
  fields: {
    ports: { list: 'merge', keys: ['containerPort', 'protocol'], keyDefaults: { protocol: 'TCP' } },
    env: { list: 'merge', keys: ['name'] },
    volumeMounts: { list: 'merge', keys: ['mountPath'] },
    volumeDevices: { list: 'merge', keys: ['devicePath'] },
    resources: { fields: { limits: { map: true }, requests: { map: true } } },
  },
};

const namedContainers: FieldSchema = { list: 'merge', keys: ['name'], item: containerFields };

const podSpec: FieldSchema = {
  fields: {
    containers: namedContainers,
    initContainers: namedContainers,
    ephemeralContainers: namedContainers,
    volumes: { list: 'merge', keys: ['name'] },
    imagePullSecrets: { list: 'merge', keys: ['name'] },
    hostAliases: { list: 'merge', keys: ['ip'] },
    topologySpreadConstraints: { list: 'merge', keys: ['topologyKey', 'whenUnsatisfiable'] },
    schedulingGates: { list: 'merge', keys: ['name'] },
    resourceClaims: { list: 'merge', keys: ['name'] },
    // +mapType=atomic: one owner for the whole map.
    nodeSelector: { atomic: true },
    overhead: { map: true },
    // tolerations and readinessGates carry no patch strategy: atomic, replaced wholesale.
  },
};

const podTemplate: FieldSchema = { fields: { metadata: objectMeta, spec: podSpec } };
const conditionsByType: FieldSchema = { list: 'merge', keys: ['type'] };
const workloadStatus: FieldSchema = { fields: { conditions: conditionsByType } };

function workload(extraSpec: Record<string, FieldSchema> = {}): FieldSchema {
  return {
    fields: {
      spec: { fields: { selector: labelSelector, template: podTemplate, ...extraSpec } },
      status: workloadStatus,
    },
  };
}

const jobSpec: FieldSchema = { fields: { selector: labelSelector, template: podTemplate } };

/** Per `group/kind` schema of the top-level object (metadata is added for every built-in kind). */
const KINDS: Record<string, FieldSchema> = {
  '/Pod': {
    fields: {
      spec: podSpec,
      status: { fields: { conditions: conditionsByType, podIPs: { list: 'merge', keys: ['ip'] } } },
    },
  },
  '/PodTemplate': { fields: { template: podTemplate } },
  '/ReplicationController': {
    fields: {
      spec: { fields: { selector: { atomic: true }, template: podTemplate } },
      status: workloadStatus,
    },
  },
  '/Service': {
    fields: {
      spec: {
        fields: {
          ports: { list: 'merge', keys: ['port', 'protocol'], keyDefaults: { protocol: 'TCP' } },
          selector: { atomic: true },
        },
      },
    },
  },
  '/ServiceAccount': { fields: { secrets: { list: 'merge', keys: ['name'] } } },
  '/ConfigMap': { fields: { data: { map: true }, binaryData: { map: true } } },
  '/Secret': { fields: { data: { map: true }, stringData: { map: true } } },
  '/Node': {
    fields: {
      status: { fields: { conditions: conditionsByType, addresses: { list: 'merge', keys: ['type'] } } },
    },
  },
  '/PersistentVolumeClaim': {
    fields: {
      spec: { fields: { selector: labelSelector } },
      status: { fields: { conditions: conditionsByType } },
    },
  },
  // DeploymentSpec.strategy and PodSpec.volumes are retainKeys: honoured wherever a patch sends $retainKeys.
  'apps/Deployment': workload(),
  'apps/ReplicaSet': workload(),
  'apps/StatefulSet': workload(),
  'apps/DaemonSet': workload(),
  'batch/Job': { fields: { spec: jobSpec, status: { fields: { conditions: conditionsByType } } } },
  'batch/CronJob': {
    fields: { spec: { fields: { jobTemplate: { fields: { metadata: objectMeta, spec: jobSpec } } } } },
  },
  'policy/PodDisruptionBudget': {
    fields: {
      spec: { fields: { selector: { ...labelSelector, smpReplace: true } } },
      status: { fields: { conditions: conditionsByType } },
    },
  },
  'apiextensions.k8s.io/CustomResourceDefinition': {
    fields: { status: { fields: { conditions: conditionsByType } } },
  },
};

/** API groups served by kube-apiserver itself: their kinds are Go types and accept strategic merge patch. */
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'node.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'extensions',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

/** Parses `apps/v1` / `v1` into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * The schema of a whole object of this kind, or undefined for kinds the apiserver has no Go type for
 * (custom resources): those patch with JSON merge semantics and apply with every list atomic.
 */
export function schemaFor(gvk: GroupVersionKind): FieldSchema | undefined {
  if (!isBuiltinGroup(gvk.group)) return undefined;
  const kind = KINDS[`${gvk.group}/${gvk.kind}`] ?? {};
  return { fields: { ...kind.fields, metadata: objectMeta } };
}
