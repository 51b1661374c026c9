/**
 * The Lambda functions as the stack runs them: each `functions/<name>.ts` handler built by its own
 * `createHandler` with the stack's clients, queues and a one-cluster registry (kind `local`: the
 * stack's kubeconfig). Logs go through Powertools at a chosen level; metrics stay off (no CloudWatch).
 */
import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { KubeConfig } from '@kubernetes/client-node';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { kubeConfigFor, UnknownClusterError } from '../../../lib/pipeline/clusters.ts';
import type { Observability } from '../../../lib/pipeline/lambda.ts';
import type { QueueUrls } from '../../../lib/pipeline/index.ts';
import { createHandler as chartUploaded } from '../../../functions/chart-uploaded.ts';
import { createHandler as installHandler } from '../../../functions/install.ts';
import { createHandler as upgradeHandler } from '../../../functions/upgrade.ts';
import { createHandler as rollbackHandler } from '../../../functions/rollback.ts';
import { createHandler as uninstallHandler } from '../../../functions/uninstall.ts';
import { createHandler as releaseApiHandler } from '../../../functions/release-api.ts';
import type { StackEnvironment, StackFunctions } from './stack.ts';
import type { SqsHandler } from './queue-poller.ts';

export interface PipelineTuning {
  /** First retry delay while another operation holds a release's lease. */
  busyRetrySeconds?: number;
  /** Kept free before the function timeout for recording the outcome. */
  deadlineMarginMs?: number;
  /** Powertools log level of the handlers (default ERROR: the progress lines say the rest). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** The cluster registry of the stack: its one cluster. */
export function stackClusterResolver(env: StackEnvironment): (name: string) => Promise<KubeConfig> {
  return async (name) => {
    if (name !== env.cluster) throw new UnknownClusterError(name, [env.cluster]);
    return kubeConfigFor({ name, auth: { kind: 'local', kubeconfig: env.kubeconfig } });
  };
}

export function pipelineFunctions(tuning: PipelineTuning = {}) {
  return (env: StackEnvironment): StackFunctions => {
    // Powertools reads this when a Metrics object is made: no EMF lines on the console.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    const observability = (fn: string): Observability => {
      const logger = new Logger({ serviceName: 'slipway', logLevel: tuning.logLevel ?? 'ERROR' });
      // Metrics' own warnings (e.g. nothing to publish) go to the same, quiet logger.
      const metrics = new Metrics({
        namespace: 'Slipway',
        serviceName: 'slipway',
        defaultDimensions: { function: fn },
        logger,
      });
      return { logger, metrics };
    };
    const resolveCluster = stackClusterResolver(env);
    const base = { s3: env.s3, sqs: env.sqs, resolveCluster };
    const operation = (
      name: 'install' | 'upgrade' | 'rollback' | 'uninstall',
      create: typeof installHandler,
    ): SqsHandler => {
      const q = env.queues[name];
      const handler = create({
        ...base,
        observability: observability(name),
        bucket: env.bucket,
        queueUrl: q.url,
        deadLetter: { url: q.dlqUrl, maxReceiveCount: q.maxReceiveCount },
        ...(tuning.busyRetrySeconds === undefined ? {} : { busyRetrySeconds: tuning.busyRetrySeconds }),
        ...(tuning.deadlineMarginMs === undefined ? {} : { deadlineMarginMs: tuning.deadlineMarginMs }),
      });
      return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => handler(event, context);
    };
    const uploaded = chartUploaded({
      ...base,
      observability: observability('chart-uploaded'),
      queueUrls: env.queueUrls as QueueUrls,
    });
    const releaseApi = releaseApiHandler({
      s3: env.s3,
      bucket: env.bucket,
      resolveCluster,
      observability: observability('release-api'),
    });
    return {
      chartUploaded: (event: S3Event, context: Context) => uploaded(event, context),
      operations: {
        install: operation('install', installHandler),
        upgrade: operation('upgrade', upgradeHandler),
        rollback: operation('rollback', rollbackHandler),
        uninstall: operation('uninstall', uninstallHandler),
      },
      releaseApi: (request: unknown, context: Context) => releaseApi(request, context),
    };
  };
}
