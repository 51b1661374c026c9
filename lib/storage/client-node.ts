/** SecretsApi over @kubernetes/client-node's CoreV1Api (JSON on the wire; Helm uses protobuf, same objects). */
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import { SecretsApiError } from './secrets.ts';
import type { SecretObject, SecretsApi } from './secrets.ts';

function reasonOf(body: unknown): { reason: string; message: string } {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { reason: '', message: body };
    }
  }
  if (parsed && typeof parsed === 'object') {
    const o = parsed as { reason?: unknown; message?: unknown };
    return {
      reason: typeof o.reason === 'string' ? o.reason : '',
      message: typeof o.message === 'string' ? o.message : '',
    };
  }
  return { reason: '', message: '' };
}

/** Turns client-node's ApiException into SecretsApiError, keeping the API server's message. */
async function call<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ApiException) {
      const { reason, message } = reasonOf(err.body);
      throw new SecretsApiError(err.code, reason, message || err.message);
    }
    throw err;
  }
}

function toSecretObject(s: V1Secret): SecretObject {
  const md = s.metadata ?? {};
  const out: SecretObject = {
    apiVersion: s.apiVersion,
    kind: s.kind,
    metadata: {
      name: md.name ?? '',
      namespace: md.namespace,
      labels: md.labels,
      annotations: md.annotations,
      resourceVersion: md.resourceVersion,
    },
    type: s.type,
    data: s.data,
  };
  return out;
}

function toV1Secret(s: SecretObject, namespace: string): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { ...s.metadata, namespace },
    type: s.type,
    data: s.data,
  };
}

/**
 * A SecretsApi for one namespace of the cluster `kubeConfig` points at (default: the current
 * context's namespace, else "default", as Helm picks it).
 */
export function clientNodeSecretsApi(kubeConfig: KubeConfig, ns?: string): SecretsApi {
  const namespace = ns || kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || 'default';
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    namespace,
    get: (name) => call(async () => toSecretObject(await core.readNamespacedSecret({ name, namespace }))),
    list: (labelSelector) =>
      call(async () =>
        (await core.listNamespacedSecret({ namespace, labelSelector })).items.map(toSecretObject),
      ),
    create: (secret) =>
      call(async () =>
        toSecretObject(await core.createNamespacedSecret({ namespace, body: toV1Secret(secret, namespace) })),
      ),
    update: (secret) =>
      call(async () =>
        toSecretObject(
          await core.replaceNamespacedSecret({
            name: secret.metadata.name,
            namespace,
            body: toV1Secret(secret, namespace),
          }),
        ),
      ),
    delete: (name) =>
      call(async () => {
        await core.deleteNamespacedSecret({ name, namespace });
      }),
  };
}
