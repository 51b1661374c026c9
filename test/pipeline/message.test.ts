import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyKey,
  orderValuesKeys,
  parseRequestKey,
  parseRequestOptions,
  BucketKeyError,
} from '../../lib/pipeline/bucket.ts';
import {
  InvalidMessageError,
  decodeBody,
  encodeMessage,
  messageGroupId,
  requestIdForObject,
  type OperationMessage,
} from '../../lib/pipeline/message.ts';
import { CLAIM_THRESHOLD_BYTES, readOperation, sendOperation } from '../../lib/pipeline/queue.ts';
import { BUCKET, receive, startAws, type Aws } from './aws.ts';

const SHA = 'a'.repeat(64);

function sample(over: Partial<OperationMessage> = {}): OperationMessage {
  return {
    schemaVersion: 1,
    requestId: requestIdForObject({
      bucket: BUCKET,
      key: 'releases/dev/web/app/app.tgz',
      eTag: '"x"',
      sequencer: '01',
    }),
    operation: 'install',
    cluster: 'dev',
    namespace: 'web',
    release: 'app',
    chart: { bucket: BUCKET, key: 'releases/dev/web/app/app.tgz', sha256: SHA, size: 10 },
    values: [{ name: 'releases/dev/web/app/values.yaml', sha256: SHA, yaml: 'replicas: 2\n' }],
    options: { wait: true, timeoutMs: 300000 },
    origin: { kind: 's3', bucket: BUCKET, key: 'releases/dev/web/app/app.tgz' },
    createdAt: '2026-11-24T06:00:00.000Z',
    ...over,
  };
}

describe('bucket convention', () => {
  test('request keys name cluster, namespace, release and kind', () => {
    assert.deepEqual(parseRequestKey('releases/prod-eu/payments/api/api-1.2.3.tgz'), {
      cluster: 'prod-eu',
      namespace: 'payments',
      release: 'api',
      kind: 'deploy',
      key: 'releases/prod-eu/payments/api/api-1.2.3.tgz',
      prefix: 'releases/prod-eu/payments/api/',
    });
    assert.equal(parseRequestKey('releases/a/b/c/UNINSTALL').kind, 'uninstall');
    assert.equal(parseRequestKey('releases/a/b/c/ROLLBACK').kind, 'rollback');
    assert.deepEqual(classifyKey('releases/a/b/c/values-prod.yaml'), {
      role: 'values',
      target: { cluster: 'a', namespace: 'b', release: 'c' },
    });
    assert.equal(classifyKey('releases/a/b/c/app.tgz.status.json').role, 'status');
    assert.equal(classifyKey('claims/x.json').role, 'claim');
    assert.equal(classifyKey('releases/a/b/c/README.md').role, 'other');
  });

  test('invalid names and shapes are refused naming the object and the rule', () => {
    assert.throws(() => parseRequestKey('releases/a/b/app.tgz'), {
      name: 'BucketKeyError',
      message: 'object "releases/a/b/app.tgz": expected releases/<cluster>/<namespace>/<release>/app.tgz',
    });
    assert.throws(
      () => parseRequestKey('releases/a/Web/app/app.tgz'),
      (e: Error) =>
        e instanceof BucketKeyError &&
        e.message.startsWith(
          'object "releases/a/Web/app/app.tgz": namespace "Web": a lowercase RFC 1123 label',
        ),
    );
    assert.throws(
      () => parseRequestKey('releases/a/web/My_App/x.tgz'),
      (e: Error) => e.message.includes('release name "My_App": invalid release name, must match regex'),
    );
    assert.throws(
      () => parseRequestKey('releases/-x/web/app/x.tgz'),
      /cluster "-x": must consist of lower case/,
    );
    assert.throws(() => parseRequestKey('releases/a/b/c/values.yaml'), /is not a release request/);
  });

  test('values objects apply values.yaml first, then values-*.yaml bytewise', () => {
    const prefix = 'releases/a/b/c/';
    const keys = [
      'values-b.yaml',
      'values-A.yaml',
      'app.tgz',
      'values.yaml',
      'values-a.yaml',
      'other.yaml',
      'sub/values.yaml',
    ];
    assert.deepEqual(
      orderValuesKeys(
        prefix,
        keys.map((k) => prefix + k),
      ),
      ['values.yaml', 'values-A.yaml', 'values-a.yaml', 'values-b.yaml'].map((k) => prefix + k),
    );
  });

  test('object metadata becomes action options; unknown names are reported; bad values refused', () => {
    const req = parseRequestKey('releases/a/b/c/app.tgz');
    assert.deepEqual(
      parseRequestOptions(req, {
        atomic: 'true',
        timeout: '2m30s',
        'max-history': '5',
        description: 'ci #42',
        mtime: '1',
      }),
      {
        options: { atomic: true, timeoutMs: 150000, maxHistory: 5, description: 'ci #42' },
        ignored: ['mtime'],
      },
    );
    assert.deepEqual(parseRequestOptions(req, { timeout: '90' }).options, { timeoutMs: 90000 });
    assert.throws(() => parseRequestOptions(req, { wait: 'maybe' }), {
      message:
        'object "releases/a/b/c/app.tgz": metadata x-amz-meta-wait: "maybe" is not a boolean (true or false)',
    });
    assert.throws(() => parseRequestOptions(req, { timeout: '5 minutes' }), /is not a duration/);
    const un = parseRequestKey('releases/a/b/c/UNINSTALL');
    assert.deepEqual(parseRequestOptions(un, { 'keep-history': 'yes', cascade: 'orphan', atomic: 'true' }), {
      options: { keepHistory: true, cascade: 'Orphan' },
      ignored: ['atomic'],
    });
  });
});

describe('operation message', () => {
  test('round trip through JSON keeps every field', () => {
    const msg = sample();
    assert.deepEqual(decodeBody(encodeMessage(msg)), msg);
    const rollback = sample({
      operation: 'rollback',
      chart: undefined,
      values: undefined,
      options: { revision: 2 },
    });
    delete (rollback as { chart?: unknown }).chart;
    delete (rollback as { values?: unknown }).values;
    assert.deepEqual(decodeBody(encodeMessage(rollback)), rollback);
  });

  test('invalid bodies are rejected as poison with the reason', () => {
    const bad = (body: string, re: RegExp) =>
      assert.throws(
        () => decodeBody(body),
        (e: Error) => e instanceof InvalidMessageError && re.test(e.message),
      );
    bad('{nope', /message body is not JSON/);
    bad('[]', /not a JSON object/);
    bad(
      JSON.stringify({ ...sample(), schemaVersion: 2 }),
      /unsupported message schemaVersion 2 \(this worker reads 1\)/,
    );
    const noChart: Record<string, unknown> = { ...sample() };
    delete noChart.chart;
    bad(JSON.stringify(noChart), /message schema v1: \(root\) must have required property 'chart'/);
    bad(JSON.stringify({ ...sample(), extra: 1 }), /must NOT have additional properties \(extra\)/);
    bad(
      JSON.stringify({ ...sample(), operation: 'destroy' }),
      /\/operation must be equal to one of the allowed values/,
    );
    bad(
      JSON.stringify({ ...sample(), release: 'Bad_Name' }),
      /release name "Bad_Name": invalid release name/,
    );
    assert.throws(() => encodeMessage({ ...sample(), requestId: 'x' }), /\/requestId must match pattern/);
  });

  test('request ids: same object version → same id; a new upload event → new id', () => {
    const base = { bucket: 'b', key: 'releases/a/b/c/x.tgz' };
    assert.equal(
      requestIdForObject({ ...base, versionId: 'v1', sequencer: '1' }),
      requestIdForObject({ ...base, versionId: 'v1', sequencer: '2' }),
    );
    assert.notEqual(
      requestIdForObject({ ...base, versionId: 'v1' }),
      requestIdForObject({ ...base, versionId: 'v2' }),
    );
    assert.equal(
      requestIdForObject({ ...base, eTag: 'e', sequencer: '1' }),
      requestIdForObject({ ...base, eTag: 'e', sequencer: '1' }),
    );
    assert.notEqual(
      requestIdForObject({ ...base, eTag: 'e', sequencer: '1' }),
      requestIdForObject({ ...base, eTag: 'e', sequencer: '2' }),
    );
  });

  test('group id is the release, hashed only past 128 characters', () => {
    assert.equal(messageGroupId({ cluster: 'dev', namespace: 'web', release: 'app' }), 'dev/web/app');
    const long = messageGroupId({
      cluster: 'c'.repeat(63),
      namespace: 'n'.repeat(63),
      release: 'r'.repeat(53),
    });
    assert.match(long, /^sha256-[0-9a-f]{64}$/);
  });
});

describe('queue (fauxqs)', () => {
  let aws: Aws;
  before(async () => {
    aws = await startAws();
  });
  after(async () => {
    await aws.stop();
  });

  test('send → receive: FIFO group per release, dedup by request id', async () => {
    const msg = sample();
    const first = await sendOperation(aws.sqs, aws.queueUrls, msg);
    const again = await sendOperation(aws.sqs, aws.queueUrls, msg);
    assert.equal(first.groupId, 'dev/web/app');
    assert.equal(first.deduplicationId, msg.requestId);
    assert.equal(again.messageId, first.messageId, 'a duplicate send within the window is the same message');
    const got = await receive(aws.sqs, aws.queueUrls.install);
    assert.equal(got.length, 1);
    assert.equal(got[0].Attributes?.MessageGroupId, 'dev/web/app');
    assert.equal(got[0].MessageAttributes?.operation?.StringValue, 'install');
    assert.deepEqual(await readOperation(got[0].Body ?? ''), msg);
    assert.deepEqual(await receive(aws.sqs, aws.queueUrls.upgrade), []);
  });

  test('an oversized message travels by claim check and comes back whole', async () => {
    const big = 'x: ' + 'y'.repeat(CLAIM_THRESHOLD_BYTES) + '\n';
    const msg = sample({
      operation: 'upgrade',
      requestId: 'cli-claim-test-0001',
      values: [{ name: 'values.yaml', sha256: SHA, yaml: big }],
    });
    await assert.rejects(
      sendOperation(aws.sqs, aws.queueUrls, msg),
      /over the 204800-byte limit, and no claim store/,
    );
    const sent = await sendOperation(aws.sqs, aws.queueUrls, msg, { s3: aws.s3, bucket: BUCKET });
    assert.equal(sent.claimKey, 'claims/cli-claim-test-0001.json');
    const [m] = await receive(aws.sqs, aws.queueUrls.upgrade);
    assert.ok((m.Body ?? '').length < 1000, 'the queue carries only the claim');
    assert.deepEqual(await readOperation(m.Body ?? '', aws.s3), msg);
    // An altered claim is poison, not a retry.
    await aws.s3.send(
      new (await import('@aws-sdk/client-s3')).PutObjectCommand({
        Bucket: BUCKET,
        Key: sent.claimKey,
        Body: '{}',
      }),
    );
    await assert.rejects(
      readOperation(m.Body ?? '', aws.s3),
      (e: Error) => e instanceof InvalidMessageError && /does not match its sha256/.test(e.message),
    );
  });
});
