/**
 * The stack's demonstration on examples/hello: an upload is installed, a new version upgrades it,
 * and a rollback message rolls it back — each step through the same pipeline as any upload.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { resolve } from 'node:path';
import {
  newRequestId,
  readOperation,
  sendOperation,
  statusKey,
  type QueueUrls,
} from '../../../lib/pipeline/index.ts';
import { readStatus } from '../../../lib/pipeline/status.ts';
import { packageChart } from './package-chart.ts';
import type { Stack } from './stack.ts';

const TERMINAL = new Set(['succeeded', 'failed', 'rejected', 'dead-lettered', 'superseded']);

export interface DemoOptions {
  chartDir: string;
  namespace?: string;
  release?: string;
  say: (line: string) => void;
}

async function waitForStatus(stack: Stack, key: string): Promise<string> {
  for (;;) {
    const s = await readStatus(stack.aws.s3, stack.file.s3.bucket, statusKey(key));
    if (s && TERMINAL.has(s.state)) {
      await stack.settled(); // the operation's outcome line comes first
      return s.state;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runDemo(stack: Stack, options: DemoOptions): Promise<void> {
  const { say } = options;
  const namespace = options.namespace ?? 'default';
  const release = options.release ?? 'hello';
  const chartDir = resolve(options.chartDir);
  const prefix = `releases/${stack.file.cluster}/${namespace}/${release}/`;
  const upload = async (version: string | undefined, name: string): Promise<string> => {
    const key = prefix + name;
    const body = await packageChart(chartDir, version === undefined ? {} : { version });
    await stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.file.s3.bucket, Key: key, Body: body }));
    return key;
  };

  say(`demo: 1/3 uploading ${chartDir} as ${prefix}hello-0.1.0.tgz`);
  const first = await upload(undefined, 'hello-0.1.0.tgz');
  say(`demo: install ${await waitForStatus(stack, first)}`);

  say(`demo: 2/3 uploading version 0.2.0 as ${prefix}hello-0.2.0.tgz`);
  const second = await upload('0.2.0', 'hello-0.2.0.tgz');
  say(`demo: upgrade ${await waitForStatus(stack, second)}`);

  say(`demo: 3/3 sending a rollback message for ${namespace}/${release} (to revision 1)`);
  const message = {
    schemaVersion: 1 as const,
    requestId: newRequestId(),
    operation: 'rollback' as const,
    cluster: stack.file.cluster,
    namespace,
    release,
    options: { revision: 1 },
    origin: { kind: 'cli' as const, principal: 'slipway-demo' },
    createdAt: new Date().toISOString(),
  };
  await readOperation(JSON.stringify(message)); // the schema check a consumer makes
  const queueUrls = Object.fromEntries(
    Object.entries(stack.file.sqs.queues).map(([op, q]) => [op, q.url]),
  ) as QueueUrls;
  await sendOperation(stack.aws.sqs, queueUrls, message);
  await stack.settled();
  say('demo: done');
}
