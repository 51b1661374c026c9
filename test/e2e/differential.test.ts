/**
 * Acceptance, differential: one scripted sequence of release operations is run by the real helm
 * v3.17.3 on emulator A and by slipway's CLI on emulator B. After every step both clusters must
 * hold the same objects (see clusterSnapshot for what is normalized and why), both commands must
 * succeed or fail alike with the same stdout, and at the end both release histories must agree
 * revision by revision (status, description, chart, config, manifest, notes, hooks, labels).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runHelm, runSlipway, startCluster, type Cluster, type RunResult } from '../cli-release/helpers.ts';
import { appChart, clusterSnapshot, releaseHistory } from './helpers.ts';

const FAULTS = { neverReadyImages: ['never-ready'] };
let helmSide: Cluster;
let slipwaySide: Cluster;
let chart: string;

before(async () => {
  process.env.TZ = 'UTC';
  [helmSide, slipwaySide] = await Promise.all([startCluster(FAULTS), startCluster(FAULTS)]);
  chart = appChart();
});

after(async () => {
  await Promise.all([helmSide?.close(), slipwaySide?.close()]);
});

/** Lines that carry the wall clock (status output). */
function withoutClock(stdout: string): string {
  return stdout.replace(/^LAST DEPLOYED: .*$/gm, 'LAST DEPLOYED: <time>');
}

/** The `Error: …` text (helm may also print warnings, e.g. about the kubeconfig's permissions). */
function errorLine(stderr: string): string {
  const at = stderr.indexOf('Error: ');
  return at < 0 ? '' : stderr.slice(at);
}

/** Runs one step on both sides; they must agree on the outcome, the output and the cluster. */
async function step(args: string[], expectedCode = 0): Promise<[RunResult, RunResult]> {
  const [h, s] = await Promise.all([runHelm(helmSide, args, 120_000), runSlipway(slipwaySide, args)]);
  assert.equal(h.code, expectedCode, `helm ${args.join(' ')}: ${h.stderr}`);
  assert.equal(
    s.code,
    h.code,
    `${args.join(' ')}: helm exited ${h.code} (${h.stderr}), slipway ${s.code} (${s.stderr})`,
  );
  assert.equal(withoutClock(s.stdout), withoutClock(h.stdout), `${args.join(' ')}: stdout`);
  assert.equal(helmWaitText(errorLine(s.stderr)), errorLine(h.stderr), `${args.join(' ')}: error`);
  const want = clusterSnapshot(helmSide.emu);
  const got = clusterSnapshot(slipwaySide.emu);
  assert.deepEqual(
    [...got.keys()],
    [...want.keys()],
    `${args.join(' ')}: the clusters hold different objects`,
  );
  for (const [key, obj] of want) assert.deepEqual(got.get(key), obj, `${args.join(' ')}: ${key}`);
  return [h, s];
}

const NS = ['-n', 'default'];

/**
 * The one deliberate difference: when --wait times out, slipway names what was not ready
 * (`resources not ready after 3s: Deployment default/app: 0 of 1 replicas ready: context
 * deadline exceeded`, the KubeClient contract) where helm v3 only says `context deadline exceeded`.
 */
function helmWaitText(description: string): string {
  return description.replace(/resources not ready after .*: (context deadline exceeded)/s, '$1');
}

test('install, upgrade, rollback, failed atomic upgrade and uninstall leave the same cluster and history', async () => {
  await step(['install', 'app', chart, ...NS, '--wait', '--timeout', '60s']);
  await step(['upgrade', 'app', chart, ...NS, '--wait', '--set', 'extra=false,replicas=2,message=two']);
  await step(['rollback', 'app', '1', ...NS, '--wait']);
  await step(
    ['upgrade', 'app', chart, ...NS, '--atomic', '--timeout', '3s', '--set', 'image=never-ready'],
    1,
  );
  await step(['uninstall', 'app', ...NS, '--keep-history']);

  const want = releaseHistory(helmSide.emu, 'app');
  const got = releaseHistory(slipwaySide.emu, 'app');
  assert.deepEqual(
    got.map((r) => `${r.revision} ${r.status}`),
    want.map((r) => `${r.revision} ${r.status}`),
  );
  for (let i = 0; i < want.length; i++) {
    const mine = { ...got[i], description: helmWaitText(got[i].description) };
    assert.deepEqual(mine, want[i], `revision ${want[i].revision}`);
  }
});

test('labels, a created namespace, reused values, cleanup after a failed upgrade and a replaced install', async () => {
  const TEAM = ['-n', 'team'];
  await step([
    'install',
    'web',
    chart,
    ...TEAM,
    '--create-namespace',
    '--labels',
    'tier=front,team=ops',
    '--wait',
  ]);
  await step([
    'upgrade',
    'web',
    chart,
    ...TEAM,
    '--reuse-values',
    '--set',
    'message=reused,extra=false',
    '--labels',
    'team=null',
  ]);
  await step(
    [
      'upgrade',
      'web',
      chart,
      ...TEAM,
      '--reuse-values',
      '--set',
      'extra=true,image=never-ready',
      '--wait',
      '--timeout',
      '2s',
      '--cleanup-on-fail',
    ],
    1,
  );
  await step(['list', ...TEAM, '-q', '-l', 'tier=front']);
  await step(['list', ...TEAM, '-q', '-a', '-l', 'team']);
  await step(['get', 'values', 'web', ...TEAM, '-o', 'json']);
  await step(['rollback', 'web', ...TEAM, '--dry-run']);
  await step(['rollback', 'web', ...TEAM, '--wait', '--wait-for-jobs']);
  await step(['uninstall', 'web', ...TEAM, '--dry-run']);
  await step(['uninstall', 'web', ...TEAM, '--keep-history']);
  await step(['install', 'web', chart, ...TEAM, '--replace', '--set', 'replicas=3', '--wait']);
  const want = releaseHistory(helmSide.emu, 'web', 'team');
  const got = releaseHistory(slipwaySide.emu, 'web', 'team');
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    const mine = { ...got[i], description: helmWaitText(got[i].description) };
    assert.deepEqual(mine, want[i], `revision ${want[i].revision}`);
  }
});
