/**
 * The whole pipeline on the local stack (started in process, no demo): chart uploads and queue
 * messages go through the real handlers to the Kubernetes emulator, and the real helm sees the
 * releases. Timeouts are short so retries happen within the test.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { defaultLayout, startStack, type Stack, type StackEvent } from '../../infra/local/stack/index.ts';
import { pipelineFunctions } from '../../infra/local/stack/functions.ts';
import { packageChart } from '../../infra/local/stack/package-chart.ts';
import { runPipelineCommand } from '../../lib/cli/pipeline/index.ts';
import { readStatus, type RequestStatus } from '../../lib/pipeline/status.ts';
import { statusKey } from '../../lib/pipeline/index.ts';
import { KubeConfig } from '@kubernetes/client-node';
import { install, newConfiguration, resumeOperation, upgrade } from '../../lib/action/index.ts';
import { loadArchive } from '../../lib/chart/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { chartWithEntries, webChart } from './fixtures.ts';

const TERMINAL = new Set(['succeeded', 'failed', 'rejected', 'dead-lettered', 'superseded']);

interface HelmRelease {
  name: string;
  namespace: string;
  revision: string;
  status: string;
  chart: string;
}

describe('pipeline end to end on the local stack', () => {
  let stack: Stack;
  let dir: string;
  let helm: string;
  let client: ClientEnv;
  const events: StackEvent[] = [];
  const layout = defaultLayout({ stage: 'e2e', operationTimeoutSeconds: 30, maxReceiveCount: 3 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-e2e-'));
    helm = oracleBinary('helm');
    stack = await startStack({
      layout,
      workDir: join(dir, '.slipway'),
      pollWaitSeconds: 1,
      uploadRetryDelayMs: 100,
      listener: (e) => events.push(e),
      functions: pipelineFunctions({ busyRetrySeconds: 1, deadlineMarginMs: 5_000, logLevel: 'SILENT' }),
      kubeFaults: { neverReadyImages: [/^never-ready/] },
    });
    if (!stack.kube) throw new Error('the stack runs the emulator');
    client = new ClientEnv(stack.kube.url);
  });

  after(async () => {
    const t = Date.now();
    await stack.stop();
    console.error('DEBUG stop took', Date.now() - t);
  });

  const push = async (
    file: string,
    bytes: Buffer,
    namespace: string,
    release: string,
    extra: string[] = [],
  ) => {
    writeFileSync(join(dir, file), bytes);
    let stderr = '';
    const code = await runPipelineCommand(
      'push',
      [
        join(dir, file),
        '--cluster',
        'local',
        '-n',
        namespace,
        '--release',
        release,
        '--stack-file',
        stack.stackFilePath,
        ...extra,
      ],
      () => {},
      (s) => void (stderr += s),
    );
    assert.equal(stderr, '');
    assert.equal(code, 0);
    return `releases/local/${namespace}/${release}/${file}`;
  };

  const send = async (args: string[]): Promise<void> => {
    let stderr = '';
    const code = await runPipelineCommand(
      'send',
      [...args, '--stack-file', stack.stackFilePath],
      () => {},
      (s) => void (stderr += s),
    );
    assert.equal(stderr, '');
    assert.equal(code, 0);
  };

  const finalStatus = async (key: string, timeoutMs = 60_000): Promise<RequestStatus> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = await readStatus(stack.aws.s3, layout.bucket, statusKey(key));
      if (s && TERMINAL.has(s.state)) return s;
      if (Date.now() > end) throw new Error(`no final status for ${key} (last: ${JSON.stringify(s)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const helmList = async (namespace: string, extra: string[] = []): Promise<HelmRelease[]> => {
    const r = await client.run(helm, ['list', '-n', namespace, '-o', 'json', ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as HelmRelease[];
  };

  const helmHistory = async (
    namespace: string,
    release: string,
  ): Promise<Array<{ revision: number; status: string; chart: string; description: string }>> => {
    const r = await client.run(helm, ['history', release, '-n', namespace, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Array<{
      revision: number;
      status: string;
      chart: string;
      description: string;
    }>;
  };

  it('installs an upload, upgrades a new version, rolls back and uninstalls on messages, as helm sees it', async () => {
    const v1 = await push('hello-0.1.0.tgz', await packageChart('examples/hello'), 'default', 'hello');
    const installed = await finalStatus(v1);
    assert.equal(installed.state, 'succeeded', installed.reason);
    assert.equal(installed.operation, 'install');
    assert.deepEqual(
      (await helmList('default')).map((r) => [r.name, r.revision, r.status, r.chart]),
      [['hello', '1', 'deployed', 'hello-0.1.0']],
    );
    let stdout = '';
    const code = await runPipelineCommand(
      'invoke',
      [
        'status',
        '--cluster',
        'local',
        '-n',
        'default',
        '--release',
        'hello',
        '--stack-file',
        stack.stackFilePath,
      ],
      (s) => void (stdout += s),
      () => {},
    );
    assert.equal(code, 0);
    const { release } = JSON.parse(stdout) as {
      release: { status: string; revision: number; chart: string };
    };
    assert.deepEqual([release.status, release.revision, release.chart], ['deployed', 1, 'hello-0.1.0']);

    const v2 = await push(
      'hello-0.2.0.tgz',
      await packageChart('examples/hello', { version: '0.2.0' }),
      'default',
      'hello',
    );
    const upgraded = await finalStatus(v2);
    assert.equal(upgraded.state, 'succeeded', upgraded.reason);
    assert.equal(upgraded.operation, 'upgrade');
    assert.deepEqual(
      (await helmList('default')).map((r) => [r.name, r.revision, r.status, r.chart]),
      [['hello', '2', 'deployed', 'hello-0.2.0']],
    );

    await send(['rollback', '--cluster', 'local', '-n', 'default', '--release', 'hello', '--revision', '1']);
    await stack.settled();
    assert.deepEqual(
      (await helmHistory('default', 'hello')).map((h) => [h.revision, h.status, h.chart, h.description]),
      [
        [1, 'superseded', 'hello-0.1.0', 'Install complete'],
        [2, 'superseded', 'hello-0.2.0', 'Upgrade complete'],
        [3, 'deployed', 'hello-0.1.0', 'Rollback to 1'],
      ],
    );

    await send(['uninstall', '--cluster', 'local', '-n', 'default', '--release', 'hello', '--keep-history']);
    await stack.settled();
    assert.deepEqual(await helmList('default'), []);
    const all = await helmList('default', ['--uninstalled']);
    assert.deepEqual(
      all.map((r) => [r.name, r.revision, r.status]),
      [['hello', '3', 'uninstalled']],
    );
  });

  const history = async (namespace: string, release: string) =>
    (await helmHistory(namespace, release)).map((h) => [h.revision, h.status, h.chart]);

  const queuedFor = (release: string): number =>
    events.filter((e) => e.type === 'queued' && e.body.includes(`"release":"${release}"`)).length;

  it('rejects a hostile archive, a template error and a values-schema violation with their reasons, queueing nothing', async () => {
    const first = await push('web-0.1.0.tgz', webChart(), 'shop', 'web', ['--create-namespace']);
    assert.equal((await finalStatus(first)).state, 'succeeded');
    const queuedBefore = queuedFor('web');

    // One at a time: a request is checked with the values objects present when it is handled.
    const hostile = await push(
      'web-0.1.1.tgz',
      chartWithEntries([
        { name: 'web/Chart.yaml', data: 'apiVersion: v2\nname: web\nversion: 0.1.1\n' },
        { name: 'web/templates/passwd.yaml', type: '2', linkname: '/etc/passwd' },
      ]),
      'shop',
      'web',
    );
    const hostileStatus = await finalStatus(hostile);
    const broken = await push(
      'web-0.1.2.tgz',
      webChart({ 'templates/broken.yaml': 'kind: {{ .Values.greeting | nosuchfunction }}\n' }, '0.1.2'),
      'shop',
      'web',
    );
    const brokenStatus = await finalStatus(broken);
    writeFileSync(join(dir, 'zero.yaml'), 'replicas: 0\n');
    const invalid = await push('web-0.1.3.tgz', webChart({}, '0.1.3'), 'shop', 'web', [
      '-f',
      join(dir, 'zero.yaml'),
    ]);
    const reasons = [hostileStatus, brokenStatus, await finalStatus(invalid)];
    assert.deepEqual(
      reasons.map((r) => r.state),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.match(reasons[0].reason ?? '', /passwd\.yaml/);
    assert.match(reasons[0].reason ?? '', /link/);
    assert.match(reasons[1].reason ?? '', /function "nosuchfunction" not defined/);
    assert.match(reasons[2].reason ?? '', /replicas/);
    assert.match(reasons[2].reason ?? '', /minimum|greater than or equal to 1/);
    await stack.settled();
    assert.equal(queuedFor('web'), queuedBefore, 'nothing queued for the rejected requests');
    assert.deepEqual(await history('shop', 'web'), [[1, 'deployed', 'web-0.1.0']]);
  });

  it('applies a message delivered twice once, and two quick uploads of one release in order', async () => {
    const v2 = await push('web-0.2.0.tgz', webChart({}, '0.2.0'), 'shop', 'web');
    const v3 = await push('web-0.3.0.tgz', webChart({}, '0.3.0'), 'shop', 'web');
    const done = await Promise.all([v2, v3].map((k) => finalStatus(k)));
    assert.deepEqual(
      done.map((s) => [s.state, s.operation, s.revision]),
      [
        ['succeeded', 'upgrade', 2],
        ['succeeded', 'upgrade', 3],
      ],
    );
    assert.deepEqual(await history('shop', 'web'), [
      [1, 'superseded', 'web-0.1.0'],
      [2, 'superseded', 'web-0.2.0'],
      [3, 'deployed', 'web-0.3.0'],
    ]);

    // At-least-once delivery: the upgrade to 0.3.0 arrives again (as after a lost delete).
    const queued = events.find(
      (e): e is Extract<StackEvent, { type: 'queued' }> =>
        e.type === 'queued' && e.body.includes(`"requestId":"${done[1].requestId}"`),
    );
    assert.ok(queued, 'the upgrade message was seen on its queue');
    await stack.aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.file.sqs.queues.upgrade.url,
        MessageBody: queued.body,
        MessageGroupId: 'local/shop/web',
        MessageDeduplicationId: `${done[1].requestId}-again`,
      }),
    );
    await stack.settled();
    assert.equal((await history('shop', 'web')).length, 3, 'no new revision for a request already applied');
  });

  it('retries an operation while another holds the release lease, without dead-lettering it', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(stack.file.kubeconfig);
    const setup = newConfiguration({ kubeConfig, namespace: 'busy', leaseOwner: 'setup' });
    await install(setup, {
      releaseName: 'app',
      chart: loadArchive(webChart()),
      values: new Map(),
      createNamespace: true,
    });
    // Another worker's upgrade waits for a Deployment that never gets ready: pending under its live lease.
    const other = newConfiguration({ kubeConfig, namespace: 'busy', leaseOwner: 'other-worker' });
    const slow = webChart(
      {
        'templates/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: app}\n  template:\n    metadata:\n      labels: {app: app}\n    spec:\n      containers:\n        - name: app\n          image: never-ready:1\n',
      },
      '0.2.0',
    );
    const suspended = await upgrade(other, {
      releaseName: 'app',
      chart: loadArchive(slow),
      values: new Map(),
      wait: true,
      timeoutMs: 4_000,
      deadline: new Date(Date.now() + 1_000),
    });
    assert.equal(suspended.kind, 'suspended', JSON.stringify(suspended).slice(0, 500));
    if (suspended.kind !== 'suspended') return;

    const key = await push('web-0.3.0.tgz', webChart({}, '0.3.0'), 'busy', 'app');
    const busy = (e: StackEvent): boolean =>
      e.type === 'status' && e.status.release === 'app' && /in progress/.test(String(e.status.reason));
    for (let i = 0; !events.some(busy); i++) {
      if (i > 200) throw new Error('the upgrade was never refused as busy');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The other worker resumes and finishes: its wait times out, the upgrade fails and frees the lease.
    const finished = await resumeOperation(other, suspended, {
      deadline: new Date(Date.now() + 20_000),
    }).catch((err: unknown) => err);
    assert.ok(finished instanceof Error || (finished as { kind?: string }).kind === 'done');
    const done = await finalStatus(key, 60_000);
    assert.equal(done.state, 'succeeded', done.reason);
    assert.equal(
      events.filter((e) => e.type === 'dead-lettered' && e.body.includes('"release":"app"')).length,
      0,
    );
    const revisions = await history('busy', 'app');
    assert.deepEqual(revisions[revisions.length - 1], [3, 'deployed', 'web-0.3.0']);
  });

  it('uninstalls without keeping history unless asked', async () => {
    await send(['uninstall', '--cluster', 'local', '-n', 'shop', '--release', 'web']);
    await stack.settled();
    assert.deepEqual(await helmList('shop', ['--all']), []);
    const r = await client.run(helm, ['history', 'web', '-n', 'shop']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: release: not found/);
  });

  it('moves a poison message to the dead-letter queue with its reason', async () => {
    await stack.aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.file.sqs.queues.install.url,
        MessageBody: '{"schemaVersion":1,',
        MessageGroupId: 'junk',
        MessageDeduplicationId: 'junk-1',
      }),
    );
    await stack.settled();
    const dead = await stack.aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.file.sqs.queues.install.dlq.url,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    assert.deepEqual(
      dead.Messages?.map((m) => m.Body),
      ['{"schemaVersion":1,'],
    );
    assert.match(
      dead.Messages?.[0].MessageAttributes?.['slipway-reason']?.StringValue ?? '',
      /^message body is not JSON: /,
    );
  });
});
