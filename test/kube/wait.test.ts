/** waitForReady / waitForDelete / watchUntilReady against the emulator's simulated controllers. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeEmulator, writeKubeconfig, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { createKubeClient, loadKubeConfig, type ClientNodeKubeClient } from '../../lib/kube/index.ts';

let emu: KubeEmulator;
let client: ClientNodeKubeClient;

before(async () => {
  emu = await startKubeEmulator({ faults: { neverReadyImages: ['stuck'], failingImages: ['crash'] } });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
  writeKubeconfig(kubeconfig, emu.url);
  client = createKubeClient(loadKubeConfig({ kubeconfig }));
});
after(() => emu.close());

const soon = (ms: number): Date => new Date(Date.now() + ms);

function deployment(name: string, image: string, replicas = 2): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}}`,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    `    spec: {containers: [{name: c, image: ${image}}]}`,
  ].join('\n');
}

function job(name: string, image: string): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    `metadata: {name: ${name}}`,
    'spec:',
    '  backoffLimit: 0',
    '  template:',
    `    spec: {restartPolicy: Never, containers: [{name: c, image: ${image}}]}`,
  ].join('\n');
}

test('a Deployment whose pods become ready passes the wait', async () => {
  const infos = await client.build(deployment('w-ok', 'nginx'), 'default');
  await client.createAll(infos);
  await client.waitForReady(infos, { deadline: soon(5000), intervalMs: 50 });
});

test('a Deployment that never becomes ready fails at the deadline naming it and why', async () => {
  const infos = await client.build(deployment('w-stuck', 'stuck:1'), 'default');
  await client.createAll(infos);
  await assert.rejects(
    client.waitForReady(infos, { deadline: soon(1000), timeoutMs: 1000, intervalMs: 100 }),
    {
      message:
        'resources not ready after 1s: Deployment default/w-stuck: 0 of 2 replicas ready: context deadline exceeded',
    },
  );
});

test('Jobs: ready at once without waitForJobs; with it, complete or fail', async () => {
  const ok = await client.build(job('w-job', 'busybox'), 'default');
  const bad = await client.build(job('w-job-bad', 'crash:1'), 'default');
  await client.createAll([...ok, ...bad]);
  await client.waitForReady(bad, { deadline: soon(2000), intervalMs: 50 });
  await client.waitForReady(ok, { deadline: soon(5000), intervalMs: 50, waitForJobs: true });
  await assert.rejects(
    client.waitForReady(bad, { deadline: soon(5000), intervalMs: 50, waitForJobs: true }),
    {
      message: 'job is failed: default/w-job-bad',
    },
  );
});

test('hook watch: Job complete, Job failed with its reason, other kinds at once, timeout text', async () => {
  const [ok] = await client.build(job('h-ok', 'busybox'), 'default');
  const [bad] = await client.build(job('h-bad', 'crash:1'), 'default');
  await client.create(ok);
  await client.create(bad);
  await client.watchUntilReady(ok, { deadline: soon(5000), intervalMs: 50 });
  await assert.rejects(client.watchUntilReady(bad, { deadline: soon(5000), intervalMs: 50 }), {
    message: 'job h-bad failed: BackoffLimitExceeded',
  });
  const [cm] = await client.build('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: h-cm}\n', 'default');
  await client.watchUntilReady(cm, { deadline: soon(1), intervalMs: 50 });
  const [stuck] = await client.build(job('h-stuck', 'stuck:1'), 'default');
  await client.create(stuck);
  await assert.rejects(client.watchUntilReady(stuck, { deadline: soon(300), intervalMs: 50 }), {
    message: 'timed out waiting for the condition',
  });
});

test('waitForDelete returns once every object is gone', async () => {
  const infos = await client.build('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d-cm}\n', 'default');
  await client.createAll(infos);
  await assert.rejects(client.waitForDelete(infos, { deadline: soon(200), timeoutMs: 200, intervalMs: 50 }), {
    message:
      'resources not deleted after 200ms: ConfigMap default/d-cm still exists: context deadline exceeded',
  });
  await client.delete(infos[0]);
  await client.waitForDelete(infos, { deadline: soon(2000), intervalMs: 50 });
});

test('a signal aborts a wait with its reason', async () => {
  const infos = await client.build(deployment('w-abort', 'stuck:2', 1), 'default');
  await client.createAll(infos);
  const controller = new AbortController();
  const waiting = client.waitForReady(infos, {
    deadline: soon(60_000),
    intervalMs: 20,
    signal: controller.signal,
  });
  setTimeout(() => controller.abort(new Error('context canceled')), 100);
  await assert.rejects(waiting, { message: 'context canceled' });
});

test('hook watch: Pods until Succeeded, or `pod <name> failed`', async () => {
  const pod = (name: string, image: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {restartPolicy: Never, containers: [{name: c, image: ${image}}]}\n`;
  const [ok] = await client.build(pod('hp-ok', 'busybox'), 'default');
  const [bad] = await client.build(pod('hp-bad', 'crash:1'), 'default');
  await client.create(ok);
  await client.create(bad);
  await client.watchUntilReady(ok, { deadline: soon(5000), intervalMs: 50 });
  await assert.rejects(client.watchUntilReady(bad, { deadline: soon(5000), intervalMs: 50 }), {
    message: 'pod hp-bad failed',
  });
});

test('a rollout is judged by the new ReplicaSet: a stuck new image fails the wait although the old pods are ready', async () => {
  const v1 = await client.build(deployment('w-roll', 'nginx:1', 2), 'default');
  await client.update([], v1);
  await client.waitForReady(v1, { deadline: soon(5000), intervalMs: 50 });
  const v2 = await client.build(deployment('w-roll', 'stuck:2', 2), 'default');
  await client.update(v1, v2);
  await assert.rejects(client.waitForReady(v2, { deadline: soon(500), timeoutMs: 500, intervalMs: 50 }), {
    message:
      'resources not ready after 500ms: Deployment default/w-roll: 0 of 2 replicas ready: context deadline exceeded',
  });
  const v3 = await client.build(deployment('w-roll', 'nginx:3', 2), 'default');
  await client.update(v2, v3);
  await client.waitForReady(v3, { deadline: soon(5000), intervalMs: 50 });
});
