/**
 * The pending record of a running operation, held under slipway's lease (lib/storage/lease.ts):
 * created by acquireLease, rewritten with updateUnderLease, finished with completeLease. Also the
 * operation's clock: per-phase timeouts (Helm's --timeout) bounded by the hard deadline.
 */
import {
  acquireLease,
  completeLease,
  leaseAnnotations,
  makeKey,
  renewLease,
  updateUnderLease,
} from '../storage/index.ts';
import type { Lease } from '../storage/index.ts';
import type { Release } from '../release/index.ts';
import { nowOf } from './record.ts';
import type { Configuration, OperationOptions } from './types.ts';

/** Helm's default --timeout (5m0s). */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Time kept before the hard deadline to write the suspension (lease renewal) safely. */
export const SUSPEND_MARGIN_MS = 1_500;
/** Without a hard deadline a live worker keeps its lease this far ahead of the current phase. */
const LEASE_SLACK_MS = 60_000;

export class PendingRecord {
  readonly cfg: Configuration;
  readonly lease: Lease;
  /** Set when the caller gave no hard deadline: the lease then moves forward with each phase. */
  readonly floating: boolean;

  constructor(cfg: Configuration, lease: Lease, floating: boolean) {
    this.cfg = cfg;
    this.lease = lease;
    this.floating = floating;
  }

  /** Creates the pending record under a new lease (refusing while another operation holds one). */
  static async acquire(cfg: Configuration, rel: Release, clock: OperationClock): Promise<PendingRecord> {
    const lease = await acquireLease(cfg.storage, rel, {
      owner: cfg.leaseOwner,
      deadline: clock.leaseUntil(),
      now: cfg.now,
    });
    return new PendingRecord(cfg, lease, clock.hardDeadline === undefined);
  }

  /**
   * Creates the pending record under a new lease without looking at the newest record (rollback
   * may start from a pending record helm left behind, as helm's own rollback does).
   */
  static async createOver(cfg: Configuration, rel: Release, clock: OperationClock): Promise<PendingRecord> {
    const expires = clock.leaseUntil();
    const { resourceVersion } = await cfg.storage.create(rel, {
      annotations: leaseAnnotations(cfg.leaseOwner, expires),
    });
    const name = rel.name ?? '';
    const version = rel.version ?? 0;
    const lease: Lease = {
      name,
      version,
      key: makeKey(name, version),
      owner: cfg.leaseOwner,
      expires,
      release: rel,
      resourceVersion,
    };
    return new PendingRecord(cfg, lease, clock.hardDeadline === undefined);
  }

  get release(): Release {
    return this.lease.release;
  }

  /** Rewrites the pending record (hooks' last_run, status), keeping the lease. */
  save(rel: Release): Promise<void> {
    return updateUnderLease(this.cfg.storage, this.lease, rel);
  }

  /** Writes the final record and drops the lease. */
  finish(rel: Release): Promise<void> {
    return completeLease(this.cfg.storage, this.lease, rel);
  }

  /** Makes sure a live worker's lease covers `until` (only when no hard deadline bounds it). */
  async cover(until: Date): Promise<void> {
    if (!this.floating) return;
    const wanted = new Date(until.getTime() + LEASE_SLACK_MS);
    if (wanted.getTime() > this.lease.expires.getTime())
      await renewLease(this.cfg.storage, this.lease, wanted);
  }

  /** Moves the lease to `until` (suspension hands the record over to a later worker). */
  renewTo(until: Date): Promise<void> {
    return renewLease(this.cfg.storage, this.lease, until);
  }
}

/** A phase's time budget: Helm's per-phase timeout, cut short by the operation's hard deadline. */
export interface PhaseWindow {
  /** When the phase itself times out (Helm's --timeout from its start). */
  readonly phaseDeadline: Date;
  /** When waiting must stop: the phase deadline or, earlier, the hard deadline minus a margin. */
  readonly until: Date;
  /** True when `until` is the hard deadline's (running out of it suspends instead of failing). */
  readonly cutByDeadline: boolean;
}

export class OperationClock {
  readonly cfg: Configuration;
  readonly timeoutMs: number;
  readonly hardDeadline: Date | undefined;
  /** Cancels waits and hook watches (the operation then fails as Helm's cancelled one). */
  readonly signal: AbortSignal | undefined;

  constructor(cfg: Configuration, opts: OperationOptions) {
    this.cfg = cfg;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.hardDeadline = opts.deadline;
    this.signal = opts.signal;
  }

  now(): Date {
    return nowOf(this.cfg);
  }

  /** Lease expiry at creation: the hard deadline, or a few phases ahead for a live worker. */
  leaseUntil(): Date {
    if (this.hardDeadline) return this.hardDeadline;
    return new Date(this.now().getTime() + 2 * this.timeoutMs + LEASE_SLACK_MS);
  }

  /** A window for a phase starting now (or continuing towards an earlier `phaseDeadline`). */
  window(phaseDeadline?: Date): PhaseWindow {
    const now = this.now().getTime();
    const phase = phaseDeadline ?? new Date(now + this.timeoutMs);
    if (!this.hardDeadline) return { phaseDeadline: phase, until: phase, cutByDeadline: false };
    const hard = this.hardDeadline.getTime() - SUSPEND_MARGIN_MS;
    if (hard < phase.getTime())
      return { phaseDeadline: phase, until: new Date(Math.max(now, hard)), cutByDeadline: true };
    return { phaseDeadline: phase, until: phase, cutByDeadline: false };
  }

  /** Whether a wait that failed in `w` failed because the hard deadline cut it short. */
  ranOut(w: PhaseWindow): boolean {
    return w.cutByDeadline && this.now().getTime() >= w.until.getTime() - 50;
  }
}
