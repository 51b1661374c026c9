/**
 * The release API, invoked directly (no event source): status, history, list, get and preview of
 * releases in registry clusters. Environment: SLIPWAY_BUCKET (preview's default bucket),
 * SLIPWAY_CLUSTERS (or SLIPWAY_CLUSTERS_PARAMETER), POWERTOOLS_*; see README "The pipeline".
 */
import { createReleaseApiHandler, type ReleaseApiHandlerDeps } from '../lib/pipeline/handlers.ts';
import { awsClients, lazyHandler } from '../lib/pipeline/lambda.ts';
import { resolveCluster } from '../lib/pipeline/clusters.ts';

export function createHandler(deps: ReleaseApiHandlerDeps) {
  return createReleaseApiHandler(deps);
}

export const handler = lazyHandler(() =>
  createHandler({
    s3: awsClients().s3,
    bucket: process.env.SLIPWAY_BUCKET,
    resolveCluster: (name) => resolveCluster(name),
  }),
);
