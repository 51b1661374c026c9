import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { install, upgrade, uninstall, history } from '../../lib/action/index.ts';
import { chart, configMap, deployment, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

test('--atomic install: a failed wait uninstalls the release and purges its history', async () => {
  const cfg = c.config();
  const ch = chart({
    'templates/cm.yaml': configMap('ai-cm'),
    'templates/web.yaml': deployment('ai-web', 'slow'),
  });
  await assert.rejects(
    install(cfg, { releaseName: 'ai', chart: ch, values: values(), atomic: true, timeoutMs: 1_200 }),
    (err: Error) => {
      assert.match(err.message, /^release ai failed, and has been uninstalled due to atomic being set: /);
      return true;
    },
  );
  await assert.rejects(history(cfg, { releaseName: 'ai' }), { message: 'release: not found' });
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/ai-cm'), false);
  assert.equal(await c.exists('/apis/apps/v1/namespaces/default/deployments/ai-web'), false);
});

test('install without --atomic: a failed wait leaves a failed record', async () => {
  const cfg = c.config();
  const ch = chart({ 'templates/web.yaml': deployment('nw-web', 'slow') });
  await assert.rejects(
    install(cfg, { releaseName: 'nw', chart: ch, values: values(), wait: true, timeoutMs: 1_200 }),
  );
  const [[v, s, d]] = await c.statuses('nw');
  assert.deepEqual([v, s], [1, 'failed']);
  assert.match(d ?? '', /^Release "nw" failed: /);
  await uninstall(cfg, { releaseName: 'nw' });
});

test('--atomic upgrade rolls back to the last successful revision', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'au',
    chart: chart({ 'templates/cm.yaml': configMap('au-cm', { v: '1' }) }),
    values: values(),
  });
  const bad = chart({
    'templates/cm.yaml': configMap('au-cm', { v: '2' }),
    'templates/web.yaml': deployment('au-web', 'slow'),
  });
  await assert.rejects(
    upgrade(cfg, { releaseName: 'au', chart: bad, values: values(), atomic: true, timeoutMs: 1_200 }),
    (err: Error) => {
      assert.match(err.message, /^release au failed, and has been rolled back due to atomic being set: /);
      return true;
    },
  );
  const h = await c.statuses('au');
  assert.deepEqual(
    h.map(([v, s]) => [v, s]),
    [
      [1, 'superseded'],
      [2, 'failed'],
      [3, 'deployed'],
    ],
  );
  assert.equal(h[2][2], 'Rollback to 1');
  assert.match(h[1][2] ?? '', /^Upgrade "au" failed: /);
  const cm = (await (await fetch(`${c.emu.url}/api/v1/namespaces/default/configmaps/au-cm`)).json()) as {
    data: unknown;
  };
  assert.deepEqual(cm.data, { v: '1' });
  assert.equal(
    await c.exists('/apis/apps/v1/namespaces/default/deployments/au-web'),
    false,
    'the rollback deletes what v2 added',
  );
  await uninstall(cfg, { releaseName: 'au' });
});

test('--cleanup-on-fail deletes the objects the failed upgrade created', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'cf',
    chart: chart({ 'templates/cm.yaml': configMap('cf-cm') }),
    values: values(),
  });
  const bad = chart({
    'templates/cm.yaml': configMap('cf-cm'),
    'templates/extra.yaml': configMap('cf-extra'),
    'templates/web.yaml': deployment('cf-web', 'slow'),
  });
  await assert.rejects(
    upgrade(cfg, {
      releaseName: 'cf',
      chart: bad,
      values: values(),
      wait: true,
      cleanupOnFail: true,
      timeoutMs: 1_200,
    }),
  );
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/cf-extra'), false);
  assert.equal(await c.exists('/apis/apps/v1/namespaces/default/deployments/cf-web'), false);
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/cf-cm'), true);
  assert.deepEqual(
    (await c.statuses('cf')).map(([v, s]) => [v, s]),
    [
      [1, 'deployed'],
      [2, 'failed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'cf' });
});

test('--cleanup-on-fail after a failed apply deletes what the apply created before failing', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'ca',
    chart: chart({ 'templates/cm.yaml': configMap('ca-cm') }),
    values: values(),
  });
  const bad = chart({
    'templates/cm.yaml': configMap('ca-cm'),
    'templates/a-new.yaml': configMap('ca-new'),
    'templates/z-bad.yaml': configMap('ca-bad').replace(
      '  name: ca-bad',
      '  name: ca-bad\n  namespace: nowhere',
    ),
  });
  await assert.rejects(
    upgrade(cfg, { releaseName: 'ca', chart: bad, values: values(), cleanupOnFail: true }),
    /nowhere/,
  );
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/ca-new'), false);
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/ca-cm'), true);
  await uninstall(cfg, { releaseName: 'ca' });
});
