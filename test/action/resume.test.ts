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
import { chart, configMap, deployment, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

const inSeconds = (s: number): Date => new Date(Date.now() + s * 1000);

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

test('a post-install hook still running at the deadline suspends; the resumed watch sees it complete', async () => {
  const hook = `apiVersion: batch/v1
kind: Job
metadata:
  name: sh-post
  annotations:
    "helm.sh/hook": post-install
    "helm.sh/hook-delete-policy": hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: slow}]
`;
  const ch = chart({ 'templates/cm.yaml': configMap('sh-cm'), 'templates/hook.yaml': hook });
  const r = await install(c.config({ owner: 'lambda-1' }), {
    releaseName: 'sh',
    chart: ch,
    values: values(),
    timeoutMs: 60_000,
    deadline: inSeconds(3),
  });
  assert.equal(r.kind, 'suspended');
  const s = r as Suspended;
  assert.equal(s.phase, 'post-hooks');
  assert.equal(s.options.hookIndex, 0);
  const rec = await c.config().storage.get('sh', 1);
  assert.equal(rec.info?.status, 'pending-install');
  assert.equal(rec.hooks?.[0]?.last_run.phase, 'Running');
  const res = await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/sh-post/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({
      status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] },
    }),
  });
  assert.equal(res.status, 200);
  const done = await resumeOperation(c.config({ owner: 'lambda-2' }), s, { deadline: inSeconds(20) });
  assert.equal(done.kind === 'done' && done.release.info?.status, 'deployed');
  assert.equal(done.kind === 'done' && done.release.hooks?.[0]?.last_run.phase, 'Succeeded');
  assert.equal(
    (await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/sh-post`)).status,
    404,
    'hook-succeeded applied',
  );
  await uninstall(c.config(), { releaseName: 'sh' });
});

test('a pre-upgrade hook (a migration Job) running at the deadline suspends before anything is applied', async () => {
  const cfg = c.config();
  const migrate = `apiVersion: batch/v1
kind: Job
metadata:
  name: pm-migrate
  annotations:
    "helm.sh/hook": pre-upgrade
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: slow}]
`;
  await install(cfg, {
    releaseName: 'pm',
    chart: chart({ 'templates/cm.yaml': configMap('pm-cm', { v: '1' }) }),
    values: values(),
  });
  const ch = chart({ 'templates/cm.yaml': configMap('pm-cm', { v: '2' }), 'templates/hook.yaml': migrate });
  const r = await upgrade(c.config({ owner: 'lambda-1' }), {
    releaseName: 'pm',
    chart: ch,
    values: values(),
    timeoutMs: 60_000,
    deadline: inSeconds(3),
  });
  assert.equal(r.kind, 'suspended');
  assert.equal((r as Suspended).phase, 'pre-hooks');
  const cm = async (): Promise<unknown> =>
    (
      (await (await fetch(`${c.emu.url}/api/v1/namespaces/default/configmaps/pm-cm`)).json()) as {
        data: unknown;
      }
    ).data;
  assert.deepEqual(await cm(), { v: '1' }, 'nothing applied while the migration runs');
  const res = await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/pm-migrate/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({
      status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] },
    }),
  });
  assert.equal(res.status, 200);
  const done = await resumeOperation(c.config({ owner: 'lambda-2' }), r as Suspended, {
    deadline: inSeconds(20),
  });
  assert.equal(done.kind === 'done' && done.release.info?.description, 'Upgrade complete');
  assert.deepEqual(await cm(), { v: '2' });
  assert.deepEqual(
    (await history(cfg, { releaseName: 'pm' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'pm' });
});
