/**
 * The one-process local stack: fauxqs for S3 and SQS, the Kubernetes emulator (or a real cluster's
 * kubeconfig), the event router (uploads → chart-uploaded, queues → operation functions) and the
 * release API over HTTP. Nothing of the pipeline is replaced: the same handlers run against local
 * stand-ins of the AWS services.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { startKubeEmulator, writeKubeconfig, type FaultConfig, type KubeEmulator } from '../kube/index.ts';
import { writeStackFile, type StackFile } from '../../../lib/cli/pipeline/stack-file.ts';
import { getJson, STATUS_SUFFIX } from '../../../lib/pipeline/index.ts';
import { DUMMY_CREDENTIALS, startLocalAws, type LocalAws } from './aws.ts';
import type { StackListener } from './events.ts';
import type { FunctionConfig, LambdaHandler } from './lambda.ts';
import type { StackLayout } from './layout.ts';
import { QueuePoller, type SqsHandler } from './queue-poller.ts';
import { startReleaseApi, type ReleaseApiServer } from './release-api.ts';
import { UploadTrigger } from './upload-trigger.ts';

/** What the handlers are built with: the local clients and names, as the deployed ones get from their environment. */
export interface StackEnvironment {
  s3: S3Client;
  sqs: SQSClient;
  region: string;
  bucket: string;
  /** Operation → queue URL. */
  queueUrls: Record<string, string>;
  /** Operation → its queue, dead-letter queue and redrive limit. */
  queues: Record<string, { url: string; arn: string; dlqUrl: string; maxReceiveCount: number }>;
  kubeconfig: string;
  cluster: string;
}

export interface StackFunctions {
  chartUploaded: LambdaHandler<S3Event, unknown>;
  /** Operation → the handler of its queue. */
  operations: Record<string, SqsHandler>;
  releaseApi: LambdaHandler<unknown, unknown>;
}

export type FunctionsFactory = (env: StackEnvironment) => StackFunctions | Promise<StackFunctions>;

export interface StackOptions {
  layout: StackLayout;
  functions: FunctionsFactory;
  region?: string;
  /** fauxqs's port (0: any free port). */
  port?: number;
  /** A real cluster's kubeconfig; without it the Kubernetes emulator runs. */
  kubeconfig?: string;
  /** Fault injection in the emulated cluster (tests: images that never become ready). */
  kubeFaults?: FaultConfig;
  /** Directory of the emulated cluster's state (kept across restarts); omitted: in memory. */
  stateDir?: string;
  /** Where the stack file and the emulator's kubeconfig go (default `.slipway` in the working directory). */
  workDir?: string;
  /** The cluster's name in the registry the handlers resolve. */
  cluster?: string;
  listener?: StackListener;
  /** Long-poll wait of the queue pollers, in seconds. */
  pollWaitSeconds?: number;
  /** Pause between retries of a failed chart-uploaded invocation. */
  uploadRetryDelayMs?: number;
}

export interface Stack {
  file: StackFile;
  stackFilePath: string;
  aws: LocalAws;
  kube: KubeEmulator | undefined;
  releaseApi: ReleaseApiServer;
  /** Resolves when no upload is being handled and no operation queue holds or delivers a message. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const region = options.region ?? 'us-east-1';
  const layout = options.layout;
  const workDir = resolve(options.workDir ?? '.slipway');
  const listener: StackListener = options.listener ?? (() => {});
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    let kube: KubeEmulator | undefined;
    let kubeconfig = options.kubeconfig ? resolve(options.kubeconfig) : '';
    if (!kubeconfig) {
      if (options.stateDir) mkdirSync(resolve(options.stateDir), { recursive: true });
      kube = await startKubeEmulator({
        ...(options.stateDir ? { persistFile: resolve(options.stateDir, 'kube.json') } : {}),
        ...(options.kubeFaults ? { faults: options.kubeFaults } : {}),
      });
      const k = kube;
      cleanups.push(() => k.close());
      kubeconfig = resolve(workDir, 'kubeconfig');
      writeKubeconfig(kubeconfig, kube.url);
    }
    const aws = await startLocalAws(layout, { port: options.port, region });
    cleanups.push(() => aws.stop());
    const cluster = options.cluster ?? 'local';
    const queueUrls = Object.fromEntries([...aws.queues].map(([op, q]) => [op, q.queue.url]));
    const functions = await options.functions({
      s3: aws.s3,
      sqs: aws.sqs,
      region,
      bucket: layout.bucket,
      queueUrls,
      queues: Object.fromEntries(
        layout.queues.map((q) => {
          const info = aws.queues.get(q.operation);
          if (!info) throw new Error(`local stack: queue of ${q.operation} missing`);
          const entry = {
            url: info.queue.url,
            arn: info.queue.arn,
            dlqUrl: info.dlq.url,
            maxReceiveCount: q.maxReceiveCount,
          };
          return [q.operation, entry];
        }),
      ),
      kubeconfig,
      cluster,
    });
    const fnConfig = (name: string, timeoutSeconds: number): FunctionConfig => ({
      name,
      timeoutMs: timeoutSeconds * 1000,
      region,
    });
    const api = layout.releaseApiFunction;
    const releaseApi = await startReleaseApi(functions.releaseApi, fnConfig(api.name, api.timeoutSeconds));
    cleanups.push(() => releaseApi.close());

    watchQueues(aws, listener);
    watchStatusObjects(aws, layout.bucket, listener);
    const trigger = new UploadTrigger({
      spy: aws.server.spy,
      s3: aws.s3,
      bucket: layout.bucket,
      filters: layout.filters,
      fn: fnConfig(layout.uploadFunction.name, layout.uploadFunction.timeoutSeconds),
      handler: functions.chartUploaded,
      listener,
      retryDelayMs: options.uploadRetryDelayMs,
    });
    trigger.start();
    cleanups.push(() => trigger.stop());

    const pollers: QueuePoller[] = [];
    for (const q of layout.queues) {
      const handler = functions.operations[q.operation];
      const info = aws.queues.get(q.operation);
      if (!handler || !info) throw new Error(`local stack: no handler for the ${q.operation} queue`);
      const poller = new QueuePoller({
        sqs: aws.sqs,
        queueName: info.queue.name,
        queueUrl: info.queue.url,
        queueArn: info.queue.arn,
        region,
        fn: fnConfig(q.functionName, q.timeoutSeconds),
        handler,
        listener,
        batchSize: q.batchSize,
        waitTimeSeconds: options.pollWaitSeconds,
      });
      poller.start();
      pollers.push(poller);
      cleanups.push(() => poller.stop());
    }

    const file: StackFile = {
      region,
      credentials: { ...DUMMY_CREDENTIALS },
      s3: { endpoint: aws.endpoint, bucket: layout.bucket, forcePathStyle: true },
      sqs: {
        endpoint: aws.endpoint,
        queues: Object.fromEntries([...aws.queues].map(([op, q]) => [op, { ...q.queue, dlq: q.dlq }])),
      },
      releaseApi: { url: `${releaseApi.url}/invoke`, functionName: api.name },
      kubeconfig,
      cluster,
    };
    const stackFilePath = resolve(workDir, 'stack.json');
    writeStackFile(stackFilePath, file);

    const queueNames = layout.queues.map((q) => q.queueName);
    const settled = async (): Promise<void> => {
      for (;;) {
        await trigger.idle();
        const quiet = queueNames.every((name) => {
          const q = aws.server.inspectQueue(name);
          return !q || q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length === 0;
        });
        if (quiet && pollers.every((p) => !p.busy)) {
          await trigger.idle();
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { file, stackFilePath, aws, kube, releaseApi, settled, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Status objects as the handlers write them, read back in the order they were written. */
function watchStatusObjects(aws: LocalAws, bucket: string, listener: StackListener): void {
  let chain = Promise.resolve();
  aws.server.spy
    .waitForMessage((m) => {
      if (
        m.service === 's3' &&
        m.status === 'uploaded' &&
        m.bucket === bucket &&
        m.key.endsWith(STATUS_SUFFIX)
      ) {
        const key = m.key;
        chain = chain.then(async () => {
          const status = await getJson(aws.s3, bucket, key).catch(() => null);
          if (status !== null && typeof status === 'object' && !Array.isArray(status)) {
            listener({ type: 'status', key, status: status as Record<string, unknown> });
          }
        });
      }
      return false;
    })
    .catch(() => {});
}

/** Queue traffic the pollers cannot see: messages sent (by any producer) and messages redriven to a DLQ. */
function watchQueues(aws: LocalAws, listener: StackListener): void {
  const names = new Set([...aws.queues.values()].map((q) => q.queue.name));
  aws.server.spy
    .waitForMessage((m) => {
      if (m.service === 'sqs' && names.has(m.queueName)) {
        if (m.status === 'published') listener({ type: 'queued', queue: m.queueName, body: m.body });
        if (m.status === 'dlq') listener({ type: 'dead-lettered', queue: m.queueName, body: m.body });
      }
      return false;
    })
    .catch(() => {});
}
