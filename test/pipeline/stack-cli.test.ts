/**
 * push, send and invoke against a local stack (recording handlers): the bucket convention, the queue
 * messages and the release API, found through the stack file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, SQSEvent } from 'aws-lambda';
import { defaultLayout, startStack, type Stack } from '../../infra/local/stack/index.ts';
import { runPipelineCommand } from '../../lib/cli/pipeline/index.ts';
import { decodeBody, listKeys } from '../../lib/pipeline/index.ts';

describe('push, send and invoke on the local stack', () => {
  let stack: Stack;
  let dir: string;
  const uploads: S3Event[] = [];
  const deliveries: Array<{ operation: string; event: SQSEvent }> = [];
  const requests: unknown[] = [];
  const layout = defaultLayout({ stage: 'clitest', operationTimeoutSeconds: 2 });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-stack-cli-'));
    const record = (operation: string) => async (event: SQSEvent) => {
      deliveries.push({ operation, event });
    };
    stack = await startStack({
      layout,
      workDir: join(dir, '.slipway'),
      pollWaitSeconds: 1,
      functions: () => ({
        chartUploaded: async (event: S3Event) => {
          uploads.push(event);
        },
        operations: {
          install: record('install'),
          upgrade: record('upgrade'),
          rollback: record('rollback'),
          uninstall: record('uninstall'),
        },
        releaseApi: async (request: unknown) => {
          requests.push(request);
          if ((request as { action?: string }).action === 'history') throw new Error('release: not found');
          return { name: 'web', version: 3 };
        },
      }),
    });
  });

  after(() => stack.stop());

  const run = async (command: 'push' | 'send' | 'invoke', args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runPipelineCommand(
      command,
      [...args, '--stack-file', stack.stackFilePath],
      (s) => void (stdout += s),
      (s) => void (stderr += s),
    );
    return { code, stdout, stderr };
  };

  const text = async (key: string): Promise<string> => {
    const out = await stack.aws.s3.send(new GetObjectCommand({ Bucket: layout.bucket, Key: key }));
    return (await out.Body?.transformToString()) ?? '';
  };

  it('push uploads the values objects in order, drops stale ones, and the package last with its options', async () => {
    const prefix = 'releases/local/web/shop/';
    await stack.aws.s3.send(
      new PutObjectCommand({ Bucket: layout.bucket, Key: `${prefix}values-0007.yaml`, Body: 'old: 1' }),
    );
    writeFileSync(join(dir, 'shop-1.2.0.tgz'), 'not really a chart');
    writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'b.yaml'), 'b: 2\n');
    const r = await run('push', [
      join(dir, 'shop-1.2.0.tgz'),
      '--cluster=local',
      '-n',
      'web',
      '--release',
      'shop',
      '-f',
      join(dir, 'a.yaml'),
      '-f',
      join(dir, 'b.yaml'),
      '--atomic',
      '--timeout',
      '2m',
      '--description',
      'from the CLI',
    ]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `pushed s3://${layout.bucket}/${prefix}shop-1.2.0.tgz\nstatus: s3://${layout.bucket}/${prefix}shop-1.2.0.tgz.status.json\n`,
    );
    assert.deepEqual(await listKeys(stack.aws.s3, layout.bucket, prefix), [
      `${prefix}shop-1.2.0.tgz`,
      `${prefix}values-0001.yaml`,
      `${prefix}values.yaml`,
    ]);
    assert.equal(await text(`${prefix}values.yaml`), 'a: 1\n');
    assert.equal(await text(`${prefix}values-0001.yaml`), 'b: 2\n');
    const head = await stack.aws.s3.send(
      new HeadObjectCommand({ Bucket: layout.bucket, Key: `${prefix}shop-1.2.0.tgz` }),
    );
    assert.deepEqual(head.Metadata, { atomic: 'true', timeout: '2m', description: 'from the CLI' });
    await stack.settled();
    assert.deepEqual(
      uploads.map((u) => u.Records[0].s3.object.key),
      [`${prefix}shop-1.2.0.tgz`],
    );
  });

  it('push refuses what is not a package or misses a target, before uploading anything', async () => {
    const r = await run('push', [
      join(dir, 'a.yaml'),
      '--cluster',
      'local',
      '-n',
      'web',
      '--release',
      'shop',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: chart ".*a\.yaml": a chart package \(\.tgz\) is expected\n/);
    const missing = await run('push', [join(dir, 'shop-1.2.0.tgz'), '--cluster', 'local']);
    assert.match(missing.stderr, /^Error: required flag\(s\) "namespace", "release" not set\n/);
    const badName = await run('push', [
      join(dir, 'shop-1.2.0.tgz'),
      '--cluster',
      'local',
      '-n',
      'Web',
      '--release',
      'shop',
    ]);
    assert.match(badName.stderr, /^Error: namespace "Web": a lowercase RFC 1123 label/);
  });

  it('send puts a schema-valid message on the operation queue, one group per release', async () => {
    const rb = await run('send', [
      'rollback',
      '--cluster',
      'local',
      '-n',
      'web',
      '--release',
      'shop',
      '--revision',
      '2',
      '--wait',
    ]);
    assert.equal(rb.stderr, '');
    assert.match(
      rb.stdout,
      /^queued rollback of release "shop" in namespace "web" on cluster "local"\nrequest [0-9a-f-]{36}, message \S+\n$/,
    );
    const un = await run('send', [
      'uninstall',
      '--cluster',
      'local',
      '-n',
      'web',
      '--release',
      'shop',
      '--keep-history',
    ]);
    assert.equal(un.code, 0);
    await stack.settled();
    const got = Object.fromEntries(deliveries.map((d) => [d.operation, d.event.Records[0]]));
    const rollback = decodeBody(got.rollback.body);
    assert.equal(rollback.operation, 'rollback');
    assert.deepEqual('options' in rollback && rollback.options, { revision: 2, wait: true });
    assert.equal(got.rollback.attributes.MessageGroupId, 'local/web/shop');
    assert.equal(got.rollback.attributes.MessageDeduplicationId, rollback.requestId);
    const uninstall = decodeBody(got.uninstall.body);
    assert.deepEqual('options' in uninstall && uninstall.options, { keepHistory: true });
    assert.equal('origin' in uninstall && uninstall.origin.kind, 'cli');
  });

  it('send refuses an unknown operation and invalid options', async () => {
    const r = await run('send', ['install', '--cluster', 'local', '-n', 'web', '--release', 'shop']);
    assert.match(
      r.stderr,
      /^Error: "slipway send" needs an operation: rollback or uninstall \(got "install"\)/,
    );
    const bad = await run('send', [
      'rollback',
      '--cluster',
      'local',
      '-n',
      'web',
      '--release',
      'shop',
      '--revision',
      'two',
    ]);
    assert.match(bad.stderr, /metadata x-amz-meta-revision: "two" is not a non-negative integer/);
  });

  it('invoke calls the release API and reports its errors', async () => {
    const ok = await run('invoke', [
      'status',
      '--cluster',
      'local',
      '-n',
      'web',
      '--release',
      'shop',
      '--revision',
      '3',
    ]);
    assert.equal(ok.code, 0);
    assert.deepEqual(JSON.parse(ok.stdout), { name: 'web', version: 3 });
    assert.deepEqual(requests[0], {
      action: 'status',
      cluster: 'local',
      namespace: 'web',
      release: 'shop',
      revision: 3,
    });
    const failed = await run('invoke', ['history', '--cluster', 'local', '-n', 'web', '--release', 'nope']);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, 'Error: Error: release: not found\n');
  });

  it('names both ways to configure a target when neither is there', async () => {
    let stderr = '';
    const code = await runPipelineCommand(
      'invoke',
      ['list', '--stack-file', join(dir, 'missing.json')],
      () => {},
      (s) => void (stderr += s),
    );
    assert.equal(code, 1);
    assert.match(
      stderr,
      /^Error: no release API: start the local stack \(slipway local stack writes .*missing\.json\), or set --function-name or SLIPWAY_RELEASE_API_FUNCTION\n$/,
    );
  });
});
