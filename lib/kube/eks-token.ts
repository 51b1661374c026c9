/**
 * EKS bearer tokens minted in-process, as `aws eks get-token` and aws-iam-authenticator make
 * them: a SigV4-presigned STS GetCallerIdentity URL whose signature covers the
 * `x-k8s-aws-id: <cluster>` header, wrapped as `k8s-aws-v1.<base64url(url)>`. The API server
 * replays the URL against STS to learn the caller's IAM identity; no aws CLI is needed.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/** The header EKS requires in the signature: it binds a token to one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/** Presign lifetime aws-cli uses. EKS itself accepts a URL for 15 min after its X-Amz-Date. */
const PRESIGN_EXPIRES_SECONDS = 60;

/** Tokens are reused for 14 minutes, one minute short of the 15 EKS allows (as aws-cli). */
export const TOKEN_LIFETIME_MS = 14 * 60 * 1000;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; a token never outlives them. */
  readonly expiration?: Date;
}

export type CredentialsProvider = () => Promise<AwsCredentials>;

export interface EksTokenOptions {
  /** The EKS cluster name (not its ARN): what `aws eks get-token --cluster-name` takes. */
  readonly clusterName: string;
  readonly region: string;
  /** Credentials or a provider (default: the SDK's Node chain, i.e. the Lambda role). */
  readonly credentials?: AwsCredentials | CredentialsProvider;
  /** Clock (tests). */
  readonly now?: () => Date;
}

export interface EksToken {
  readonly token: string;
  /** When a caller should mint a new token. */
  readonly expiresAt: Date;
}

/** STS's regional endpoint host: `sts.<region>.amazonaws.com` (`.com.cn` in the China partition). */
export function stsHost(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new Error(`invalid AWS region "${region}"`);
  return `sts.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** Mints one token. */
export async function mintEksToken(opts: EksTokenOptions): Promise<EksToken> {
  if (opts.clusterName === '') throw new Error('EKS token: the cluster name is empty');
  const credentials = await resolveCredentials(opts.credentials);
  const signingDate = (opts.now ?? (() => new Date()))();
  const hostname = stsHost(opts.region);
  const signer = new SignatureV4({
    service: 'sts',
    region: opts.region,
    credentials,
    sha256: NodeSha256,
    uriEscapePath: true,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, [CLUSTER_ID_HEADER]: opts.clusterName },
    },
    { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate },
  );
  const url = `https://${hostname}/?${queryString(presigned.query ?? {})}`;
  const token = EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
  let expiresAt = signingDate.getTime() + TOKEN_LIFETIME_MS;
  if (credentials.expiration !== undefined) expiresAt = Math.min(expiresAt, credentials.expiration.getTime());
  return { token, expiresAt: new Date(expiresAt) };
}

/**
 * A token source for a Kubernetes client: returns the cached token until it expires, then mints
 * a new one. Concurrent callers share one minting.
 */
export function eksTokenProvider(opts: EksTokenOptions): () => Promise<string> {
  const now = opts.now ?? (() => new Date());
  let current: EksToken | undefined;
  let pending: Promise<EksToken> | undefined;
  return async () => {
    if (current !== undefined && now().getTime() < current.expiresAt.getTime()) return current.token;
    pending ??= mintEksToken({ ...opts, now }).finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current.token;
  };
}

async function resolveCredentials(
  source: AwsCredentials | CredentialsProvider | undefined,
): Promise<AwsCredentials> {
  if (typeof source === 'function') return source();
  if (source !== undefined) return source;
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  return defaultProvider()();
}

/** `k=v&…` in the canonical (sorted, RFC 3986-encoded) order SigV4 signed them in; signature last. */
function queryString(query: Readonly<Record<string, string | readonly string[] | null>>): string {
  const parts: string[] = [];
  let signature = '';
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (typeof value !== 'string') throw new Error(`EKS token: unexpected query parameter ${key}`);
    const pair = `${rfc3986(key)}=${rfc3986(value)}`;
    if (key === 'X-Amz-Signature') signature = pair;
    else parts.push(pair);
  }
  parts.push(signature);
  return parts.join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 / HMAC-SHA-256 over node:crypto in the shape smithy's signer expects. */
class NodeSha256 {
  readonly #secret: Buffer | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBuffer(secret);
    this.#hash = this.#fresh();
  }

  update(data: SourceData): void {
    this.#hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#fresh();
  }

  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}
