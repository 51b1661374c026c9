/**
 * Helm's Secrets driver (pkg/storage/driver/secrets.go) over a small Secrets API, so the same
 * logic runs against client-node, the local emulator or a test double. Object layout, labels,
 * selectors and error texts are Helm's; additions are the optional annotations and the
 * resourceVersion precondition used by slipway's lease, and the size pre-flight.
 */
import { decodeRelease, encodeRelease } from '../release/index.ts';
import type { Release } from '../release/index.ts';
import { RELEASE_SECRET_TYPE, filterSystemLabels, labelValueErrors, recordLabels } from './driver.ts';
import type { Driver, StoredRecord, WriteOptions, WriteResult } from './driver.ts';
import { ConflictError, ReleaseExistsError, ReleaseNotFoundError, wrapError } from './errors.ts';
import { assertRecordFits } from './size.ts';

/** A Secret as the API's JSON shows it (data values base64-encoded). */
export interface SecretObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  type?: string;
  data?: Record<string, string>;
}

/** An API failure with its HTTP status (404 NotFound, 409 AlreadyExists/Conflict, …). */
export class SecretsApiError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'SecretsApiError';
    this.status = status;
    this.reason = reason;
  }
}

/** The Secrets calls the driver makes, in one namespace. Failures throw SecretsApiError. */
export interface SecretsApi {
  readonly namespace: string;
  get(name: string): Promise<SecretObject>;
  list(labelSelector: string): Promise<SecretObject[]>;
  create(secret: SecretObject): Promise<SecretObject>;
  /** PUT; a metadata.resourceVersion makes it conditional (409 Conflict when stale). */
  update(secret: SecretObject): Promise<SecretObject>;
  delete(name: string): Promise<void>;
}

function status(err: unknown): number | undefined {
  return err instanceof SecretsApiError ? err.status : undefined;
}

/** Equality selector `k=v,...` in key order, as k8s labels.Set.AsSelector().String() prints it. */
export function labelSelector(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** The Secret's `data.release` value as the API JSON carries it: base64 of Helm's base64 text. */
function apiData(helmText: string): string {
  return Buffer.from(helmText, 'ascii').toString('base64');
}

function helmText(secret: SecretObject): string {
  return Buffer.from(secret.data?.release ?? '', 'base64').toString('latin1');
}

export class SecretsDriver implements Driver {
  readonly name = 'Secret';
  readonly api: SecretsApi;
  readonly #clock: () => number;

  constructor(api: SecretsApi, opts: { clock?: () => number } = {}) {
    this.api = api;
    this.#clock = opts.clock ?? Date.now;
  }

  /** The Secret Helm would write for `rel` (newSecretsObject), after the size pre-flight. */
  secretFor(
    key: string,
    rel: Release,
    ts: 'createdAt' | 'modifiedAt',
    opts: WriteOptions = {},
  ): SecretObject {
    const text = encodeRelease(rel);
    assertRecordFits(key, rel, text);
    const metadata: SecretObject['metadata'] = {
      name: key,
      labels: recordLabels(rel, ts, Math.floor(this.#clock() / 1000)),
    };
    if (opts.annotations && Object.keys(opts.annotations).length > 0)
      metadata.annotations = { ...opts.annotations };
    if (opts.resourceVersion !== undefined) metadata.resourceVersion = opts.resourceVersion;
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: RELEASE_SECRET_TYPE,
      data: { release: apiData(text) },
    };
  }

  /** The size pre-flight alone (Storage runs it before MaxHistory pruning). */
  preflight(key: string, rel: Release): void {
    assertRecordFits(key, rel, encodeRelease(rel));
  }

  async get(key: string): Promise<Release> {
    return (await this.getRecord(key)).release;
  }

  async getRecord(key: string): Promise<StoredRecord> {
    let obj: SecretObject;
    try {
      obj = await this.api.get(key);
    } catch (err) {
      if (status(err) === 404) throw new ReleaseNotFoundError();
      throw wrapError(`get: failed to get ${JSON.stringify(key)}`, err);
    }
    let rel: Release;
    try {
      rel = decodeRelease(helmText(obj));
    } catch (err) {
      throw wrapError(`get: failed to decode data ${JSON.stringify(key)}`, err);
    }
    rel.labels = filterSystemLabels(obj.metadata.labels);
    return {
      release: rel,
      labels: { ...(obj.metadata.labels ?? {}) },
      annotations: { ...(obj.metadata.annotations ?? {}) },
      resourceVersion: obj.metadata.resourceVersion ?? '',
    };
  }

  /** Decodes list items, skipping undecodable ones as Helm does; labels are kept whole. */
  #decodeAll(items: SecretObject[]): Release[] {
    const out: Release[] = [];
    for (const item of items) {
      try {
        const rel = decodeRelease(helmText(item));
        rel.labels = { ...(item.metadata.labels ?? {}) };
        out.push(rel);
      } catch {
        // Helm logs "list: failed to decode release" and skips the item.
      }
    }
    return out;
  }

  async list(filter: (rel: Release) => boolean): Promise<Release[]> {
    let items: SecretObject[];
    try {
      items = await this.api.list('owner=helm');
    } catch (err) {
      throw wrapError('list: failed to list', err);
    }
    return this.#decodeAll(items).filter(filter);
  }

  async query(labels: Record<string, string>): Promise<Release[]> {
    for (const v of Object.values(labels)) {
      const errs = labelValueErrors(v);
      if (errs.length > 0) throw new Error(`invalid label value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
    }
    let items: SecretObject[];
    try {
      items = await this.api.list(labelSelector(labels));
    } catch (err) {
      throw wrapError('query: failed to query with labels', err);
    }
    if (items.length === 0) throw new ReleaseNotFoundError();
    return this.#decodeAll(items);
  }

  async create(key: string, rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    const secret = this.secretFor(key, rel, 'createdAt', { annotations: opts.annotations });
    try {
      const made = await this.api.create(secret);
      return { resourceVersion: made.metadata.resourceVersion ?? '' };
    } catch (err) {
      if (status(err) === 409) throw new ReleaseExistsError(key);
      throw wrapError('create: failed to create', err);
    }
  }

  async update(key: string, rel: Release, opts: WriteOptions = {}): Promise<WriteResult> {
    const secret = this.secretFor(key, rel, 'modifiedAt', opts);
    try {
      const made = await this.api.update(secret);
      return { resourceVersion: made.metadata.resourceVersion ?? '' };
    } catch (err) {
      if (status(err) === 409 && opts.resourceVersion !== undefined) {
        throw new ConflictError(key, err instanceof Error ? err.message : String(err));
      }
      throw wrapError('update: failed to update', err);
    }
  }

  async delete(key: string): Promise<Release> {
    const rel = await this.get(key);
    try {
      await this.api.delete(key);
    } catch (err) {
      if (status(err) === 404) throw new ReleaseNotFoundError();
      throw err;
    }
    return rel;
  }
}
