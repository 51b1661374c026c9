/**
 * Acceptance, faults: what goes wrong in a release operation ends as helm's does. Failures that
 * helm can meet too (a failing hook Job, a Deployment that never becomes ready, an API error in
 * the middle of an upgrade) run on two emulators, helm on one and slipway on the other, and must
 * end with the same error and the same history. Races and stale pending records are slipway's
 * own rules (the lease, see lib/storage/lease.ts), checked on one emulator with helm reading along.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FaultConfig } from '../../infra/local/kube/index.ts';
import { leaseAnnotations } from '../../lib/storage/index.ts';
import {
  runHelm,
  runSlipway,
  startCluster,
  writeChart,
  type Cluster,
  type RunResult,
} from '../cli-release/helpers.ts';
import { appChart, releaseHistory } from './helpers.ts';

const NS = ['-n', 'default'];
let chart: string;
const clusters: Cluster[] = [];

async function cluster(faults?: FaultConfig): Promise<Cluster> {
  const c = await startCluster(faults);
  clusters.push(c);
  return c;
}

before(() => {
  process.env.TZ = 'UTC';
  chart = appChart();
});

after(async () => {
  await Promise.all(clusters.map((c) => c.close()));
});

/** slipway's wait errors name what was not ready; helm v3 only says `context deadline exceeded`. */
function helmWaitText(text: string): string {
  return text.replace(/resources not ready after .*: (context deadline exceeded)/s, '$1');
}

function errorLine(stderr: string): string {
  const at = stderr.indexOf('Error: ');
  return at < 0 ? '' : stderr.slice(at);
}

/** Runs the same commands with helm on `a` and slipway on `b`; outcomes, errors and histories must agree. */
async function bothFail(a: Cluster, b: Cluster, setup: string[][], failing: string[]): Promise<RunResult> {
  for (const args of setup) {
    const [h, s] = await Promise.all([runHelm(a, args, 120_000), runSlipway(b, args)]);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(s.code, 0, s.stderr);
  }
  const [h, s] = await Promise.all([runHelm(a, failing, 120_000), runSlipway(b, failing)]);
  assert.equal(h.code, 1, `helm ${failing.join(' ')} should fail`);
  assert.equal(s.code, 1, `slipway ${failing.join(' ')} should fail`);
  assert.equal(helmWaitText(errorLine(s.stderr)), errorLine(h.stderr));
  const name = failing[1];
  const summary = (c: Cluster): string[] =>
    releaseHistory(c.emu, name).map((r) => `${r.revision} ${r.status} ${helmWaitText(r.description)}`);
  assert.deepEqual(summary(b), summary(a));
  return s;
}

test('a failing pre-install hook Job fails the install; a never-ready Deployment times out the wait', async () => {
  const faults = { failingImages: ['fail-job'], neverReadyImages: ['never-ready'] };
  const [a, b] = await Promise.all([cluster(faults), cluster(faults)]);
  const hook = await bothFail(a, b, [], ['install', 'hooked', chart, ...NS, '--set', 'jobImage=fail-job']);
  assert.match(hook.stderr, /^Error: INSTALLATION FAILED: failed pre-install: .*job hooked-migrate failed/s);
  const wait = await bothFail(
    a,
    b,
    [],
    ['install', 'slow', chart, ...NS, '--wait', '--timeout', '2s', '--set', 'image=never-ready'],
  );
  assert.match(
    wait.stderr,
    /^Error: INSTALLATION FAILED: resources not ready after 2s: Deployment default\/slow/,
  );
});

/**
 * The wording differs here: helm v3 patches with a three-way merge and says `cannot patch "app"
 * with kind Deployment: <err>`; slipway's first write to an object helm created is the
 * field-manager migration before its server-side apply, and it says `failed to patch object to
 * upgrade CSA field manager default/app apps/v1, Kind=Deployment: <err>`. Both fail the revision
 * with the API's message and keep the deployed one.
 */
test('a failing test hook fails `test` and shows the failed phase; the release stays deployed', async () => {
  const faults = { failingImages: ['fail-job'] };
  const [a, b] = await Promise.all([cluster(faults), cluster(faults)]);
  const tested = writeChart({
    'Chart.yaml': 'apiVersion: v2\nname: tested\nversion: 0.1.0\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata: {}\n',
    'templates/test.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-smoke
  annotations:
    helm.sh/hook: test
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: smoke, image: fail-job}]
`,
  });
  const install = ['install', 't', tested, ...NS];
  for (const r of await Promise.all([runHelm(a, install), runSlipway(b, install)]))
    assert.equal(r.code, 0, r.stderr);
  const run = ['test', 't', ...NS, '--timeout', '20s'];
  const [h, s] = await Promise.all([runHelm(a, run), runSlipway(b, run)]);
  assert.equal(h.code, 1);
  assert.equal(s.code, 1);
  const clock = (out: string): string =>
    out.replace(/^(LAST DEPLOYED|Last Started|Last Completed): .*$/gm, '$1: <time>');
  assert.equal(clock(s.stdout), clock(h.stdout));
  assert.match(h.stdout, /^Phase: {10}Failed$/m);
  assert.equal(errorLine(s.stderr), errorLine(h.stderr));
  for (const c of [a, b])
    assert.deepEqual(
      releaseHistory(c.emu, 't').map((r) => r.status),
      ['deployed'],
    );
});

test('an API error in the middle of an upgrade fails the revision and keeps the deployed one', async () => {
  const faults: FaultConfig = {
    requests: [
      { method: 'PATCH', resource: 'deployments', status: 500, message: 'etcdserver: request timed out' },
    ],
  };
  const [a, b] = await Promise.all([cluster(faults), cluster(faults)]);
  const install = ['install', 'app', chart, ...NS, '--wait'];
  for (const r of await Promise.all([runHelm(a, install, 120_000), runSlipway(b, install)])) {
    assert.equal(r.code, 0, r.stderr);
  }
  const upgrade = ['upgrade', 'app', chart, ...NS, '--set', 'message=two'];
  const [h, s] = await Promise.all([runHelm(a, upgrade, 120_000), runSlipway(b, upgrade)]);
  for (const r of [h, s]) {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: UPGRADE FAILED: .*Deployment: etcdserver: request timed out\n$/);
  }
  for (const c of [a, b]) {
    const hist = releaseHistory(c.emu, 'app');
    assert.deepEqual(
      hist.map((r) => `${r.revision} ${r.status}`),
      ['1 deployed', '2 failed'],
    );
    assert.match(hist[1].description, /^Upgrade "app" failed: .*etcdserver: request timed out$/);
  }
  // The fault fired once: the next upgrade goes through on both.
  const again = ['upgrade', 'app', chart, ...NS, '--set', 'message=three'];
  for (const r of await Promise.all([runHelm(a, again, 120_000), runSlipway(b, again)])) {
    assert.equal(r.code, 0, r.stderr);
  }
  assert.deepEqual(
    releaseHistory(b.emu, 'app').map((r) => `${r.revision} ${r.status}`),
    releaseHistory(a.emu, 'app').map((r) => `${r.revision} ${r.status}`),
  );
});

const IN_PROGRESS = 'another operation (install/upgrade/rollback) is in progress';

test('two concurrent upgrades of one release: exactly one wins, the other is refused', async () => {
  const c = await cluster();
  assert.equal((await runSlipway(c, ['install', 'app', chart, ...NS])).code, 0);
  const results = await Promise.all([
    runSlipway(c, ['upgrade', 'app', chart, ...NS, '--set', 'message=left']),
    runSlipway(c, ['upgrade', 'app', chart, ...NS, '--set', 'message=right']),
  ]);
  const winners = results.filter((r) => r.code === 0);
  const losers = results.filter((r) => r.code !== 0);
  assert.equal(winners.length, 1, results.map((r) => r.stderr).join('\n'));
  assert.equal(losers[0].stderr, `Error: UPGRADE FAILED: ${IN_PROGRESS}\n`);
  assert.deepEqual(
    releaseHistory(c.emu, 'app').map((r) => `${r.revision} ${r.status}`),
    ['1 superseded', '2 deployed'],
  );
  // helm waiting on a Deployment keeps its revision pending without a lease: slipway refuses too.
  const slow = await cluster({ neverReadyImages: ['never-ready'] });
  assert.equal((await runHelm(slow, ['install', 'app', chart, ...NS])).code, 0);
  const helmUpgrade = runHelm(slow, [
    'upgrade',
    'app',
    chart,
    ...NS,
    '--wait',
    '--timeout',
    '4s',
    '--set',
    'image=never-ready',
  ]);
  while (!releaseHistory(slow.emu, 'app').some((r) => r.status === 'pending-upgrade')) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const refused = await runSlipway(slow, ['upgrade', 'app', chart, ...NS]);
  assert.equal(refused.stderr, `Error: UPGRADE FAILED: ${IN_PROGRESS}\n`);
  assert.equal((await helmUpgrade).code, 1);
});

test('a pending revision under an expired lease is recovered; under a live lease it is refused', async () => {
  const c = await cluster();
  assert.equal((await runSlipway(c, ['install', 'app', chart, ...NS])).code, 0);
  const storage = c.storage();
  const first = await storage.get('app', 1);
  const stuck = (expires: Date, version: number) =>
    storage.create(
      {
        ...first,
        version,
        info: {
          ...(first.info ?? { first_deployed: '', last_deployed: '', deleted: '' }),
          status: 'pending-upgrade',
          description: 'Preparing upgrade',
        },
      },
      { annotations: leaseAnnotations('crashed-worker', expires) },
    );

  await stuck(new Date(Date.now() + 10 * 60_000), 2);
  const refused = await runSlipway(c, ['upgrade', 'app', chart, ...NS]);
  assert.equal(refused.stderr, `Error: UPGRADE FAILED: ${IN_PROGRESS}\n`);
  assert.equal((await storage.get('app', 2)).info?.status, 'pending-upgrade');

  await storage.delete('app', 2);
  const expired = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  await stuck(expired, 2);
  const recovered = await runSlipway(c, ['upgrade', 'app', chart, ...NS, '--set', 'message=after']);
  assert.equal(recovered.code, 0, recovered.stderr);
  const hist = await runHelm(c, ['history', 'app', ...NS, '-o', 'json']);
  const rows = (JSON.parse(hist.stdout) as { revision: number; status: string; description: string }[]).map(
    (r) => `${r.revision} ${r.status} ${r.description}`,
  );
  assert.equal(rows.length, 3, rows.join('\n'));
  assert.equal(rows[0], '1 superseded Install complete');
  const at = expired.toISOString().slice(0, 19);
  assert.match(
    rows[1],
    new RegExp(
      `^2 failed pending-upgrade operation abandoned: lease of crashed-worker expired at ${at}(\\.000)?Z; marked failed by slipway$`,
    ),
  );
  assert.equal(rows[2], '3 deployed Upgrade complete');
});
