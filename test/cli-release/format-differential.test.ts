/**
 * slipway prints release records exactly as helm v3.17.3 does: the real helm installs, upgrades,
 * rolls back, tests and uninstalls releases on the emulator; slipway reads the same records with
 * its storage, and its status/history/list/get output must equal helm's stdout byte for byte.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resetLocal } from '../../lib/go/time.ts';
import type { GoMap } from '../../lib/go/value.ts';
import type { Release } from '../../lib/release/index.ts';
import {
  formatGetAll,
  formatHistory,
  formatHooks,
  formatList,
  formatManifest,
  formatMetadata,
  formatNotes,
  formatStatusAs,
  formatValues,
  historyEntries,
  listElements,
  type OutputFormat,
} from '../../lib/cli/release/index.ts';
import {
  getValues,
  list,
  newConfiguration,
  type Configuration,
  type ListOptions,
} from '../../lib/action/index.ts';
import { loadKubeConfig } from '../../lib/kube/index.ts';
import { helmOk, runHelm, startCluster, writeChart, type Cluster } from './helpers.ts';

process.env.TZ = 'UTC';
resetLocal();

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'release', 'fixtures');
const BASIC = join(fixtures, 'chart-basic');
const FULL = join(fixtures, 'chart-full');

const TESTED = writeChart({
  'Chart.yaml': 'apiVersion: v2\nname: tested\nversion: 0.2.0\nappVersion: "1.16 <beta>"\n',
  'values.yaml': 'nested:\n  list: [1, two, {three: 3}]\n  text: "multi\\nline"\n',
  'templates/NOTES.txt': '\n\n  Notes for {{ .Release.Name }}  \n\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  k: v\n',
  'templates/test-a.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-test-a\n  annotations:\n    helm.sh/hook: test\ndata: {}\n',
  'templates/test-b.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-test-b\n  annotations:\n    helm.sh/hook: test,post-install\n    helm.sh/hook-weight: "3"\ndata: {}\n',
});

const FAILING = writeChart({
  'Chart.yaml': 'apiVersion: v2\nname: failing\nversion: 1.0.0\n',
  'templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  namespace: no-such-namespace\ndata: {}\n',
});

let cluster: Cluster;

function configuration(namespace = 'default'): Configuration {
  return newConfiguration({ kubeConfig: loadKubeConfig({ kubeconfig: cluster.kubeconfig }), namespace });
}

async function computed(name: string, revision?: number): Promise<GoMap> {
  return getValues(configuration(), { releaseName: name, revision, all: true });
}

before(async () => {
  cluster = await startCluster();
  const ns = ['-n', 'default'];
  await helmOk(cluster, ['install', 'r1', BASIC, '--set', 'a=1', ...ns]);
  await helmOk(cluster, [
    'upgrade',
    'r1',
    BASIC,
    '--set',
    'a=2',
    '--description',
    'line one\nline two is a lot longer than the first line and goes past sixty',
    ...ns,
  ]);
  await helmOk(cluster, ['rollback', 'r1', '1', ...ns]);
  await helmOk(cluster, ['install', 'full', FULL, '--set', 'gone.enabled=false', ...ns]);
  await helmOk(cluster, ['install', 'tested', TESTED, '--set-string', 'x=<y>&z', ...ns]);
  await helmOk(cluster, ['test', 'tested', ...ns]);
  const failed = await runHelm(cluster, ['install', 'broken', FAILING, ...ns]);
  assert.equal(failed.code, 1, failed.stderr);
  await helmOk(cluster, ['install', 'r2', BASIC, '-n', 'other', '--create-namespace']);
  await helmOk(cluster, ['uninstall', 'r2', '--keep-history', '-n', 'other']);
});

after(async () => {
  await cluster?.close();
});

async function records(name: string, namespace = 'default'): Promise<Release[]> {
  return cluster.storage(namespace).history(name);
}

async function record(name: string, revision?: number, namespace = 'default'): Promise<Release> {
  const storage = cluster.storage(namespace);
  return revision === undefined ? storage.last(name) : storage.get(name, revision);
}

async function same(args: string[], mine: string): Promise<void> {
  const r = await runHelm(cluster, args);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mine, r.stdout, `slipway differs from helm ${args.join(' ')}`);
}

const FORMATS: OutputFormat[] = ['table', 'json', 'yaml'];

test('status: every release, revision and format, with and without --show-desc', async () => {
  for (const [name, ns] of [
    ['r1', 'default'],
    ['full', 'default'],
    ['tested', 'default'],
    ['broken', 'default'],
    ['r2', 'other'],
  ] as const) {
    const formats: OutputFormat[] = name === 'r2' ? ['table'] : FORMATS;
    for (const format of formats) {
      const rel = await record(name, undefined, ns);
      await same(['status', name, '-n', ns, '-o', format], formatStatusAs(rel, format));
    }
    await same(
      ['status', name, '-n', ns, '--show-desc'],
      formatStatusAs(await record(name, undefined, ns), 'table', { showDescription: true }),
    );
  }
  await same(
    ['status', 'r1', '-n', 'default', '--revision', '2', '--show-desc'],
    formatStatusAs(await record('r1', 2), 'table', { showDescription: true }),
  );
});

test('history: tables with multi-line descriptions, --max, json and yaml', async () => {
  for (const [name, ns] of [
    ['r1', 'default'],
    ['tested', 'default'],
    ['broken', 'default'],
    ['r2', 'other'],
  ] as const) {
    for (const format of FORMATS) {
      await same(
        ['history', name, '-n', ns, '-o', format],
        formatHistory(historyEntries(await records(name, ns)), format),
      );
    }
  }
  await same(
    ['history', 'r1', '-n', 'default', '--max', '2'],
    formatHistory(historyEntries(await records('r1'), 2)),
  );
});

// -d is left out: the releases here are deployed within one second, and helm orders equal
// seconds in Go's (random) map order.
test('list: state filters, sorting, paging, name filter and formats', async () => {
  const cfg = configuration();
  const cases: [string[], ListOptions][] = [
    [[], {}],
    [['-a'], { all: true }],
    [['--superseded'], { states: ['superseded'] }],
    [['--failed', '--deployed', '-r'], { states: ['failed', 'deployed'], sortReverse: true }],
    [['--filter', '^(r|t)'], { filter: '^(r|t)' }],
    [['--max', '1', '--offset', '1'], { max: 1, offset: 1 }],
    [['--offset', '9'], { offset: 9 }],
    [['-A', '-a'], { all: true, allNamespaces: true }],
    [['-A', '--uninstalled'], { states: ['uninstalled'], allNamespaces: true }],
  ];
  for (const [flags, opts] of cases) {
    const shown = await list(cfg, opts);
    const ns = flags.includes('-A') ? [] : ['-n', 'default'];
    await same(['list', ...ns, ...flags], formatList(listElements(shown)));
    await same(['list', ...ns, ...flags, '-o', 'json'], formatList(listElements(shown), 'json'));
  }
  const shown = await list(cfg, { all: true });
  await same(['list', '-n', 'default', '-a', '-o', 'yaml'], formatList(listElements(shown), 'yaml'));
  await same(
    ['list', '-n', 'default', '-a', '-q'],
    formatList(listElements(shown), 'table', { short: true }),
  );
  await same(
    ['list', '-n', 'default', '-a', '-q', '-o', 'json'],
    formatList(listElements(shown), 'json', { short: true }),
  );
  const plain = await list(cfg);
  await same(
    ['list', '-n', 'default', '--no-headers'],
    formatList(listElements(plain), 'table', { noHeaders: true }),
  );
  await same(
    ['list', '-n', 'default', '--time-format', '2006-01-02 15:04:05Z0700'],
    formatList(listElements(plain, '2006-01-02 15:04:05Z0700')),
  );
});

test('get values, manifest, hooks, notes, all and metadata', async () => {
  // Every release in table form; json and yaml where they add something (nested values,
  // dependencies and annotations in metadata). Releases are checked side by side.
  const detailed = new Set(['full', 'tested']);
  await Promise.all(
    ['r1', 'full', 'tested', 'broken'].map(async (name) => {
      const rel = await record(name);
      const all = await computed(name);
      for (const format of detailed.has(name) ? FORMATS : (['table'] as OutputFormat[])) {
        await same(
          ['get', 'values', name, '-n', 'default', '-o', format],
          formatValues(rel.config ?? null, false, format),
        );
        await same(
          ['get', 'values', name, '-a', '-n', 'default', '-o', format],
          formatValues(all, true, format),
        );
        await same(['get', 'metadata', name, '-n', 'default', '-o', format], formatMetadata(rel, format));
      }
      await same(['get', 'manifest', name, '-n', 'default'], formatManifest(rel));
      await same(['get', 'hooks', name, '-n', 'default'], formatHooks(rel));
      await same(['get', 'notes', name, '-n', 'default'], formatNotes(rel));
      await same(['get', 'all', name, '-n', 'default'], formatGetAll(rel, all));
    }),
  );
  const r1v2 = await record('r1', 2);
  await same(
    ['get', 'values', 'r1', '--revision', '2', '-n', 'default'],
    formatValues(r1v2.config ?? null, false),
  );
  await same(
    ['get', 'all', 'r1', '--revision', '2', '-n', 'default'],
    formatGetAll(r1v2, await computed('r1', 2)),
  );
});
