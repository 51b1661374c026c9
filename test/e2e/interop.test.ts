/**
 * Acceptance, interoperability: helm and slipway take turns on the same release. Every step must
 * succeed, leave the objects the step asked for, and both tools must print the same history.
 * One emulator per sequence; the two sequences run side by side.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runHelm, runSlipway, startCluster, type Cluster, type RunResult } from '../cli-release/helpers.ts';
import { appChart } from './helpers.ts';

let chart: string;
const clusters: Cluster[] = [];

before(() => {
  process.env.TZ = 'UTC';
  chart = appChart();
});

after(async () => {
  await Promise.all(clusters.map((c) => c.close()));
});

type Tool = 'helm' | 'slipway';

function run(tool: Tool, cluster: Cluster, args: string[]): Promise<RunResult> {
  return tool === 'helm' ? runHelm(cluster, args, 120_000) : runSlipway(cluster, args);
}

async function ok(tool: Tool, cluster: Cluster, args: string[]): Promise<string> {
  const r = await run(tool, cluster, [...args, '-n', 'default']);
  assert.equal(r.code, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The ConfigMap the chart renders from .Values.message. */
function message(cluster: Cluster): string | undefined {
  const cm = cluster.emu.store.store.get('/configmaps', 'default', 'app-config') as
    { data?: Record<string, string> } | undefined;
  return cm?.data?.message;
}

/** helm and slipway must print the same history; returns the STATUS and DESCRIPTION columns. */
async function history(cluster: Cluster): Promise<string[]> {
  const h = await ok('helm', cluster, ['history', 'app']);
  const s = await ok('slipway', cluster, ['history', 'app']);
  assert.equal(s, h, 'slipway history differs from helm history');
  for (const format of ['json', 'yaml']) {
    assert.equal(
      await ok('slipway', cluster, ['history', 'app', '-o', format]),
      await ok('helm', cluster, ['history', 'app', '-o', format]),
    );
  }
  assert.equal(
    await ok('slipway', cluster, ['status', 'app', '--show-desc']),
    await ok('helm', cluster, ['status', 'app', '--show-desc']),
  );
  return h
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t').map((c) => c.trim()))
    .map((c) => `${c[0]} ${c[2]} ${c[5]}`);
}

async function sequence(first: Tool, second: Tool): Promise<void> {
  const cluster = await startCluster();
  clusters.push(cluster);
  await ok(first, cluster, ['install', 'app', chart, '--wait', '--set', 'message=one']);
  assert.equal(message(cluster), 'one');
  await ok(second, cluster, ['upgrade', 'app', chart, '--wait', '--set', 'message=two,extra=false']);
  assert.equal(message(cluster), 'two');
  assert.equal(cluster.emu.store.store.get('/configmaps', 'default', 'app-extra'), undefined);
  await ok(first, cluster, ['rollback', 'app', '1', '--wait']);
  assert.equal(message(cluster), 'one');
  assert.notEqual(cluster.emu.store.store.get('/configmaps', 'default', 'app-extra'), undefined);
  await ok(second, cluster, ['upgrade', 'app', chart, '--wait', '--reuse-values', '--set', 'message=four']);
  assert.equal(message(cluster), 'four');
  assert.deepEqual(await history(cluster), [
    '1 superseded Install complete',
    '2 superseded Upgrade complete',
    '3 superseded Rollback to 1',
    '4 deployed Upgrade complete',
  ]);
  assert.equal(
    await ok(second, cluster, ['get', 'values', 'app', '-o', 'json']),
    '{"message":"four"}\n',
    '--reuse-values merges the values of revision 3 (those of revision 1)',
  );
  await ok(first, cluster, ['uninstall', 'app']);
  assert.equal(message(cluster), undefined);
  for (const tool of ['helm', 'slipway'] as const) {
    const r = await run(tool, cluster, ['history', 'app', '-n', 'default']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: release: not found\n');
  }
}

test('helm installs, slipway upgrades, helm rolls back, slipway upgrades, helm uninstalls — and the mirror sequence', async () => {
  await Promise.all([sequence('helm', 'slipway'), sequence('slipway', 'helm')]);
});
