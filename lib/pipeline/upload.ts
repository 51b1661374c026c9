/**
 * An object was created in the bucket: if it is a release request, check it as far as can be done
 * without touching the cluster's objects (load the exact object version with the hardened loader,
 * merge the values objects, process dependencies, validate the schema, render), decide the
 * operation from the release history, and queue one message. Every request ends with a status
 * object beside it: `queued` or `rejected` with the reason.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { loadArchive, MAX_ARCHIVE_SIZE } from '../chart/index.ts';
import type { GoMap } from '../go/value.ts';
import type { Release } from '../release/index.ts';
import { clientCapabilities, renderRelease, checkInstallable } from '../render/template.ts';
import type { Capabilities } from '../render/capabilities.ts';
import { createKubeClient } from '../kube/index.ts';
import { mergeMaps, readValuesFile } from '../values/index.ts';
import {
  BucketKeyError,
  classifyKey,
  orderValuesKeys,
  decodeEventKey,
  parseRequestOptions,
  statusKey,
  type RequestKey,
} from './bucket.ts';
import {
  requestIdForObject,
  sha256Hex,
  type Operation,
  type OperationMessage,
  type ValuesSource,
} from './message.ts';
import {
  errorMessage,
  needsInstall,
  since,
  type ClusterResolver,
  type HistoryReader,
  type PipelineLogger,
  type PipelineMetrics,
} from './observe.ts';
import { sendOperation, type QueueUrls } from './queue.ts';
import { getObject, listKeys } from './s3.ts';
import { readStatus, writeStatus, type RequestStatus } from './status.ts';

/** One ObjectCreated record, key already URL-decoded. */
export interface UploadEvent {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly sequencer?: string;
  readonly size?: number;
}

/** The ObjectCreated records of an S3 notification, keys decoded. */
export function uploadEvents(event: S3Event): UploadEvent[] {
  return event.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeEventKey(r.s3.object.key),
    ...(r.s3.object.versionId ? { versionId: r.s3.object.versionId } : {}),
    ...(r.s3.object.eTag ? { eTag: r.s3.object.eTag } : {}),
    ...(r.s3.object.sequencer ? { sequencer: r.s3.object.sequencer } : {}),
    ...(typeof r.s3.object.size === 'number' ? { size: r.s3.object.size } : {}),
  }));
}

export interface UploadDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrls: QueueUrls;
  readonly resolveCluster: ClusterResolver;
  readonly readHistory: HistoryReader;
  readonly log: PipelineLogger;
  readonly metrics: PipelineMetrics;
  readonly now: () => Date;
  /**
   * Capabilities for the validation render. Default: the target cluster's (its Kubernetes version
   * and APIs decide `kubeVersion` constraints and `.Capabilities` branches), or Helm's client-only
   * ones when the cluster cannot be asked.
   */
  readonly capabilities?: Capabilities;
}

export type UploadOutcome =
  | { readonly kind: 'ignored'; readonly key: string; readonly reason: string }
  | { readonly kind: 'duplicate'; readonly key: string; readonly requestId: string; readonly state: string }
  | { readonly kind: 'rejected'; readonly key: string; readonly requestId: string; readonly reason: string }
  | {
      readonly kind: 'queued';
      readonly key: string;
      readonly requestId: string;
      readonly operation: Operation;
      readonly messageId: string;
    };

/** A request that cannot be accepted; its message is the reason the status object shows. */
class Rejection extends Error {}

function reject(err: unknown, context: string): never {
  throw new Rejection(`${context}: ${errorMessage(err)}`);
}

export async function handleUpload(deps: UploadDeps, ev: UploadEvent): Promise<UploadOutcome> {
  const { s3, log } = deps;
  const requestId = requestIdForObject(ev);
  const fields = { requestId, bucket: ev.bucket, key: ev.key, versionId: ev.versionId };
  let request: RequestKey;
  try {
    const role = classifyKey(ev.key);
    if (role.role !== 'request')
      return { kind: 'ignored', key: ev.key, reason: `not a request (${role.role})` };
    request = role.request;
  } catch (err) {
    if (!(err instanceof BucketKeyError)) throw err;
    return finishRejected(deps, ev, requestId, err.message, {});
  }
  const target = { cluster: request.cluster, namespace: request.namespace, release: request.release };
  const status = statusKey(ev.key);
  const previous = await readStatus(s3, ev.bucket, status);
  if (previous && previous.requestId === requestId) {
    log.info('request already handled', { ...fields, state: previous.state });
    return { kind: 'duplicate', key: ev.key, requestId, state: previous.state };
  }
  const base = { ...target, key: ev.key, versionId: ev.versionId };
  try {
    if (ev.size !== undefined && ev.size > MAX_ARCHIVE_SIZE && request.kind === 'deploy') {
      throw new Rejection(`chart archive is ${ev.size} bytes, over the ${MAX_ARCHIVE_SIZE}-byte limit`);
    }
    const obj = await getObject(s3, ev.bucket, ev.key, ev.versionId);
    if (!obj) return { kind: 'ignored', key: ev.key, reason: 'the object no longer exists' };
    let opts;
    try {
      opts = parseRequestOptions(request, obj.metadata);
    } catch (err) {
      throw new Rejection(errorMessage(err));
    }
    let kubeConfig;
    try {
      kubeConfig = await deps.resolveCluster(request.cluster);
    } catch (err) {
      reject(err, `cluster "${request.cluster}"`);
    }
    let history: Release[] | null = null;
    try {
      history = await deps.readHistory(kubeConfig, target);
    } catch (err) {
      // The worker observes the release again before acting; a hint is enough here.
      log.warn('release history unreadable at upload; the worker decides', {
        ...fields,
        error: errorMessage(err),
      });
    }
    let capabilities = deps.capabilities;
    if (!capabilities && request.kind === 'deploy') {
      try {
        capabilities = await createKubeClient(kubeConfig).capabilities();
      } catch (err) {
        log.warn('cluster capabilities unreadable at upload; validating with the default ones', {
          ...fields,
          error: errorMessage(err),
        });
      }
    }
    const sha256 = sha256Hex(obj.bytes);
    let operation: Operation;
    let chartAndValues: Pick<OperationMessage, 'chart' | 'values'> = {};
    if (request.kind === 'deploy') {
      operation = history === null || needsInstall(history) ? 'install' : 'upgrade';
      const values = await readValuesObjects(deps, ev.bucket, request);
      // With --reuse-values the upgrade starts from the deployed values; validate what it will render.
      const reuse =
        operation === 'upgrade' &&
        (opts.options.reuseValues === true || opts.options.resetThenReuseValues === true);
      const previous = reuse && history ? lastConfig(history) : null;
      const checked = previous ? mergeMaps(previous, values.merged) : values.merged;
      validateChart(
        deps,
        obj.bytes,
        ev.key,
        request,
        checked,
        operation === 'upgrade',
        opts.options,
        capabilities ?? clientCapabilities(undefined),
      );
      chartAndValues = {
        chart: {
          bucket: ev.bucket,
          key: ev.key,
          ...(obj.versionId ? { versionId: obj.versionId } : {}),
          sha256,
          size: obj.bytes.length,
        },
        values: values.sources,
      };
      deps.metrics.addMetric('ChartBytes', 'Bytes', obj.bytes.length);
    } else {
      operation = request.kind;
      if (history !== null && history.length === 0)
        throw new Rejection(`release "${request.release}": release: not found`);
    }
    const message: OperationMessage = {
      schemaVersion: 1,
      requestId,
      operation,
      ...target,
      ...chartAndValues,
      options: opts.options,
      origin: {
        kind: 's3',
        bucket: ev.bucket,
        key: ev.key,
        ...(ev.versionId ? { versionId: ev.versionId } : {}),
        ...(ev.eTag ? { eTag: ev.eTag } : {}),
        ...(ev.sequencer ? { sequencer: ev.sequencer } : {}),
        statusKey: status,
      },
      createdAt: deps.now().toISOString(),
    };
    const sent = await sendOperation(deps.sqs, deps.queueUrls, message, { s3, bucket: ev.bucket });
    const queued: RequestStatus = {
      state: 'queued',
      requestId,
      ...base,
      operation,
      sha256,
      messageId: sent.messageId,
      ...(opts.ignored.length > 0 ? { ignoredMetadata: opts.ignored } : {}),
      updatedAt: deps.now().toISOString(),
    };
    await writeStatus(s3, ev.bucket, status, queued);
    log.info('request queued', {
      ...fields,
      ...target,
      operation,
      messageId: sent.messageId,
      claim: sent.claimKey,
    });
    deps.metrics.addMetric('RequestsQueued', 'Count', 1);
    return { kind: 'queued', key: ev.key, requestId, operation, messageId: sent.messageId };
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    return finishRejected(deps, ev, requestId, err.message, base);
  }
}

async function finishRejected(
  deps: UploadDeps,
  ev: UploadEvent,
  requestId: string,
  reason: string,
  base: Partial<RequestStatus>,
): Promise<UploadOutcome> {
  await writeStatus(deps.s3, ev.bucket, statusKey(ev.key), {
    state: 'rejected',
    requestId,
    key: ev.key,
    ...base,
    reason,
    updatedAt: deps.now().toISOString(),
  });
  deps.log.warn('request rejected', { requestId, bucket: ev.bucket, key: ev.key, reason });
  deps.metrics.addMetric('RequestsRejected', 'Count', 1);
  return { kind: 'rejected', key: ev.key, requestId, reason };
}

/** The user values of the newest revision (what --reuse-values starts from). */
function lastConfig(history: readonly Release[]): GoMap | null {
  let newest: Release | null = null;
  for (const r of history) if (!newest || (r.version ?? 0) > (newest.version ?? 0)) newest = r;
  return newest?.config ?? null;
}

/** The values objects of the release folder, parsed (a YAML error rejects) and merged in order. */
async function readValuesObjects(
  deps: UploadDeps,
  bucket: string,
  request: RequestKey,
): Promise<{ sources: ValuesSource[]; merged: GoMap }> {
  const keys = orderValuesKeys(request.prefix, await listKeys(deps.s3, bucket, request.prefix));
  const sources: ValuesSource[] = [];
  let merged: GoMap = new Map();
  for (const key of keys) {
    const obj = await getObject(deps.s3, bucket, key);
    if (!obj) continue;
    const yaml = new TextDecoder().decode(obj.bytes);
    try {
      merged = mergeMaps(merged, readValuesFile(key, yaml));
    } catch (err) {
      throw new Rejection(errorMessage(err));
    }
    sources.push({
      name: key,
      ...(obj.versionId ? { versionId: obj.versionId } : {}),
      sha256: sha256Hex(obj.bytes),
      yaml,
    });
  }
  return { sources, merged };
}

/** Loads and renders as the operation will; any error rejects the request. */
function validateChart(
  deps: UploadDeps,
  bytes: Uint8Array,
  key: string,
  request: RequestKey,
  values: GoMap,
  isUpgrade: boolean,
  options: Record<string, string | number | boolean>,
  capabilities: Capabilities,
): void {
  const started = performance.now();
  try {
    const chart = loadArchive(bytes, key);
    checkInstallable(chart);
    renderRelease(
      chart,
      {
        releaseName: request.release,
        namespace: request.namespace,
        values,
        isUpgrade,
        skipSchemaValidation: options.skipSchemaValidation === true,
      },
      capabilities,
    );
  } catch (err) {
    throw new Rejection(errorMessage(err));
  } finally {
    deps.metrics.addMetric('RenderTime', 'Milliseconds', since(started));
  }
}
