import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  install,
  upgrade,
  uninstall,
  list,
  status,
  history,
  historyEntry,
  getValues,
  getManifest,
  getNotes,
  getMetadata,
} from '../../lib/action/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { chart, configMap, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster();
});
after(() => c.close());

const names = (rels: { name?: string; namespace?: string }[]): string[] =>
  rels.map((r) => `${r.namespace}/${r.name}`);

test('list: latest revision per release, state flags, filter, selector, sorts, paging, -A; helm agrees', async () => {
  const ok = chart({ 'templates/cm.yaml': configMap('{{ .Release.Name }}-cm') });
  const bad = chart({
    'templates/cm.yaml': configMap('{{ .Release.Name }}-cm').replace(
      '  name:',
      '  namespace: nowhere\n  name:',
    ),
  });
  const a = c.config({ namespace: 'default' });
  const b = c.config({ namespace: 'other' });
  await install(a, { releaseName: 'alpha', chart: ok, values: values(), labels: { team: 'x' } });
  await upgrade(a, { releaseName: 'alpha', chart: ok, values: values() });
  await install(a, { releaseName: 'charlie', chart: ok, values: values(), labels: { team: 'y' } });
  await assert.rejects(install(a, { releaseName: 'bravo', chart: bad, values: values() }));
  await install(a, { releaseName: 'delta', chart: ok, values: values() });
  await uninstall(a, { releaseName: 'delta', keepHistory: true });
  await install(b, { releaseName: 'echo', chart: ok, values: values(), createNamespace: true });

  assert.deepEqual(names(await list(a)), ['default/alpha', 'default/bravo', 'default/charlie']);
  assert.deepEqual(names(await list(a, { sortReverse: true })), [
    'default/charlie',
    'default/bravo',
    'default/alpha',
  ]);
  assert.deepEqual(names(await list(a, { states: ['failed'] })), ['default/bravo']);
  assert.deepEqual(names(await list(a, { states: ['uninstalled'] })), ['default/delta']);
  assert.deepEqual(
    (await list(a, { states: ['superseded'] })).map((r) => [r.name, r.version]),
    [['alpha', 1]],
    'only --superseded shows older revisions',
  );
  assert.deepEqual(names(await list(a, { all: true })), [
    'default/alpha',
    'default/bravo',
    'default/charlie',
    'default/delta',
  ]);
  assert.deepEqual(names(await list(a, { filter: '^(a|c)' })), ['default/alpha', 'default/charlie']);
  assert.deepEqual(names(await list(a, { selector: 'team=y' })), ['default/charlie']);
  assert.deepEqual(names(await list(a, { selector: 'team in (x,y),team!=x' })), ['default/charlie']);
  assert.deepEqual(names(await list(a, { offset: 1, max: 1 })), ['default/bravo']);
  assert.deepEqual(names(await list(a, { offset: 5 })), []);
  assert.deepEqual(names(await list(a, { allNamespaces: true })), [
    'default/alpha',
    'default/bravo',
    'default/charlie',
    'other/echo',
  ]);
  const byDate = names(await list(a, { byDate: true, all: true }));
  assert.equal(byDate.length, 4);

  const env = new ClientEnv(c.emu.url);
  const out = await env.run(oracleBinary('helm'), ['list', '-A', '-o', 'json']);
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(
    (JSON.parse(out.stdout) as { name: string; namespace: string }[]).map((r) => `${r.namespace}/${r.name}`),
    names(await list(a, { allNamespaces: true })),
  );
  const sel = await env.run(oracleBinary('helm'), ['list', '--selector', 'team=y', '-o', 'json']);
  assert.deepEqual(
    (JSON.parse(sel.stdout) as { name: string }[]).map((r) => r.name),
    ['charlie'],
  );
});

test('status, history rows, get values/manifest/notes/metadata', async () => {
  const cfg = c.config();
  const ch = chart(
    {
      'values.yaml': 'a: 1\nnested: {b: 2}\n',
      'templates/cm.yaml': configMap('gv-cm', { a: '{{ .Values.a }}' }),
      'templates/NOTES.txt': 'notes for {{ .Release.Name }}',
    },
    'getter',
    '1.2.3',
  );
  await install(cfg, { releaseName: 'gv', chart: ch, values: values({ a: 7 }) });
  await upgrade(cfg, { releaseName: 'gv', chart: ch, values: values({ a: 8 }), description: 'bump' });
  const st = await status(cfg, { releaseName: 'gv' });
  assert.equal(st.version, 2);
  assert.equal((await status(cfg, { releaseName: 'gv', revision: 1 })).info?.status, 'superseded');
  await assert.rejects(status(cfg, { releaseName: 'Bad_Name' }), {
    message: 'releaseContent: Release name is invalid: Bad_Name',
  });
  const rows = (await history(cfg, { releaseName: 'gv' })).map(historyEntry);
  assert.deepEqual(
    rows.map((r) => [r.revision, r.status, r.chart, r.description]),
    [
      [1, 'superseded', 'getter-1.2.3', 'Install complete'],
      [2, 'deployed', 'getter-1.2.3', 'bump'],
    ],
  );
  assert.deepEqual(
    (await history(cfg, { releaseName: 'gv', max: 1 })).map((r) => r.version),
    [2],
  );
  assert.deepEqual(Object.fromEntries(await getValues(cfg, { releaseName: 'gv' })), { a: 8 });
  assert.deepEqual(Object.fromEntries(await getValues(cfg, { releaseName: 'gv', revision: 1 })), { a: 7 });
  const all = await getValues(cfg, { releaseName: 'gv', all: true });
  assert.equal(all.get('a'), 8);
  assert.ok(all.get('nested') instanceof Map);
  assert.match(await getManifest(cfg, { releaseName: 'gv' }), /^---\n# Source: getter\/templates\/cm.yaml\n/);
  assert.equal(await getNotes(cfg, { releaseName: 'gv' }), 'notes for gv');
  const md = await getMetadata(cfg, { releaseName: 'gv' });
  assert.deepEqual(
    [md.name, md.chart, md.version, md.revision, md.status, md.namespace],
    ['gv', 'getter', '1.2.3', 2, 'deployed', 'default'],
  );
  const env = new ClientEnv(c.emu.url);
  const hv = await env.run(oracleBinary('helm'), ['get', 'values', 'gv', '--all', '-o', 'json']);
  assert.deepEqual(JSON.parse(hv.stdout), { a: 8, nested: { b: 2 } });
  const hn = await env.run(oracleBinary('helm'), ['get', 'notes', 'gv']);
  assert.equal(hn.stdout, 'NOTES:\nnotes for gv\n');
});
