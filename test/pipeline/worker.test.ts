import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, SendMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { install, newConfiguration } from '../../lib/action/index.ts';
import { loadArchive } from '../../lib/chart/index.ts';
import { UnknownClusterError } from '../../lib/pipeline/clusters.ts';
import { requestIdForObject, sha256Hex } from '../../lib/pipeline/message.ts';
import { secretsHistory, silentLogger } from '../../lib/pipeline/observe.ts';
import { sendOperation } from '../../lib/pipeline/queue.ts';
import { getJson } from '../../lib/pipeline/s3.ts';
import { readStatus } from '../../lib/pipeline/status.ts';
import { handleUpload, type UploadDeps } from '../../lib/pipeline/upload.ts';
import {
  processOperationBatch,
  REQUEST_LABEL,
  requestLabel,
  type WorkerDeps,
} from '../../lib/pipeline/worker.ts';
import { BUCKET, receive, startAws, type Aws } from './aws.ts';
import { startCluster, upload, webChart, type Cluster } from './fixtures.ts';
import type { Operation } from '../../lib/pipeline/message.ts';

const MAX_RECEIVE = 4;
const MARGIN_MS = 2_000;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 1
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
`;

function slowChart(): Buffer {
  return webChart({
    'templates/deployment.yaml': DEPLOYMENT,
    'values.yaml': 'greeting: hi\nreplicas: 1\npassword: x\nimage: never-ready:1\n',
  });
}

/** An SQS batch as Lambda's event source mapping builds it from received messages. */
function sqsEvent(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? '0',
        MessageGroupId: m.Attributes?.MessageGroupId,
        MessageDeduplicationId: m.Attributes?.MessageDeduplicationId,
        SequenceNumber: m.Attributes?.SequenceNumber,
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

describe('operation worker', () => {
  let aws: Aws;
  let cluster: Cluster;
  let uploadDeps: UploadDeps;

  before(async () => {
    [aws, cluster] = await Promise.all([
      startAws({ maxReceiveCount: MAX_RECEIVE }),
      startCluster({ neverReadyImages: ['never-ready'] }),
    ]);
    uploadDeps = {
      s3: aws.s3,
      sqs: aws.sqs,
      queueUrls: aws.queueUrls,
      resolveCluster: cluster.resolve,
      readHistory: secretsHistory,
      log: silentLogger,
      metrics: { addMetric() {} },
      now: () => new Date(),
    };
  });
  after(async () => {
    await Promise.all([aws.stop(), cluster.emulator.close()]);
  });

  const metrics: string[] = [];

  function workerDeps(op: Operation): WorkerDeps {
    return {
      s3: aws.s3,
      sqs: aws.sqs,
      bucket: BUCKET,
      queueUrl: aws.queueUrls[op],
      deadLetterQueueUrl: aws.dlqUrl,
      maxReceiveCount: MAX_RECEIVE,
      resolveCluster: async (name) => {
        if (name !== 'dev') throw new UnknownClusterError(name, ['dev']);
        return cluster.kubeConfig;
      },
      log: silentLogger,
      metrics: { addMetric: (name) => metrics.push(name) },
      now: () => new Date(),
      deadlineMarginMs: MARGIN_MS,
      busyRetrySeconds: 0,
    };
  }

  /** One invocation: receive a batch, run it, delete what succeeded (as the event source mapping does). */
  async function deliver(
    op: Operation,
    remainingMs = 60_000,
  ): Promise<{ response: SQSBatchResponse; messages: Message[] }> {
    // The event source mapping polls until it has a batch; FIFO receives favour one group per call.
    const messages: Message[] = [];
    for (
      let got = await receive(aws.sqs, aws.queueUrls[op]);
      got.length > 0;
      got = await receive(aws.sqs, aws.queueUrls[op])
    ) {
      messages.push(...got);
    }
    const arn = `arn:aws:sqs:us-east-1:000000000000:slipway-${op}.fifo`;
    const response = await processOperationBatch(workerDeps(op), sqsEvent(messages, arn), {
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => remainingMs,
    });
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of messages) {
      if (!failed.has(m.MessageId ?? '')) {
        await aws.sqs.send(
          new DeleteMessageCommand({ QueueUrl: aws.queueUrls[op], ReceiptHandle: m.ReceiptHandle }),
        );
      }
    }
    return { response, messages };
  }

  async function request(key: string, chart: Buffer | string, metadata: Record<string, string> = {}) {
    const ev = await upload(aws, BUCKET, key, chart, metadata);
    const out = await handleUpload(uploadDeps, ev);
    assert.equal(out.kind, 'queued', JSON.stringify(out));
    return { ev, statusKey: key + '.status.json', requestId: requestIdForObject(ev) };
  }

  const history = (release: string) =>
    secretsHistory(cluster.kubeConfig, { cluster: 'dev', namespace: 'default', release });

  test('an install runs, is recorded, and a redelivered copy changes nothing', async () => {
    const req = await request('releases/dev/default/first/web.tgz', webChart());
    const { response } = await deliver('install');
    assert.deepEqual(response.batchItemFailures, []);
    const status = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.equal(status?.state, 'succeeded', status?.reason);
    assert.equal(status?.revision, 1);
    assert.equal(status?.releaseStatus, 'deployed');
    assert.deepEqual([...new Set(metrics)].sort(), [
      'ApplyTime',
      'LoadTime',
      'OperationTime',
      'RecordSize',
      'WaitTime',
    ]);
    const [rel] = await history('first');
    assert.equal(rel.labels?.[REQUEST_LABEL], requestLabel(req.requestId));
    // At-least-once: the same request arrives again (e.g. the delete was lost).
    assert.deepEqual(await receive(aws.sqs, aws.queueUrls.install), []);
    await aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: aws.queueUrls.install,
        MessageBody: JSON.stringify(await readBack(req.ev.key)),
        MessageGroupId: 'dev/default/first',
        MessageDeduplicationId: 'redelivery-1',
      }),
    );
    assert.deepEqual((await deliver('install')).response.batchItemFailures, []);
    assert.equal((await history('first')).length, 1, 'no second revision');
    assert.equal((await readStatus(aws.s3, BUCKET, req.statusKey))?.state, 'succeeded');
    // Without the status object (its write was lost), the request's label on the revision tells.
    await aws.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: req.statusKey }));
    await aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: aws.queueUrls.install,
        MessageBody: JSON.stringify(await readBackFrom(req.requestId, req.ev.key)),
        MessageGroupId: 'dev/default/first',
        MessageDeduplicationId: 'redelivery-2',
      }),
    );
    assert.deepEqual((await deliver('install')).response.batchItemFailures, []);
    assert.equal((await history('first')).length, 1, 'still no second revision');
    const again = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.deepEqual([again?.state, again?.revision], ['succeeded', 1]);
  });

  /** The message the upload produced, rebuilt from its status (same request, same chart). */
  async function readBack(key: string) {
    const status = await readStatus(aws.s3, BUCKET, key + '.status.json');
    assert.ok(status);
    return readBackFrom(status.requestId, key);
  }

  function readBackFrom(requestId: string, key: string) {
    const status = { requestId, sha256: sha256Hex(webChart()) };
    const ev = { bucket: BUCKET, key };
    return {
      schemaVersion: 1,
      requestId: status.requestId,
      operation: 'install',
      cluster: 'dev',
      namespace: 'default',
      release: 'first',
      chart: { ...ev, sha256: status.sha256, size: webChart().length },
      values: [],
      options: {},
      origin: { kind: 's3', ...ev, statusKey: key + '.status.json' },
      createdAt: new Date().toISOString(),
    };
  }

  test('upgrade, rollback and uninstall requests run on their queues', async () => {
    await request('releases/dev/default/cycle/web.tgz', webChart());
    await deliver('install');
    const up = await request('releases/dev/default/cycle/web-2.tgz', webChart({}, '0.2.0'));
    const [upMessage] = (await deliver('upgrade')).messages;
    assert.deepEqual(
      [
        (await readStatus(aws.s3, BUCKET, up.statusKey))?.state,
        (await readStatus(aws.s3, BUCKET, up.statusKey))?.revision,
      ],
      ['succeeded', 2],
    );
    const rb = await request('releases/dev/default/cycle/ROLLBACK', '', { revision: '1' });
    const [rbMessage] = (await deliver('rollback')).messages;
    const rolled = await readStatus(aws.s3, BUCKET, rb.statusKey);
    assert.deepEqual([rolled?.state, rolled?.revision, rolled?.releaseStatus], ['succeeded', 3, 'deployed']);
    const h = await history('cycle');
    assert.deepEqual(
      h
        .sort((a, b) => (a.version ?? 0) - (b.version ?? 0))
        .map((r) => [r.version, r.info?.status, r.chart?.metadata?.version, r.info?.description]),
      [
        [1, 'superseded', '0.1.0', 'Install complete'],
        [2, 'superseded', '0.2.0', 'Upgrade complete'],
        [3, 'deployed', '0.1.0', 'Rollback to 1'],
      ],
    );
    // At-least-once, with the status objects lost: the rollback arrives again, and so does the
    // older upgrade (after the rollback ran). Their labels on revisions 3 and 2 tell; nothing reruns.
    for (const [op, message, statusKey] of [
      ['rollback', rbMessage, rb.statusKey],
      ['upgrade', upMessage, up.statusKey],
    ] as const) {
      await aws.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: statusKey }));
      await aws.sqs.send(
        new SendMessageCommand({
          QueueUrl: aws.queueUrls[op],
          MessageBody: message.Body,
          MessageGroupId: 'dev/default/cycle',
          MessageDeduplicationId: `redelivered-${op}`,
        }),
      );
      assert.deepEqual((await deliver(op)).response.batchItemFailures, []);
      assert.equal((await history('cycle')).length, 3, `a redelivered ${op} adds no revision`);
    }
    const un = await request('releases/dev/default/cycle/UNINSTALL', '');
    await deliver('uninstall');
    const gone = await readStatus(aws.s3, BUCKET, un.statusKey);
    assert.deepEqual([gone?.state, gone?.releaseStatus], ['succeeded', 'uninstalled']);
    assert.deepEqual(await history('cycle'), []);
  });

  test('a busy release is retried in order and never dead-lettered, while other releases go on', async () => {
    // A real in-progress release: an install that suspended in its wait, pending under a live lease.
    const cfg = newConfiguration({
      kubeConfig: cluster.kubeConfig,
      namespace: 'default',
      leaseOwner: 'other-worker',
    });
    const suspended = await install(cfg, {
      releaseName: 'busy',
      chart: loadArchive(slowChart()),
      values: new Map(),
      wait: true,
      timeoutMs: 600_000,
      deadline: new Date(Date.now() + 1_500),
    });
    assert.equal(suspended.kind, 'suspended');
    const calm = newConfiguration({
      kubeConfig: cluster.kubeConfig,
      namespace: 'default',
      leaseOwner: 'setup',
    });
    await install(calm, { releaseName: 'calm', chart: loadArchive(webChart()), values: new Map() });

    const a1 = await request('releases/dev/default/busy/web-2.tgz', webChart({}, '0.2.0'));
    const a2 = await request('releases/dev/default/busy/web-3.tgz', webChart({}, '0.3.0'));
    const b1 = await request('releases/dev/default/calm/web-2.tgz', webChart({}, '0.2.0'));
    // fauxqs, like SQS under a group lock, hands out one message of a group until it is settled.
    const { response, messages } = await deliver('upgrade');
    const groups = messages.map((m) => m.Attributes?.MessageGroupId);
    assert.deepEqual(groups, ['dev/default/busy', 'dev/default/calm']);
    assert.deepEqual(
      response.batchItemFailures.map((f) => f.itemIdentifier),
      [messages[0].MessageId],
      'the busy release stays on the queue; the other group goes on',
    );
    assert.equal((await readStatus(aws.s3, BUCKET, b1.statusKey))?.state, 'succeeded');
    const busy = await readStatus(aws.s3, BUCKET, a1.statusKey);
    assert.deepEqual(
      [busy?.state, busy?.reason],
      ['queued', 'waiting: another operation (install/upgrade/rollback) is in progress'],
    );
    assert.equal((await readStatus(aws.s3, BUCKET, a2.statusKey))?.state, 'queued');
    // The group keeps its order: the first request comes back before the second is ever delivered.
    const again = await deliver('upgrade');
    assert.deepEqual(
      again.messages.map((m) => (JSON.parse(m.Body ?? '{}') as { requestId: string }).requestId),
      [a1.requestId],
    );
    assert.equal(again.messages[0].Attributes?.ApproximateReceiveCount, '2');

    // Redelivered until the receive budget is nearly spent: then queued afresh, never dead-lettered.
    for (let i = 0; i < MAX_RECEIVE * 2; i++) await deliver('upgrade');
    assert.deepEqual(await receive(aws.sqs, aws.dlqUrl), []);
    const queue = aws.server.inspectQueue('slipway-upgrade.fifo');
    const left = [
      ...(queue?.messages.ready ?? []),
      ...(queue?.messages.inflight ?? []).map((i) => i.message),
    ];
    const requests = left.map((m) => (JSON.parse(m.body) as { requestId: string }).requestId).sort();
    assert.deepEqual(requests, [a1.requestId, a2.requestId].sort(), 'both requests are still queued');
    assert.ok(left.every((m) => m.approximateReceiveCount < MAX_RECEIVE));
    aws.server.reset();
  });

  test('in one batch, a record left on the queue holds back the rest of its group with the same delay', async () => {
    // SQS hands a batch several records of one group; fauxqs gives one per group per receive, so the
    // second record of the busy group arrives under another group id and is labelled as SQS would.
    const a1 = await request('releases/dev/default/busy/web-4.tgz', webChart({}, '0.4.0'));
    await request('releases/dev/default/calm/web-4.tgz', webChart({}, '0.4.0'));
    const b1 = await request('releases/dev/default/calm2/web.tgz', webChart());
    const messages: Message[] = [];
    for (const op of ['upgrade', 'upgrade', 'install'] as const)
      messages.push(...(await receive(aws.sqs, aws.queueUrls[op], 1)));
    const event = sqsEvent(messages, 'arn:aws:sqs:us-east-1:000000000000:slipway-upgrade.fifo');
    event.Records[1].attributes.MessageGroupId = 'dev/default/busy';
    const deps = { ...workerDeps('upgrade'), busyRetrySeconds: 30 };
    const started = Date.now();
    const response = await processOperationBatch(deps, event, {
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => 60_000,
    });
    assert.deepEqual(
      response.batchItemFailures.map((f) => f.itemIdentifier),
      [messages[0].MessageId, messages[1].MessageId],
    );
    const inflight = aws.server.inspectQueue('slipway-upgrade.fifo')?.messages.inflight ?? [];
    assert.equal(inflight.length, 2);
    for (const i of inflight) {
      const delay = (i.visibilityDeadline - started) / 1000;
      assert.ok(delay >= 29 && delay <= 35, `visibility ${delay}s follows the group's head`);
    }
    assert.equal(
      (await readStatus(aws.s3, BUCKET, b1.statusKey))?.state,
      'succeeded',
      'the other group went on',
    );
    assert.equal((await readStatus(aws.s3, BUCKET, a1.statusKey))?.state, 'queued');
    aws.server.reset();
  });

  test('a chart replaced before its operation ran is superseded, not applied', async () => {
    const req = await request('releases/dev/default/moving/web.tgz', webChart());
    await upload(aws, BUCKET, 'releases/dev/default/moving/web.tgz', webChart({}, '0.9.0'));
    assert.deepEqual((await deliver('install')).response.batchItemFailures, []);
    const status = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.deepEqual(
      [status?.state, status?.reason],
      [
        'superseded',
        `chart object s3://${BUCKET}/releases/dev/default/moving/web.tgz was replaced after this request was queued`,
      ],
    );
    assert.deepEqual(await history('moving'), []);
  });

  test('transient cluster errors are retried, then dead-lettered with the last error', async () => {
    const flaky = await startCluster({
      requests: [{ method: 'GET', resource: 'secrets', status: 503, message: 'etcd is away', times: 1000 }],
    });
    try {
      const requestId = 'cli-flaky-cluster-1';
      const statusKey = 'releases/flaky/default/x/UNINSTALL.status.json';
      await sendOperation(aws.sqs, aws.queueUrls, {
        schemaVersion: 1,
        requestId,
        operation: 'uninstall',
        cluster: 'flaky',
        namespace: 'default',
        release: 'x',
        options: {},
        origin: { kind: 'cli', bucket: BUCKET, key: 'releases/flaky/default/x/UNINSTALL', statusKey },
        createdAt: new Date().toISOString(),
      });
      const deps: WorkerDeps = {
        ...workerDeps('uninstall'),
        transientRetrySeconds: 0,
        resolveCluster: async (name) => (name === 'flaky' ? flaky.kubeConfig : cluster.kubeConfig),
      };
      const failures: number[] = [];
      for (let i = 0; i < MAX_RECEIVE; i++) {
        const messages = await receive(aws.sqs, aws.queueUrls.uninstall);
        const response = await processOperationBatch(
          deps,
          sqsEvent(messages, 'arn:aws:sqs:us-east-1:000000000000:slipway-uninstall.fifo'),
          {
            awsRequestId: randomUUID(),
            getRemainingTimeInMillis: () => 60_000,
          },
        );
        failures.push(response.batchItemFailures.length);
        if (response.batchItemFailures.length === 0) {
          for (const m of messages)
            await aws.sqs.send(
              new DeleteMessageCommand({ QueueUrl: aws.queueUrls.uninstall, ReceiptHandle: m.ReceiptHandle }),
            );
        }
      }
      assert.deepEqual(failures, [1, 1, 1, 0], 'retried until the last receive, then dead-lettered');
      const status = await readStatus(aws.s3, BUCKET, statusKey);
      assert.equal(status?.state, 'dead-lettered');
      assert.match(status?.reason ?? '', /^gave up after 4 attempts: .*etcd is away/);
      const [dead] = await receive(aws.sqs, aws.dlqUrl);
      assert.match(dead.MessageAttributes?.['slipway-reason']?.StringValue ?? '', /etcd is away/);
      aws.server.reset();
    } finally {
      await flaky.emulator.close();
    }
  });

  test('poison messages reach the dead-letter queue with their reason', async () => {
    await aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: aws.queueUrls.install,
        MessageBody: '{"schemaVersion":1,',
        MessageGroupId: 'junk',
        MessageDeduplicationId: 'junk-1',
      }),
    );
    const { response, messages } = await deliver('install');
    assert.deepEqual(response.batchItemFailures, [], 'dead-lettered, so deleted from the source queue');
    const [dead] = await receive(aws.sqs, aws.dlqUrl);
    assert.equal(dead.Body, '{"schemaVersion":1,');
    assert.match(
      dead.MessageAttributes?.['slipway-reason']?.StringValue ?? '',
      /^message body is not JSON: /,
    );
    const note = (await getJson(aws.s3, BUCKET, `dead-letters/${messages[0].MessageId}.json`)) as {
      reason: string;
    };
    assert.match(note.reason, /^message body is not JSON/);

    // A well-formed message for a cluster the registry does not know.
    const requestId = 'cli-unknown-cluster-1';
    await sendOperation(aws.sqs, aws.queueUrls, {
      schemaVersion: 1,
      requestId,
      operation: 'uninstall',
      cluster: 'nowhere',
      namespace: 'default',
      release: 'x',
      options: {},
      origin: {
        kind: 'cli',
        bucket: BUCKET,
        key: 'releases/nowhere/default/x/UNINSTALL',
        statusKey: 'releases/nowhere/default/x/UNINSTALL.status.json',
      },
      createdAt: new Date().toISOString(),
    });
    await deliver('uninstall');
    const status = await readStatus(aws.s3, BUCKET, 'releases/nowhere/default/x/UNINSTALL.status.json');
    assert.deepEqual(
      [status?.state, status?.reason],
      ['dead-lettered', 'cluster "nowhere" is not in the cluster registry (known clusters: dev)'],
    );
    const dlq = await receive(aws.sqs, aws.dlqUrl);
    assert.ok(dlq.some((m) => m.Body?.includes(requestId)));
  });

  test('a wait longer than the invocation suspends, and the next delivery resumes the same revision', async () => {
    const req = await request('releases/dev/default/slow/web.tgz', slowChart(), {
      wait: 'true',
      timeout: '4s',
    });
    const first = await deliver('install', MARGIN_MS + 1_500);
    assert.equal(first.response.batchItemFailures.length, 1, 'left on the queue');
    const waiting = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.equal(waiting?.state, 'waiting');
    assert.equal(waiting?.revision, 1);
    assert.ok(await getJson(aws.s3, BUCKET, `continuations/${req.requestId}.json`));
    await new Promise((r) => setTimeout(r, 1_200));
    const second = await deliver('install');
    assert.deepEqual(second.response.batchItemFailures, []);
    const done = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.equal(done?.state, 'failed');
    assert.equal(done?.revision, 1, 'the suspended revision, not a new one');
    assert.equal(done?.releaseStatus, 'failed');
    assert.match(done?.reason ?? '', /context deadline exceeded|timed out/);
    assert.equal(await getJson(aws.s3, BUCKET, `continuations/${req.requestId}.json`), null);
    assert.equal((await history('slow')).length, 1);
  });

  test('a wait spanning more invocations than the receive budget continues from fresh copies', async () => {
    const req = await request('releases/dev/default/slower/web.tgz', slowChart(), {
      wait: 'true',
      timeout: '7s',
    });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { messages } = await deliver('install', MARGIN_MS + 1_000);
      seen.push(...messages.map((m) => `m${m.Attributes?.ApproximateReceiveCount}`));
      assert.equal((await readStatus(aws.s3, BUCKET, req.statusKey))?.state, 'waiting');
      await new Promise((r) => setTimeout(r, 1_100));
    }
    assert.deepEqual(seen, ['m1', 'm2', 'm3', 'm1'], 'at the budget the message was sent again');
    assert.deepEqual(await receive(aws.sqs, aws.dlqUrl), []);
    const last = await deliver('install');
    assert.deepEqual(last.response.batchItemFailures, []);
    const done = await readStatus(aws.s3, BUCKET, req.statusKey);
    assert.deepEqual([done?.state, done?.revision, done?.releaseStatus], ['failed', 1, 'failed']);
    assert.equal((await history('slower')).length, 1, 'every invocation continued the same revision');
  });
});
