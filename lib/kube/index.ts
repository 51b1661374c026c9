/** slipway's Kubernetes layer: Helm's pkg/kube over @kubernetes/client-node, applying with server-side apply. */
export type * from './types.ts';
export { createKubeClient, ClientNodeKubeClient, kindGroups } from './client.ts';
export type { KubeClientOptions } from './client.ts';
export { loadKubeConfig, kubeConfigFromCluster, contextNamespace } from './config.ts';
export type { LoadKubeConfigOptions, ClusterOptions } from './config.ts';
export {
  KubeApiError,
  KubeTransportError,
  KubeMultiError,
  isNotFound,
  isAlreadyExists,
  isConflict,
  isRetryableKubeError,
  multiErrorText,
} from './errors.ts';
export { decodeManifest, splitYamlDocuments } from './build.ts';
export { mappingNotFound } from './discovery.ts';
export { UpdateFailedError, RESOURCE_POLICY_ANNOTATION, KEEP_POLICY, sameObject } from './update.ts';
export { upgradedManagedFields, CSA_MANAGERS } from './csa-upgrade.ts';
export { checkReady, genericReady, selectorString } from './ready.ts';
export type { Readiness, ReadyContext } from './ready.ts';
export { formatDuration, DEFAULT_INTERVAL_MS } from './wait.ts';
export { kubeSecretsApi, transportSecretsApi } from './secrets-api.ts';
