import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { install, upgrade, uninstall, rollback } from '../../lib/action/index.ts';
import { chart, configMap, deployment, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

test('rollback: to the previous revision, to a given one, Helm texts for bad revisions and failed waits', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'rb',
    chart: chart({ 'templates/a.yaml': configMap('rb-a', { v: '1' }) }),
    values: values(),
  });
  await assert.rejects(rollback(cfg, { releaseName: 'rb' }), { message: 'release has no 0 version' });
  await assert.rejects(rollback(cfg, { releaseName: 'rb', revision: 7 }), {
    message: 'release has no 7 version',
  });
  await upgrade(cfg, {
    releaseName: 'rb',
    chart: chart({ 'templates/b.yaml': configMap('rb-b') }),
    values: values(),
  });
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/rb-a'), false);
  const r = await rollback(cfg, { releaseName: 'rb' });
  assert.equal(r.kind === 'done' && r.release.info?.description, 'Rollback to 1');
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/rb-a'), true);
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/rb-b'), false);
  assert.deepEqual(
    (await c.statuses('rb')).map(([v, s]) => [v, s]),
    [
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'deployed'],
    ],
  );
  await upgrade(cfg, {
    releaseName: 'rb',
    chart: chart({ 'templates/w.yaml': deployment('rb-w', 'slow') }),
    values: values(),
  });
  await upgrade(cfg, {
    releaseName: 'rb',
    chart: chart({ 'templates/a.yaml': configMap('rb-a') }),
    values: values(),
  });
  await assert.rejects(
    rollback(cfg, { releaseName: 'rb', revision: 4, wait: true, timeoutMs: 1_200 }),
    (err: Error) => {
      assert.match(err.message, /^release rb failed: /);
      return true;
    },
  );
  const last = (await c.statuses('rb')).at(-1);
  assert.equal(last?.[1], 'failed');
  assert.match(last?.[2] ?? '', /^Release "rb" failed: /);
  await uninstall(cfg, { releaseName: 'rb' });
});
