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
import { chart, configMap, inSeconds, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

/** Marks the hook Job `name` complete, as its controller would. */
async function completeJob(name: string): Promise<void> {
  const res = await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/${name}/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({
      status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] },
    }),
  });
  assert.equal(res.status, 200);
}

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
  await completeJob('sh-post');
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
  await completeJob('pm-migrate');
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

test('uninstall stops at its deadline in a delete hook; running it again continues', async () => {
  const cfg = c.config();
  const hook = `apiVersion: batch/v1
kind: Job
metadata:
  name: ud-pre
  annotations:
    "helm.sh/hook": pre-delete
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: slow}]
`;
  await install(cfg, {
    releaseName: 'ud',
    chart: chart({ 'templates/cm.yaml': configMap('ud-cm'), 'templates/hook.yaml': hook }),
    values: values(),
  });
  await assert.rejects(uninstall(cfg, { releaseName: 'ud', deadline: inSeconds(2.5) }), {
    message: "hook ud-pre did not finish before the operation's deadline",
  });
  assert.equal((await history(cfg, { releaseName: 'ud' }))[0].info?.status, 'uninstalling');
  await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/ud-pre/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({
      status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] },
    }),
  });
  // before-hook-creation replaces the finished Job with a new run, which must complete too.
  const second = uninstall(cfg, { releaseName: 'ud', timeoutMs: 20_000 });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const job = await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/ud-pre`);
    const body = (await job.json()) as { status?: { succeeded?: number } };
    if (job.status === 200 && !body.status?.succeeded) {
      await fetch(`${c.emu.url}/apis/batch/v1/namespaces/default/jobs/ud-pre/status`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({
          status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] },
        }),
      });
      break;
    }
  }
  const done = await second;
  assert.equal(done.release.info?.status, 'uninstalled');
  await assert.rejects(history(cfg, { releaseName: 'ud' }), { message: 'release: not found' });
});
