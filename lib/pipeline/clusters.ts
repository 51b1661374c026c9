/**
 * The cluster registry: the names used in `releases/<cluster>/…` keys mapped to an API server
 * and a way to authenticate to it. Read from `SLIPWAY_CLUSTERS` (JSON) or from the SSM parameter
 * named by `SLIPWAY_CLUSTERS_PARAMETER`, so no cluster credential ever lives in the deployment.
 *
 * Auth kinds:
 *   eks                 IAM: an EKS bearer token minted from the function's role (or a role it
 *                       assumes), refreshed every 14 minutes
 *   token-secret        a bearer token (e.g. a ServiceAccount token) in AWS Secrets Manager
 *   kubeconfig-secret   a whole kubeconfig in AWS Secrets Manager (no exec plugins)
 *   local               a kubeconfig file (the local stack's emulator)
 *
 * A resolved KubeConfig is cached per cluster for the life of a warm Lambda; EKS tokens inside it
 * are refreshed on use.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigFromCluster, loadKubeConfig } from '../kube/index.ts';
import { eksTokenProvider, type AwsCredentials, type CredentialsProvider } from '../kube/eks-token.ts';
import { validateClusterName } from './bucket.ts';

export type ClusterAuth =
  | { readonly kind: 'eks'; readonly clusterName: string; readonly region: string; readonly roleArn?: string }
  | { readonly kind: 'token-secret'; readonly secretId: string; readonly region?: string }
  | {
      readonly kind: 'kubeconfig-secret';
      readonly secretId: string;
      readonly region?: string;
      readonly context?: string;
    }
  | { readonly kind: 'local'; readonly kubeconfig: string; readonly context?: string };

export type ClusterAuthKind = ClusterAuth['kind'];

export interface ClusterEntry {
  readonly name: string;
  /** API server URL; required for `eks` and `token-secret`, taken from the kubeconfig otherwise. */
  readonly server?: string;
  /** Base64 PEM of the cluster CA (what `aws eks describe-cluster` calls certificateAuthority.data). */
  readonly caData?: string;
  /** Only for test clusters served over plain http or self-signed certificates. */
  readonly insecureSkipTlsVerify?: boolean;
  readonly auth: ClusterAuth;
}

export type ClusterRegistry = ReadonlyMap<string, ClusterEntry>;

/** The registry, a cluster entry or a secret it points to is malformed. */
export class ClusterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterConfigError';
  }
}

/** A key names a cluster the registry does not have. */
export class UnknownClusterError extends Error {
  readonly cluster: string;
  constructor(cluster: string, known: readonly string[]) {
    const list = known.length === 0 ? 'the registry is empty' : `known clusters: ${known.join(', ')}`;
    super(`cluster "${cluster}" is not in the cluster registry (${list})`);
    this.name = 'UnknownClusterError';
    this.cluster = cluster;
  }
}

const AUTH_FIELDS: Record<ClusterAuthKind, { required: readonly string[]; optional: readonly string[] }> = {
  eks: { required: ['clusterName', 'region'], optional: ['roleArn'] },
  'token-secret': { required: ['secretId'], optional: ['region'] },
  'kubeconfig-secret': { required: ['secretId'], optional: ['region', 'context'] },
  local: { required: ['kubeconfig'], optional: ['context'] },
};
const ENTRY_FIELDS = ['server', 'caData', 'insecureSkipTlsVerify', 'auth'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * Parses the registry JSON: `{ "<cluster>": { server?, caData?, insecureSkipTlsVerify?, auth } }`.
 * Errors name the cluster and the field.
 */
export function parseClusterRegistry(json: string, source = 'SLIPWAY_CLUSTERS'): ClusterRegistry {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new ClusterConfigError(`cluster registry (${source}): invalid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(doc))
    throw new ClusterConfigError(`cluster registry (${source}): must be a JSON object of cluster names`);
  const registry = new Map<string, ClusterEntry>();
  for (const [name, value] of Object.entries(doc)) {
    const where = `cluster registry (${source}): cluster "${name}"`;
    try {
      validateClusterName(name);
    } catch (err) {
      throw new ClusterConfigError(`cluster registry (${source}): ${(err as Error).message}`);
    }
    registry.set(name, parseEntry(name, value, where));
  }
  return registry;
}

function parseEntry(name: string, value: unknown, where: string): ClusterEntry {
  if (!isRecord(value)) throw new ClusterConfigError(`${where}: must be an object`);
  rejectUnknown(value, ENTRY_FIELDS, where);
  const server = optionalString(value, 'server', where);
  const caData = optionalString(value, 'caData', where);
  const insecure = value.insecureSkipTlsVerify;
  if (insecure !== undefined && typeof insecure !== 'boolean') {
    throw new ClusterConfigError(`${where}: insecureSkipTlsVerify: must be a boolean`);
  }
  const auth = parseAuth(value.auth, `${where}: auth`);
  if (server !== undefined && !/^https?:\/\/[^/]/.test(server)) {
    throw new ClusterConfigError(`${where}: server: must be an http(s) URL, got "${server}"`);
  }
  if ((auth.kind === 'eks' || auth.kind === 'token-secret') && server === undefined) {
    throw new ClusterConfigError(`${where}: server: required for auth kind "${auth.kind}"`);
  }
  if (server !== undefined && server.startsWith('http://') && insecure !== true) {
    throw new ClusterConfigError(
      `${where}: server: plain http needs insecureSkipTlsVerify: true (test clusters only)`,
    );
  }
  if (
    (auth.kind === 'kubeconfig-secret' || auth.kind === 'local') &&
    (server !== undefined || caData !== undefined)
  ) {
    throw new ClusterConfigError(
      `${where}: server and caData come from the kubeconfig for auth kind "${auth.kind}"`,
    );
  }
  return {
    name,
    ...(server === undefined ? {} : { server }),
    ...(caData === undefined ? {} : { caData }),
    ...(insecure === undefined ? {} : { insecureSkipTlsVerify: insecure }),
    auth,
  };
}

function parseAuth(value: unknown, where: string): ClusterAuth {
  if (!isRecord(value)) throw new ClusterConfigError(`${where}: required, an object with a "kind"`);
  const kind = value.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(AUTH_FIELDS, kind)) {
    throw new ClusterConfigError(
      `${where}: kind: must be one of ${Object.keys(AUTH_FIELDS).join(', ')}, got ${JSON.stringify(kind)}`,
    );
  }
  const fields = AUTH_FIELDS[kind as ClusterAuthKind];
  rejectUnknown(value, ['kind', ...fields.required, ...fields.optional], where);
  const out: Record<string, string> = { kind };
  for (const f of fields.required) {
    const v = optionalString(value, f, where);
    if (v === undefined) throw new ClusterConfigError(`${where}: ${f}: required for kind "${kind}"`);
    out[f] = v;
  }
  for (const f of fields.optional) {
    const v = optionalString(value, f, where);
    if (v !== undefined) out[f] = v;
  }
  if (out.roleArn !== undefined && !ROLE_ARN.test(out.roleArn)) {
    throw new ClusterConfigError(`${where}: roleArn: not an IAM role ARN: "${out.roleArn}"`);
  }
  return out as unknown as ClusterAuth;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rejectUnknown(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new ClusterConfigError(`${where}: unknown field "${key}" (allowed: ${allowed.join(', ')})`);
    }
  }
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '')
    throw new ClusterConfigError(`${where}: ${key}: must be a non-empty string`);
  return v;
}

/** What resolving a cluster needs from AWS; each part defaults to the SDK (tests inject them). */
export interface ClusterDeps {
  readonly env?: NodeJS.ProcessEnv;
  /** The secret's SecretString (Secrets Manager GetSecretValue). */
  readonly getSecret?: (secretId: string, region: string | undefined) => Promise<string>;
  /** The parameter's value (SSM GetParameter, decrypted). */
  readonly getParameter?: (name: string) => Promise<string>;
  /** Temporary credentials of an assumed role (STS AssumeRole). */
  readonly assumeRole?: (roleArn: string, sessionName: string, region: string) => Promise<AwsCredentials>;
  /** The function's own credentials (default: the SDK's Node credential chain). */
  readonly credentials?: CredentialsProvider;
  readonly now?: () => Date;
}

/**
 * Warm-Lambda caches: the registry per source text and resolved configs per cluster. A failed
 * resolution is not cached, so a fixed secret is picked up on the next message.
 */
const registryCache = new Map<string, Promise<ClusterRegistry>>();
const configCache = new Map<string, Promise<KubeConfig>>();

/** Forgets every cached registry and KubeConfig (tests; a rotated secret after a failure). */
export function clearClusterCache(): void {
  registryCache.clear();
  configCache.clear();
}

/** The registry configured for this process: `SLIPWAY_CLUSTERS`, else `SLIPWAY_CLUSTERS_PARAMETER`. */
export function loadClusterRegistry(deps: ClusterDeps = {}): Promise<ClusterRegistry> {
  const env = deps.env ?? process.env;
  const inline = env.SLIPWAY_CLUSTERS;
  const parameter = env.SLIPWAY_CLUSTERS_PARAMETER;
  if (inline !== undefined && inline !== '')
    return cached(registryCache, `env:${inline}`, async () => parseClusterRegistry(inline));
  if (parameter !== undefined && parameter !== '') {
    return cached(registryCache, `ssm:${parameter}`, async () =>
      parseClusterRegistry(
        await (deps.getParameter ?? ssmGetParameter)(parameter),
        `SSM parameter ${parameter}`,
      ),
    );
  }
  return Promise.reject(
    new ClusterConfigError('no cluster registry: set SLIPWAY_CLUSTERS or SLIPWAY_CLUSTERS_PARAMETER'),
  );
}

/** The KubeConfig for a registry cluster, cached per warm process (EKS tokens refresh on use). */
export async function resolveCluster(name: string, deps: ClusterDeps = {}): Promise<KubeConfig> {
  const registry = await loadClusterRegistry(deps);
  const entry = registry.get(name);
  if (entry === undefined) throw new UnknownClusterError(name, [...registry.keys()].sort());
  return cached(configCache, `${name}\0${JSON.stringify(entry)}`, () => kubeConfigFor(entry, deps));
}

function cached<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = make();
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

/** Builds the KubeConfig of one entry (no cache). */
export async function kubeConfigFor(entry: ClusterEntry, deps: ClusterDeps = {}): Promise<KubeConfig> {
  const auth = entry.auth;
  switch (auth.kind) {
    case 'eks': {
      const credentials =
        auth.roleArn === undefined
          ? deps.credentials
          : assumedRoleCredentials(auth.roleArn, `slipway-${entry.name}`, auth.region, deps);
      const tokenProvider = eksTokenProvider({
        clusterName: auth.clusterName,
        region: auth.region,
        ...(credentials === undefined ? {} : { credentials }),
        ...(deps.now === undefined ? {} : { now: deps.now }),
      });
      return kubeConfigFromCluster({ ...clusterOptions(entry), tokenProvider });
    }
    case 'token-secret': {
      const secret = await (deps.getSecret ?? secretsManagerGetSecret)(auth.secretId, auth.region);
      return kubeConfigFromCluster({
        ...clusterOptions(entry),
        token: tokenFromSecret(secret, auth.secretId),
      });
    }
    case 'kubeconfig-secret': {
      const secret = await (deps.getSecret ?? secretsManagerGetSecret)(auth.secretId, auth.region);
      const kc = new KubeConfig();
      try {
        kc.loadFromString(secret);
      } catch (err) {
        throw new ClusterConfigError(
          `cluster "${entry.name}": secret ${auth.secretId}: not a kubeconfig: ${(err as Error).message}`,
        );
      }
      return selectContext(kc, entry.name, `secret ${auth.secretId}`, auth.context);
    }
    case 'local': {
      try {
        return loadKubeConfig({
          kubeconfig: auth.kubeconfig,
          ...(auth.context === undefined ? {} : { context: auth.context }),
        });
      } catch (err) {
        throw new ClusterConfigError(
          `cluster "${entry.name}": kubeconfig ${auth.kubeconfig}: ${(err as Error).message}`,
        );
      }
    }
  }
}

function clusterOptions(entry: ClusterEntry): {
  server: string;
  caData?: string;
  insecureSkipTlsVerify: boolean;
} {
  return {
    server: entry.server ?? '',
    ...(entry.caData === undefined ? {} : { caData: entry.caData }),
    insecureSkipTlsVerify: entry.insecureSkipTlsVerify === true,
  };
}

/** A ServiceAccount-style secret: the token itself, or JSON with a `token` field. */
function tokenFromSecret(secret: string, secretId: string): string {
  let token = secret.trim();
  if (token.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(token);
    } catch {
      doc = undefined;
    }
    const field = isRecord(doc) ? doc.token : undefined;
    if (typeof field !== 'string')
      throw new ClusterConfigError(`secret ${secretId}: JSON without a string "token" field`);
    token = field.trim();
  }
  if (token === '' || /\s/.test(token))
    throw new ClusterConfigError(`secret ${secretId}: not a bearer token`);
  return token;
}

function selectContext(
  kc: KubeConfig,
  cluster: string,
  from: string,
  context: string | undefined,
): KubeConfig {
  if (context !== undefined) {
    if (kc.getContextObject(context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw new ClusterConfigError(
        `cluster "${cluster}": ${from} has no context "${context}" (contexts: ${known.join(', ') || 'none'})`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (kc.getCurrentCluster() === null)
    throw new ClusterConfigError(`cluster "${cluster}": ${from} has no current context`);
  const user = kc.getCurrentUser();
  if (user?.exec !== undefined) {
    // A Lambda has no aws/gke-gcloud-auth-plugin binaries: say which auth kind to use instead.
    throw new ClusterConfigError(
      `cluster "${cluster}": ${from}: user "${user.name}" authenticates with an exec plugin, which cannot run here; use auth kind "eks" or a token`,
    );
  }
  return kc;
}

/** Credentials of `roleArn`, re-assumed five minutes before they expire. */
function assumedRoleCredentials(
  roleArn: string,
  sessionName: string,
  region: string,
  deps: ClusterDeps,
): CredentialsProvider {
  const assume = deps.assumeRole ?? stsAssumeRole;
  const now = deps.now ?? (() => new Date());
  let current: AwsCredentials | undefined;
  return async () => {
    const fresh =
      current?.expiration === undefined || current.expiration.getTime() - now().getTime() > 5 * 60_000;
    if (current === undefined || !fresh) current = await assume(roleArn, sessionName, region);
    return current;
  };
}

async function secretsManagerGetSecret(secretId: string, region: string | undefined): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(region === undefined ? {} : { region });
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (out.SecretString === undefined)
    throw new ClusterConfigError(
      `secret ${secretId}: has no SecretString (binary secrets are not supported)`,
    );
  return out.SecretString;
}

async function ssmGetParameter(name: string): Promise<string> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = out.Parameter?.Value;
  if (value === undefined) throw new ClusterConfigError(`SSM parameter ${name}: has no value`);
  return value;
}

async function stsAssumeRole(roleArn: string, sessionName: string, region: string): Promise<AwsCredentials> {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const out = await new STSClient({ region }).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }),
  );
  const c = out.Credentials;
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
    throw new ClusterConfigError(`assume role ${roleArn}: STS returned no credentials`);
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
    ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
  };
}
