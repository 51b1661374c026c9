/**
 * slipway's release commands against the real helm: argument and flag errors worded alike, and the
 * output of dry runs, kept resources, tests and `upgrade --install` the same (wall-clock lines aside).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appChart } from '../e2e/helpers.ts';
import { runHelm, runSlipway, startCluster, writeChart, type Cluster, type RunResult } from './helpers.ts';

let helmSide: Cluster;
let slipwaySide: Cluster;
let chart: string;

before(async () => {
  process.env.TZ = 'UTC';
  [helmSide, slipwaySide] = await Promise.all([startCluster(), startCluster()]);
  chart = appChart();
});

after(async () => {
  await Promise.all([helmSide?.close(), slipwaySide?.close()]);
});

/** Wall-clock lines of the status block. */
function withoutClock(s: string): string {
  return s
    .replace(/^(LAST DEPLOYED|Last Started|Last Completed): .*$/gm, '$1: <time>')
    // The records' timestamp labels (Unix seconds), as `get all --template` prints .Release.Labels.
    .replace(/\b(createdAt|modifiedAt):\d+/g, '$1:<time>')
    .replace(/\bhelm\b/g, 'slipway');
}

async function same(args: string[]): Promise<[RunResult, RunResult]> {
  const [h, s] = await Promise.all([runHelm(helmSide, args, 120_000), runSlipway(slipwaySide, args)]);
  assert.equal(s.code, h.code, `${args.join(' ')}: exit status (helm: ${h.stderr}; slipway: ${s.stderr})`);
  assert.equal(withoutClock(s.stdout), withoutClock(h.stdout), `${args.join(' ')}: stdout`);
  assert.equal(withoutClock(s.stderr), withoutClock(h.stderr), `${args.join(' ')}: stderr`);
  return [h, s];
}

test('argument and flag errors read as helm', async () => {
  const cases: string[][] = [
    ['install', chart],
    ['install'],
    ['install', 'a', chart, 'extra'],
    ['install', 'a', chart, '--generate-name'],
    ['install', 'a', chart, '--dry-run=bogus'],
    ['install', 'a', chart, '--timeout', 'xx'],
    ['install', 'Bad_Name', chart],
    ['install', 'a', '/nonexistent'],
    ['install', 'a', chart, '--bogus'],
    ['upgrade', 'a'],
    ['upgrade', 'a', chart],
    ['upgrade', 'a', chart, '--history-max', 'ten'],
    ['rollback'],
    ['rollback', 'a', 'x'],
    ['rollback', 'nope'],
    ['uninstall', 'nope'],
    ['uninstall', 'nope', '--cascade', 'bad'],
    ['uninstall', 'nope', '--ignore-not-found'],
    ['status'],
    ['status', 'nope'],
    ['history', 'nope'],
    ['history', 'nope', '--max', 'x'],
    ['list', 'x'],
    ['list', '-o', 'xml'],
    ['get', 'values', 'nope'],
    ['get', 'manifest'],
    ['test', 'nope'],
    ['status', 'nope', '--kube-context', 'nope'],
    ['install', 'a', chart, '--kube-context', 'nope'],
    ['install', 'a', chart, '--labels', 'a'],
    ['install', 'a', chart, '-l', 'a="b,c"=d'],
  ];
  for (const args of cases) await same([...args, '-n', 'default']);
});

test('get without a known subcommand prints its help, as helm does', async () => {
  for (const args of [['get'], ['get', 'bogus', 'x']]) {
    const [h, s] = await Promise.all([runHelm(helmSide, args, 60_000), runSlipway(slipwaySide, args)]);
    assert.equal(s.code, 0);
    assert.equal(h.code, 0);
    // helm goes on with its flag tables.
    assert.equal(withoutClock(s.stdout), withoutClock(h.stdout.slice(0, h.stdout.indexOf('\nFlags:') + 1)));
  }
});

test('install --dry-run prints the hooks and the manifest; upgrade --install installs', async () => {
  await same(['install', 'app', chart, '-n', 'default', '--dry-run', '--set', 'message=dry']);
  await same(['upgrade', 'app', chart, '-n', 'default', '--install', '--dry-run']);
  await same(['upgrade', 'app', chart, '-n', 'default', '--install', '--wait']);
  await same([
    'upgrade',
    'app',
    chart,
    '-n',
    'default',
    '--install',
    '--set',
    'message=again',
    '--hide-notes',
  ]);
  await same(['uninstall', 'app', '-n', 'default']);
});

test('uninstall names the resources kept by policy; test prints the test suite', async () => {
  const kept = writeChart({
    'Chart.yaml': 'apiVersion: v2\nname: kept\nversion: 0.1.0\n',
    'templates/keep.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-keep\n  annotations:\n    helm.sh/resource-policy: keep\ndata: {}\n',
    'templates/secret.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-secret\n  annotations:\n    helm.sh/resource-policy: keep\nstringData: {a: b}\n',
    'templates/gone.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-gone\ndata: {}\n',
    'templates/tests/check.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-check\n  annotations:\n    helm.sh/hook: test\ndata: {}\n',
    'templates/tests/probe.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-probe\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: "-1"\nspec:\n  restartPolicy: Never\n  containers: [{name: probe, image: busybox}]\n',
    'templates/NOTES.txt': 'kept notes\n',
  });
  await same(['install', 'k', kept, '-n', 'default']);
  await same(['test', 'k', '-n', 'default']);
  // --logs: the probe pod's logs first (weight -1), then the ConfigMap hook, which has no pod.
  const [, logs] = await same(['test', 'k', '-n', 'default', '--logs']);
  assert.match(logs.stdout, /\n\nPOD LOGS: k-probe\n\n$/);
  assert.match(logs.stderr, /unable to get pod logs for k-check: pods "k-check" not found/);
  await same(['status', 'k', '-n', 'default']);
  await same(['uninstall', 'k', '-n', 'default', '--keep-history']);
  await same(['uninstall', 'k', '-n', 'default']);
});

test('get all --template executes Go templates on the release as helm does', async () => {
  await same(['install', 'tpl', chart, '-n', 'default', '--set', 'message=templated']);
  const templates = [
    '{{ .Release.Name }} {{ .Release.Info.Status }} {{ .Release.Version }} {{ .Release.Namespace }}',
    '{{ .Release.Config }} {{ .Release.Labels }} {{ len .Release.Hooks }}',
    '{{ .Release.Chart.Metadata.Name }}-{{ .Release.Chart.Metadata.Version }} {{ .Release.Chart.Values }}',
    '{{ range .Release.Chart.Templates }}{{ .Name }} {{ end }}',
    '{{ printf "%T %T %T %q" .Release .Release.Info.Status .Release.Version .Release.Info.Status }}',
    '{{ .Release.Manifest }}{{ .Release.Info.Notes }}',
    '{{ .Release.Info.Deleted }}',
    '{{ upper "sprig is not there" }}',
    '{{ .Release.Nope }}',
    '{{ .Nope }}',
    '{{ unclosed',
  ];
  for (const t of templates) await same(['get', 'all', 'tpl', '-n', 'default', '--template', t]);
  await same(['uninstall', 'tpl', '-n', 'default']);
});

/** RFC 3339 times in json/yaml output (the records' timestamps). */
function withoutTimes(s: string): string {
  return s.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>');
}

/**
 * slipway's records carry Helm 4's `apply_method: ssa` (it applies server-side, and Helm 4 reads
 * the field to keep doing so); helm v3 has no such field. Everything else must be helm's.
 */
function withoutApplyMethod(s: string): string {
  return s.replace(/,"apply_method":"ssa"/g, '').replace(/^apply_method: ssa\n/gm, '');
}

test('install and upgrade -o json|yaml print the whole release, chart included', async () => {
  for (const args of [
    ['install', 'j', chart, '-n', 'default', '-o', 'json', '--set', 'message=<json>&'],
    ['upgrade', 'j', chart, '-n', 'default', '-o', 'yaml', '--reuse-values', '--set', 'replicas=2'],
    ['upgrade', 'j', chart, '-n', 'default', '--install', '-o', 'json'],
    ['status', 'j', '-n', 'default', '-o', 'yaml'],
  ]) {
    const [h, s] = await Promise.all([runHelm(helmSide, args, 120_000), runSlipway(slipwaySide, args)]);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(withoutTimes(withoutApplyMethod(s.stdout)), withoutTimes(h.stdout), args.join(' '));
  }
});
