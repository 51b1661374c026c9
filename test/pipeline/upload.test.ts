import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleUpload, type UploadDeps } from '../../lib/pipeline/upload.ts';
import { readStatus } from '../../lib/pipeline/status.ts';
import { readOperation } from '../../lib/pipeline/queue.ts';
import { secretsHistory, silentLogger, type PipelineMetrics } from '../../lib/pipeline/observe.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { BUCKET, receive, startAws, type Aws } from './aws.ts';
import { chartWithEntries, startCluster, upload, webChart, type Cluster } from './fixtures.ts';

const NOW = new Date('2026-11-24T06:00:00.000Z');

describe('chart uploaded', () => {
  let aws: Aws;
  let cluster: Cluster;
  let deps: UploadDeps;
  const metrics: { name: string; value: number }[] = [];
  const recorder: PipelineMetrics = { addMetric: (name, _unit, value) => metrics.push({ name, value }) };

  before(async () => {
    [aws, cluster] = await Promise.all([startAws(), startCluster()]);
    deps = {
      s3: aws.s3,
      sqs: aws.sqs,
      queueUrls: aws.queueUrls,
      resolveCluster: cluster.resolve,
      readHistory: secretsHistory,
      log: silentLogger,
      metrics: recorder,
      now: () => NOW,
    };
  });
  after(async () => {
    await Promise.all([aws.stop(), cluster.emulator.close()]);
  });
  beforeEach(() => {
    aws.server.reset();
    metrics.length = 0;
  });

  async function queued(url: string) {
    return Promise.all((await receive(aws.sqs, url)).map((m) => readOperation(m.Body ?? '', aws.s3)));
  }

  test('a valid chart with values objects is queued as an install with its values in order', async () => {
    const prefix = 'releases/dev/web/app/';
    await upload(aws, BUCKET, prefix + 'values-b.yaml', 'greeting: from-b\n');
    await upload(aws, BUCKET, prefix + 'values.yaml', 'greeting: base\nreplicas: 3\n');
    await upload(aws, BUCKET, prefix + 'values-a.yaml', 'greeting: from-a\n');
    const ev = await upload(aws, BUCKET, prefix + 'web-0.1.0.tgz', webChart(), {
      wait: 'true',
      timeout: '10m',
      foo: 'x',
    });
    const out = await handleUpload(deps, ev);
    assert.equal(out.kind, 'queued');
    const [msg, ...rest] = await queued(aws.queueUrls.install);
    assert.equal(rest.length, 0);
    assert.equal(msg.operation, 'install');
    assert.deepEqual([msg.cluster, msg.namespace, msg.release], ['dev', 'web', 'app']);
    assert.deepEqual(
      msg.values?.map((v) => [v.name, v.yaml]),
      [
        [prefix + 'values.yaml', 'greeting: base\nreplicas: 3\n'],
        [prefix + 'values-a.yaml', 'greeting: from-a\n'],
        [prefix + 'values-b.yaml', 'greeting: from-b\n'],
      ],
    );
    assert.deepEqual(msg.options, { wait: true, timeoutMs: 600000 });
    assert.equal(msg.chart?.key, ev.key);
    assert.match(msg.chart?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(msg.createdAt, NOW.toISOString());
    const status = await readStatus(aws.s3, BUCKET, ev.key + '.status.json');
    assert.equal(status?.state, 'queued');
    assert.equal(status?.requestId, msg.requestId);
    assert.deepEqual(status?.ignoredMetadata, ['foo']);
    assert.ok(metrics.some((m) => m.name === 'RenderTime'));
  });

  test('the same upload event delivered twice queues one operation', async () => {
    const ev = await upload(aws, BUCKET, 'releases/dev/web/app/web.tgz', webChart());
    const [a, b] = [await handleUpload(deps, ev), await handleUpload(deps, ev)];
    assert.equal(a.kind, 'queued');
    assert.equal(b.kind, 'duplicate');
    assert.equal((await queued(aws.queueUrls.install)).length, 1);
    // A new upload of the same bytes is a new request.
    const again = await upload(aws, BUCKET, 'releases/dev/web/app/web.tgz', webChart());
    assert.equal((await handleUpload(deps, again)).kind, 'queued');
  });

  test("the validation render uses the target cluster's capabilities", async () => {
    // The emulator serves Kubernetes v1.32.4; Helm's client-only default is v1.32.0.
    const needsPatch4 = webChart({
      'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nkubeVersion: ">=1.32.4"\n',
    });
    const ok = await upload(aws, BUCKET, 'releases/dev/web/kv/web.tgz', needsPatch4);
    assert.equal((await handleUpload(deps, ok)).kind, 'queued');
    const tooNew = webChart({
      'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nkubeVersion: ">=1.33.0"\n',
    });
    const ev = await upload(aws, BUCKET, 'releases/dev/web/kv2/web.tgz', tooNew);
    assert.equal((await handleUpload(deps, ev)).kind, 'rejected');
    const status = await readStatus(aws.s3, BUCKET, ev.key + '.status.json');
    assert.equal(
      status?.reason,
      'chart requires kubeVersion: >=1.33.0 which is incompatible with Kubernetes v1.32.4',
    );
  });

  async function expectRejected(
    key: string,
    body: Uint8Array | string,
    reason: RegExp,
    metadata?: Record<string, string>,
  ) {
    const ev = await upload(aws, BUCKET, key, body, metadata);
    const out = await handleUpload(deps, ev);
    assert.equal(out.kind, 'rejected');
    const status = await readStatus(aws.s3, BUCKET, key + '.status.json');
    assert.equal(status?.state, 'rejected');
    assert.match(status?.reason ?? '', reason);
    for (const url of Object.values(aws.queueUrls))
      assert.deepEqual(await receive(aws.sqs, url), [], 'nothing queued');
  }

  test('a hostile archive is rejected, naming the entry; nothing is queued', async () => {
    await expectRejected(
      'releases/dev/web/app/evil.tgz',
      chartWithEntries([
        { name: 'web/Chart.yaml', data: 'apiVersion: v2\nname: web\nversion: 0.1.0\n' },
        { name: 'web/templates/link.yaml', type: '2', linkname: '/etc/passwd' },
      ]),
      /link\.yaml/,
    );
  });

  test('a template error is rejected with the template position', async () => {
    await expectRejected(
      'releases/dev/web/app/broken.tgz',
      webChart({ 'templates/bad.yaml': 'x: {{ .Values.missing.deeper }}\n' }),
      /^template: web\/templates\/bad\.yaml:1:\d+: executing "web\/templates\/bad\.yaml" at <\.Values\.missing\.deeper>: nil pointer evaluating interface \{\}\.deeper$/,
    );
  });

  test('values violating the chart schema are rejected', async () => {
    await upload(aws, BUCKET, 'releases/dev/web/app/values.yaml', 'replicas: 0\n');
    await expectRejected(
      'releases/dev/web/app/web.tgz',
      webChart(),
      /values don't meet the specifications of the schema\(s\)/,
    );
  });

  test('bad values YAML, bad metadata, bad names and unknown clusters are rejected', async () => {
    await expectRejected(
      'releases/dev/web/app/x.tgz',
      webChart(),
      /metadata x-amz-meta-atomic: "si" is not a boolean/,
      { atomic: 'si' },
    );
    await expectRejected(
      'releases/dev/web/Bad_Name/x.tgz',
      webChart(),
      /release name "Bad_Name": invalid release name/,
    );
    await expectRejected(
      'releases/nowhere/web/app/x.tgz',
      webChart(),
      /^cluster "nowhere": unknown cluster "nowhere"/,
    );
    await upload(aws, BUCKET, 'releases/dev/web/app/values-z.yaml', 'a: [1\n');
    await expectRejected(
      'releases/dev/web/app/y.tgz',
      webChart(),
      /^failed to parse releases\/dev\/web\/app\/values-z\.yaml: /,
    );
  });

  test('UNINSTALL of a release without history is rejected; unrelated keys are ignored', async () => {
    await expectRejected('releases/dev/web/ghost/UNINSTALL', '', /release "ghost": release: not found/);
    const ev = await upload(aws, BUCKET, 'notes/readme.txt', 'hi');
    assert.deepEqual(await handleUpload(deps, ev), {
      kind: 'ignored',
      key: 'notes/readme.txt',
      reason: 'not a request (other)',
    });
  });

  test('a release helm installed is upgraded; UNINSTALL and ROLLBACK are queued on their queues', async () => {
    const env = new ClientEnv(cluster.emulator.url);
    const chartPath = join(env.home, 'web.tgz');
    writeFileSync(chartPath, webChart());
    const res = await env.run(oracleBinary('helm'), [
      'install',
      'site',
      chartPath,
      '-n',
      'web',
      '--create-namespace',
    ]);
    assert.equal(res.code, 0, res.stderr);
    const ev = await upload(aws, BUCKET, 'releases/dev/web/site/web-0.2.0.tgz', webChart({}, '0.2.0'));
    assert.equal((await handleUpload(deps, ev)).kind, 'queued');
    const [up] = await queued(aws.queueUrls.upgrade);
    assert.equal(up.operation, 'upgrade');
    const rb = await upload(aws, BUCKET, 'releases/dev/web/site/ROLLBACK', '', { revision: '1' });
    assert.equal((await handleUpload(deps, rb)).kind, 'queued');
    const [rollback] = await queued(aws.queueUrls.rollback);
    assert.deepEqual(
      [rollback.operation, rollback.options, rollback.chart],
      ['rollback', { revision: 1 }, undefined],
    );
    const un = await upload(aws, BUCKET, 'releases/dev/web/site/UNINSTALL', '', { 'keep-history': 'true' });
    assert.equal((await handleUpload(deps, un)).kind, 'queued');
    const [uninstall] = await queued(aws.queueUrls.uninstall);
    assert.deepEqual(uninstall.options, { keepHistory: true });
  });

  test('with reuse-values the validation render starts from the deployed values', async () => {
    const env = new ClientEnv(cluster.emulator.url);
    const needsToken = (version: string) =>
      webChart(
        {
          'templates/token.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-token\ndata:\n  token: {{ required "token is required" .Values.token | quote }}\n',
        },
        version,
      );
    const chartPath = join(env.home, 'web.tgz');
    writeFileSync(chartPath, needsToken('0.1.0'));
    const res = await env.run(oracleBinary('helm'), [
      'install',
      'keep',
      chartPath,
      '-n',
      'web',
      '--set',
      'token=abc',
    ]);
    assert.equal(res.code, 0, res.stderr);
    const key = 'releases/dev/web/keep/web-0.2.0.tgz';
    const reused = await handleUpload(
      deps,
      await upload(aws, BUCKET, key, needsToken('0.2.0'), { 'reuse-values': 'true' }),
    );
    assert.equal(reused.kind, 'queued');
    const fresh = await handleUpload(deps, await upload(aws, BUCKET, key, needsToken('0.2.0')));
    assert.equal(fresh.kind, 'rejected');
    assert.match(
      fresh.kind === 'rejected' ? fresh.reason : '',
      /^execution error at \(web\/templates\/token\.yaml:6:\d+\): token is required$/,
    );
  });
});
