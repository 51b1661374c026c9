/** fauxqs embedded as S3 + SQS, with the bucket and queues of a layout created in it. */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import type { StackLayout } from './layout.ts';

export const DUMMY_CREDENTIALS = { accessKeyId: 'slipway-local', secretAccessKey: 'slipway-local' } as const;

export interface QueueInfo {
  name: string;
  url: string;
  arn: string;
}

export interface LocalAws {
  server: FauxqsServer;
  endpoint: string;
  region: string;
  s3: S3Client;
  sqs: SQSClient;
  queues: Map<string, { queue: QueueInfo; dlq: QueueInfo }>;
  stop(): Promise<void>;
}

export function s3Client(endpoint: string, region: string): S3Client {
  return new S3Client({ endpoint, region, credentials: DUMMY_CREDENTIALS, forcePathStyle: true });
}

export function sqsClient(endpoint: string, region: string): SQSClient {
  return new SQSClient({ endpoint, region, credentials: DUMMY_CREDENTIALS });
}

export async function startLocalAws(
  layout: StackLayout,
  options: { port?: number; region: string },
): Promise<LocalAws> {
  const server = await startFauxqs({
    port: options.port ?? 0,
    host: 'localhost',
    defaultRegion: options.region,
    logger: false,
    messageSpies: { bufferSize: 1000 },
  });
  const queues = new Map<string, { queue: QueueInfo; dlq: QueueInfo }>();
  try {
    server.createBucket(layout.bucket);
    for (const q of layout.queues) {
      const fifo = { FifoQueue: 'true' };
      const dlq = server.createQueue(q.dlqName, {
        region: options.region,
        attributes: { ...fifo, MessageRetentionPeriod: '1209600' },
      });
      const queue = server.createQueue(q.queueName, {
        region: options.region,
        attributes: {
          ...fifo,
          DeduplicationScope: 'messageGroup',
          FifoThroughputLimit: 'perMessageGroupId',
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          MessageRetentionPeriod: '1209600',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlq.queueArn,
            maxReceiveCount: q.maxReceiveCount,
          }),
        },
      });
      queues.set(q.operation, {
        queue: { name: queue.queueName, url: queue.queueUrl, arn: queue.queueArn },
        dlq: { name: dlq.queueName, url: dlq.queueUrl, arn: dlq.queueArn },
      });
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  const endpoint = server.address;
  const s3 = s3Client(endpoint, options.region);
  const sqs = sqsClient(endpoint, options.region);
  return {
    server,
    endpoint,
    region: options.region,
    s3,
    sqs,
    queues,
    async stop(): Promise<void> {
      s3.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}
