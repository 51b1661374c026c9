/**
 * The storage driver contract (Helm's pkg/storage/driver.Driver) plus what slipway's lease
 * needs on top: annotations and optimistic concurrency (resourceVersion) on the record object.
 */
import type { Release } from '../release/index.ts';

export const HELM_STORAGE_TYPE = 'sh.helm.release.v1';
export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** Helm's makeKey: `sh.helm.release.v1.<name>.v<revision>`. */
export function makeKey(name: string, version: number): string {
  return `${HELM_STORAGE_TYPE}.${name}.v${version}`;
}

/** Helm's GetSystemLabels(), in Helm's order. */
export const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'] as const;

export function isSystemLabel(key: string): boolean {
  return (SYSTEM_LABELS as readonly string[]).includes(key);
}

/** Helm's filterSystemLabels: what Get leaves in release.labels. */
export function filterSystemLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!isSystemLabel(k)) out[k] = v;
  return out;
}

/** Helm's check on `--labels`: no system label names. */
export function validateUserLabels(labels: Record<string, string>): void {
  if (Object.keys(labels).some(isSystemLabel)) {
    throw new Error(
      `user supplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(' ')}]`,
    );
  }
}

/**
 * The labels Helm writes on a record (secrets.go Create/Update + newSecretsObject): the release's
 * labels, the timestamp label (`createdAt` on create, `modifiedAt` on update), the release's
 * labels applied again (so a stale timestamp carried in them wins), then the four system labels.
 */
export function recordLabels(
  rel: Release,
  timestampLabel: 'createdAt' | 'modifiedAt',
  nowUnixSeconds: number,
): Record<string, string> {
  const out: Record<string, string> = { ...(rel.labels ?? {}) };
  out[timestampLabel] = String(nowUnixSeconds);
  Object.assign(out, rel.labels ?? {});
  out.name = rel.name ?? '';
  out.owner = 'helm';
  out.status = rel.info?.status ?? '';
  out.version = String(rel.version ?? 0);
  return out;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** k8s validation.IsValidLabelValue, as the Secrets driver's Query checks it. */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}

/** A record with the object metadata slipway's lease uses. */
export interface StoredRecord {
  release: Release;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Opaque version for conditional updates. */
  resourceVersion: string;
}

export interface WriteOptions {
  /** Annotations of the record object (Helm writes none and ignores them when reading). */
  annotations?: Record<string, string>;
  /** Update only if the object is still at this version (else ConflictError). Helm never sets it. */
  resourceVersion?: string;
}

export interface WriteResult {
  resourceVersion: string;
}

export interface Driver {
  readonly name: string;
  /** Get(key): custom labels only in release.labels. Missing → ReleaseNotFoundError. */
  get(key: string): Promise<Release>;
  /** Get with the object metadata. */
  getRecord(key: string): Promise<StoredRecord>;
  /** List(filter) over every record with owner=helm; release.labels holds all labels. */
  list(filter: (rel: Release) => boolean): Promise<Release[]>;
  /** Query(labels): equality selector; empty result → ReleaseNotFoundError. */
  query(labels: Record<string, string>): Promise<Release[]>;
  /** Create: an existing key → ReleaseExistsError. */
  create(key: string, rel: Release, opts?: WriteOptions): Promise<WriteResult>;
  /** Update: full replace of the record (annotations included). */
  update(key: string, rel: Release, opts?: WriteOptions): Promise<WriteResult>;
  /** Delete: returns the deleted release. */
  delete(key: string): Promise<Release>;
  /** Throws if `rel` could never be written (e.g. over the object size limit); makes no call. */
  preflight?(key: string, rel: Release): void;
}
