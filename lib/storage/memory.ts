/**
 * In-process driver (Helm's driver.Memory), per namespace. Records are kept encoded as JSON so
 * callers never share objects with the store, and carry the same labels, annotations and
 * resourceVersion semantics as the Secrets driver, so logic tested here behaves the same there.
 */
import { releaseFromJSON, releaseToJSON } from '../release/index.ts';
import type { Release } from '../release/index.ts';
import { filterSystemLabels, recordLabels } from './driver.ts';
import type { Driver, StoredRecord, WriteOptions, WriteResult } from './driver.ts';
import { ConflictError, ReleaseExistsError, ReleaseNotFoundError } from './errors.ts';

interface MemoryRecord {
  json: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resourceVersion: string;
}

export class MemoryDriver implements Driver {
  readonly name = 'Memory';
  readonly namespace: string;
  readonly #records: Map<string, MemoryRecord>;
  readonly #clock: () => number;
  static #nextVersion = 1;

  /** Drivers made with `shareWith` see the same records (one store, as one cluster). */
  constructor(namespace = 'default', opts: { clock?: () => number; shareWith?: MemoryDriver } = {}) {
    this.namespace = namespace;
    this.#records = opts.shareWith ? opts.shareWith.#records : new Map();
    this.#clock = opts.clock ?? Date.now;
  }

  #now(): number {
    return Math.floor(this.#clock() / 1000);
  }

  #read(rec: MemoryRecord, allLabels: boolean): Release {
    const rel = releaseFromJSON(rec.json);
    rel.labels = allLabels ? { ...rec.labels } : filterSystemLabels(rec.labels);
    return rel;
  }

  #write(key: string, rel: Release, ts: 'createdAt' | 'modifiedAt', opts: WriteOptions): WriteResult {
    const resourceVersion = String(MemoryDriver.#nextVersion++);
    this.#records.set(this.#storeKey(key), {
      json: releaseToJSON(rel),
      labels: recordLabels(rel, ts, this.#now()),
      annotations: { ...(opts.annotations ?? {}) },
      resourceVersion,
    });
    return { resourceVersion };
  }

  #storeKey(key: string): string {
    return `${this.namespace}/${key}`;
  }

  #entries(): [string, MemoryRecord][] {
    const prefix = `${this.namespace}/`;
    return [...this.#records.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async get(key: string): Promise<Release> {
    return (await this.getRecord(key)).release;
  }

  async getRecord(key: string): Promise<StoredRecord> {
    const rec = this.#records.get(this.#storeKey(key));
    if (!rec) throw new ReleaseNotFoundError();
    return {
      release: this.#read(rec, false),
      labels: { ...rec.labels },
      annotations: { ...rec.annotations },
      resourceVersion: rec.resourceVersion,
    };
  }

  async list(filter: (rel: Release) => boolean): Promise<Release[]> {
    return this.#entries()
      .filter(([, r]) => r.labels.owner === 'helm')
      .map(([, r]) => this.#read(r, true))
      .filter(filter);
  }

  async query(labels: Record<string, string>): Promise<Release[]> {
    const want = Object.entries(labels);
    const hits = this.#entries().filter(([, r]) => want.every(([k, v]) => r.labels[k] === v));
    if (hits.length === 0) throw new ReleaseNotFoundError();
    return hits.map(([, r]) => this.#read(r, true));
  }

  async create(key: string, rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    if (this.#records.has(this.#storeKey(key))) throw new ReleaseExistsError(key);
    return this.#write(key, rel, 'createdAt', opts);
  }

  async update(key: string, rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    const cur = this.#records.get(this.#storeKey(key));
    if (!cur) throw new ReleaseNotFoundError();
    if (opts.resourceVersion !== undefined && opts.resourceVersion !== cur.resourceVersion) {
      throw new ConflictError(key, 'please apply your changes to the latest version and try again');
    }
    return this.#write(key, rel, 'modifiedAt', opts);
  }

  async delete(key: string): Promise<Release> {
    const rec = this.#records.get(this.#storeKey(key));
    if (!rec) throw new ReleaseNotFoundError();
    this.#records.delete(this.#storeKey(key));
    return this.#read(rec, false);
  }
}
