import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { install, upgrade, rollback, history, uninstall } from '../../lib/action/index.ts';
import { acquireLease, OPERATION_IN_PROGRESS, LEASE_OWNER_ANNOTATION } from '../../lib/storage/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { chart, configMap, deployment, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster({ neverReadyImages: ['slow'] });
});
after(() => c.close());

const ok = chart({
  'templates/cm.yaml': configMap('{{ .Release.Name }}-cm', { v: '{{ .Release.Revision }}' }),
});
const slow = chart({ 'templates/web.yaml': deployment('{{ .Release.Name }}-web', 'slow') });

const statuses = async (name: string): Promise<[number | undefined, string | undefined][]> =>
  (await history(c.config(), { releaseName: name })).map((h) => [h.version, h.info?.status]);

test("concurrent upgrades: exactly one takes the revision, the other gets Helm's in-progress error", async () => {
  await install(c.config(), { releaseName: 'cc', chart: ok, values: values() });
  const results = await Promise.allSettled([
    upgrade(c.config({ owner: 'worker-a' }), {
      releaseName: 'cc',
      chart: slow,
      values: values(),
      wait: true,
      timeoutMs: 1_000,
    }),
    upgrade(c.config({ owner: 'worker-b' }), {
      releaseName: 'cc',
      chart: slow,
      values: values(),
      wait: true,
      timeoutMs: 1_000,
    }),
  ]);
  const messages = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'));
  assert.equal(messages.filter((m) => m === OPERATION_IN_PROGRESS).length, 1, messages.join(' | '));
  assert.deepEqual(await statuses('cc'), [
    [1, 'deployed'],
    [2, 'failed'],
  ]);
  await uninstall(c.config(), { releaseName: 'cc' });
});

test('a live lease is refused; an expired one is recovered (marked failed, saying so)', async () => {
  const cfg = c.config();
  await install(cfg, { releaseName: 'lz', chart: ok, values: values() });
  const current = (await history(cfg, { releaseName: 'lz' }))[0];
  const pending = {
    ...current,
    version: 2,
    info: { ...current.info!, status: 'pending-upgrade', description: 'Preparing upgrade' },
  };
  const live = await acquireLease(cfg.storage, pending, {
    owner: 'crashed-worker',
    deadline: new Date(Date.now() + 60_000),
  });
  await assert.rejects(upgrade(cfg, { releaseName: 'lz', chart: ok, values: values() }), {
    message: OPERATION_IN_PROGRESS,
  });
  await assert.rejects(rollback(cfg, { releaseName: 'lz', revision: 1 }), { message: OPERATION_IN_PROGRESS });
  // The crashed worker's deadline passes: its lease expires and the next upgrade recovers the record.
  const clock = (): Date => new Date(Date.now() + 120_000);
  const later = c.config({ now: clock });
  assert.equal(live.owner, 'crashed-worker');
  const r = await upgrade(later, { releaseName: 'lz', chart: ok, values: values() });
  assert.equal(r.kind === 'done' && r.release.version, 3);
  const h = await history(cfg, { releaseName: 'lz' });
  assert.deepEqual(
    h.map((x) => [x.version, x.info?.status]),
    [
      [1, 'superseded'],
      [2, 'failed'],
      [3, 'deployed'],
    ],
  );
  assert.match(
    h[1].info?.description ?? '',
    /^pending-upgrade operation abandoned: lease of crashed-worker expired at .*; marked failed by slipway$/,
  );
  const rec = await cfg.storage.getRecord('lz', 3);
  assert.equal(rec.annotations[LEASE_OWNER_ANNOTATION], undefined, 'the final write drops the lease');
  await uninstall(cfg, { releaseName: 'lz' });
});

test('a pending record left by a killed helm (no lease) blocks upgrade; rollback gets out of it as in Helm', async () => {
  const cfg = c.config();
  const env = new ClientEnv(c.emu.url);
  const helm = oracleBinary('helm');
  const dir = env.path('slowchart');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: slowchart\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'web.yaml'), deployment('hk-web', 'slow'));
  await install(cfg, { releaseName: 'hp', chart: ok, values: values() });
  // helm upgrade --wait, killed (SIGKILL, as a Lambda timeout would) while it waits.
  const child = spawn(helm, ['upgrade', 'hp', dir, '--wait', '--timeout', '60s'], {
    env: { PATH: process.env.PATH ?? '', HOME: env.home, KUBECONFIG: env.kubeconfig },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 200; i++) {
    const h = await history(cfg, { releaseName: 'hp' });
    if (h.some((x) => x.info?.status === 'pending-upgrade')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await exited;
  assert.deepEqual(await statuses('hp'), [
    [1, 'deployed'],
    [2, 'pending-upgrade'],
  ]);
  await assert.rejects(upgrade(cfg, { releaseName: 'hp', chart: ok, values: values() }), {
    message: OPERATION_IN_PROGRESS,
  });
  const r = await rollback(cfg, { releaseName: 'hp', revision: 1 });
  assert.equal(r.kind === 'done' && r.release.info?.status, 'deployed');
  assert.deepEqual(await statuses('hp'), [
    [1, 'superseded'],
    [2, 'pending-upgrade'],
    [3, 'deployed'],
  ]);
  const again = await upgrade(cfg, { releaseName: 'hp', chart: ok, values: values() });
  assert.equal(again.kind === 'done' && again.release.version, 4);
  // helm itself agrees with the history.
  const out = await env.run(helm, ['history', 'hp', '-o', 'json']);
  assert.deepEqual(
    (JSON.parse(out.stdout) as { revision: number; status: string }[]).map((x) => [x.revision, x.status]),
    [
      [1, 'superseded'],
      [2, 'pending-upgrade'],
      [3, 'superseded'],
      [4, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'hp' });
});
