/**
 * Helm's pkg/storage.Storage: release-level operations over a driver, with MaxHistory pruning
 * on create exactly as Helm does it (oldest first, never the latest deployed revision, before
 * the new record is written).
 */
import type { Release } from '../release/index.ts';
import { makeKey } from './driver.ts';
import type { Driver, StoredRecord, WriteOptions, WriteResult } from './driver.ts';
import { NoDeployedReleasesError, ReleaseExistsError, ReleaseNotFoundError } from './errors.ts';

/** relutil.SortByRevision (ascending; stable). */
export function sortByRevision(rels: Release[]): Release[] {
  return [...rels].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
}

export class Storage {
  readonly driver: Driver;
  /** Records kept per release including the newest; 0 or less = unlimited (Helm's SDK default). */
  maxHistory: number;

  constructor(driver: Driver, opts: { maxHistory?: number } = {}) {
    this.driver = driver;
    this.maxHistory = opts.maxHistory ?? 0;
  }

  get(name: string, version: number): Promise<Release> {
    return this.driver.get(makeKey(name, version));
  }

  getRecord(name: string, version: number): Promise<StoredRecord> {
    return this.driver.getRecord(makeKey(name, version));
  }

  /**
   * Creates the record for `rel` after pruning history to maxHistory-1 (after the driver's
   * pre-flight, so an oversized record changes nothing). A record that already
   * exists means another writer took this revision first: ReleaseExistsError (Helm's text).
   */
  async create(rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    const name = rel.name ?? '';
    const key = makeKey(name, rel.version ?? 0);
    // Refuse an unwritable record before pruning deletes anything (Helm prunes first).
    this.driver.preflight?.(key, rel);
    if (this.maxHistory > 0) {
      try {
        await this.removeLeastRecent(name, this.maxHistory - 1);
      } catch (err) {
        if (!(err instanceof ReleaseNotFoundError)) throw err;
      }
    }
    try {
      return await this.driver.create(key, rel, opts);
    } catch (err) {
      if (err instanceof ReleaseExistsError) {
        throw new ReleaseExistsError(
          key,
          `release ${JSON.stringify(name)} revision ${rel.version ?? 0} (${key}) was written by another operation first: release: already exists`,
        );
      }
      throw err;
    }
  }

  update(rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.driver.update(makeKey(rel.name ?? '', rel.version ?? 0), rel, opts);
  }

  delete(name: string, version: number): Promise<Release> {
    return this.driver.delete(makeKey(name, version));
  }

  listReleases(): Promise<Release[]> {
    return this.driver.list(() => true);
  }

  listDeployed(): Promise<Release[]> {
    return this.driver.list((r) => r.info?.status === 'deployed');
  }

  listUninstalled(): Promise<Release[]> {
    return this.driver.list((r) => r.info?.status === 'uninstalled');
  }

  /** Every revision of `name` (API order, not sorted). Missing → ReleaseNotFoundError. */
  history(name: string): Promise<Release[]> {
    return this.driver.query({ name, owner: 'helm' });
  }

  /** Revisions whose *status label* is deployed; none → NoDeployedReleasesError. */
  async deployedAll(name: string): Promise<Release[]> {
    try {
      return await this.driver.query({ name, owner: 'helm', status: 'deployed' });
    } catch (err) {
      if (err instanceof Error && err.message.includes('not found')) throw new NoDeployedReleasesError(name);
      throw err;
    }
  }

  /** The newest deployed revision (several only in a corrupted history: highest wins). */
  async deployed(name: string): Promise<Release> {
    const all = await this.deployedAll(name);
    if (all.length === 0) throw new NoDeployedReleasesError(name);
    return sortByRevision(all).reverse()[0];
  }

  /** The newest revision. */
  async last(name: string): Promise<Release> {
    const h = await this.history(name);
    if (h.length === 0) throw new Error(`no revision for release ${JSON.stringify(name)}`);
    return sortByRevision(h).reverse()[0];
  }

  /** Helm's removeLeastRecent: delete oldest revisions (never the latest deployed) until `max` remain. */
  async removeLeastRecent(name: string, max: number): Promise<void> {
    if (max < 0) return;
    const h = await this.history(name);
    if (h.length <= max) return;
    const rels = sortByRevision(h);
    let lastDeployed: Release | null = null;
    try {
      lastDeployed = await this.deployed(name);
    } catch (err) {
      if (!(err instanceof NoDeployedReleasesError)) throw err;
    }
    const toDelete: Release[] = [];
    for (const rel of rels) {
      if (rels.length - toDelete.length === max) break;
      if (lastDeployed === null || rel.version !== lastDeployed.version) toDelete.push(rel);
    }
    const errs: unknown[] = [];
    for (const rel of toDelete) {
      try {
        await this.delete(name, rel.version ?? 0);
      } catch (err) {
        errs.push(err);
      }
    }
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) {
      const first = errs[0] instanceof Error ? errs[0].message : String(errs[0]);
      throw new Error(`encountered ${errs.length} deletion errors. First is: ${first}`, { cause: errs[0] });
    }
  }
}
