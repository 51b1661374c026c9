/**
 * The local stack's event router on its own, with recording handlers: S3 event records from uploads,
 * SQS batches with partial failures, visibility timeouts, redrive to the DLQ, Lambda timeouts, and the
 * release API over HTTP.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  failedRecords,
  progressPrinter,
  sqsRecord,
  startStack,
  type Stack,
  type StackEvent,
  type StackLayout,
} from '../../infra/local/stack/index.ts';
import { kubeRequest } from '../kube-emulator/helpers.ts';
import { readStackFile } from '../../lib/cli/pipeline/stack-file.ts';

const layout: StackLayout = {
  bucket: 'router-test-charts',
  filters: [
    { prefix: 'releases/', suffix: '.tgz' },
    { prefix: 'releases/', suffix: '/UNINSTALL' },
  ],
  uploadFunction: { name: 'router-chart-uploaded', timeoutSeconds: 5 },
  releaseApiFunction: { name: 'router-release-api', timeoutSeconds: 1 },
  queues: [
    {
      operation: 'work',
      queueName: 'router-work.fifo',
      dlqName: 'router-work-dlq.fifo',
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 2,
      functionName: 'router-work',
      timeoutSeconds: 1,
      batchSize: 10,
    },
  ],
};

interface Delivery {
  at: number;
  event: SQSEvent;
  remainingMs: number;
  requestId: string;
}

/** What each test wants the queue handler to do with a record, keyed by body. */
type Behaviour = 'ok' | 'fail-first' | 'throw' | 'hang';

describe('local stack router', () => {
  let stack: Stack;
  const uploads: S3Event[] = [];
  const deliveries: Delivery[] = [];
  const events: StackEvent[] = [];
  const behaviour = new Map<string, Behaviour>();
  let workDir: string;

  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'slipway-stack-'));
    stack = await startStack({
      layout,
      workDir,
      region: 'eu-west-1',
      pollWaitSeconds: 1,
      listener: (e) => events.push(e),
      functions: () => ({
        chartUploaded: async (event: S3Event) => {
          uploads.push(event);
          return { ok: true };
        },
        operations: {
          work: async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
            deliveries.push({
              at: Date.now(),
              event,
              remainingMs: context.getRemainingTimeInMillis(),
              requestId: context.awsRequestId,
            });
            const failures: SQSBatchResponse['batchItemFailures'] = [];
            for (const r of event.Records) {
              const b = behaviour.get(r.body) ?? 'ok';
              if (b === 'throw') throw new Error(`cannot handle ${r.body}`);
              if (b === 'hang') await new Promise((res) => setTimeout(res, 3000));
              if (b === 'fail-first' && r.attributes.ApproximateReceiveCount === '1')
                failures.push({ itemIdentifier: r.messageId });
            }
            return { batchItemFailures: failures };
          },
        },
        releaseApi: async (request: unknown) => {
          const r = request as { action?: string };
          if (r.action === 'boom') throw new TypeError('no such action "boom"');
          return { echo: request };
        },
      }),
    });
  });

  after(async () => {
    await stack.stop();
  });

  const waitFor = async <T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const send = (body: string, group: string, dedup = body): Promise<unknown> =>
    stack.aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.file.sqs.queues.work.url,
        MessageBody: body,
        MessageGroupId: group,
        MessageDeduplicationId: dedup,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );

  it('writes the stack file with endpoints, names and the kubeconfig', () => {
    const file = readStackFile(stack.stackFilePath);
    assert.ok(file);
    assert.equal(stack.stackFilePath, join(workDir, 'stack.json'));
    assert.equal(file.region, 'eu-west-1');
    assert.equal(file.s3.bucket, 'router-test-charts');
    assert.match(file.s3.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(file.sqs.queues.work.name, 'router-work.fifo');
    assert.equal(file.sqs.queues.work.arn, 'arn:aws:sqs:eu-west-1:000000000000:router-work.fifo');
    assert.equal(file.sqs.queues.work.dlq.name, 'router-work-dlq.fifo');
    assert.match(file.releaseApi.url, /^http:\/\/127\.0\.0\.1:\d+\/invoke$/);
    assert.match(readFileSync(file.kubeconfig, 'utf8'), /server: http:\/\/127\.0\.0\.1:\d+/);
  });

  it('turns uploads into S3 event records in upload order, filtered by prefix and suffix', async () => {
    const put = (key: string, body: string): Promise<unknown> =>
      stack.aws.s3.send(new PutObjectCommand({ Bucket: layout.bucket, Key: key, Body: body }));
    await put('releases/local/default/my app/values.yaml', 'a: 1');
    await put('elsewhere/chart.tgz', 'x');
    await put('releases/local/default/my app/my chart@1.0.0.tgz', 'first');
    await put('releases/local/default/my app/second(1).tgz', 'second!');
    await put('releases/local/default/my app/UNINSTALL', '');
    await stack.settled();
    assert.equal(uploads.length, 3);
    const [first, second] = uploads.map((u) => u.Records[0]);
    assert.equal(first.eventName, 'ObjectCreated:Put');
    assert.equal(first.eventSource, 'aws:s3');
    assert.equal(first.awsRegion, 'eu-west-1');
    assert.equal(first.s3.bucket.name, layout.bucket);
    assert.equal(first.s3.bucket.arn, `arn:aws:s3:::${layout.bucket}`);
    assert.equal(first.s3.object.key, 'releases/local/default/my+app/my+chart%401.0.0.tgz');
    assert.equal(first.s3.object.size, 5);
    assert.equal(first.s3.object.eTag, createHash('md5').update('first').digest('hex'));
    assert.equal(second.s3.object.key, 'releases/local/default/my+app/second%281%29.tgz');
    assert.ok(first.s3.object.sequencer < second.s3.object.sequencer);
    assert.equal(
      decodeURIComponent(second.s3.object.key.replaceAll('+', ' ')),
      'releases/local/default/my app/second(1).tgz',
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'upload-seen').map((e) => (e as { key: string }).key),
      [
        'releases/local/default/my app/my chart@1.0.0.tgz',
        'releases/local/default/my app/second(1).tgz',
        'releases/local/default/my app/UNINSTALL',
      ],
    );
  });

  it('delivers SQS batches as Lambda does and deletes only the records that did not fail', async () => {
    deliveries.length = 0;
    behaviour.set('b2', 'fail-first');
    await send('b1', 'g1');
    await send('b2', 'g1');
    await send('b3', 'g1');
    await send('c1', 'g2');
    // b2 reappears after the 1 s visibility timeout with a higher receive count, and passes then.
    await waitFor(
      'b2 redelivered',
      () => deliveries.flatMap((d) => d.event.Records).filter((r) => r.body === 'b2')[1],
    );
    await stack.settled();
    const records = deliveries.flatMap((d) => d.event.Records);
    const first = records.find((r) => r.body === 'b1');
    assert.ok(first);
    assert.equal(first.eventSource, 'aws:sqs');
    assert.equal(first.eventSourceARN, 'arn:aws:sqs:eu-west-1:000000000000:router-work.fifo');
    assert.equal(first.awsRegion, 'eu-west-1');
    assert.equal(first.attributes.MessageGroupId, 'g1');
    assert.equal(first.attributes.MessageDeduplicationId, 'b1');
    assert.equal(first.attributes.ApproximateReceiveCount, '1');
    assert.match(first.attributes.SequenceNumber ?? '', /^\d+$/);
    assert.equal(first.md5OfBody, createHash('md5').update('b1').digest('hex'));
    assert.deepEqual(first.messageAttributes.kind, {
      dataType: 'String',
      stringValue: 'test',
      stringListValues: [],
      binaryListValues: [],
    });
    assert.ok(first.receiptHandle.length > 0);
    // b1 and c1 were handled once; b2 twice, the second time with receive count 2.
    assert.equal(records.filter((r) => r.body === 'b1').length, 1);
    assert.equal(records.filter((r) => r.body === 'c1').length, 1);
    assert.deepEqual(
      records.filter((r) => r.body === 'b2').map((r) => r.attributes.ApproximateReceiveCount),
      ['1', '2'],
    );
    for (const d of deliveries) {
      assert.ok(d.remainingMs > 0 && d.remainingMs <= 1000, `remaining time ${d.remainingMs}`);
      assert.match(d.requestId, /^[0-9a-f-]{36}$/);
    }
    // The failed record stays in flight until its visibility timeout, and holds its group back:
    // b3 comes only after b2 succeeded, in order.
    const at = (body: string, n = 0): number =>
      deliveries.filter((d) => d.event.Records.some((r) => r.body === body))[n].at;
    assert.ok(at('b2', 1) - at('b2', 0) >= 900, `redelivered after ${at('b2', 1) - at('b2', 0)} ms`);
    assert.ok(at('b3') >= at('b2', 1));
    const order = records.map((r) => r.body).filter((b) => b.startsWith('b'));
    assert.deepEqual(order, ['b1', 'b2', 'b2', 'b3']);
    const failed = events.find((e) => e.type === 'record-failed');
    assert.ok(failed && failed.type === 'record-failed' && failed.receiveCount === 1);
  });

  it('redelivers a whole batch whose invocation threw, and the queue redrives it to the DLQ at maxReceiveCount', async () => {
    deliveries.length = 0;
    behaviour.set('poison', 'throw');
    await send('poison', 'g3');
    await waitFor('poison dead-lettered', () => events.find((e) => e.type === 'dead-lettered'));
    await stack.settled();
    const receives = deliveries.flatMap((d) => d.event.Records).filter((r) => r.body === 'poison');
    assert.deepEqual(
      receives.map((r) => r.attributes.ApproximateReceiveCount),
      ['1', '2'],
    );
    const dlq = await stack.aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.file.sqs.queues.work.dlq.url,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    assert.deepEqual(
      dlq.Messages?.map((m) => [m.Body, m.Attributes?.MessageGroupId]),
      [['poison', 'g3']],
    );
    const failures = events.filter((e) => e.type === 'record-failed' && e.body === 'poison');
    assert.match((failures[0] as { reason: string }).reason, /cannot handle poison/);
  });

  it('fails an invocation that outlives the function timeout', async () => {
    behaviour.set('slow', 'hang');
    await send('slow', 'g4');
    const failure = await waitFor('timeout reported', () =>
      events.find((e) => e.type === 'record-failed' && e.body === 'slow'),
    );
    assert.match(
      (failure as { reason: string }).reason,
      /router-work: request [0-9a-f-]+ timed out after 1\.00 seconds/,
    );
    behaviour.set('slow', 'ok');
    await stack.settled();
  });

  it('serves the release API: POST /invoke answers with the function response or its error', async () => {
    const post = (body: string): Promise<Response> =>
      fetch(stack.file.releaseApi.url, { method: 'POST', body });
    const ok = await post(JSON.stringify({ action: 'list' }));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { echo: { action: 'list' } });
    const failed = await post(JSON.stringify({ action: 'boom' }));
    assert.equal(failed.status, 200);
    assert.equal(failed.headers.get('x-amz-function-error'), 'Unhandled');
    assert.deepEqual(await failed.json(), { errorType: 'TypeError', errorMessage: 'no such action "boom"' });
    const bad = await post('{');
    assert.equal(bad.status, 400);
  });
});

describe('batch responses by Lambda rules', () => {
  const records = ['m1', 'm2'].map((id) =>
    sqsRecord(
      { MessageId: id, ReceiptHandle: `r-${id}`, Body: id },
      'arn:aws:sqs:us-east-1:000000000000:q.fifo',
      'us-east-1',
    ),
  );

  it('treats an empty or absent response as full success', () => {
    for (const response of [
      undefined,
      null,
      '',
      {},
      { batchItemFailures: [] },
      { batchItemFailures: null },
    ]) {
      assert.deepEqual([...failedRecords(records, response).failed], [], JSON.stringify(response));
    }
  });

  it('fails the listed records only', () => {
    assert.deepEqual(
      [...failedRecords(records, { batchItemFailures: [{ itemIdentifier: 'm2' }] }).failed],
      ['m2'],
    );
  });

  it('fails the whole batch on a malformed response or an identifier that is not in the batch', () => {
    for (const response of [
      42,
      'ok',
      { batchItemFailures: 'm1' },
      { batchItemFailures: [{ itemIdentifier: 'm3' }] },
      { batchItemFailures: [{ itemIdentifier: '' }] },
      { batchItemFailures: [{}] },
    ]) {
      assert.deepEqual(
        [...failedRecords(records, response).failed].sort(),
        ['m1', 'm2'],
        JSON.stringify(response),
      );
    }
  });
});

describe('local stack state', () => {
  it('keeps the emulated cluster in --state DIR across restarts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'slipway-stack-state-'));
    const options = {
      layout: { ...layout, bucket: 'state-test-charts' },
      workDir: join(root, '.slipway'),
      stateDir: join(root, 'state'),
      pollWaitSeconds: 1,
      functions: () => ({
        chartUploaded: async () => undefined,
        operations: { work: async () => undefined },
        releaseApi: async () => undefined,
      }),
    };
    const first = await startStack(options);
    assert.ok(first.kube);
    const created = await kubeRequest(first.kube.url, 'POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept' },
      data: { a: '1' },
    });
    assert.equal(created.status, 201);
    await first.stop();
    const second = await startStack(options);
    try {
      assert.ok(second.kube);
      const got = await kubeRequest(second.kube.url, 'GET', '/api/v1/namespaces/default/configmaps/kept');
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.data, { a: '1' });
    } finally {
      await second.stop();
    }
  });
});

describe('progress lines', () => {
  it('prints one line per pipeline step, with the outcome read from the release', async () => {
    const lines: string[] = [];
    const printer = progressPrinter(
      (l) => lines.push(l),
      async (t) => ({ status: 'deployed', revision: 2, chart: `${t.release}-0.2.0` }),
    );
    const body = JSON.stringify({
      schemaVersion: 1,
      requestId: 'request-0001',
      operation: 'upgrade',
      cluster: 'local',
      namespace: 'default',
      release: 'web',
      chart: { bucket: 'b', key: 'releases/local/default/web/web.tgz', sha256: 'a'.repeat(64), size: 10 },
      values: [],
      options: {},
      origin: { kind: 's3' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    const rejected = { state: 'rejected', requestId: 'r2', reason: 'chart "x": bad' };
    printer.listener({
      type: 'upload-seen',
      bucket: 'b',
      key: 'releases/local/default/web/web.tgz',
      size: 10,
    });
    printer.listener({ type: 'queued', queue: 'q', body });
    printer.listener({ type: 'record-started', queue: 'q', messageId: 'm1', body, receiveCount: 1 });
    printer.listener({ type: 'record-succeeded', queue: 'q', messageId: 'm1', body });
    printer.listener({
      type: 'status',
      key: 'releases/local/default/web/x.tgz.status.json',
      status: rejected,
    });
    printer.listener({
      type: 'status',
      key: 'releases/local/default/web/x.tgz.status.json',
      status: rejected,
    });
    printer.listener({ type: 'dead-lettered', queue: 'q', body: '{' });
    printer.say('demo: done');
    await printer.flushed();
    assert.deepEqual(lines, [
      'upload       releases/local/default/web/web.tgz (10 bytes)\n',
      'queued       upgrade default/web on local\n',
      'started      upgrade default/web on local (receive 1, message m1)\n',
      'deployed     default/web on local revision 2, web-0.2.0 (upgrade)\n',
      'rejected     releases/local/default/web/x.tgz: chart "x": bad\n',
      'dead-letter  unreadable message (1 bytes) (moved from q)\n',
      'demo: done\n',
    ]);
  });
});
