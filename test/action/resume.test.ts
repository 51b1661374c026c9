import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  install,
  upgrade,
  history,
  uninstall,
  resumeOperation,
  type Suspended,
} from '../../lib/action/index.ts';
import { LEASE_OWNER_ANNOTATION, OPERATION_IN_PROGRESS } from '../../lib/storage/index.ts';
import { chart, configMap, deployment, inSeconds, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

/** The image becomes available (here: the Deployment is pointed at one that starts), so the rollout completes. */
async function completeRollout(app: string): Promise<void> {
  const res = await fetch(`${c.emu.url}/apis/apps/v1/namespaces/default/deployments/${app}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({
      spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx' }] } } },
    }),
  });
  assert.equal(res.status, 200);
}

test('install suspends at its deadline while waiting and a later worker resumes it', async () => {
  const first = c.config({ owner: 'lambda-1' });
  const ch = chart({
    'templates/web.yaml': deployment('sr-web', 'slow'),
    'templates/cm.yaml': configMap('sr-cm'),
  });
  const r = await install(first, {
    releaseName: 'sr',
    chart: ch,
    values: values(),
    wait: true,
    timeoutMs: 60_000,
    deadline: inSeconds(3),
  });
  assert.equal(r.kind, 'suspended');
  const s = r as Suspended;
  assert.deepEqual(
    [s.operation, s.releaseName, s.revision, s.phase, s.leaseOwner],
    ['install', 'sr', 1, 'wait', 'lambda-1'],
  );
  const rec = await first.storage.getRecord('sr', 1);
  assert.equal(rec.release.info?.status, 'pending-install');
  assert.equal(rec.annotations[LEASE_OWNER_ANNOTATION], 'lambda-1');
  assert.ok(
    new Date(s.leaseExpires).getTime() > Date.now() + 60_000,
    'the lease outlives the phase for the resumer',
  );
  await assert.rejects(upgrade(c.config(), { releaseName: 'sr', chart: ch, values: values() }), {
    message: OPERATION_IN_PROGRESS,
  });

  await completeRollout('sr-web');
  const second = c.config({ owner: 'lambda-2' });
  const done = await resumeOperation(second, JSON.parse(JSON.stringify(s)) as Suspended, {
    deadline: inSeconds(20),
  });
  assert.equal(done.kind, 'done');
  assert.equal(done.kind === 'done' && done.release.info?.description, 'Install complete');
  const final = await second.storage.getRecord('sr', 1);
  assert.equal(final.release.info?.status, 'deployed');
  assert.equal(final.annotations[LEASE_OWNER_ANNOTATION], undefined);
  await assert.rejects(resumeOperation(second, s), /no longer pending under the lease of lambda-1/);
  await uninstall(second, { releaseName: 'sr' });
});

test('upgrade suspends and resumes; the previous revision is superseded only at the end', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'su',
    chart: chart({ 'templates/cm.yaml': configMap('su-cm') }),
    values: values(),
  });
  const ch = chart({
    'templates/cm.yaml': configMap('su-cm', { v: '2' }),
    'templates/web.yaml': deployment('su-web', 'slow'),
  });
  const r = await upgrade(c.config({ owner: 'lambda-1' }), {
    releaseName: 'su',
    chart: ch,
    values: values(),
    wait: true,
    timeoutMs: 60_000,
    deadline: inSeconds(3),
  });
  assert.equal(r.kind, 'suspended');
  assert.deepEqual(
    (await history(cfg, { releaseName: 'su' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'deployed'],
      [2, 'pending-upgrade'],
    ],
  );
  await completeRollout('su-web');
  const done = await resumeOperation(c.config({ owner: 'lambda-2' }), r as Suspended, {
    deadline: inSeconds(20),
  });
  assert.equal(done.kind === 'done' && done.release.info?.description, 'Upgrade complete');
  assert.deepEqual(
    (await history(cfg, { releaseName: 'su' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'su' });
});

test('a resumed wait still ends at the original --timeout; --atomic then rolls back', async () => {
  const cfg = c.config();
  await install(cfg, {
    releaseName: 'sa',
    chart: chart({ 'templates/cm.yaml': configMap('sa-cm') }),
    values: values(),
  });
  const ch = chart({ 'templates/web.yaml': deployment('sa-web', 'slow') });
  const r = await upgrade(c.config({ owner: 'lambda-1' }), {
    releaseName: 'sa',
    chart: ch,
    values: values(),
    atomic: true,
    timeoutMs: 4_000,
    deadline: inSeconds(2.5),
  });
  assert.equal(r.kind, 'suspended');
  await assert.rejects(
    resumeOperation(c.config({ owner: 'lambda-2' }), r as Suspended, { deadline: inSeconds(30) }),
    (err: Error) => {
      assert.match(err.message, /^release sa failed, and has been rolled back due to atomic being set: /);
      return true;
    },
  );
  assert.deepEqual(
    (await history(cfg, { releaseName: 'sa' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'superseded'],
      [2, 'failed'],
      [3, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'sa' });
});
