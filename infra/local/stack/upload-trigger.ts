/**
 * The bucket's notification: every upload matching the filter invokes the chart-uploaded function
 * with a real S3 event, one at a time in upload order. A failed invocation is retried twice, as
 * Lambda retries asynchronous invocations.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import type { MessageSpyReader } from 'fauxqs';
import { invoke, type FunctionConfig, type LambdaHandler } from './lambda.ts';
import { describeUpload, matchesFilter, s3Event, type UploadFilter } from './s3-events.ts';
import type { StackListener } from './events.ts';

export interface UploadTriggerOptions {
  spy: MessageSpyReader;
  s3: S3Client;
  bucket: string;
  filters: UploadFilter[];
  fn: FunctionConfig;
  handler: LambdaHandler<S3Event, unknown>;
  listener: StackListener;
  /** Attempts after the first (Lambda: 2). */
  retries?: number;
  retryDelayMs?: number;
}

export class UploadTrigger {
  readonly #options: UploadTriggerOptions;
  readonly #pending: string[] = [];
  #sequence = 0;
  #running: Promise<void> | undefined;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: UploadTriggerOptions) {
    this.#options = options;
  }

  start(): void {
    const { spy, bucket, filters } = this.#options;
    // The predicate sees every event the spy records, synchronously and in order; it never matches, so
    // the wait stays registered for the life of the server and no event is lost to buffer eviction.
    spy
      .waitForMessage((m) => {
        if (!this.#stopped && m.service === 's3' && m.status === 'uploaded' && m.bucket === bucket) {
          if (filters.some((f) => matchesFilter(m.key, f))) this.#enqueue(m.key);
        }
        return false;
      })
      .catch(() => {
        /* the spy was cleared on shutdown */
      });
  }

  /** Resolves once every upload heard so far has been handled. */
  idle(): Promise<void> {
    if (!this.#running && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#pending.length = 0;
    await this.#running;
  }

  #enqueue(key: string): void {
    this.#pending.push(key);
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    });
  }

  async #drain(): Promise<void> {
    for (let key = this.#pending.shift(); key !== undefined && !this.#stopped; key = this.#pending.shift()) {
      await this.#deliver(key);
    }
  }

  /** S3's sequencers grow with time per key; time-based ones stay unique across restarts of the stack. */
  #nextSequencer(): string {
    return (BigInt(Date.now()) * 4096n + BigInt(++this.#sequence % 4096))
      .toString(16)
      .toUpperCase()
      .padStart(18, '0');
  }

  async #deliver(key: string): Promise<void> {
    const { s3, bucket, fn, handler, listener } = this.#options;
    const retries = this.#options.retries ?? 2;
    const object = await describeUpload(s3, bucket, key, this.#nextSequencer()).catch((err: unknown) => {
      listener({ type: 'upload-failed', key, error: asError(err), attempt: 0, final: true });
      return undefined;
    });
    if (!object) return;
    listener({ type: 'upload-seen', bucket, key, size: object.size });
    const event = s3Event(object, fn.region);
    for (let attempt = 1; attempt <= retries + 1 && !this.#stopped; attempt++) {
      try {
        const result = await invoke(handler, event, fn);
        listener({ type: 'upload-handled', key, result });
        return;
      } catch (err) {
        const final = attempt === retries + 1;
        listener({ type: 'upload-failed', key, error: asError(err), attempt, final });
        if (!final) await new Promise((r) => setTimeout(r, this.#options.retryDelayMs ?? 1000));
      }
    }
  }
}

export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
