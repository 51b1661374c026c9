/**
 * The AWS resources the stack stands in for, as serverless.yml declares them: the chart bucket with its
 * notification filter, and per operation one FIFO queue, its FIFO dead-letter queue and the function
 * that consumes it.
 */
import type { UploadFilter } from './s3-events.ts';

export interface OperationQueueLayout {
  /** The operation (install, upgrade, rollback, uninstall). */
  operation: string;
  queueName: string;
  dlqName: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** The consuming function: its name, timeout and batch size. */
  functionName: string;
  timeoutSeconds: number;
  batchSize: number;
}

export interface StackLayout {
  bucket: string;
  /** The notification's filter rules; an upload matching any of them invokes the upload function. */
  filters: UploadFilter[];
  uploadFunction: { name: string; timeoutSeconds: number };
  releaseApiFunction: { name: string; timeoutSeconds: number };
  queues: OperationQueueLayout[];
}

export interface LayoutTuning {
  /** The stage in every resource name (default `local`). */
  stage?: string;
  /** Operation functions' timeout (serverless.yml: 900 s); the visibility timeout is six times it. */
  operationTimeoutSeconds?: number;
  /** Receives before a message moves to its DLQ (serverless.yml: 10). */
  maxReceiveCount?: number;
  uploadTimeoutSeconds?: number;
}

export const OPERATION_NAMES = ['install', 'upgrade', 'rollback', 'uninstall'] as const;

/**
 * serverless.yml's resources for a stage: the bucket `slipway-<stage>-releases` notifying on
 * `releases/` keys ending in `.tgz`, `/ROLLBACK` or `/UNINSTALL`; per operation the FIFO queue
 * `slipway-<stage>-<op>.fifo` (visibility six times the function timeout) with the FIFO DLQ
 * `slipway-<stage>-<op>-dlq.fifo`, consumed by `slipway-<stage>-<op>` with batch size 1.
 */
export function defaultLayout(tuning: LayoutTuning = {}): StackLayout {
  const prefix = `slipway-${tuning.stage ?? 'local'}`;
  const timeout = tuning.operationTimeoutSeconds ?? 900;
  return {
    bucket: `${prefix}-releases`,
    filters: [
      { prefix: 'releases/', suffix: '.tgz' },
      { prefix: 'releases/', suffix: '/ROLLBACK' },
      { prefix: 'releases/', suffix: '/UNINSTALL' },
    ],
    uploadFunction: { name: `${prefix}-chart-uploaded`, timeoutSeconds: tuning.uploadTimeoutSeconds ?? 120 },
    releaseApiFunction: { name: `${prefix}-release-api`, timeoutSeconds: 60 },
    queues: OPERATION_NAMES.map((operation) => ({
      operation,
      queueName: `${prefix}-${operation}.fifo`,
      dlqName: `${prefix}-${operation}-dlq.fifo`,
      visibilityTimeoutSeconds: timeout * 6,
      maxReceiveCount: tuning.maxReceiveCount ?? 10,
      functionName: `${prefix}-${operation}`,
      timeoutSeconds: timeout,
      batchSize: 1,
    })),
  };
}
