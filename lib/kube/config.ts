/**
 * Kubeconfig loading with kubectl's rules (a KUBECONFIG-style path list merged first-wins, a context
 * override, in-cluster service accounts) and bearer tokens from a caller-supplied source, e.g. EKS
 * tokens that the caller refreshes.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { KubeConfig, type User } from '@kubernetes/client-node';

/** client-node's Authenticator (not exported by name). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

export interface LoadKubeConfigOptions {
  /** One path or a list joined by the platform delimiter (KUBECONFIG semantics); default: $KUBECONFIG, ~/.kube/config, in-cluster. */
  readonly kubeconfig?: string;
  /** Context to use instead of `current-context`. */
  readonly context?: string;
  /** Use the pod's service account (KUBERNETES_SERVICE_HOST/PORT and /var/run/secrets/kubernetes.io). */
  readonly inCluster?: boolean;
  /** Bearer token source consulted on every request (replaces the user's own credentials). */
  readonly tokenProvider?: () => Promise<string>;
}

export interface ClusterOptions {
  /** API server URL. http:// needs `insecureSkipTlsVerify` (client-node refuses plain http otherwise). */
  readonly server: string;
  /** Base64 PEM of the cluster CA (kubeconfig `certificate-authority-data`). */
  readonly caData?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** A fixed bearer token. */
  readonly token?: string;
  readonly tokenProvider?: () => Promise<string>;
  /** The context's namespace (default `default`). */
  readonly namespace?: string;
}

const TOKEN_PROVIDER = 'slipway-token-provider';

/** Merges several kubeconfig files as kubectl does: the first file defining a name wins. */
function mergeFiles(paths: readonly string[]): KubeConfig {
  const merged = new KubeConfig();
  merged.clusters = [];
  merged.users = [];
  merged.contexts = [];
  merged.currentContext = '';
  for (const path of paths) {
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    for (const c of kc.clusters) if (!merged.clusters.some((x) => x.name === c.name)) merged.clusters.push(c);
    for (const u of kc.users) if (!merged.users.some((x) => x.name === u.name)) merged.users.push(u);
    for (const c of kc.contexts) if (!merged.contexts.some((x) => x.name === c.name)) merged.contexts.push(c);
    if (!merged.currentContext && kc.currentContext) merged.currentContext = kc.currentContext;
  }
  return merged;
}

/** Makes every request of the current user carry `Bearer <token from provider>`. */
function useTokenProvider(kc: KubeConfig, provider: () => Promise<string>): void {
  const current = kc.getCurrentUser();
  const name = current?.name ?? 'user';
  const replacement: User = { name, authProvider: { name: TOKEN_PROVIDER, config: {} } };
  kc.users = [...kc.users.filter((u) => u.name !== name), replacement];
  const ctx = kc.getContextObject(kc.getCurrentContext());
  if (ctx && ctx.user !== name) {
    kc.contexts = kc.contexts.map((c) => (c === ctx ? { ...c, user: name } : c));
  }
  const authenticator: Authenticator = {
    isAuthProvider: (user: User) =>
      (user.authProvider as { name?: unknown } | undefined)?.name === TOKEN_PROVIDER,
    applyAuthentication: async (_user, opts) => {
      const token = await provider();
      opts.headers = { ...(opts.headers ?? {}), Authorization: `Bearer ${token}` };
    },
  };
  kc.addAuthenticator(authenticator);
}

export function loadKubeConfig(opts: LoadKubeConfigOptions = {}): KubeConfig {
  let kc: KubeConfig;
  if (opts.inCluster) {
    kc = new KubeConfig();
    kc.loadFromCluster();
  } else if (opts.kubeconfig) {
    const paths = opts.kubeconfig.split(delimiter).filter((p) => p !== '');
    const present = paths.filter((p) => existsSync(p));
    if (present.length === 0)
      throw new Error(`stat ${paths[0] ?? opts.kubeconfig}: no such file or directory`);
    kc = mergeFiles(present);
  } else if (process.env.KUBECONFIG) {
    const present = process.env.KUBECONFIG.split(delimiter).filter((p) => p !== '' && existsSync(p));
    kc = present.length > 0 ? mergeFiles(present) : defaultConfig();
  } else {
    kc = defaultConfig();
  }
  if (opts.context !== undefined && opts.context !== '') {
    if (!kc.getContextObject(opts.context)) throw new Error(`context "${opts.context}" does not exist`);
    kc.setCurrentContext(opts.context);
  }
  if (opts.tokenProvider) useTokenProvider(kc, opts.tokenProvider);
  return kc;
}

function defaultConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

/** A kubeconfig for one cluster of the pipeline's cluster registry. */
export function kubeConfigFromCluster(opts: ClusterOptions): KubeConfig {
  const kc = new KubeConfig();
  const user: User = opts.token !== undefined ? { name: 'user', token: opts.token } : { name: 'user' };
  kc.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: opts.server,
        caData: opts.caData,
        skipTLSVerify: opts.insecureSkipTlsVerify ?? false,
      },
    ],
    users: [user],
    contexts: [{ name: 'cluster', cluster: 'cluster', user: 'user', namespace: opts.namespace }],
    currentContext: 'cluster',
  });
  if (opts.tokenProvider) useTokenProvider(kc, opts.tokenProvider);
  return kc;
}

/** The current context's namespace, else `default` (how Helm picks the release namespace without -n). */
export function contextNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
}
