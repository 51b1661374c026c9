import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, S3Event, SQSEvent } from 'aws-lambda';
import { createHandler as chartUploaded } from '../../functions/chart-uploaded.ts';
import { createHandler as installHandler } from '../../functions/install.ts';
import { createHandler as releaseApi } from '../../functions/release-api.ts';
import { UnknownClusterError } from '../../lib/pipeline/clusters.ts';
import { readStatus } from '../../lib/pipeline/status.ts';
import { deadLetterTarget, type Observability } from '../../lib/pipeline/lambda.ts';
import { BUCKET, receive, startAws, type Aws } from './aws.ts';
import { startCluster, upload, webChart, type Cluster } from './fixtures.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

function quiet(): Observability {
  return { logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'SlipwayTest' }) };
}

function lambdaContext(remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** The S3 notification record S3 sends for an upload (key URL-encoded, `+` for spaces). */
function s3Event(key: string, eTag: string, size: number): S3Event {
  const encoded = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'test' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'charts',
          bucket: { name: BUCKET, ownerIdentity: { principalId: 'test' }, arn: `arn:aws:s3:::${BUCKET}` },
          object: { key: encoded, size, eTag, sequencer: randomUUID().replace(/-/g, '').toUpperCase() },
        },
      },
    ],
  };
}

describe('Lambda handlers', () => {
  let aws: Aws;
  let cluster: Cluster;
  const resolveCluster = async (name: string) => {
    if (name !== 'dev') throw new UnknownClusterError(name, ['dev']);
    return cluster.kubeConfig;
  };

  before(async () => {
    [aws, cluster] = await Promise.all([startAws(), startCluster()]);
  });
  after(async () => {
    await Promise.all([aws.stop(), cluster.emulator.close()]);
  });

  test('the dead-letter target comes from the queue redrive policy, or from the environment', async () => {
    assert.deepEqual(await deadLetterTarget(aws.sqs, aws.queueUrls.install, 'install', {}), {
      url: aws.dlqUrl,
      maxReceiveCount: 100,
    });
    assert.deepEqual(
      await deadLetterTarget(aws.sqs, aws.queueUrls.install, 'install', {
        SLIPWAY_DLQ_INSTALL_URL: 'https://example/dlq',
        SLIPWAY_MAX_RECEIVE_COUNT: '12',
      }),
      { url: 'https://example/dlq', maxReceiveCount: 12 },
    );
  });

  test('upload → chart-uploaded → install queue → install handler; the release API reads and previews it', async () => {
    const key = 'releases/dev/default/shop/shop chart@0.1.0.tgz';
    await upload(aws, BUCKET, 'releases/dev/default/shop/values.yaml', 'password: s3cr3t-one\n');
    const ev = await upload(aws, BUCKET, key, webChart());
    const uploaded = await chartUploaded({
      s3: aws.s3,
      sqs: aws.sqs,
      queueUrls: aws.queueUrls,
      resolveCluster,
      observability: quiet(),
    })(s3Event(key, ev.eTag ?? '', ev.size ?? 0), lambdaContext());
    assert.deepEqual(
      uploaded.outcomes.map((o) => [o.kind, o.key]),
      [['queued', key]],
    );

    const messages = await receive(aws.sqs, aws.queueUrls.install);
    const event: SQSEvent = {
      Records: messages.map((m) => ({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: '0',
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: '0',
          MessageGroupId: m.Attributes?.MessageGroupId,
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:slipway-install.fifo',
        awsRegion: 'us-east-1',
      })),
    };
    // The dead-letter queue comes from the queue's RedrivePolicy.
    const install = installHandler({
      s3: aws.s3,
      sqs: aws.sqs,
      bucket: BUCKET,
      queueUrl: aws.queueUrls.install,
      resolveCluster,
      observability: quiet(),
    });
    assert.deepEqual(await install(event, lambdaContext()), { batchItemFailures: [] });
    for (const m of messages)
      await aws.sqs.send(
        new DeleteMessageCommand({ QueueUrl: aws.queueUrls.install, ReceiptHandle: m.ReceiptHandle }),
      );
    assert.equal((await readStatus(aws.s3, BUCKET, key + '.status.json'))?.state, 'succeeded');

    const api = releaseApi({ s3: aws.s3, bucket: BUCKET, resolveCluster, observability: quiet() });
    const base = { cluster: 'dev', namespace: 'default', release: 'shop' };
    const status = await api({ action: 'status', ...base }, lambdaContext());
    assert.equal(status.action, 'status');
    assert.deepEqual(
      status.action === 'status' && [
        status.release.name,
        status.release.revision,
        status.release.status,
        status.release.chart,
      ],
      ['shop', 1, 'deployed', 'web-0.1.0'],
    );
    const history = await api({ action: 'history', ...base }, lambdaContext());
    assert.deepEqual(
      history.action === 'history' && history.history.map((h) => [h.revision, h.status, h.description]),
      [[1, 'deployed', 'Install complete']],
    );
    const listed = await api({ action: 'list', cluster: 'dev', namespace: 'default' }, lambdaContext());
    assert.deepEqual(listed.action === 'list' && listed.releases.map((r) => r.name), ['shop']);
    const got = await api({ action: 'get', ...base }, lambdaContext());
    assert.ok(got.action === 'get');
    assert.deepEqual(
      got.values,
      { password: 's3cr3t-one' },
      'get values shows what the user supplied, as helm get values',
    );
    assert.match(got.manifest ?? '', /kind: ConfigMap/);
    assert.match(got.manifest ?? '', /password: "\*\*\*"/);
    assert.doesNotMatch(got.manifest ?? '', /s3cr3t/);

    // Preview a new version: a changed greeting and a changed password (masked).
    await upload(
      aws,
      BUCKET,
      'releases/dev/default/shop/values-2.yaml',
      'greeting: bonjour\npassword: s3cr3t-two\n',
    );
    await upload(aws, BUCKET, 'releases/dev/default/shop/next.tgz', webChart({}, '0.2.0'));
    const preview = await api(
      { action: 'preview', ...base, chartKey: 'releases/dev/default/shop/next.tgz' },
      lambdaContext(),
    );
    assert.ok(preview.action === 'preview');
    assert.equal(preview.operation, 'upgrade');
    assert.equal(preview.revision, 2);
    const byObject = new Map(preview.changes.map((c) => [c.object, c]));
    assert.deepEqual([...byObject.keys()].sort(), ['v1 ConfigMap shop-config', 'v1 Secret shop-auth']);
    assert.equal(byObject.get('v1 ConfigMap shop-config')?.change, 'changed');
    assert.match(
      byObject.get('v1 ConfigMap shop-config')?.diff ?? '',
      /^- {3}greeting: hello\n\+ {3}greeting: bonjour$/m,
    );
    const secretDiff = byObject.get('v1 Secret shop-auth')?.diff ?? '';
    assert.match(secretDiff, /^- {3}password: "\*\*\*"\n\+ {3}password: "\*\*\* \(changed\)"$/m);
    assert.doesNotMatch(JSON.stringify(preview), /s3cr3t/);

    await assert.rejects(api({ action: 'status', cluster: 'dev' }, lambdaContext()), {
      name: 'InvalidRequestError',
      message: "release API request: (root) must have required property 'release'",
    });
    await assert.rejects(
      api({ action: 'status', cluster: 'nowhere', release: 'x' }, lambdaContext()),
      UnknownClusterError,
    );
  });
});
