import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { install, upgrade, uninstall, history, getValues } from '../../lib/action/index.ts';
import { decodeReleaseJSON } from '../../lib/release/index.ts';
import { filterSystemLabels } from '../../lib/storage/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import { chart, configMap, deployment, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster();
});
after(() => c.close());

async function live(kind: string, ns: string, name: string): Promise<Record<string, unknown> | null> {
  const path =
    kind === 'ConfigMap'
      ? `/api/v1/namespaces/${ns}/configmaps/${name}`
      : `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;
  const res = await fetch(c.emu.url + path);
  return res.status === 404 ? null : ((await res.json()) as Record<string, unknown>);
}

async function secretJSON(ns: string, key: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${c.emu.url}/api/v1/namespaces/${ns}/secrets/${key}`);
  const s = (await res.json()) as { data: { release: string } };
  return JSON.parse(decodeReleaseJSON(Buffer.from(s.data.release, 'base64').toString('utf8'))) as Record<
    string,
    unknown
  >;
}

test('install, upgrade and uninstall: records as Helm writes them, objects owned, helm reads the history', async () => {
  const cfg = c.config();
  const ch = chart({
    'values.yaml': 'a: 1\n',
    'templates/cm.yaml': configMap('{{ .Release.Name }}-cm', {
      a: '{{ .Values.a }}',
      rev: '{{ .Release.Revision }}',
    }),
    'templates/old.yaml':
      '{{ if not .Release.IsUpgrade }}' + configMap('{{ .Release.Name }}-old') + '{{ end }}',
    'templates/keep.yaml':
      '{{ if not .Release.IsUpgrade }}' +
      configMap('{{ .Release.Name }}-keep', {}, { 'helm.sh/resource-policy': 'keep' }) +
      '{{ end }}',
    'templates/web.yaml': deployment('{{ .Release.Name }}-web'),
    'templates/NOTES.txt': 'hello {{ .Release.Name }}',
  });
  const r1 = await install(cfg, {
    releaseName: 'app',
    chart: ch,
    values: values({ x: 1 }),
    wait: true,
    timeoutMs: 20_000,
  });
  assert.equal(r1.kind, 'done');
  assert.equal(r1.kind === 'done' && r1.release.info?.status, 'deployed');
  const rec1 = await secretJSON('default', 'sh.helm.release.v1.app.v1');
  assert.deepEqual(Object.keys(rec1), [
    'name',
    'info',
    'chart',
    'config',
    'manifest',
    'version',
    'namespace',
    'apply_method',
  ]);
  assert.equal(rec1.apply_method, 'ssa');
  assert.deepEqual(rec1.config, { x: 1 });
  assert.equal((rec1.info as Record<string, unknown>).notes, 'hello app');
  assert.equal((rec1.info as Record<string, unknown>).description, 'Install complete');
  const cm = await live('ConfigMap', 'default', 'app-cm');
  assert.deepEqual((cm?.metadata as { labels: unknown }).labels, { 'app.kubernetes.io/managed-by': 'Helm' });
  assert.deepEqual((cm?.metadata as { annotations: unknown }).annotations, {
    'meta.helm.sh/release-name': 'app',
    'meta.helm.sh/release-namespace': 'default',
  });
  assert.equal(
    String(rec1.manifest).includes('managed-by'),
    false,
    'the stored manifest has no injected metadata',
  );

  // Upgrade: new values (so x is dropped), removed objects deleted unless kept.
  const r2 = await upgrade(cfg, {
    releaseName: 'app',
    chart: ch,
    values: values({ a: 5 }),
    wait: true,
    timeoutMs: 20_000,
  });
  assert.equal(r2.kind === 'done' && r2.release.info?.description, 'Upgrade complete');
  assert.deepEqual((await live('ConfigMap', 'default', 'app-cm'))?.data, { a: '5', rev: '2' });
  assert.equal(await live('ConfigMap', 'default', 'app-old'), null);
  assert.notEqual(await live('ConfigMap', 'default', 'app-keep'), null);
  const hist = await history(cfg, { releaseName: 'app' });
  assert.deepEqual(
    hist.map((h) => [h.version, h.info?.status, h.info?.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ],
  );
  assert.deepEqual(Object.fromEntries(await getValues(cfg, { releaseName: 'app' })), { a: 5 });

  // The real helm reads slipway's records.
  const env = new ClientEnv(c.emu.url);
  const helm = oracleBinary('helm');
  const h = await env.run(helm, ['history', 'app', '-o', 'json']);
  assert.equal(h.code, 0, h.stderr);
  assert.deepEqual(
    (JSON.parse(h.stdout) as { revision: number; status: string; description: string }[]).map((x) => [
      x.revision,
      x.status,
      x.description,
    ]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ],
  );
  const v = await env.run(helm, ['get', 'values', 'app', '-a', '-o', 'json']);
  assert.deepEqual(JSON.parse(v.stdout), { a: 5 });

  const un = await uninstall(cfg, { releaseName: 'app', keepHistory: true });
  assert.equal(un.release.info?.status, 'uninstalled');
  assert.equal(un.release.info?.description, 'Uninstallation complete');
  assert.deepEqual(un.kept, []);
  assert.equal(await live('ConfigMap', 'default', 'app-cm'), null);
  assert.equal(await live('Deployment', 'default', 'app-web'), null);
  assert.notEqual(await live('ConfigMap', 'default', 'app-keep'), null, 'keep survives uninstall too');
  assert.deepEqual(
    (await history(cfg, { releaseName: 'app' })).map((x) => x.info?.status),
    ['superseded', 'uninstalled'],
  );
  await assert.rejects(uninstall(cfg, { releaseName: 'app', keepHistory: true }), {
    message: 'the release named "app" is already deleted',
  });
  await assert.rejects(install(cfg, { releaseName: 'app', chart: ch, values: values() }), {
    message: 'cannot re-use a name that is still in use',
  });
  // --replace reuses the name: the uninstalled revision is superseded, the new one is 3.
  const r3 = await install(cfg, { releaseName: 'app', chart: ch, values: values(), replace: true });
  assert.equal(r3.kind === 'done' && r3.release.version, 3);
  assert.deepEqual(
    (await history(cfg, { releaseName: 'app' })).map((x) => [x.version, x.info?.status, x.info?.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'superseded', 'superseded by new release'],
      [3, 'deployed', 'Install complete'],
    ],
  );
  await uninstall(cfg, { releaseName: 'app' });
  await assert.rejects(history(cfg, { releaseName: 'app' }), { message: 'release: not found' });
  await assert.rejects(uninstall(cfg, { releaseName: 'app' }), {
    message: 'uninstall: Release not loaded: app: release: not found',
  });
  assert.equal((await uninstall(cfg, { releaseName: 'app', ignoreNotFound: true })).notFound, true);
});

test('install refuses objects owned by nobody or another release, with Helm text; --take-ownership adopts', async () => {
  const cfg = c.config();
  const res = await fetch(`${c.emu.url}/api/v1/namespaces/default/configmaps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'taken' },
      data: { a: 'x' },
    }),
  });
  assert.equal(res.status, 201);
  const ch = chart({ 'templates/cm.yaml': configMap('taken') });
  await assert.rejects(install(cfg, { releaseName: 'own', chart: ch, values: values() }), {
    message:
      'Unable to continue with install: ConfigMap "taken" in namespace "default" exists and cannot be imported into the current release: invalid ownership metadata; label validation error: missing key "app.kubernetes.io/managed-by": must be set to "Helm"; annotation validation error: missing key "meta.helm.sh/release-name": must be set to "own"; annotation validation error: missing key "meta.helm.sh/release-namespace": must be set to "default"',
  });
  await assert.rejects(history(cfg, { releaseName: 'own' }), { message: 'release: not found' });
  const r = await install(cfg, { releaseName: 'own', chart: ch, values: values(), takeOwnership: true });
  assert.equal(r.kind === 'done' && r.release.info?.status, 'deployed');
  assert.deepEqual((await live('ConfigMap', 'default', 'taken'))?.data, { a: '1' });
  // Another release may not take it.
  await assert.rejects(install(cfg, { releaseName: 'other', chart: ch, values: values() }), (err: Error) =>
    err.message.includes(
      'annotation validation error: key "meta.helm.sh/release-name" must equal "other": current value is "own"',
    ),
  );
  await uninstall(cfg, { releaseName: 'own' });
});

test('upgrade value modes (§4.7) and labels', async () => {
  const cfg = c.config();
  const v1 = chart({
    'values.yaml': 'a: 1\n',
    'templates/cm.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vm}\ndata: {v: {{ toJson .Values | quote }}}\n',
  });
  const v2 = chart(
    {
      'values.yaml': 'a: 10\nb: 2\n',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vm}\ndata: {v: {{ toJson .Values | quote }}}\n',
    },
    'demo',
    '0.2.0',
  );
  await install(cfg, {
    releaseName: 'vm',
    chart: v1,
    values: values({ x: 1 }),
    labels: { team: 'a', tier: 'web' },
  });
  const rendered = async (): Promise<unknown> =>
    JSON.parse(String(((await live('ConfigMap', 'default', 'vm'))?.data as { v: string }).v));
  await upgrade(cfg, { releaseName: 'vm', chart: v2, values: values() });
  assert.deepEqual(await rendered(), { a: 10, b: 2, x: 1 });
  await upgrade(cfg, { releaseName: 'vm', chart: v2, values: values(), reuseValues: true });
  assert.deepEqual(await rendered(), { a: 10, b: 2, x: 1 }, 'reuse: the previous coalesced values');
  await upgrade(cfg, { releaseName: 'vm', chart: v2, values: values({ y: 1 }), resetThenReuseValues: true });
  assert.deepEqual(await rendered(), { a: 10, b: 2, x: 1, y: 1 });
  await upgrade(cfg, {
    releaseName: 'vm',
    chart: v2,
    values: values({ z: 1 }),
    labels: { tier: null, env: 'prod' },
  });
  assert.deepEqual(await rendered(), { a: 10, b: 2, z: 1 }, 'new values replace the old ones');
  await upgrade(cfg, { releaseName: 'vm', chart: v2, values: values(), resetValues: true });
  assert.deepEqual(await rendered(), { a: 10, b: 2 });
  const last = (await history(cfg, { releaseName: 'vm' })).at(-1);
  assert.deepEqual(filterSystemLabels(last?.labels), { team: 'a', env: 'prod' });
  await uninstall(cfg, { releaseName: 'vm' });
});

test('reuse-values keeps the old chart defaults (v1 a:1 → v2 without b)', async () => {
  const cfg = c.config();
  const tpl =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ru}\ndata: {v: {{ toJson .Values | quote }}}\n';
  await install(cfg, {
    releaseName: 'ru',
    chart: chart({ 'values.yaml': 'a: 1\n', 'templates/cm.yaml': tpl }),
    values: values({ x: 1 }),
  });
  await upgrade(cfg, {
    releaseName: 'ru',
    chart: chart({ 'values.yaml': 'a: 10\nb: 2\n', 'templates/cm.yaml': tpl }),
    values: values(),
    reuseValues: true,
  });
  const data = (await live('ConfigMap', 'default', 'ru'))?.data as { v: string };
  assert.deepEqual(JSON.parse(data.v), { a: 1, x: 1 });
  await uninstall(cfg, { releaseName: 'ru' });
});

test('a failed upgrade leaves N deployed, N+1 failed; the next upgrade diffs against N and re-adopts', async () => {
  const cfg = c.config();
  const ok = chart({ 'templates/a.yaml': configMap('fu-a') });
  await install(cfg, { releaseName: 'fu', chart: ok, values: values() });
  // Revision 2 creates fu-b, then fails on an object in a namespace that does not exist.
  const bad = chart({
    'templates/a.yaml': configMap('fu-a'),
    'templates/b.yaml': configMap('fu-b'),
    'templates/c.yaml': configMap('fu-c').replace('  name: fu-c', '  name: fu-c\n  namespace: nowhere'),
  });
  await assert.rejects(upgrade(cfg, { releaseName: 'fu', chart: bad, values: values() }));
  assert.deepEqual(
    (await history(cfg, { releaseName: 'fu' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'deployed'],
      [2, 'failed'],
    ],
  );
  assert.match(
    (await history(cfg, { releaseName: 'fu' }))[1].info?.description ?? '',
    /^Upgrade "fu" failed: /,
  );
  const good = chart({
    'templates/a.yaml': configMap('fu-a', { a: '2' }),
    'templates/b.yaml': configMap('fu-b'),
  });
  const r = await upgrade(cfg, { releaseName: 'fu', chart: good, values: values() });
  assert.equal(r.kind === 'done' && r.release.version, 3);
  assert.deepEqual(
    (await history(cfg, { releaseName: 'fu' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'superseded'],
      [2, 'failed'],
      [3, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'fu' });
  assert.equal(await live('ConfigMap', 'default', 'fu-b'), null);
});

test('install: CRDs first, create-namespace, upgrade of a missing release, dry runs store nothing', async () => {
  const cfg = c.config({ namespace: 'fresh' });
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;
  const ch = chart({
    'crds/gadget.yaml': crd,
    'templates/g.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {size: 1}\n',
  });
  await assert.rejects(upgrade(cfg, { releaseName: 'crd', chart: ch, values: values() }), {
    message: '"crd" has no deployed releases',
  });
  // A client dry run cannot map a kind whose CRD it did not install (as Helm).
  await assert.rejects(
    install(cfg, { releaseName: 'crd', chart: ch, values: values(), dryRun: 'client' }),
    /ensure CRDs are installed first/,
  );
  assert.deepEqual(cfg.warnings, [
    'This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies.',
  ]);
  const plain = chart({ 'templates/cm.yaml': configMap('dry') });
  const dry = await install(cfg, { releaseName: 'dry', chart: plain, values: values(), dryRun: 'server' });
  assert.equal(dry.kind === 'done' && dry.release.info?.description, 'Dry run complete');
  assert.equal(dry.kind === 'done' && dry.release.info?.status, 'pending-install');
  await assert.rejects(history(cfg, { releaseName: 'dry' }), { message: 'release: not found' });
  const r = await upgrade(cfg, {
    releaseName: 'crd',
    chart: ch,
    values: values(),
    install: true,
    createNamespace: true,
  } as Parameters<typeof upgrade>[1]);
  assert.equal(r.kind === 'done' && r.release.info?.status, 'deployed');
  const g = await fetch(`${c.emu.url}/apis/example.com/v1/namespaces/fresh/gadgets/g1`);
  assert.equal(g.status, 200);
  await uninstall(cfg, { releaseName: 'crd' });
  const crdLive = await fetch(
    `${c.emu.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com`,
  );
  assert.equal(crdLive.status, 200, 'CRDs from crds/ are never deleted');
});

test('maxHistory prunes the oldest revisions before writing, never the deployed one', async () => {
  const cfg = c.config();
  const ch = chart({ 'templates/cm.yaml': configMap('mh-cm', { r: '{{ .Release.Revision }}' }) });
  await install(cfg, { releaseName: 'mh', chart: ch, values: values() });
  for (let i = 0; i < 3; i++)
    await upgrade(cfg, { releaseName: 'mh', chart: ch, values: values(), maxHistory: 2 });
  assert.deepEqual(
    (await history(cfg, { releaseName: 'mh' })).map((h) => [h.version, h.info?.status]),
    [
      [3, 'superseded'],
      [4, 'deployed'],
    ],
  );
  await uninstall(cfg, { releaseName: 'mh' });
});

test('upgrade --install over an uninstalled release, --force, and an upgrade dry run', async () => {
  const cfg = c.config();
  const ch = chart({ 'templates/cm.yaml': configMap('ui-cm', { v: '{{ .Values.v | default `a` }}' }) });
  await install(cfg, { releaseName: 'ui', chart: ch, values: values() });
  await uninstall(cfg, { releaseName: 'ui', keepHistory: true });
  const r = await upgrade(cfg, { releaseName: 'ui', chart: ch, values: values(), install: true });
  assert.equal(r.kind === 'done' && r.release.version, 2);
  assert.deepEqual(
    (await history(cfg, { releaseName: 'ui' })).map((h) => [h.version, h.info?.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );
  const dry = await upgrade(cfg, {
    releaseName: 'ui',
    chart: ch,
    values: values({ v: 'b' }),
    dryRun: 'server',
  });
  assert.equal(dry.kind === 'done' && dry.release.info?.description, 'Dry run complete');
  assert.equal(dry.kind === 'done' && dry.release.info?.status, 'pending-upgrade');
  assert.equal((await history(cfg, { releaseName: 'ui' })).length, 2, 'a dry run stores nothing');
  const forced = await upgrade(cfg, {
    releaseName: 'ui',
    chart: ch,
    values: values({ v: 'c' }),
    force: true,
  });
  assert.equal(forced.kind === 'done' && forced.release.info?.status, 'deployed');
  assert.deepEqual((await live('ConfigMap', 'default', 'ui-cm'))?.data, { v: 'c' });
  await uninstall(cfg, { releaseName: 'ui' });
});
