/**
 * S3 ObjectCreated (charts under releases/, ROLLBACK and UNINSTALL markers): validate the request
 * and queue its operation. Environment: SLIPWAY_QUEUE_<OP>_URL, SLIPWAY_CLUSTERS (or
 * SLIPWAY_CLUSTERS_PARAMETER), POWERTOOLS_*; see README "The pipeline".
 */
import { createChartUploadedHandler, type ChartUploadedDeps } from '../lib/pipeline/handlers.ts';
import { awsClients, lazyHandler } from '../lib/pipeline/lambda.ts';
import { queueUrlsFromEnv } from '../lib/pipeline/queue.ts';
import { resolveCluster } from '../lib/pipeline/clusters.ts';

export function createHandler(deps: ChartUploadedDeps) {
  return createChartUploadedHandler(deps);
}

export const handler = lazyHandler(() =>
  createHandler({
    ...awsClients(),
    queueUrls: queueUrlsFromEnv(),
    resolveCluster: (name) => resolveCluster(name),
  }),
);
