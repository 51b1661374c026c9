/**
 * Where `push`, `send` and `invoke` talk to: AWS as configured by flags and the environment, or a
 * local stack through its `.slipway/stack.json`. Flags win over the environment, and an explicit
 * AWS target (a bucket, queue URLs, a function name) wins over the stack file.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { resolve } from 'node:path';
import { OPERATIONS, type QueueUrls } from '../../pipeline/index.ts';
import { flagString, type FlagSpec, type ParsedArgs } from '../args.ts';
import { readStackFile, STACK_FILE, type StackFile } from './stack-file.ts';

export const CONNECTION_FLAGS: readonly FlagSpec[] = [
  { name: 'stack-file', kind: 'string', help: `the local stack's endpoints (default ${STACK_FILE})` },
  { name: 'region', kind: 'string', help: 'AWS region (default: $AWS_REGION)' },
  { name: 'endpoint-url', kind: 'string', help: 'S3/SQS endpoint (default: $AWS_ENDPOINT_URL or AWS)' },
  { name: 'bucket', kind: 'string', help: 'the chart bucket (default: $SLIPWAY_BUCKET)' },
];

export interface Connection {
  /** 'stack' when the values came from a stack file. */
  source: 'aws' | 'stack';
  region: string | undefined;
  endpoint: string | undefined;
  credentials: StackFile['credentials'] | undefined;
  bucket: string | undefined;
  queueUrls: QueueUrls | undefined;
  stack: StackFile | undefined;
  stackFilePath: string;
}

/** Reads flags, the environment and (when there is no explicit AWS target) the stack file. */
export function resolveConnection(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv,
  explicitAws: (env: NodeJS.ProcessEnv) => boolean,
): Connection {
  const stackFilePath = resolve(flagString(args, 'stack-file') ?? STACK_FILE);
  const region = flagString(args, 'region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = flagString(args, 'endpoint-url') ?? env.AWS_ENDPOINT_URL;
  const bucket = flagString(args, 'bucket') ?? env.SLIPWAY_BUCKET;
  const useStack =
    flagString(args, 'stack-file') !== undefined || (!explicitAws(env) && bucket === undefined);
  const stack = useStack ? readStackFile(stackFilePath) : undefined;
  if (stack) {
    return {
      source: 'stack',
      region: flagString(args, 'region') ?? stack.region,
      endpoint: flagString(args, 'endpoint-url') ?? stack.s3.endpoint,
      credentials: stack.credentials,
      bucket: flagString(args, 'bucket') ?? stack.s3.bucket,
      queueUrls: Object.fromEntries(
        OPERATIONS.map((op) => [op, stack.sqs.queues[op]?.url ?? '']),
      ) as QueueUrls,
      stack,
      stackFilePath,
    };
  }
  // Each command needs only its own queue: take the URLs that are set.
  const queueUrls = Object.fromEntries(
    OPERATIONS.map((op) => [op, env[`SLIPWAY_QUEUE_${op.toUpperCase()}_URL`] ?? '']),
  ) as QueueUrls;
  return {
    source: 'aws',
    region,
    endpoint,
    credentials: undefined,
    bucket,
    queueUrls,
    stack: undefined,
    stackFilePath,
  };
}

export function s3For(c: Connection): S3Client {
  return new S3Client({
    ...(c.region ? { region: c.region } : {}),
    ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
  });
}

export function sqsFor(c: Connection): SQSClient {
  return new SQSClient({
    ...(c.region ? { region: c.region } : {}),
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
  });
}

/** The error when nothing says where to send: names every way to say it. */
export function noTarget(what: string, c: Connection, awsSetting: string): Error {
  return new Error(
    `no ${what}: start the local stack (slipway local stack writes ${c.stackFilePath}), or set ${awsSetting}`,
  );
}
