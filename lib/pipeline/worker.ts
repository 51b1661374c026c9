/**
 * The operation worker behind the install/upgrade/rollback/uninstall queues. Each message is handled
 * as a small reconcile step, safe under at-least-once delivery: observe the release (history, a
 * saved continuation, the request's own mark on the newest revision), decide one action, run it
 * under the release lease, record the outcome in the status object. What the queue then does with
 * the message follows from how the step ended:
 *
 * - done (succeeded or failed as an operation)    → deleted
 * - suspended at the Lambda deadline              → state saved in S3, retried after a short delay
 * - another operation holds the release           → retried with backoff, never dead-lettered
 * - transient (cluster, S3, throttling)           → retried with backoff, dead-lettered at the limit
 * - poison (schema, unknown cluster, bad options) → sent to the dead-letter queue with its reason
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KubeConfig } from '@kubernetes/client-node';
import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  install,
  newConfiguration,
  resumeOperation,
  rollback,
  uninstall,
  upgrade,
  type Configuration,
  type InstallOptions,
  type OperationResult,
  type RollbackOptions,
  type Suspended,
  type UninstallOptions,
  type UpgradeOptions,
} from '../action/index.ts';
import { loadArchive } from '../chart/index.ts';
import type { GoMap } from '../go/value.ts';
import { KubeApiError, KubeTransportError } from '../kube/errors.ts';
import type { KubeClient } from '../kube/types.ts';
import { encodeRelease, isPending, type Release } from '../release/index.ts';
import {
  LeaseLostError,
  OPERATION_IN_PROGRESS,
  OperationInProgressError,
  ReleaseNotFoundError,
  SecretsApiError,
} from '../storage/index.ts';
import { mergeMaps, readValuesFile } from '../values/index.ts';
import { optionsProblem, DEAD_LETTERS_PREFIX, CONTINUATIONS_PREFIX } from './bucket.ts';
import { ClusterConfigError, UnknownClusterError } from './clusters.ts';
import { InvalidMessageError, sha256Hex, type OperationMessage } from './message.ts';
import {
  errorMessage,
  needsInstall,
  since,
  type ClusterResolver,
  type PipelineLogger,
  type PipelineMetrics,
} from './observe.ts';
import { readOperation } from './queue.ts';
import { getJson, getObject, putJson } from './s3.ts';
import { readStatus, writeStatus, type RequestState, type RequestStatus } from './status.ts';

/** The label slipway puts on each revision it writes: which request made it (idempotency). */
export const REQUEST_LABEL = 'slipway.dev/request-id';

/** The release verbs the worker runs (lib/action's; injectable to observe them in tests). */
export interface ReleaseActions {
  install(cfg: Configuration, opts: InstallOptions): Promise<OperationResult>;
  upgrade(cfg: Configuration, opts: UpgradeOptions): Promise<OperationResult>;
  rollback(cfg: Configuration, opts: RollbackOptions): Promise<OperationResult>;
  uninstall(cfg: Configuration, opts: UninstallOptions): Promise<{ release: Release }>;
  resumeOperation(cfg: Configuration, s: Suspended, opts: { deadline?: Date }): Promise<OperationResult>;
}

export const libActions: ReleaseActions = { install, upgrade, rollback, uninstall, resumeOperation };

export interface WorkerDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** Bucket for continuations and dead-letter reasons. */
  readonly bucket: string;
  /** The queue this worker consumes (for visibility changes). */
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  /** The queue's redrive maxReceiveCount: at the last receive a transient failure is dead-lettered here, with its reason. */
  readonly maxReceiveCount: number;
  readonly resolveCluster: ClusterResolver;
  /** A Configuration for one operation (default: lib/action's newConfiguration). */
  readonly connect?: (kubeConfig: KubeConfig, namespace: string, leaseOwner: string) => Configuration;
  readonly actions?: ReleaseActions;
  readonly log: PipelineLogger;
  readonly metrics: PipelineMetrics;
  readonly now: () => Date;
  /** Kept free before the Lambda timeout for recording the outcome (default 20 s). */
  readonly deadlineMarginMs?: number;
  /** First retry delay while another operation holds the release (default 5 s; doubles, at most 300 s). */
  readonly busyRetrySeconds?: number;
  /** First retry delay after a transient failure (default 10 s; doubles, at most 300 s). */
  readonly transientRetrySeconds?: number;
}

export interface InvocationContext {
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Thrown to report the record as a batch item failure (its visibility was already set). */
export class RetryLater extends Error {
  readonly delaySeconds: number;
  constructor(reason: string, delaySeconds: number) {
    super(reason);
    this.name = 'RetryLater';
    this.delaySeconds = delaySeconds;
  }
}

/** A message that can never succeed; the reason goes with it to the dead-letter queue. */
class Poison extends Error {}

/** How a step ended; `revision` names a suspended revision (no final record yet). */
type Outcome = { state: RequestState; release?: Release; reason?: string; revision?: number };

const MAX_VISIBILITY_S = 300;
/** After a suspension the continuation runs again almost at once (the wait resumes polling). */
const CONTINUE_DELAY_S = 1;

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err; e !== undefined && out.length < 10; e = (e as { cause?: unknown })?.cause) {
    out.push(e);
    if (!(e instanceof Error)) break;
  }
  return out;
}

export type FailureKind = 'in-progress' | 'transient' | 'lease-lost' | 'failed';

/** How an error thrown by an action or the cluster should be treated. */
export function classifyError(err: unknown): FailureKind {
  const chain = causes(err);
  if (
    chain.some(
      (e) =>
        e instanceof OperationInProgressError || (e instanceof Error && e.message === OPERATION_IN_PROGRESS),
    )
  ) {
    return 'in-progress';
  }
  if (chain.some((e) => e instanceof LeaseLostError)) return 'lease-lost';
  const retryableStatus = (code: number) => code === 429 || (code >= 500 && code !== 501);
  for (const e of chain) {
    if (e instanceof KubeTransportError) return 'transient';
    if (e instanceof KubeApiError && retryableStatus(e.code)) return 'transient';
    if (e instanceof SecretsApiError && retryableStatus(e.status)) return 'transient';
    if (e instanceof Error && e.message.startsWith('Kubernetes cluster unreachable')) return 'transient';
  }
  return 'failed';
}

function backoffSeconds(receiveCount: number, base: number): number {
  return Math.min(MAX_VISIBILITY_S, base * 2 ** Math.min(Math.max(receiveCount - 1, 0), 8));
}

function continuationKey(requestId: string): string {
  return `${CONTINUATIONS_PREFIX}${requestId}.json`;
}

/** A request id as a label value (at most 63 characters, alphanumeric at both ends). */
export function requestLabel(requestId: string): string {
  return requestId.slice(0, 63).replace(/[^A-Za-z0-9]+$/, '');
}

function newestOf(history: readonly Release[]): Release | null {
  let best: Release | null = null;
  for (const r of history) if (!best || (r.version ?? 0) > (best.version ?? 0)) best = r;
  return best;
}

function stateOf(rel: Release): RequestState {
  const s = rel.info?.status ?? '';
  return s === 'deployed' || s === 'uninstalled' || s === 'superseded' ? 'succeeded' : 'failed';
}

/** The kube client with the time spent applying (create/update/delete) and waiting added up. */
export function timedKube(kube: KubeClient, timings: { apply: number; wait: number }): KubeClient {
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, into: 'apply' | 'wait') =>
    async (...args: A): Promise<R> => {
      const t = performance.now();
      try {
        return await fn(...args);
      } finally {
        timings[into] += performance.now() - t;
      }
    };
  return {
    isReachable: () => kube.isReachable(),
    capabilities: () => kube.capabilities(),
    build: (m, ns) => kube.build(m, ns),
    get: (i) => kube.get(i),
    lookup: (a, k, ns, n) => kube.lookup(a, k, ns, n),
    create: timed((i) => kube.create(i), 'apply'),
    createAll: timed((i) => kube.createAll(i), 'apply'),
    update: timed((o, t, opts) => kube.update(o, t, opts), 'apply'),
    delete: timed((i, p) => kube.delete(i, p), 'apply'),
    createNamespace: timed((n) => kube.createNamespace(n), 'apply'),
    waitForReady: timed((i, o) => kube.waitForReady(i, o), 'wait'),
    waitForDelete: timed((i, o) => kube.waitForDelete(i, o), 'wait'),
    watchUntilReady: timed((i, o) => kube.watchUntilReady(i, o), 'wait'),
    podLogs: (ns, n) => kube.podLogs(ns, n),
  };
}

/** Handles one SQS record; throws RetryLater to leave it on the queue. */
export async function handleRecord(
  deps: WorkerDeps,
  record: SQSRecord,
  ctx: InvocationContext,
): Promise<void> {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
  const log = deps.log;
  let msg: OperationMessage | undefined;
  try {
    try {
      msg = await readOperation(record.body, deps.s3);
    } catch (err) {
      if (err instanceof InvalidMessageError) throw new Poison(err.message);
      throw err;
    }
    const kind = msg.operation === 'install' || msg.operation === 'upgrade' ? 'deploy' : msg.operation;
    const problem = optionsProblem(kind, msg.options);
    if (problem) throw new Poison(`request ${msg.requestId}: ${problem}`);
    const fields = {
      requestId: msg.requestId,
      cluster: msg.cluster,
      namespace: msg.namespace,
      release: msg.release,
    };
    let kubeConfig: KubeConfig;
    try {
      kubeConfig = await deps.resolveCluster(msg.cluster);
    } catch (err) {
      if (err instanceof UnknownClusterError || err instanceof ClusterConfigError)
        throw new Poison(err.message);
      throw err;
    }
    const connect =
      deps.connect ??
      ((kc: KubeConfig, namespace: string, leaseOwner: string) =>
        newConfiguration({
          kubeConfig: kc,
          namespace,
          leaseOwner,
          log: (m) => log.debug(m, fields),
          warn: (m) => log.warn(m, fields),
        }));
    const timings = { apply: 0, wait: 0 };
    const base = connect(kubeConfig, msg.namespace, ctx.awsRequestId);
    const cfg: Configuration = { ...base, kube: timedKube(base.kube, timings) };
    const margin = deps.deadlineMarginMs ?? 20_000;
    const deadline = new Date(
      deps.now().getTime() + Math.max(ctx.getRemainingTimeInMillis() - margin, 1_000),
    );
    const previous = await finalStatus(deps, msg);
    if (previous) {
      // Redelivered after it finished (e.g. the delete was lost): nothing to do again.
      log.info('request already finished', { ...fields, state: previous });
      return;
    }
    await report(deps, msg, { state: 'running' });
    const started = performance.now();
    const outcome = await step(deps, cfg, msg, deadline);
    deps.metrics.addMetric('OperationTime', 'Milliseconds', since(started));
    deps.metrics.addMetric('ApplyTime', 'Milliseconds', Math.round(timings.apply));
    deps.metrics.addMetric('WaitTime', 'Milliseconds', Math.round(timings.wait));
    if (outcome.state === 'waiting') {
      await report(deps, msg, outcome);
      if (receiveCount >= deps.maxReceiveCount - 1) {
        // A long wait must not run the message into SQS's redrive: continue from a fresh copy.
        await requeue(deps, record, receiveCount);
        log.info('operation suspended at the deadline; continuing from a fresh message', { ...fields });
        return;
      }
      await setVisibility(deps, record, CONTINUE_DELAY_S);
      log.info('operation suspended at the deadline; continuing', { ...fields, reason: outcome.reason });
      throw new RetryLater('suspended', CONTINUE_DELAY_S);
    }
    if (outcome.release)
      deps.metrics.addMetric('RecordSize', 'Bytes', Buffer.byteLength(encodeRelease(outcome.release)));
    await report(deps, msg, outcome);
    log.info('operation finished', {
      ...fields,
      operation: msg.operation,
      state: outcome.state,
      revision: outcome.release?.version,
      releaseStatus: outcome.release?.info?.status,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
  } catch (err) {
    if (err instanceof RetryLater) throw err;
    if (err instanceof Poison) return deadLetter(deps, record, err.message, msg);
    const kind = classifyError(err);
    const reason = errorMessage(err);
    if (kind === 'in-progress') {
      const delay = backoffSeconds(receiveCount, deps.busyRetrySeconds ?? 5);
      if (receiveCount >= deps.maxReceiveCount - 1 && msg) {
        // Never dead-letter a request only because the release was busy: queue it afresh.
        await requeue(deps, record, receiveCount);
        log.warn('release busy for the whole receive budget; request queued again', {
          requestId: msg.requestId,
          reason,
        });
        return;
      }
      await setVisibility(deps, record, delay);
      if (msg) await report(deps, msg, { state: 'queued', reason: `waiting: ${reason}` });
      log.info('another operation holds the release; retrying', {
        requestId: msg?.requestId,
        delaySeconds: delay,
      });
      throw new RetryLater(reason, delay);
    }
    if (receiveCount >= deps.maxReceiveCount) {
      return deadLetter(deps, record, `gave up after ${receiveCount} attempts: ${reason}`, msg);
    }
    const delay = backoffSeconds(receiveCount, deps.transientRetrySeconds ?? 10);
    await setVisibility(deps, record, delay);
    log.warn('transient failure; retrying', { requestId: msg?.requestId, reason, delaySeconds: delay });
    throw new RetryLater(reason, delay);
  }
}

/** Observe → decide → run: one reconcile step for one request. */
async function step(
  deps: WorkerDeps,
  cfg: Configuration,
  msg: OperationMessage,
  deadline: Date,
): Promise<Outcome> {
  const actions = deps.actions ?? libActions;
  // Always looked up: a continuation may arrive as a fresh copy (receive count 1).
  const saved = await getJson(deps.s3, deps.bucket, continuationKey(msg.requestId));
  if (saved !== null) return resume(deps, cfg, msg, saved as Suspended, deadline);
  const history = await readHistory(cfg, msg.release);
  const newest = newestOf(history);
  const label = requestLabel(msg.requestId);
  // Any revision, not only the newest: a request redelivered after later ones ran must not run again.
  const applied = newestOf(history.filter((r) => r.labels?.[REQUEST_LABEL] === label));
  if (applied && !isPending(applied.info?.status ?? '')) {
    // Redelivered after the operation finished: report what it did instead of doing it again.
    return outcomeOf(applied);
  }
  const common = {
    ...(msg.options as Record<string, unknown>),
    releaseName: msg.release,
    deadline,
  };
  try {
    switch (msg.operation) {
      case 'install':
      case 'upgrade': {
        const loaded = await loadRequest(deps, msg);
        if ('superseded' in loaded) return { state: 'superseded', reason: loaded.superseded };
        const labels = { [REQUEST_LABEL]: label };
        const result = needsInstall(history)
          ? await actions.install(cfg, {
              ...common,
              ...loaded,
              labels,
              replace: history.length > 0,
            } as InstallOptions)
          : await actions.upgrade(cfg, { ...common, ...loaded, labels } as UpgradeOptions);
        return finished(deps, msg, result);
      }
      case 'rollback':
        return finished(
          deps,
          msg,
          await actions.rollback(cfg, { ...common, labels: { [REQUEST_LABEL]: label } } as RollbackOptions),
        );
      case 'uninstall': {
        if (history.length === 0 || newest?.info?.status === 'uninstalled') {
          return {
            state: 'succeeded',
            reason: 'release is already uninstalled',
            ...(newest ? { release: newest } : {}),
          };
        }
        const { release } = await actions.uninstall(cfg, common as UninstallOptions);
        return { state: 'succeeded', release };
      }
    }
  } catch (err) {
    if (classifyError(err) !== 'failed') throw err;
    const after = newestOf(await readHistory(cfg, msg.release));
    return { state: 'failed', reason: errorMessage(err), ...(after ? { release: after } : {}) };
  }
}

async function resume(
  deps: WorkerDeps,
  cfg: Configuration,
  msg: OperationMessage,
  saved: Suspended,
  deadline: Date,
): Promise<Outcome> {
  const actions = deps.actions ?? libActions;
  try {
    return await finished(deps, msg, await actions.resumeOperation(cfg, saved, { deadline }));
  } catch (err) {
    if (classifyError(err) !== 'failed') throw err;
    await deleteContinuation(deps, msg);
    const after = newestOf(await readHistory(cfg, msg.release));
    if (after && !isPending(after.info?.status ?? '') && after.version === saved.revision) {
      // The operation finished (or was recovered) before this redelivery: report its record.
      return outcomeOf(after);
    }
    return { state: 'failed', reason: errorMessage(err), ...(after ? { release: after } : {}) };
  }
}

async function finished(deps: WorkerDeps, msg: OperationMessage, result: OperationResult): Promise<Outcome> {
  if (result.kind === 'suspended') {
    await putJson(deps.s3, deps.bucket, continuationKey(msg.requestId), result);
    return {
      state: 'waiting',
      reason: `revision ${result.revision} suspended in phase ${result.phase}`,
      revision: result.revision,
    };
  }
  await deleteContinuation(deps, msg);
  return outcomeOf(result.release);
}

/** The outcome a finished record shows; a failed record's description says why. */
function outcomeOf(rel: Release): Outcome {
  const state = stateOf(rel);
  const description = rel.info?.description ?? '';
  return { state, release: rel, ...(state === 'failed' && description ? { reason: description } : {}) };
}

async function deleteContinuation(deps: WorkerDeps, msg: OperationMessage): Promise<void> {
  await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.bucket, Key: continuationKey(msg.requestId) }));
}

async function readHistory(cfg: Configuration, name: string): Promise<Release[]> {
  try {
    return await cfg.storage.history(name);
  } catch (err) {
    if (err instanceof ReleaseNotFoundError) return [];
    throw err;
  }
}

/** The chart (exactly the accepted bytes) and the merged values of an install/upgrade request. */
async function loadRequest(
  deps: WorkerDeps,
  msg: OperationMessage,
): Promise<{ chart: ReturnType<typeof loadArchive>; values: GoMap } | { superseded: string }> {
  const ref = msg.chart;
  if (!ref) throw new Poison(`request ${msg.requestId}: ${msg.operation} without a chart`);
  const obj = await getObject(deps.s3, ref.bucket, ref.key, ref.versionId);
  if (!obj) return { superseded: `chart object s3://${ref.bucket}/${ref.key} no longer exists` };
  if (sha256Hex(obj.bytes) !== ref.sha256) {
    return {
      superseded: `chart object s3://${ref.bucket}/${ref.key} was replaced after this request was queued`,
    };
  }
  const started = performance.now();
  const chart = loadArchive(obj.bytes, ref.key);
  let values: GoMap = new Map();
  for (const source of msg.values ?? []) values = mergeMaps(values, readValuesFile(source.name, source.yaml));
  deps.metrics.addMetric('LoadTime', 'Milliseconds', since(started));
  return { chart, values };
}

const FINAL_STATES: ReadonlySet<RequestState> = new Set(['succeeded', 'failed', 'superseded']);

/** The final state this request's status object already records, if any. */
async function finalStatus(deps: WorkerDeps, msg: OperationMessage): Promise<RequestState | null> {
  const key = msg.origin.statusKey;
  if (!key || !msg.origin.bucket) return null;
  const status = await readStatus(deps.s3, msg.origin.bucket, key);
  return status && status.requestId === msg.requestId && FINAL_STATES.has(status.state) ? status.state : null;
}

async function report(deps: WorkerDeps, msg: OperationMessage, outcome: Outcome): Promise<void> {
  const key = msg.origin.statusKey;
  if (!key || !msg.origin.bucket) return;
  const rel = outcome.release;
  const status: RequestStatus = {
    state: outcome.state,
    requestId: msg.requestId,
    key: msg.origin.key ?? '',
    ...(msg.origin.versionId ? { versionId: msg.origin.versionId } : {}),
    cluster: msg.cluster,
    namespace: msg.namespace,
    release: msg.release,
    operation: msg.operation,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(rel?.version !== undefined
      ? { revision: rel.version }
      : outcome.revision !== undefined
        ? { revision: outcome.revision }
        : {}),
    ...(rel?.info?.status ? { releaseStatus: rel.info.status } : {}),
    ...(msg.chart ? { sha256: msg.chart.sha256 } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await writeStatus(deps.s3, msg.origin.bucket, key, status);
}

async function setVisibility(deps: WorkerDeps, record: SQSRecord, seconds: number): Promise<void> {
  await deps.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: deps.queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}

/** Sends the message again as a new one (fresh receive count), same group; the old one is then deleted. */
async function requeue(deps: WorkerDeps, record: SQSRecord, receiveCount: number): Promise<void> {
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.queueUrl,
      MessageBody: record.body,
      MessageGroupId: record.attributes.MessageGroupId,
      MessageDeduplicationId: `${record.messageId}-requeued-${receiveCount}`.slice(0, 128),
    }),
  );
}

/**
 * Dead-letters a message with its reason: SQS's own redrive would move it without one, so the
 * worker sends it to the DLQ itself (reason as message attribute), writes the reason to
 * `dead-letters/<message id>.json` and to the request's status object, and deletes the original.
 */
async function deadLetter(
  deps: WorkerDeps,
  record: SQSRecord,
  reason: string,
  msg?: OperationMessage,
): Promise<void> {
  const groupId = record.attributes.MessageGroupId ?? 'dead-letter';
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.deadLetterQueueUrl,
      MessageBody: record.body,
      MessageGroupId: groupId,
      MessageDeduplicationId: record.messageId,
      MessageAttributes: {
        'slipway-reason': { DataType: 'String', StringValue: reason.slice(0, 4000) },
        'slipway-source-queue': { DataType: 'String', StringValue: deps.queueUrl },
        'slipway-receive-count': {
          DataType: 'Number',
          StringValue: record.attributes.ApproximateReceiveCount ?? '1',
        },
      },
    }),
  );
  await putJson(deps.s3, deps.bucket, `${DEAD_LETTERS_PREFIX}${record.messageId}.json`, {
    reason,
    messageId: record.messageId,
    queueUrl: deps.queueUrl,
    groupId,
    ...(msg
      ? {
          requestId: msg.requestId,
          cluster: msg.cluster,
          namespace: msg.namespace,
          release: msg.release,
          operation: msg.operation,
        }
      : {}),
    at: deps.now().toISOString(),
  });
  if (msg) await report(deps, msg, { state: 'dead-lettered', reason });
  deps.log.error('message dead-lettered', { messageId: record.messageId, requestId: msg?.requestId, reason });
  deps.metrics.addMetric('DeadLettered', 'Count', 1);
}

/**
 * One SQS FIFO batch through Powertools' FIFO processor: records run in order; a record left on the
 * queue fails the rest of its group (skipGroupOnError), other groups go on. The skipped records get
 * the same visibility delay as the record that stopped their group, so the group resumes as one.
 */
export async function processOperationBatch(
  deps: WorkerDeps,
  event: SQSEvent,
  ctx: InvocationContext,
): Promise<SQSBatchResponse> {
  const delays = new Map<string, number>();
  const processor = new SqsFifoPartialProcessorAsync();
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      try {
        await handleRecord(deps, record, ctx);
      } catch (err) {
        delays.set(record.messageId, err instanceof RetryLater ? err.delaySeconds : 0);
        throw err;
      }
    },
    processor,
    { skipGroupOnError: true, throwOnFullBatchFailure: false },
  );
  const groupDelay = new Map<string, number>();
  for (const r of event.Records) {
    const d = delays.get(r.messageId);
    const g = r.attributes.MessageGroupId ?? '';
    if (d !== undefined && !groupDelay.has(g)) groupDelay.set(g, d);
  }
  for (const failure of response.batchItemFailures) {
    if (delays.has(failure.itemIdentifier)) continue;
    const record = event.Records.find((r) => r.messageId === failure.itemIdentifier);
    const delay = record ? groupDelay.get(record.attributes.MessageGroupId ?? '') : undefined;
    if (record && delay !== undefined) await setVisibility(deps, record, delay);
  }
  return { batchItemFailures: response.batchItemFailures };
}
