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
