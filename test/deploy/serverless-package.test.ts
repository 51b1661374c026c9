/**
 * `serverless package` (v3, offline, dummy credentials) on a copy of the deploy configuration with
 * freshly built function bundles; asserts on the CloudFormation it generates.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { startKubeEmulator, writeKubeconfig } from '../../infra/local/kube/index.ts';
import { webChart } from '../pipeline/fixtures.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const FUNCTIONS = ['chart-uploaded', 'install', 'upgrade', 'rollback', 'uninstall', 'release-api'];
const OPERATIONS = ['install', 'upgrade', 'rollback', 'uninstall'];
/** Bundles stay small: a cold start reads and compiles all of it. */
const MAX_ZIP_BYTES = 3 * 1024 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Resource {
  Type: string;
  Properties: JsonObject;
  DependsOn?: string[];
  DeletionPolicy?: string;
}

let work: string;
let resources: Record<string, Resource>;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'slipway-deploy-'));
  cpSync(join(root, 'serverless.yml'), join(work, 'serverless.yml'));
  mkdirSync(join(work, 'infra/iam'), { recursive: true });
  cpSync(join(root, 'infra/iam/roles.yml'), join(work, 'infra/iam/roles.yml'));
  // Every function, and `install` once more beside it (same sources) for the reproducibility check.
  const script = join(root, 'scripts/package-functions.mjs');
  const [built] = await Promise.all([
    run(process.execPath, [script, '--out', join(work, 'dist/functions')], { cwd: root }),
    run(process.execPath, [script, '--out', join(work, 'again'), 'install'], { cwd: root }),
  ]);
  process.stdout.write(`function artifacts:\n${built.stdout}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ACCESS_KEY_ID: 'AKIDSLIPWAYTEST',
    AWS_SECRET_ACCESS_KEY: 'slipway-test-secret',
    AWS_REGION: 'eu-west-1',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
    CI: '1',
  };
  await run(
    process.execPath,
    [join(root, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', 'test'],
    {
      cwd: work,
      env,
      timeout: 150_000,
    },
  );
  const template = JSON.parse(
    readFileSync(join(work, '.serverless/cloudformation-template-update-stack.json'), 'utf8'),
  ) as {
    Resources: Record<string, Resource>;
  };
  resources = template.Resources;
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** serverless' logical id of a function: `chart-uploaded` → `ChartDashuploadedLambdaFunction`. */
function logicalId(fn: string, suffix: string): string {
  return fn.replace(/-/g, 'Dash').replace(/^./, (c) => c.toUpperCase()) + suffix;
}

function fnResource(fn: string): Resource {
  const r = resources[logicalId(fn, 'LambdaFunction')];
  assert.ok(r, `function ${fn} is in the template`);
  return r;
}

function roleOf(fn: string): Resource {
  const ref = fnResource(fn).Properties.Role as { 'Fn::GetAtt': [string, string] };
  const role = resources[ref['Fn::GetAtt'][0]];
  assert.equal(role?.Type, 'AWS::IAM::Role', `${fn} has its own role`);
  return role;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
}

function statements(role: Resource): Statement[] {
  const policies = role.Properties.Policies as unknown as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

function actions(s: Statement): string[] {
  return typeof s.Action === 'string' ? [s.Action] : s.Action;
}

/** Every action a role allows, with its resources as compact JSON. */
function grants(role: Resource): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of statements(role)) {
    for (const a of actions(s)) {
      const list = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      out.set(a, [...(out.get(a) ?? []), ...list.map((r) => JSON.stringify(r))]);
    }
  }
  return out;
}

test('functions: nodejs22.x, index.handler, own role, Powertools and queue environment', () => {
  for (const fn of FUNCTIONS) {
    const p = fnResource(fn).Properties;
    assert.equal(p.Runtime, 'nodejs22.x', fn);
    assert.equal(p.Handler, 'index.handler', fn);
    assert.equal(p.FunctionName, `slipway-test-${fn}`);
    const vars = (p.Environment as { Variables: JsonObject }).Variables;
    assert.equal(vars.POWERTOOLS_SERVICE_NAME, 'slipway');
    assert.equal(vars.POWERTOOLS_METRICS_NAMESPACE, 'Slipway');
    assert.equal(vars.POWERTOOLS_LOG_LEVEL, 'DEBUG', 'the test stage logs at DEBUG');
    assert.equal(vars.SLIPWAY_BUCKET, 'slipway-test-releases');
    assert.equal(vars.SLIPWAY_CLUSTERS_PARAMETER, '/slipway/test/clusters');
    for (const op of OPERATIONS) {
      assert.deepEqual(vars[`SLIPWAY_QUEUE_${op.toUpperCase()}_URL`], {
        Ref: `${op[0].toUpperCase()}${op.slice(1)}Queue`,
      });
    }
    roleOf(fn);
  }
  assert.equal(resources.IamRoleLambdaExecution, undefined, 'no shared default role');
});

test('bucket: versioned, encrypted, private, TLS only; notifications for charts and markers under releases/', () => {
  const bucket = resources.S3BucketReleases;
  assert.equal(bucket.Type, 'AWS::S3::Bucket');
  const p = bucket.Properties;
  assert.equal(p.BucketName, 'slipway-test-releases');
  assert.equal(bucket.DeletionPolicy, 'Retain', 'deleting the stack keeps the request history');
  assert.ok(
    !Object.values(resources).some((r) => r.Type.startsWith('Custom::')),
    'the stack owns the bucket: no custom resource for an existing one',
  );
  assert.deepEqual(p.VersioningConfiguration, { Status: 'Enabled' });
  const sse = (p.BucketEncryption as { ServerSideEncryptionConfiguration: JsonObject[] })
    .ServerSideEncryptionConfiguration;
  assert.deepEqual(sse[0].ServerSideEncryptionByDefault, { SSEAlgorithm: 'AES256' });
  assert.deepEqual(p.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const configs = (p.NotificationConfiguration as { LambdaConfigurations: JsonObject[] })
    .LambdaConfigurations;
  const filters = configs.map((c) => {
    assert.equal(c.Event, 's3:ObjectCreated:*');
    assert.deepEqual(c.Function, { 'Fn::GetAtt': ['ChartDashuploadedLambdaFunction', 'Arn'] });
    return (c.Filter as { S3Key: { Rules: JsonObject[] } }).S3Key.Rules;
  });
  assert.deepEqual(filters, [
    [
      { Name: 'prefix', Value: 'releases/' },
      { Name: 'suffix', Value: '.tgz' },
    ],
    [
      { Name: 'prefix', Value: 'releases/' },
      { Name: 'suffix', Value: '/ROLLBACK' },
    ],
    [
      { Name: 'prefix', Value: 'releases/' },
      { Name: 'suffix', Value: '/UNINSTALL' },
    ],
  ]);
  const policy = resources.ReleasesBucketPolicy.Properties.PolicyDocument as { Statement: JsonObject[] };
  assert.deepEqual(policy.Statement[0].Condition, { Bool: { 'aws:SecureTransport': 'false' } });
  assert.equal(policy.Statement[0].Effect, 'Deny');
});

test('queues: FIFO per operation with an alarmed FIFO dead-letter queue, visibility ≥ 6× the consumer timeout', () => {
  for (const op of OPERATIONS) {
    const name = `${op[0].toUpperCase()}${op.slice(1)}`;
    const q = resources[`${name}Queue`];
    const dlq = resources[`${name}DeadLetterQueue`];
    assert.equal(q.Type, 'AWS::SQS::Queue');
    assert.equal(q.Properties.QueueName, `slipway-test-${op}.fifo`);
    assert.equal(q.Properties.FifoQueue, true);
    assert.equal(dlq.Properties.QueueName, `slipway-test-${op}-dlq.fifo`);
    assert.equal(dlq.Properties.FifoQueue, true, 'a FIFO queue needs a FIFO dead-letter queue');
    assert.deepEqual(q.Properties.RedrivePolicy, {
      deadLetterTargetArn: { 'Fn::GetAtt': [`${name}DeadLetterQueue`, 'Arn'] },
      maxReceiveCount: 10,
    });
    const alarm = resources[`${name}DeadLetterAlarm`];
    assert.equal(alarm.Type, 'AWS::CloudWatch::Alarm');
    assert.deepEqual(alarm.Properties.Dimensions, [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [`${name}DeadLetterQueue`, 'QueueName'] } },
    ]);
    const timeout = fnResource(op).Properties.Timeout as number;
    assert.ok(
      (q.Properties.VisibilityTimeout as number) >= 6 * timeout,
      `${op}: visibility ${q.Properties.VisibilityTimeout} < 6 × ${timeout}`,
    );
  }
});

test('event source mappings: each worker consumes its own queue and reports batch item failures', () => {
  const mappings = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
  assert.equal(mappings.length, OPERATIONS.length);
  for (const op of OPERATIONS) {
    const name = `${op[0].toUpperCase()}${op.slice(1)}`;
    const m = resources[`${name}EventSourceMappingSQS${name}Queue`];
    assert.ok(m, `${op} has an event source mapping`);
    assert.deepEqual(m.Properties.EventSourceArn, { 'Fn::GetAtt': [`${name}Queue`, 'Arn'] });
    assert.deepEqual(m.Properties.FunctionName, { 'Fn::GetAtt': [`${name}LambdaFunction`, 'Arn'] });
    assert.deepEqual(m.Properties.FunctionResponseTypes, ['ReportBatchItemFailures']);
    assert.equal(m.Properties.BatchSize, 1);
  }
});

test('IAM: no wildcard actions or resources; each function gets only what it uses', () => {
  for (const fn of FUNCTIONS) {
    const role = roleOf(fn);
    for (const s of statements(role)) {
      assert.equal(s.Effect, 'Allow');
      for (const a of actions(s)) assert.doesNotMatch(a, /\*/, `${fn}: wildcard action ${a}`);
      const list = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      for (const r of list) assert.notEqual(r, '*', `${fn}: statement ${s.Sid} on every resource`);
    }
    const g = grants(role);
    assert.deepEqual(g.get('logs:PutLogEvents'), [
      JSON.stringify({
        'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/slipway-test-${fn}:*`,
      }),
    ]);
    assert.deepEqual(g.get('secretsmanager:GetSecretValue'), [
      JSON.stringify({
        'Fn::Sub':
          'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:slipway/test/*',
      }),
    ]);
    assert.deepEqual(g.get('s3:GetObjectVersion'), [
      JSON.stringify({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::slipway-test-releases/releases/*' }),
    ]);
    assert.equal(g.has('eks:DescribeCluster'), false, 'the registry carries server and CA; no EKS API call');
  }
  const send = grants(roleOf('chart-uploaded')).get('sqs:SendMessage');
  assert.deepEqual(
    send,
    OPERATIONS.map((op) =>
      JSON.stringify({ 'Fn::GetAtt': [`${op[0].toUpperCase()}${op.slice(1)}Queue`, 'Arn'] }),
    ),
  );
  const bucketArn = (path: string) =>
    JSON.stringify({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::slipway-test-releases/${path}` });
  for (const fn of ['chart-uploaded', 'release-api']) {
    assert.equal(grants(roleOf(fn)).has('s3:DeleteObject'), false, `${fn} deletes nothing in the bucket`);
  }
  assert.deepEqual(grants(roleOf('chart-uploaded')).get('s3:PutObject'), [
    bucketArn('releases/*.status.json'),
    bucketArn('claims/*'),
  ]);
  for (const op of OPERATIONS) {
    const g = grants(roleOf(op));
    const queue = (suffix: string) =>
      JSON.stringify({ 'Fn::GetAtt': [`${op[0].toUpperCase()}${op.slice(1)}${suffix}`, 'Arn'] });
    for (const a of [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ChangeMessageVisibility',
    ]) {
      assert.deepEqual(g.get(a), [queue('Queue')], `${op}: ${a} on its own queue only`);
    }
    assert.deepEqual(
      g.get('sqs:SendMessage'),
      [queue('Queue'), queue('DeadLetterQueue')],
      `${op}: requeue and dead-letter only`,
    );
    assert.deepEqual(g.get('s3:PutObject'), [
      bucketArn('releases/*.status.json'),
      bucketArn('continuations/*'),
      bucketArn('dead-letters/*'),
    ]);
    assert.deepEqual(
      g.get('s3:DeleteObject'),
      [bucketArn('continuations/*')],
      `${op} deletes only its continuations`,
    );
    const claims = ['install', 'upgrade'].includes(op) ? [bucketArn('claims/*')] : [];
    assert.deepEqual(g.get('s3:GetObject'), [
      bucketArn('releases/*'),
      bucketArn('continuations/*'),
      ...claims,
    ]);
    const vars = (fnResource(op).Properties.Environment as { Variables: JsonObject }).Variables;
    assert.deepEqual(vars[`SLIPWAY_DLQ_${op.toUpperCase()}_URL`], {
      Ref: `${op[0].toUpperCase()}${op.slice(1)}DeadLetterQueue`,
    });
    assert.equal(vars.SLIPWAY_MAX_RECEIVE_COUNT, '10');
  }
  const api = grants(roleOf('release-api'));
  assert.equal(api.has('s3:PutObject'), false, 'release-api writes nothing');
  assert.equal(api.has('sqs:ReceiveMessage'), false);
});

/** The single entry of a zip written by scripts/package-functions.mjs, checked against its CRC. */
function unzipSingle(zip: Buffer): { name: string; data: Buffer; mode: number } {
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50, 'end of central directory');
  assert.equal(zip.readUInt16LE(end + 10), 1, 'one entry');
  const cd = zip.readUInt32LE(end + 16);
  assert.equal(zip.readUInt32LE(cd), 0x02014b50);
  const method = zip.readUInt16LE(cd + 10);
  const crc = zip.readUInt32LE(cd + 16);
  const csize = zip.readUInt32LE(cd + 20);
  const nameLen = zip.readUInt16LE(cd + 28);
  const mode = zip.readUInt32LE(cd + 38) >>> 16;
  const local = zip.readUInt32LE(cd + 42);
  assert.equal(zip.readUInt32LE(local), 0x04034b50);
  const name = zip.subarray(local + 30, local + 30 + nameLen).toString();
  const start = local + 30 + nameLen + zip.readUInt16LE(local + 28);
  assert.equal(method, 8, 'deflate');
  const data = inflateRawSync(zip.subarray(start, start + csize));
  assert.equal(crc32(data), crc);
  return { name, data, mode };
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** The handler exactly as deployed: unzipped from its artifact and imported. */
async function deployedHandler(fn: string): Promise<Handler> {
  const { data } = unzipSingle(readFileSync(join(work, 'dist/functions', `${fn}.zip`)));
  const dir = join(work, 'extracted', fn);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), data);
  return ((await import(join(dir, 'index.mjs'))) as { handler: Handler }).handler;
}

test('artifacts: one small zip per function holding a loadable index.mjs that exports handler', async () => {
  const sizes: string[] = [];
  for (const fn of FUNCTIONS) {
    const zipPath = join(work, 'dist/functions', `${fn}.zip`);
    const { size } = statSync(zipPath);
    sizes.push(`${fn} ${(size / 1024).toFixed(0)} KiB`);
    assert.ok(size < MAX_ZIP_BYTES, `${fn}.zip is ${size} bytes`);
    const { name, data, mode } = unzipSingle(readFileSync(zipPath));
    assert.equal(name, 'index.mjs');
    assert.equal(mode, 0o100644);
    assert.ok(data.equals(readFileSync(join(work, 'dist/functions', fn, 'index.mjs'))));
    assert.equal(typeof (await deployedHandler(fn)), 'function', `${fn} exports handler`);
    const code = fnResource(fn).Properties.Code as { S3Key: string };
    assert.match(code.S3Key, new RegExp(`/${fn}\\.zip$`), 'serverless deploys the pre-built artifact');
  }
  process.stdout.write(`zipped sizes: ${sizes.join(', ')}\n`);
});

test('artifacts are reproducible: a second build gives an identical zip', () => {
  assert.ok(
    readFileSync(join(work, 'again/install.zip')).equals(
      readFileSync(join(work, 'dist/functions/install.zip')),
    ),
  );
});

function lambdaContext(fn: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `slipway-test-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:slipway-test-${fn}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/slipway-test-${fn}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 120_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

test('the deployed artifacts run a release with the environment the stack gives them', async () => {
  // Stand-ins for the stack's resources, named and configured as in the template.
  const aws = await startFauxqs({ port: 0, logger: false });
  const kube = await startKubeEmulator({ port: 0 });
  const config = {
    endpoint: aws.address,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sqs = new SQSClient(config);
  const saved = { ...process.env };
  try {
    const bucket = resources.S3BucketReleases.Properties.BucketName as string;
    aws.createBucket(bucket);
    const refs = new Map<string, string>();
    // fauxqs names queues http://sqs.<region>.localhost:<port>/…, a host that does not resolve here;
    // the SDK sends to a queue URL's own host, so the stand-in URLs use the server's address.
    const reachable = (queueUrl: string) => aws.address + new URL(queueUrl).pathname;
    const queueArns = new Map<string, string>();
    for (const [id, r] of Object.entries(resources).filter(
      ([id, r]) => r.Type === 'AWS::SQS::Queue' && id.includes('DeadLetter'),
    )) {
      const q = aws.createQueue(r.Properties.QueueName as string, { attributes: { FifoQueue: 'true' } });
      refs.set(id, reachable(q.queueUrl));
      queueArns.set(id, q.queueArn);
    }
    for (const [id, r] of Object.entries(resources).filter(
      ([id, r]) => r.Type === 'AWS::SQS::Queue' && !id.includes('DeadLetter'),
    )) {
      const redrive = r.Properties.RedrivePolicy as {
        deadLetterTargetArn: { 'Fn::GetAtt': [string, string] };
        maxReceiveCount: number;
      };
      const q = aws.createQueue(r.Properties.QueueName as string, {
        attributes: {
          FifoQueue: 'true',
          VisibilityTimeout: String(r.Properties.VisibilityTimeout),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: queueArns.get(redrive.deadLetterTargetArn['Fn::GetAtt'][0]),
            maxReceiveCount: redrive.maxReceiveCount,
          }),
        },
      });
      refs.set(id, reachable(q.queueUrl));
    }
    const kubeconfig = join(work, 'kubeconfig');
    writeKubeconfig(kubeconfig, kube.url);
    /** A function's environment from the template, with Refs resolved to the stand-ins. */
    const useEnvironmentOf = (fn: string) => {
      const vars = (fnResource(fn).Properties.Environment as { Variables: JsonObject }).Variables;
      for (const key of Object.keys(process.env)) if (key.startsWith('SLIPWAY_')) delete process.env[key];
      for (const [k, v] of Object.entries(vars)) {
        const ref = typeof v === 'object' && v !== null && !Array.isArray(v) ? v.Ref : undefined;
        process.env[k] = typeof ref === 'string' ? refs.get(ref) : String(v);
        assert.ok(process.env[k] !== undefined, `${fn}: ${k} resolves`);
      }
      // What the test changes: endpoints, credentials, quiet logs, and the registry (the stage reads SSM).
      Object.assign(process.env, {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_S3: aws.address,
        AWS_ENDPOINT_URL_SQS: aws.address,
        SLIPWAY_S3_FORCE_PATH_STYLE: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        POWERTOOLS_METRICS_DISABLED: 'true',
        SLIPWAY_CLUSTERS: JSON.stringify({ dev: { auth: { kind: 'local', kubeconfig } } }),
      });
    };

    const key = 'releases/dev/default/web/web-0.1.0.tgz';
    const chart = webChart();
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: chart }));
    useEnvironmentOf('chart-uploaded');
    await (
      await deployedHandler('chart-uploaded')
    )(
      {
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
              bucket: { name: bucket, ownerIdentity: { principalId: 'test' }, arn: `arn:aws:s3:::${bucket}` },
              object: {
                key,
                size: chart.length,
                eTag: put.ETag?.replace(/"/g, '') ?? '',
                sequencer: '0000000000000001',
              },
            },
          },
        ],
      },
      lambdaContext('chart-uploaded'),
    );

    const installQueue = refs.get('InstallQueue') ?? '';
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: installQueue,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    assert.equal(messages.length, 1, 'chart-uploaded queued one install');
    useEnvironmentOf('install');
    const result = await (
      await deployedHandler('install')
    )(
      {
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
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:slipway-test-install.fifo',
          awsRegion: 'us-east-1',
        })),
      },
      lambdaContext('install'),
    );
    assert.deepEqual(result, { batchItemFailures: [] });
    const status = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}.status.json` }));
    assert.equal(
      (JSON.parse(await (status.Body?.transformToString() ?? '{}')) as { state?: string }).state,
      'succeeded',
    );

    useEnvironmentOf('release-api');
    const api = await deployedHandler('release-api');
    const answer = (await api(
      { action: 'status', cluster: 'dev', namespace: 'default', release: 'web' },
      lambdaContext('release-api'),
    )) as {
      release: { name: string; revision: number; status: string };
    };
    assert.deepEqual(
      [answer.release.name, answer.release.revision, answer.release.status],
      ['web', 1, 'deployed'],
    );
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    s3.destroy();
    sqs.destroy();
    await Promise.all([aws.stop(), kube.close()]);
  }
});
