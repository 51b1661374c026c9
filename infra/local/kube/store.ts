/**
 * The object store: objects by group/resource, namespace and name; one global resourceVersion counter;
 * a bounded event history so a watch started at resourceVersion N sees every change after N.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  storageKey: string; // group/resource
  object: KubeObject;
  /** The object before a MODIFIED write (watches with selectors turn transitions into ADDED/DELETED). */
  previous?: KubeObject;
  rv: number;
}

export type StoreListener = (event: StoreEvent) => void;

const HISTORY_LIMIT = 5000;

function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function metaString(obj: KubeObject, field: string): string {
  const v = obj.metadata[field];
  return typeof v === 'string' ? v : '';
}

interface PersistedState {
  resourceVersion: number;
  objects: { storageKey: string; object: KubeObject }[];
}

export class ObjectStore {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private rv = 0;
  private readonly persistFile: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(persistFile?: string) {
    this.persistFile = persistFile;
    if (persistFile) this.load(persistFile);
  }

  /** The current global resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Reserves the next resourceVersion (every write gets a fresh one). */
  nextResourceVersion(): number {
    return ++this.rv;
  }

  get(storageKey: string, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(storageKey)?.get(objectKey(namespace, name));
  }

  /** Objects of a resource, in one namespace or (namespace undefined) all, sorted by namespace then name. */
  list(storageKey: string, namespace?: string): KubeObject[] {
    const bucket = this.objects.get(storageKey);
    if (!bucket) return [];
    const out: KubeObject[] = [];
    for (const obj of bucket.values()) {
      if (namespace === undefined || metaString(obj, 'namespace') === namespace) out.push(obj);
    }
    return out.sort((a, b) => {
      const na = metaString(a, 'namespace');
      const nb = metaString(b, 'namespace');
      if (na !== nb) return na < nb ? -1 : 1;
      const ma = metaString(a, 'name');
      const mb = metaString(b, 'name');
      return ma < mb ? -1 : ma > mb ? 1 : 0;
    });
  }

  /** Every storage key that holds objects (for namespace deletion and persistence). */
  storageKeys(): string[] {
    return [...this.objects.keys()];
  }

  /** Writes an object whose metadata.resourceVersion the caller has already set, and notifies watchers. */
  put(storageKey: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): void {
    let bucket = this.objects.get(storageKey);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(storageKey, bucket);
    }
    const key = objectKey(metaString(obj, 'namespace'), metaString(obj, 'name'));
    const previous = bucket.get(key);
    bucket.set(key, obj);
    const event: StoreEvent = {
      type,
      storageKey,
      object: obj,
      rv: Number(metaString(obj, 'resourceVersion')),
    };
    if (previous && type === 'MODIFIED') event.previous = previous;
    this.emit(event);
  }

  remove(storageKey: string, obj: KubeObject): void {
    const bucket = this.objects.get(storageKey);
    const key = objectKey(metaString(obj, 'namespace'), metaString(obj, 'name'));
    if (!bucket?.delete(key)) return;
    // A DELETED event carries the object with a fresh resourceVersion, as the apiserver does.
    const rv = this.nextResourceVersion();
    const gone: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    this.emit({ type: 'DELETED', storageKey, object: gone, rv });
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Events after `rv` still in the history, or undefined when `rv` is older than the history
   * (the apiserver answers 410 Gone then).
   */
  eventsSince(rv: number): StoreEvent[] | undefined {
    const oldest = this.history.length ? this.history[0].rv : this.rv + 1;
    if (rv < oldest - 1 && this.history.length >= HISTORY_LIMIT) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    for (const listener of [...this.listeners]) listener(event);
    this.scheduleSave();
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // no state yet
    }
    let state: PersistedState;
    try {
      state = JSON.parse(text) as PersistedState;
      if (typeof state.resourceVersion !== 'number' || !Array.isArray(state.objects))
        throw new Error('not an emulator state file');
    } catch (err) {
      throw new Error(
        `kube emulator: cannot load state file ${file}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    this.rv = state.resourceVersion;
    for (const { storageKey, object } of state.objects) {
      if (!isJsonObject(object.metadata)) continue;
      let bucket = this.objects.get(storageKey);
      if (!bucket) {
        bucket = new Map();
        this.objects.set(storageKey, bucket);
      }
      bucket.set(objectKey(metaString(object, 'namespace'), metaString(object, 'name')), object);
    }
  }

  private scheduleSave(): void {
    if (!this.persistFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, 50);
  }

  /** Writes the state file at once (atomically: temp file then rename). */
  saveNow(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (!this.persistFile) return;
    const state: PersistedState = { resourceVersion: this.rv, objects: [] };
    for (const [storageKey, bucket] of this.objects) {
      for (const object of bucket.values()) state.objects.push({ storageKey, object });
    }
    mkdirSync(dirname(this.persistFile), { recursive: true });
    const tmp = `${this.persistFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, this.persistFile);
  }

  /** Flushes a pending save; the store stays usable. */
  close(): void {
    if (this.saveTimer) this.saveNow();
  }
}
