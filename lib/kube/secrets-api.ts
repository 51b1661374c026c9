/**
 * Release records' Secrets over the kube client's transport: the same connection pool as every
 * other call of the operation (client-node's typed CoreV1Api opens a new pool, and so a new TLS
 * handshake, for each request), plain JSON both ways.
 */
import { SecretsApiError, type SecretObject, type SecretsApi } from '../storage/index.ts';
import { KubeApiError } from './errors.ts';
import type { KubeConfig } from '@kubernetes/client-node';
import { contextNamespace } from './config.ts';
import { HttpMethod, Transport } from './transport.ts';

async function call<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof KubeApiError) throw new SecretsApiError(err.code, err.reason, err.message);
    throw err;
  }
}

/** The fields of a Secret the storage driver reads. */
function toSecretObject(s: SecretObject): SecretObject {
  const md = s.metadata ?? { name: '' };
  return {
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
}

/** A SecretsApi for `namespace` through `transport`. */
export function transportSecretsApi(transport: Transport, namespace: string): SecretsApi {
  const collection = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  const item = (name: string): string => `${collection}/${encodeURIComponent(name)}`;
  const body = (s: SecretObject): string =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { ...s.metadata, namespace },
      type: s.type,
      data: s.data,
    });
  return {
    namespace,
    get: (name) =>
      call(async () => toSecretObject(await transport.json({ method: HttpMethod.GET, path: item(name) }))),
    list: (labelSelector) =>
      call(async () => {
        const list = await transport.json<{ items?: SecretObject[] }>({
          method: HttpMethod.GET,
          path: collection,
          query: { labelSelector },
        });
        return (list.items ?? []).map(toSecretObject);
      }),
    create: (secret) =>
      call(async () =>
        toSecretObject(
          await transport.json({ method: HttpMethod.POST, path: collection, body: body(secret) }),
        ),
      ),
    update: (secret) =>
      call(async () =>
        toSecretObject(
          await transport.json({
            method: HttpMethod.PUT,
            path: item(secret.metadata.name),
            body: body(secret),
          }),
        ),
      ),
    delete: (name) =>
      call(async () => {
        await transport.json({ method: HttpMethod.DELETE, path: item(name) });
      }),
  };
}

/**
 * A SecretsApi for `namespace` (default: the context's, else `default`, as Helm picks it) of the
 * cluster `kc` points at; pass the operation's transport to share its connections.
 */
export function kubeSecretsApi(kc: KubeConfig, namespace?: string, transport?: Transport): SecretsApi {
  return transportSecretsApi(transport ?? new Transport(kc, 'slipway'), namespace || contextNamespace(kc));
}
