/**
 * `.Capabilities`: the Kubernetes version and API versions templates may test, with Helm
 * v3.17.3's defaults for rendering without a cluster.
 */
import {
  GoFunc,
  GoStruct,

  withType,
  type GoList,
  type GoValue,
  type TypeInfo,
} from '../go/value.ts';
import { parseVersion } from '../semver/index.ts';

/** client-go v0.32's scheme, in the order Helm v3.17.3 lists it (`.Capabilities.APIVersions`). */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1alpha1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** The Kubernetes version Helm v3.17.3 renders against without a cluster. */
export const DEFAULT_KUBE_VERSION = 'v1.32.0';

/** What Helm reports as `.Capabilities.HelmVersion`: slipway renders as Helm v3.17.3 does. */
export const HELM_BUILD_INFO = {
  version: 'v3.17.3',
  gitCommit: 'e4da49785aa6e6ee2b86efd5dd9e43400318262b',
  gitTreeState: 'clean',
  goVersion: 'go1.23.7',
} as const;

export interface KubeVersion {
  /** e.g. `v1.32.0` (a cluster may report `v1.30.2-eks-…`). */
  readonly version: string;
  readonly major: string;
  readonly minor: string;
}

export interface Capabilities {
  readonly kubeVersion: KubeVersion;
  readonly apiVersions: readonly string[];
}

/** Helm's `--kube-version` parsing: `1.27` → `v1.27.0`, errors as Helm's. */
export function parseKubeVersion(text: string): KubeVersion {
  let v;
  try {
    v = parseVersion(text);
  } catch (err) {
    throw new Error(`invalid kube version '${text}': ${(err as Error).message}`);
  }
  return {
    version: `v${v.toString()}`,
    major: v.major.toString(),
    minor: v.minor.toString(),
  };
}

export function defaultCapabilities(extraApiVersions: readonly string[] = []): Capabilities {
  return {
    kubeVersion: { version: DEFAULT_KUBE_VERSION, major: '1', minor: '32' },
    apiVersions: [...DEFAULT_API_VERSIONS, ...extraApiVersions],
  };
}

const VERSION_SET: TypeInfo = {
  name: 'chartutil.VersionSet',
  elem: 'string',
  underlying: '[]string',
  methods: {
    Has: (self) =>
      new GoFunc({
        name: 'Has',
        params: ['string'],
        result: 'bool',
        fn: (apiVersion) => (self as GoList).includes(apiVersion as string),
      }),
  },
};

/** `.Capabilities` as the Go object templates see. */
export function capabilitiesObject(caps: Capabilities): GoStruct {
  const kv = caps.kubeVersion;
  const kubeVersion: GoStruct = new GoStruct({
    type: 'chartutil.KubeVersion',
    pointer: false,
    fields: [
      { name: 'Version', type: 'string', value: kv.version },
      { name: 'Major', type: 'string', value: kv.major },
      { name: 'Minor', type: 'string', value: kv.minor },
    ],
    methods: {
      String: new GoFunc({ name: 'String', params: [], result: 'string', fn: () => kv.version }),
      GitVersion: new GoFunc({ name: 'GitVersion', params: [], result: 'string', fn: () => kv.version }),
    },
    stringer: () => kv.version,
    // func (kv *KubeVersion) String(): only an action printing the addressable field calls it;
    // a function argument (quote, print, toString) gets the value and prints its fields.
    stringerOnPointer: true,
  });
  const helmVersion = new GoStruct({
    type: 'version.BuildInfo',
    pointer: false,
    fields: [
      { name: 'Version', type: 'string', value: HELM_BUILD_INFO.version, json: 'version', omitempty: true },
      { name: 'GitCommit', type: 'string', value: HELM_BUILD_INFO.gitCommit, json: 'git_commit', omitempty: true },
      { name: 'GitTreeState', type: 'string', value: HELM_BUILD_INFO.gitTreeState, json: 'git_tree_state', omitempty: true },
      { name: 'GoVersion', type: 'string', value: HELM_BUILD_INFO.goVersion, json: 'go_version', omitempty: true },
    ],
  });
  const apiVersions = withType([...caps.apiVersions] as GoValue[], VERSION_SET);
  return new GoStruct({
    type: '*chartutil.Capabilities',
    fields: [
      { name: 'KubeVersion', type: 'chartutil.KubeVersion', value: kubeVersion },
      { name: 'APIVersions', type: 'chartutil.VersionSet', value: apiVersions },
      { name: 'HelmVersion', type: 'version.BuildInfo', value: helmVersion },
    ],
  });
}

