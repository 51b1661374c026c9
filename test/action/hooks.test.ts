import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { install, upgrade, uninstall, history, runTests, getHooks } from '../../lib/action/index.ts';
import { chart, configMap, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ failingImages: ['broken'] });
});
after(() => c.close());

function job(name: string, hook: string, weight: number, policy: string | null, image = 'busybox'): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations:
    "helm.sh/hook": ${hook}
    "helm.sh/hook-weight": "${weight}"
${policy === null ? '' : `    "helm.sh/hook-delete-policy": ${policy}\n`}spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: ${image}}]
`;
}

test('hooks run in weight/name order, delete policies apply, last_run is persisted', async () => {
  const cfg = c.config();
  const ch = chart({
    'templates/cm.yaml': configMap('hk-main'),
    'templates/hooks.yaml': [
      configMap(
        'hk-pre-b',
        {},
        {
          'helm.sh/hook': 'pre-install',
          'helm.sh/hook-weight': '-5',
          'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
        },
      ),
      configMap('hk-pre-a', {}, { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-5' }),
      job('hk-pre-job', 'pre-install', 0, 'hook-succeeded'),
      job('hk-post', 'post-install,post-upgrade', 5, null),
      job('hk-test', 'test', 0, null),
    ].join('---\n'),
  });
  const r = await install(cfg, { releaseName: 'hk', chart: ch, values: values(), timeoutMs: 20_000 });
  assert.equal(r.kind === 'done' && r.release.info?.status, 'deployed');
  const hooks = await getHooks(cfg, { releaseName: 'hk' });
  const byName = new Map(hooks.map((h) => [h.name, h]));
  for (const n of ['hk-pre-a', 'hk-pre-b', 'hk-pre-job', 'hk-post'])
    assert.equal(byName.get(n)?.last_run.phase, 'Succeeded', n);
  assert.equal(byName.get('hk-test')?.last_run.phase, '');
  // Order: weight, then name: pre-a before pre-b (both -5), then the job (0).
  // Helm times trim trailing zeros of the fraction, so they compare as times, not as text.
  const started = (n: string): number => Date.parse(byName.get(n)?.last_run.started_at ?? '');
  assert.ok(started('hk-pre-a') <= started('hk-pre-b') && started('hk-pre-b') <= started('hk-pre-job'));
  assert.deepEqual(
    byName.get('hk-pre-a')?.delete_policies,
    ['before-hook-creation'],
    'the default policy is written back',
  );
  assert.equal(
    await c.exists('/api/v1/namespaces/default/configmaps/hk-pre-b'),
    false,
    'hook-succeeded deletes',
  );
  assert.equal(await c.exists('/apis/batch/v1/namespaces/default/jobs/hk-pre-job'), false);
  assert.equal(
    await c.exists('/api/v1/namespaces/default/configmaps/hk-pre-a'),
    true,
    'before-hook-creation keeps it',
  );
  assert.equal(await c.exists('/apis/batch/v1/namespaces/default/jobs/hk-post'), true);
  // The hooks carry no ownership metadata.
  const pre = (await (await fetch(`${c.emu.url}/api/v1/namespaces/default/configmaps/hk-pre-a`)).json()) as {
    metadata: { labels?: unknown };
  };
  assert.equal(pre.metadata.labels, undefined);

  // Upgrade: post-upgrade re-runs hk-post (before-hook-creation replaces the old Job).
  const u = await upgrade(cfg, { releaseName: 'hk', chart: ch, values: values(), timeoutMs: 20_000 });
  assert.equal(u.kind === 'done' && u.release.info?.status, 'deployed');
  assert.equal(
    (await getHooks(cfg, { releaseName: 'hk' })).find((h) => h.name === 'hk-post')?.last_run.phase,
    'Succeeded',
  );

  // helm test: results stored in the newest record, status unchanged.
  const t = await runTests(cfg, { releaseName: 'hk', timeoutMs: 20_000 });
  assert.equal(t.hooks?.find((h) => h?.name === 'hk-test')?.last_run.phase, 'Succeeded');
  const after = (await history(cfg, { releaseName: 'hk' })).at(-1);
  assert.equal(after?.info?.status, 'deployed');
  assert.equal(after?.hooks?.find((h) => h?.name === 'hk-test')?.last_run.phase, 'Succeeded');
  await uninstall(cfg, { releaseName: 'hk' });
  assert.equal(
    await c.exists('/apis/batch/v1/namespaces/default/jobs/hk-post'),
    true,
    'uninstall leaves hook resources',
  );
});

test('a failing hook fails the install with Helm text; hook-failed deletes it; the record is failed', async () => {
  const cfg = c.config();
  const ch = chart({
    'templates/cm.yaml': configMap('hf-main'),
    'templates/hook.yaml': job('hf-post', 'post-install', 0, 'hook-failed', 'broken'),
  });
  await assert.rejects(
    install(cfg, { releaseName: 'hf', chart: ch, values: values(), timeoutMs: 20_000 }),
    (err: Error) => {
      assert.match(err.message, /^failed post-install: 1 error occurred:\n\t\* job hf-post failed: .*\n\n$/);
      return true;
    },
  );
  const [rec] = await history(cfg, { releaseName: 'hf' });
  assert.equal(rec.info?.status, 'failed');
  assert.match(rec.info?.description ?? '', /^Release "hf" failed: failed post-install: /);
  assert.equal(rec.hooks?.[0]?.last_run.phase, 'Failed');
  assert.equal(await c.exists('/apis/batch/v1/namespaces/default/jobs/hf-post'), false);
  // A failing test hook fails helm test but leaves the status alone.
  await uninstall(cfg, { releaseName: 'hf' });
});

test('a pre-install hook that cannot be created: `warning: Hook … failed`', async () => {
  const cfg = c.config();
  const hook = configMap('hc-pre', {}, { 'helm.sh/hook': 'pre-install' }).replace(
    '  name: hc-pre',
    '  name: hc-pre\n  namespace: nowhere',
  );
  const ch = chart({ 'templates/cm.yaml': configMap('hc-main'), 'templates/hook.yaml': hook });
  await assert.rejects(install(cfg, { releaseName: 'hc', chart: ch, values: values() }), (err: Error) => {
    assert.match(
      err.message,
      /^failed pre-install: warning: Hook pre-install demo\/templates\/hook.yaml failed: /,
    );
    return true;
  });
  assert.equal(
    await c.exists('/api/v1/namespaces/default/configmaps/hc-main'),
    false,
    'no resources after a pre hook failure',
  );
  await uninstall(cfg, { releaseName: 'hc' });
});

test('delete hooks run on uninstall and are recorded; a failing test hook fails helm test only', async () => {
  const cfg = c.config();
  const ch = chart({
    'templates/cm.yaml': configMap('dh-main'),
    'templates/hooks.yaml': [
      configMap('dh-pre', {}, { 'helm.sh/hook': 'pre-delete' }),
      configMap('dh-post', {}, { 'helm.sh/hook': 'post-delete' }),
      job('dh-test', 'test', 0, null, 'broken'),
    ].join('---\n'),
  });
  await install(cfg, { releaseName: 'dh', chart: ch, values: values(), timeoutMs: 20_000 });
  await assert.rejects(runTests(cfg, { releaseName: 'dh', timeoutMs: 20_000 }), /job dh-test failed/);
  const tested = (await history(cfg, { releaseName: 'dh' }))[0];
  assert.equal(tested.info?.status, 'deployed');
  assert.equal(tested.hooks?.find((h) => h?.name === 'dh-test')?.last_run.phase, 'Failed');
  const un = await uninstall(cfg, { releaseName: 'dh', keepHistory: true });
  assert.equal(un.release.info?.status, 'uninstalled');
  const rec = (await history(cfg, { releaseName: 'dh' }))[0];
  assert.deepEqual(
    ['dh-pre', 'dh-post'].map((n) => rec.hooks?.find((h) => h?.name === n)?.last_run.phase),
    ['Succeeded', 'Succeeded'],
  );
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/dh-pre'), true);
  assert.equal(await c.exists('/api/v1/namespaces/default/configmaps/dh-main'), false);
});
