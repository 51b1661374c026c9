/**
 * slipway's lease on a pending release record.
 *
 * Helm's only guard is "no new operation while the newest record is pending-*" plus the
 * AlreadyExists of a concurrent create. That leaves a crashed operation's record pending
 * forever. slipway keeps Helm's guard and adds a lease in the pending record's annotations
 * (Helm ignores annotations, so helm still reads these records): the owner and an expiry taken
 * from the operation's deadline. Acquiring is the create of the next revision (AlreadyExists =
 * lost the race); every later write of the record is an update conditional on the
 * resourceVersion last seen. Another worker may recover a pending record whose lease expired
 * (it is marked failed, saying so); a live lease, or a pending record without a lease (written
 * by helm itself), is refused with Helm's error.
 */
import { formatHelmTime, isPending } from '../release/index.ts';
import type { Release } from '../release/index.ts';
import { makeKey } from './driver.ts';
import type { StoredRecord } from './driver.ts';
import { ConflictError, ReleaseExistsError, ReleaseNotFoundError } from './errors.ts';
import type { Storage } from './storage.ts';

export const LEASE_OWNER_ANNOTATION = 'slipway.dev/lease-owner';
export const LEASE_EXPIRES_ANNOTATION = 'slipway.dev/lease-expires';

/** Helm's text (pkg/action/upgrade.go errPending). */
export const OPERATION_IN_PROGRESS = 'another operation (install/upgrade/rollback) is in progress';

export class OperationInProgressError extends Error {
  constructor(detail?: string) {
    super(OPERATION_IN_PROGRESS);
    this.name = 'OperationInProgressError';
    if (detail) this.detail = detail;
  }
  /** Why (which record, whose lease) — kept out of the message so it stays Helm's. */
  detail?: string;
}

/** The lease was taken away (record recovered or rewritten by another writer). */
export class LeaseLostError extends Error {
  constructor(key: string, owner: string, cause: unknown) {
    super(
      `lease of ${JSON.stringify(owner)} on ${JSON.stringify(key)} was lost: the record was changed by another writer`,
      { cause },
    );
    this.name = 'LeaseLostError';
  }
}

export interface Lease {
  readonly name: string;
  readonly version: number;
  readonly key: string;
  readonly owner: string;
  expires: Date;
  /** The record as last written under the lease. */
  release: Release;
  resourceVersion: string;
}

export interface LeaseOptions {
  /** Unique id of the worker (e.g. Lambda request id). */
  owner: string;
  /** When the operation must be finished; the lease expires then. */
  deadline: Date;
  /** Clock (tests). */
  now?: () => Date;
}

/** The lease annotations for `owner` until `expires` (RFC 3339, UTC, seconds). */
export function leaseAnnotations(owner: string, expires: Date): Record<string, string> {
  return {
    [LEASE_OWNER_ANNOTATION]: owner,
    [LEASE_EXPIRES_ANNOTATION]: formatHelmTime(BigInt(Math.floor(expires.getTime() / 1000)) * 1_000_000_000n),
  };
}

/** The lease a record carries, if any. */
export function readLease(rec: StoredRecord): { owner: string; expires: Date } | null {
  const owner = rec.annotations[LEASE_OWNER_ANNOTATION];
  const expires = rec.annotations[LEASE_EXPIRES_ANNOTATION];
  if (!owner || !expires) return null;
  const t = new Date(expires);
  return Number.isNaN(t.getTime()) ? null : { owner, expires: t };
}

/** Description written on a pending record recovered from an expired lease. */
export function recoveredDescription(rec: StoredRecord, lease: { owner: string; expires: Date }): string {
  const was = rec.release.info?.status ?? '';
  return `${was} operation abandoned: lease of ${lease.owner} expired at ${lease.expires.toISOString()}; marked failed by slipway`;
}

async function newestRecord(storage: Storage, name: string): Promise<StoredRecord | null> {
  let last: Release;
  try {
    last = await storage.last(name);
  } catch (err) {
    if (err instanceof ReleaseNotFoundError) return null;
    throw err;
  }
  try {
    return await storage.getRecord(name, last.version ?? 0);
  } catch (err) {
    // Pruned or deleted between the two reads: someone else is writing this release.
    if (err instanceof ReleaseNotFoundError)
      throw new OperationInProgressError(`${makeKey(name, last.version ?? 0)} vanished while reading`);
    throw err;
  }
}

/**
 * Marks a pending newest record failed when its lease expired; throws OperationInProgressError
 * when it may not be taken over (live lease, no lease, or another worker recovered it first).
 */
async function recoverIfExpired(storage: Storage, rec: StoredRecord, now: Date): Promise<void> {
  const rel = rec.release;
  const key = makeKey(rel.name ?? '', rel.version ?? 0);
  const lease = readLease(rec);
  if (!lease)
    throw new OperationInProgressError(`${key} is ${rel.info?.status} and carries no slipway lease`);
  if (lease.expires.getTime() > now.getTime()) {
    throw new OperationInProgressError(
      `${key} is leased by ${lease.owner} until ${lease.expires.toISOString()}`,
    );
  }
  const failed: Release = {
    ...rel,
    info: {
      ...(rel.info ?? { first_deployed: '', last_deployed: '', deleted: '' }),
      status: 'failed',
      description: recoveredDescription(rec, lease),
    },
  };
  try {
    await storage.update(failed, { resourceVersion: rec.resourceVersion });
  } catch (err) {
    if (err instanceof ConflictError || err instanceof ReleaseNotFoundError) {
      throw new OperationInProgressError(`${key} was recovered or renewed by another worker first`);
    }
    throw err;
  }
}

/**
 * Takes the lease for a new pending revision: refuses while the newest record is pending under
 * someone else's live lease (or without one), recovers it when its lease expired, then creates
 * `pending` (whose version must be newest+1) with the lease annotations. Losing the create race
 * is OperationInProgressError.
 */
export async function acquireLease(storage: Storage, pending: Release, opts: LeaseOptions): Promise<Lease> {
  const now = (opts.now ?? (() => new Date()))();
  const name = pending.name ?? '';
  const version = pending.version ?? 0;
  const status = pending.info?.status ?? '';
  if (!isPending(status))
    throw new Error(`a lease is taken by writing a pending-* record, not ${JSON.stringify(status)}`);
  const newest = await newestRecord(storage, name);
  if (newest && isPending(newest.release.info?.status ?? '')) await recoverIfExpired(storage, newest, now);
  const expected = (newest?.release.version ?? 0) + 1;
  if (version !== expected) {
    throw new OperationInProgressError(
      `revision ${version} requested but the next revision of ${JSON.stringify(name)} is ${expected}`,
    );
  }
  const key = makeKey(name, version);
  try {
    const { resourceVersion } = await storage.create(pending, {
      annotations: leaseAnnotations(opts.owner, opts.deadline),
    });
    return {
      name,
      version,
      key,
      owner: opts.owner,
      expires: opts.deadline,
      release: pending,
      resourceVersion,
    };
  } catch (err) {
    if (err instanceof ReleaseExistsError)
      throw new OperationInProgressError(`${key} was created by another writer first`);
    throw err;
  }
}

async function writeUnderLease(storage: Storage, lease: Lease, rel: Release, keep: boolean): Promise<void> {
  if (rel.name !== lease.name || rel.version !== lease.version) {
    throw new Error(`lease on ${lease.key} cannot write ${makeKey(rel.name ?? '', rel.version ?? 0)}`);
  }
  try {
    const { resourceVersion } = await storage.update(rel, {
      resourceVersion: lease.resourceVersion,
      annotations: keep ? leaseAnnotations(lease.owner, lease.expires) : {},
    });
    lease.resourceVersion = resourceVersion;
    lease.release = rel;
  } catch (err) {
    if (err instanceof ConflictError || err instanceof ReleaseNotFoundError)
      throw new LeaseLostError(lease.key, lease.owner, err);
    throw err;
  }
}

/** Rewrites the leased record (e.g. hooks' last_run) keeping the lease. */
export function updateUnderLease(storage: Storage, lease: Lease, rel: Release): Promise<void> {
  return writeUnderLease(storage, lease, rel, true);
}

/** Extends the lease to `expires`. */
export async function renewLease(storage: Storage, lease: Lease, expires: Date): Promise<void> {
  const previous = lease.expires;
  lease.expires = expires;
  try {
    await writeUnderLease(storage, lease, lease.release, true);
  } catch (err) {
    lease.expires = previous;
    throw err;
  }
}

/** Writes the final record (deployed/failed/…) and drops the lease annotations. */
export function completeLease(storage: Storage, lease: Lease, final: Release): Promise<void> {
  return writeUnderLease(storage, lease, final, false);
}
