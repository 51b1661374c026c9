/** Building a Configuration: the kube client, release records in the namespace's Secrets, the lease owner. */
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClientNodeKubeClient, contextNamespace, createKubeClient, kubeSecretsApi } from '../kube/index.ts';
import type { KubeClient } from '../kube/types.ts';
import { SecretsDriver, Storage } from '../storage/index.ts';
import type { Configuration } from './types.ts';

export interface ConfigurationOptions {
  readonly kubeConfig: KubeConfig;
  /** Release namespace (Helm: -n, else the context's, else `default`). */
  readonly namespace?: string;
  /** Default: `cli-<host>-<pid>`; Lambda handlers pass their request id. */
  readonly leaseOwner?: string;
  /** --history-max (0 = unlimited). */
  readonly maxHistory?: number;
  /** Use this client instead of one over kubeConfig. */
  readonly kube?: KubeClient;
  readonly warn?: (message: string) => void;
  readonly log?: (message: string) => void;
  readonly now?: () => Date;
}

export function defaultLeaseOwner(): string {
  return `cli-${hostname()}-${process.pid}`;
}

export function newConfiguration(opts: ConfigurationOptions): Configuration {
  const kc = opts.kubeConfig;
  const namespace = opts.namespace || contextNamespace(kc);
  const log = opts.log ?? (() => {});
  const kube = opts.kube ?? createKubeClient(kc, { fieldManager: 'helm', log });
  // Release records go through the operation's own connections when its client has them.
  const transport = kube instanceof ClientNodeKubeClient ? kube.transport : undefined;
  const storageFor = (ns: string): Storage =>
    new Storage(new SecretsDriver(kubeSecretsApi(kc, ns, transport)), { maxHistory: opts.maxHistory ?? 0 });
  return {
    kube,
    storage: storageFor(namespace),
    namespace,
    leaseOwner: opts.leaseOwner ?? defaultLeaseOwner(),
    warn: opts.warn ?? ((m) => process.stderr.write(`WARNING: ${m}\n`)),
    log,
    ...(opts.now ? { now: opts.now } : {}),
    storageFor,
  };
}
