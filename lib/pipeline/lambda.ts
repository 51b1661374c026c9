/**
 * Lambda plumbing shared by the handlers in functions/: clients and settings from the environment,
 * Powertools Logger and Metrics as middy middlewares, and the dead-letter target read from the
 * queue's own redrive policy. Handlers stay a screen long; what they do lives in this module.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { PipelineLogger } from './observe.ts';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Powertools Logger and Metrics for one function (service name and namespace from POWERTOOLS_* env). */
export function observability(functionName: string): Observability {
  return {
    logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'slipway' }),
    metrics: new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Slipway',
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'slipway',
      defaultDimensions: { function: functionName },
    }),
  };
}

/** The pipeline's structured-log interface over a Powertools Logger. */
export function pipelineLogger(logger: Logger): PipelineLogger {
  return {
    debug: (m, f) => logger.debug(m, { ...f }),
    info: (m, f) => logger.info(m, { ...f }),
    warn: (m, f) => logger.warn(m, { ...f }),
    error: (m, f) => logger.error(m, { ...f }),
  };
}

/** Wraps a handler with the logger (Lambda context keys) and metrics (flushed per invocation) middlewares. */
export function withObservability<E, R>(
  obs: Observability,
  fn: (event: E, context: Context) => Promise<R>,
): MiddyfiedHandler<E, R, Error, Context> {
  return middy<E, R, Error, Context>()
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(logMetrics(obs.metrics, { throwOnEmptyMetrics: false }))
    .handler(fn);
}

/**
 * AWS clients. The SDK reads the region and `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_SQS` itself;
 * `SLIPWAY_S3_FORCE_PATH_STYLE=true` is for local S3 servers.
 */
export function awsClients(env: NodeJS.ProcessEnv = process.env): { s3: S3Client; sqs: SQSClient } {
  return {
    s3: new S3Client({ forcePathStyle: env.SLIPWAY_S3_FORCE_PATH_STYLE === 'true' }),
    sqs: new SQSClient({}),
  };
}

export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const v = env[name];
  if (!v) throw new Error(`missing environment variable ${name}`);
  return v;
}

export interface DeadLetterTarget {
  readonly url: string;
  readonly maxReceiveCount: number;
}

/**
 * Where this queue's poison messages go and after how many receives SQS moves them itself:
 * `SLIPWAY_DLQ_<OP>_URL` + `SLIPWAY_MAX_RECEIVE_COUNT` when set, else the queue's RedrivePolicy.
 */
export async function deadLetterTarget(
  sqs: SQSClient,
  queueUrl: string,
  operation: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DeadLetterTarget> {
  const url = env[`SLIPWAY_DLQ_${operation.toUpperCase()}_URL`];
  const max = env.SLIPWAY_MAX_RECEIVE_COUNT;
  if (url && max) return { url, maxReceiveCount: Number(max) };
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const policy = out.Attributes?.RedrivePolicy;
  if (!policy) throw new Error(`queue ${queueUrl} has no RedrivePolicy (a dead-letter queue is required)`);
  const parsed = JSON.parse(policy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
  const arn = parsed.deadLetterTargetArn ?? '';
  const [, , , region, account, name] = arn.split(':');
  // A DLQ beside its queue (same account and region, as CloudFormation makes them) has the queue's
  // URL with its own name; only another account or region needs sqs:GetQueueUrl.
  const sameHome = queueUrl.includes(`/${account}/`) && queueUrl.includes(`.${region}.`);
  const dlqUrl =
    url ??
    (sameHome
      ? queueUrl.replace(/[^/]+$/, name)
      : ((await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })))
          .QueueUrl ?? ''));
  return { url: dlqUrl, maxReceiveCount: Number(max ?? parsed.maxReceiveCount ?? 1) };
}

/** Builds the real handler on first use, so importing a handler module needs no environment. */
export function lazyHandler<E, R>(
  build: () => (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  let built: ((event: E, context: Context) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
