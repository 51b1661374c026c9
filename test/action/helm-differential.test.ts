/**
 * The same operations by the real helm (namespace `by-helm`) and by slipway (namespace `by-slipway`):
 * the release records must be the same apart from timestamps, the namespace and slipway's
 * `apply_method`, and the live objects must carry the same ownership metadata.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { install, upgrade, rollback, uninstall } from '../../lib/action/index.ts';
import { loadChart } from '../../lib/chart/index.ts';
import { decodeReleaseJSON } from '../../lib/release/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
let env: ClientEnv;
let helm: string;
before(async () => {
  c = await startCluster();
  env = new ClientEnv(c.emu.url);
  helm = oracleBinary('helm');
});
after(() => c.close());

const FILES: Record<string, string> = {
  'Chart.yaml':
    'apiVersion: v2\nname: diffy\nversion: 1.0.0\nappVersion: "2.0"\ndependencies:\n  - name: sub\n    version: 0.1.0\n',
  'values.yaml': 'replicas: 1\nsub:\n  greeting: hi\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  rev: {{ .Release.Revision | quote }}\n  upgrade: {{ .Release.IsUpgrade | quote }}\n  extra: {{ .Values.extra | default "none" | quote }}\n',
  'templates/hooks.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-pre\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\n    "helm.sh/hook-weight": "-1"\ndata: {a: b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-post\n  annotations:\n    "helm.sh/hook": post-install,post-upgrade,post-rollback\n    "helm.sh/hook-delete-policy": hook-succeeded\ndata: {a: b}\n',
  'templates/NOTES.txt': 'Release {{ .Release.Name }} revision {{ .Release.Revision }}\n',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/sub/values.yaml': 'greeting: hello\n',
  'charts/sub/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-sub\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
};

function writeChart(): string {
  const root = env.path('diffy');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

async function record(ns: string, version: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${c.emu.url}/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.diff.v${version}`);
  assert.equal(res.status, 200, `${ns} v${version}`);
  const s = (await res.json()) as { data: { release: string }; metadata: { labels: Record<string, string> } };
  const json = JSON.parse(
    decodeReleaseJSON(Buffer.from(s.data.release, 'base64').toString('utf8')),
  ) as Record<string, unknown>;
  const labels = { ...s.metadata.labels };
  delete labels.createdAt;
  delete labels.modifiedAt;
  return { json, labels };
}

/** A record with what legitimately differs blanked: times, namespace, apply_method. */
function normalized(rec: Record<string, unknown>): unknown {
  const text = JSON.stringify(rec)
    .replace(/"\d{4}-\d\d-\d\dT[0-9:.]+Z"/g, '"<time>"')
    .replace(/by-(helm|slipway)/g, '<ns>');
  const out = JSON.parse(text) as { json: Record<string, unknown> };
  delete out.json.apply_method;
  return out;
}

async function helmRun(...args: string[]): Promise<void> {
  const r = await env.run(helm, args);
  assert.equal(r.code, 0, `helm ${args.join(' ')}:\n${r.stderr}`);
}

test('install, upgrade (--set, --reuse-values), rollback: records identical to helm', async () => {
  const dir = writeChart();
  const cfg = c.config({ namespace: 'by-slipway' });
  await helmRun('install', 'diff', dir, '-n', 'by-helm', '--create-namespace', '--set', 'extra=one');
  await install(cfg, {
    releaseName: 'diff',
    chart: loadChart(dir),
    values: values({ extra: 'one' }),
    createNamespace: true,
  });
  assert.deepEqual(normalized(await record('by-slipway', 1)), normalized(await record('by-helm', 1)));

  await helmRun('upgrade', 'diff', dir, '-n', 'by-helm', '--set', 'replicas=2', '--reuse-values');
  await upgrade(cfg, {
    releaseName: 'diff',
    chart: loadChart(dir),
    values: values({ replicas: 2 }),
    reuseValues: true,
  });
  for (const v of [1, 2])
    assert.deepEqual(
      normalized(await record('by-slipway', v)),
      normalized(await record('by-helm', v)),
      `v${v}`,
    );

  await helmRun('rollback', 'diff', '1', '-n', 'by-helm');
  await rollback(cfg, { releaseName: 'diff', revision: 1 });
  for (const v of [1, 2, 3])
    assert.deepEqual(
      normalized(await record('by-slipway', v)),
      normalized(await record('by-helm', v)),
      `v${v}`,
    );

  await helmRun('uninstall', 'diff', '-n', 'by-helm', '--keep-history');
  await uninstall(cfg, { releaseName: 'diff', keepHistory: true });
  for (const v of [1, 2, 3])
    assert.deepEqual(
      normalized(await record('by-slipway', v)),
      normalized(await record('by-helm', v)),
      `v${v}`,
    );
});
