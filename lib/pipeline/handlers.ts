/**
 * The Lambda handlers as factories over injectable dependencies (clients, queue URLs, cluster
 * resolver, clock); functions/ builds them from the environment.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Operation } from './message.ts';
import { secretsHistory, type ClusterResolver, type HistoryReader } from './observe.ts';
import type { QueueUrls } from './queue.ts';
import { handleUpload, uploadEvents, type UploadOutcome } from './upload.ts';
import { processOperationBatch, type ReleaseActions, type WorkerDeps } from './worker.ts';
import { handleReleaseApi, type ReleaseApiDeps, type ReleaseApiResponse } from './release-api.ts';
import {
  deadLetterTarget,
  observability,
  pipelineLogger,
  withObservability,
  type Observability,
} from './lambda.ts';

export interface HandlerDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly resolveCluster: ClusterResolver;
  readonly now?: () => Date;
  readonly observability?: Observability;
}

export interface ChartUploadedDeps extends HandlerDeps {
  readonly queueUrls: QueueUrls;
  readonly readHistory?: HistoryReader;
}

export function createChartUploadedHandler(deps: ChartUploadedDeps) {
  const obs = deps.observability ?? observability('chart-uploaded');
  const upload = {
    ...deps,
    readHistory: deps.readHistory ?? secretsHistory,
    log: pipelineLogger(obs.logger),
    metrics: obs.metrics,
    now: deps.now ?? (() => new Date()),
  };
  return withObservability(obs, async (event: S3Event): Promise<{ outcomes: UploadOutcome[] }> => {
    const outcomes: UploadOutcome[] = [];
    for (const ev of uploadEvents(event)) outcomes.push(await handleUpload(upload, ev));
    return { outcomes };
  });
}

export interface OperationHandlerDeps extends HandlerDeps {
  readonly bucket: string;
  /** The queue this function consumes. */
  readonly queueUrl: string;
  /** Default: the queue's RedrivePolicy. */
  readonly deadLetter?: { url: string; maxReceiveCount: number };
  readonly actions?: ReleaseActions;
  readonly connect?: WorkerDeps['connect'];
  readonly deadlineMarginMs?: number;
  readonly busyRetrySeconds?: number;
}

export function createOperationHandler(operation: Operation, deps: OperationHandlerDeps) {
  const obs = deps.observability ?? observability(operation);
  let target: Promise<{ url: string; maxReceiveCount: number }> | undefined;
  return withObservability(obs, async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    target ??= deps.deadLetter
      ? Promise.resolve(deps.deadLetter)
      : deadLetterTarget(deps.sqs, deps.queueUrl, operation);
    const dlq = await target.catch((err: unknown) => {
      target = undefined;
      throw err;
    });
    const worker: WorkerDeps = {
      ...deps,
      deadLetterQueueUrl: dlq.url,
      maxReceiveCount: dlq.maxReceiveCount,
      log: pipelineLogger(obs.logger),
      metrics: obs.metrics,
      now: deps.now ?? (() => new Date()),
    };
    return processOperationBatch(worker, event, context);
  });
}

export interface ReleaseApiHandlerDeps {
  readonly s3: S3Client;
  readonly bucket?: string;
  readonly resolveCluster: ClusterResolver;
  readonly connect?: ReleaseApiDeps['connect'];
  readonly observability?: Observability;
}

/** Direct invoke; a refused request or a failed read throws (Lambda reports errorType/errorMessage). */
export function createReleaseApiHandler(deps: ReleaseApiHandlerDeps) {
  const obs = deps.observability ?? observability('release-api');
  const log = pipelineLogger(obs.logger);
  return withObservability(obs, async (event: unknown): Promise<ReleaseApiResponse> => {
    try {
      return await handleReleaseApi({ ...deps, metrics: obs.metrics }, event);
    } catch (err) {
      log.warn('release API request failed', { error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  });
}
