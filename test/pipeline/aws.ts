/** An embedded fauxqs (S3 + SQS) with slipway's bucket, four FIFO operation queues and their DLQ. */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { OPERATIONS, type Operation } from '../../lib/pipeline/message.ts';
import type { QueueUrls } from '../../lib/pipeline/queue.ts';

export const BUCKET = 'slipway-test';

export interface Aws {
  readonly server: FauxqsServer;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrls: QueueUrls;
  readonly dlqUrl: string;
  stop(): Promise<void>;
}

export async function startAws(
  opts: { maxReceiveCount?: number; visibilityTimeout?: number } = {},
): Promise<Aws> {
  const server = await startFauxqs({ port: 0, logger: false });
  const config = {
    endpoint: server.address,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sqs = new SQSClient(config);
  server.createBucket(BUCKET);
  const dlq = server.createQueue('slipway-dlq.fifo', { attributes: { FifoQueue: 'true' } });
  const urls = {} as Record<Operation, string>;
  for (const op of OPERATIONS) {
    urls[op] = server.createQueue(`slipway-${op}.fifo`, {
      attributes: {
        FifoQueue: 'true',
        VisibilityTimeout: String(opts.visibilityTimeout ?? 30),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.queueArn,
          maxReceiveCount: opts.maxReceiveCount ?? 100,
        }),
      },
    }).queueUrl;
  }
  return {
    server,
    s3,
    sqs,
    queueUrls: urls,
    dlqUrl: dlq.queueUrl,
    async stop() {
      s3.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}

/** Receives what is visible now (one batch, as an event source mapping would). */
export async function receive(sqs: SQSClient, queueUrl: string, max = 10): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}
