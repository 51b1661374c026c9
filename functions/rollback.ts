/**
 * The rollback queue's consumer (SQS FIFO, ReportBatchItemFailures): runs each message through the
 * shared operation worker. Environment: SLIPWAY_BUCKET, SLIPWAY_QUEUE_ROLLBACK_URL, SLIPWAY_CLUSTERS
 * (or SLIPWAY_CLUSTERS_PARAMETER), optional SLIPWAY_DLQ_ROLLBACK_URL + SLIPWAY_MAX_RECEIVE_COUNT
 * (default: the queue's RedrivePolicy), POWERTOOLS_*; see README "The pipeline".
 */
import { createOperationHandler, type OperationHandlerDeps } from '../lib/pipeline/handlers.ts';
import { awsClients, lazyHandler, requiredEnv } from '../lib/pipeline/lambda.ts';
import { resolveCluster } from '../lib/pipeline/clusters.ts';

export function createHandler(deps: OperationHandlerDeps) {
  return createOperationHandler('rollback', deps);
}

export const handler = lazyHandler(() =>
  createHandler({
    ...awsClients(),
    bucket: requiredEnv('SLIPWAY_BUCKET'),
    queueUrl: requiredEnv('SLIPWAY_QUEUE_ROLLBACK_URL'),
    resolveCluster: (name) => resolveCluster(name),
  }),
);
