/** createKubeClient against the emulator over real HTTP: reachability, discovery, build, CRUD, createAll. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeEmulator, writeKubeconfig, type KubeEmulator } from '../../infra/local/kube/index.ts';
import {
  contextNamespace,
  createKubeClient,
  isAlreadyExists,
  KubeApiError,
  KubeMultiError,
  kubeConfigFromCluster,
  loadKubeConfig,
  type ClientNodeKubeClient,
} from '../../lib/kube/index.ts';

let emu: KubeEmulator;
let kubeconfig: string;
let client: ClientNodeKubeClient;

before(async () => {
  emu = await startKubeEmulator();
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
  writeKubeconfig(kubeconfig, emu.url);
  client = createKubeClient(loadKubeConfig({ kubeconfig }));
});
after(() => emu.close());

test('loadKubeConfig reads the context namespace; an unknown context is refused', () => {
  const kc = loadKubeConfig({ kubeconfig });
  assert.equal(contextNamespace(kc), 'default');
  assert.throws(() => loadKubeConfig({ kubeconfig, context: 'nope' }), /context "nope" does not exist/);
  assert.throws(() => loadKubeConfig({ kubeconfig: '/nonexistent/kc' }), /no such file/);
});

test("isReachable, and Helm's text when the cluster is not", async () => {
  await client.isReachable();
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  const dead = createKubeClient(
    kubeConfigFromCluster({ server: `http://127.0.0.1:${port}`, insecureSkipTlsVerify: true }),
  );
  await assert.rejects(dead.isReachable(), {
    message: `Kubernetes cluster unreachable: Get "http://127.0.0.1:${port}/version": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test('a token provider supplies the bearer token of every request', async () => {
  let calls = 0;
  const kc = kubeConfigFromCluster({
    server: emu.url,
    insecureSkipTlsVerify: true,
    tokenProvider: () => Promise.resolve(`t${++calls}`),
  });
  const c = createKubeClient(kc);
  await c.isReachable();
  await c.capabilities();
  assert.ok(calls >= 2);
});

test('capabilities: server version and every group/version plus group/version/Kind', async () => {
  const caps = await client.capabilities();
  assert.deepEqual(caps.kubeVersion, { version: 'v1.32.4', major: '1', minor: '32' });
  for (const v of [
    'v1',
    'apps/v1',
    'batch/v1',
    'v1/Pod',
    'apps/v1/Deployment',
    'apps/v1/Scale',
    'v1/ConfigMap',
  ])
    assert.ok(caps.apiVersions.includes(v), v);
  assert.equal(new Set(caps.apiVersions).size, caps.apiVersions.length);
});

test('build: documents split, namespace defaulted, cluster-scoped namespace dropped, List flattened', async () => {
  const manifest = [
    '---',
    '# Source: c/templates/cm.yaml',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: a',
    'data:',
    '  greeting: "yes"',
    '  count: "1"',
    '---',
    '# only a comment',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: r',
    '  namespace: ignored',
    '--- # trailing comment',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Service',
    '  metadata: {name: s, namespace: other}',
    '  spec: {ports: [{port: 80}]}',
  ].join('\n');
  const infos = await client.build(manifest, 'ns1');
  assert.deepEqual(
    infos.map((i) => [i.kind, i.resource, i.namespaced, i.namespace, i.name, i.group, i.version]),
    [
      ['ConfigMap', 'configmaps', true, 'ns1', 'a', '', 'v1'],
      ['ClusterRole', 'clusterroles', false, '', 'r', 'rbac.authorization.k8s.io', 'v1'],
      ['Service', 'services', true, 'other', 's', '', 'v1'],
    ],
  );
  assert.equal(infos[0].object.metadata.namespace, 'ns1');
  assert.deepEqual(infos[0].object.data, { greeting: 'yes', count: '1' });
  assert.equal(infos[1].object.metadata.namespace, undefined);
});

test('build: YAML 1.1 typing as sigs.k8s.io/yaml reads it', async () => {
  const [info] = await client.build(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\ndata:\n  on: yes\n  o: 0777\n  h: 0x1F\n  d: 2001-12-14\n',
    'default',
  );
  assert.deepEqual(info.object.data, { true: true, o: 511, h: 31, d: '2001-12-14' });
});

test("build: an unknown kind fails with Helm's text", async () => {
  await assert.rejects(
    client.build('apiVersion: nope.io/v1\nkind: Gadget\nmetadata:\n  name: g\n', 'default'),
    {
      message:
        'resource mapping not found for name: "g" namespace: "" from "": no matches for kind "Gadget" in version "nope.io/v1"\nensure CRDs are installed first',
    },
  );
  // Helm's builder: missing type fields stop it; mapping failures are collected (utilerrors aggregate).
  await assert.rejects(client.build('metadata:\n  name: x\n', 'default'), {
    message: 'error validating "": error validating data: [apiVersion not set, kind not set]',
  });
  await assert.rejects(client.build('apiVersion: v1\nmetadata:\n  name: x\n', 'default'), {
    message: 'error validating "": error validating data: kind not set',
  });
  await assert.rejects(
    client.build(
      'apiVersion: nope.io/v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: nope.io/v1\nkind: B\nmetadata: {name: b, namespace: team}\n',
      'default',
    ),
    {
      message:
        '[resource mapping not found for name: "a" namespace: "" from "": no matches for kind "A" in version "nope.io/v1"\nensure CRDs are installed first, resource mapping not found for name: "b" namespace: "team" from "": no matches for kind "B" in version "nope.io/v1"\nensure CRDs are installed first]',
    },
  );
});

test('build re-discovers once when a kind is missing (a CRD just created)', async () => {
  // Warm the cache first, then register a CRD behind the client's back.
  await client.capabilities();
  const [crd] = await client.build(
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}',
      '  scope: Namespaced',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]',
    ].join('\n'),
    'default',
  );
  await client.create(crd);
  await client.waitForReady([crd], { deadline: new Date(Date.now() + 5000), intervalMs: 50 });
  const [w] = await client.build(
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 1}\n',
    'default',
  );
  assert.equal(w.resource, 'widgets');
  const created = await client.create(w);
  assert.equal(created.metadata.namespace, 'default');
  assert.ok((await client.capabilities()).apiVersions.includes('example.com/v1/Widget'));
});

test('create, get, lookup, delete', async () => {
  const [cm] = await client.build(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: crud}\ndata: {a: "1"}\n',
    'default',
  );
  const created = await client.create(cm);
  assert.equal(created.metadata.name, 'crud');
  assert.equal(created.metadata.managedFields?.[0].manager, 'helm');
  await assert.rejects(client.create(cm), (err: unknown) => {
    assert.ok(err instanceof KubeApiError);
    assert.equal(err.code, 409);
    assert.ok(isAlreadyExists(err));
    assert.equal(err.message, 'configmaps "crud" already exists');
    return true;
  });
  assert.deepEqual((await client.get(cm))?.data, { a: '1' });
  assert.deepEqual((await client.lookup('v1', 'ConfigMap', 'default', 'crud'))?.data, { a: '1' });
  const list = await client.lookup('v1', 'ConfigMap', 'default', '');
  assert.equal(list?.kind, 'ConfigMapList');
  assert.equal(await client.lookup('v1', 'ConfigMap', 'default', 'absent'), null);
  assert.equal(await client.lookup('v1', 'Gizmo', 'default', 'x'), null);
  await assert.rejects(
    client.lookup('nope.io/v1', 'Gizmo', 'default', 'x'),
    /could not find the requested resource/,
  );
  assert.equal(await client.delete(cm), true);
  assert.equal(await client.delete(cm), false);
  assert.equal(await client.get(cm), null);
});

test('createAll: kind groups in install order; every object attempted; multierror text', async () => {
  const manifest = [
    'apiVersion: v1\nkind: Service\nmetadata: {name: ca-svc}\nspec: {ports: [{port: 80}]}',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca-1}',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca-2}',
  ].join('\n---\n');
  const infos = await client.build(manifest, 'default');
  const created = await client.createAll(infos);
  assert.deepEqual(
    created.map((o) => `${o.kind}/${o.metadata.name}`),
    ['ConfigMap/ca-1', 'ConfigMap/ca-2', 'Service/ca-svc'],
  );
  await assert.rejects(client.createAll(infos.slice(1)), (err: unknown) => {
    assert.ok(err instanceof KubeMultiError);
    assert.equal(
      err.message,
      '2 errors occurred:\n\t* configmaps "ca-1" already exists\n\t* configmaps "ca-2" already exists\n\n',
    );
    return true;
  });
});

test('createNamespace labels the namespace and tolerates AlreadyExists', async () => {
  await client.createNamespace('team-a');
  await client.createNamespace('team-a');
  const ns = await client.lookup('v1', 'Namespace', '', 'team-a');
  assert.deepEqual(ns?.metadata.labels, { name: 'team-a', 'kubernetes.io/metadata.name': 'team-a' });
});

test('build keeps int64 values beyond 2^53 exact in request bodies', async () => {
  const [info] = await client.build(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {}\nextra:\n  a: 9007199254740993\n  b: 0x20000000000001\n  c: 12345678901234567890\n  d: 42\n',
    'default',
  );
  assert.equal(
    JSON.stringify(info.object.extra),
    '{"a":9007199254740993,"b":9007199254740993,"c":12345678901234567000,"d":42}',
  );
});

test('discovery without the aggregated form: per group/version lists give the same capabilities and mappings', async () => {
  const legacy = await startKubeEmulator({ aggregatedDiscovery: false, controllers: false });
  try {
    const c = createKubeClient(kubeConfigFromCluster({ server: legacy.url, insecureSkipTlsVerify: true }));
    const [viaLegacy, viaAggregated] = await Promise.all([c.capabilities(), client.capabilities()]);
    const builtIn = (vs: readonly string[]) => vs.filter((v) => !v.startsWith('example.com')).sort();
    assert.deepEqual(builtIn(viaLegacy.apiVersions), builtIn(viaAggregated.apiVersions));
    const [info] = await c.build('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n', 'x');
    assert.deepEqual([info.resource, info.namespaced, info.namespace], ['deployments', true, 'x']);
  } finally {
    await legacy.close();
  }
});

test("capabilities failures carry Helm's wording; a later call tries again", async () => {
  const flaky = await startKubeEmulator({
    controllers: false,
    faults: { requests: [{ method: 'GET', nth: 1, status: 500, message: 'apiserver is starting' }] },
  });
  try {
    const c = createKubeClient(kubeConfigFromCluster({ server: flaky.url, insecureSkipTlsVerify: true }));
    await assert.rejects(c.capabilities(), {
      message: 'could not get server version from Kubernetes: apiserver is starting',
    });
    assert.equal((await c.capabilities()).kubeVersion.version, 'v1.32.4');
  } finally {
    await flaky.close();
  }
});

test('throttled answers with Retry-After are retried (up to 10 times), as client-go does', async () => {
  const throttled = await startKubeEmulator({
    controllers: false,
    faults: {
      requests: [
        {
          method: 'POST',
          resource: 'configmaps',
          nth: 1,
          times: 3,
          status: 429,
          retryAfterSeconds: 0,
          message: 'too many requests',
        },
        {
          method: 'POST',
          resource: 'secrets',
          times: 11,
          status: 429,
          retryAfterSeconds: 0,
          message: 'still throttled',
        },
        { method: 'POST', resource: 'services', status: 429, message: 'no retry-after' },
      ],
    },
  });
  try {
    const c = createKubeClient(kubeConfigFromCluster({ server: throttled.url, insecureSkipTlsVerify: true }));
    const [cm, secret, svc] = await c.build(
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}',
        'apiVersion: v1\nkind: Secret\nmetadata: {name: t}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec: {ports: [{port: 80}]}',
      ].join('\n---\n'),
      'default',
    );
    assert.equal((await c.create(cm)).metadata.name, 't');
    await assert.rejects(c.create(secret), { name: 'KubeApiError', message: 'still throttled' });
    await assert.rejects(c.create(svc), { name: 'KubeApiError', message: 'no retry-after' });
  } finally {
    await throttled.close();
  }
});

test('objects named only by generateName: created, but not addressable (client-go text)', async () => {
  const [info] = await client.build(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: gen-}\n',
    'default',
  );
  const created = await client.create(info);
  assert.match(created.metadata.name ?? '', /^gen-[a-z0-9]{5}$/);
  await assert.rejects(client.get(info), { message: 'resource name may not be empty' });
  await assert.rejects(client.update([], [info]), {
    message: 'could not get information about the resource: resource name may not be empty',
  });
});

test('lookup finds kinds whose CRD appeared after discovery', async () => {
  await client.capabilities();
  const [crd] = await client.build(
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: things.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Thing, plural: things, singular: thing, listKind: ThingList}',
      '  scope: Namespaced',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]',
    ].join('\n'),
    'default',
  );
  await client.create(crd);
  await client.waitForReady([crd], { deadline: new Date(Date.now() + 5000), intervalMs: 20 });
  const list = await client.lookup('example.com/v1', 'Thing', 'default', '');
  assert.equal(list?.kind, 'ThingList');
  assert.equal(await client.lookup('example.com/v1', 'Thing', 'default', 'absent'), null);
});

test('requests of one client share kept-alive connections', async () => {
  // A TCP relay in front of the emulator counts the connections the client opens.
  let connections = 0;
  const relay = createServer((socket) => {
    connections++;
    const upstream = connect(emu.port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  try {
    const { port } = relay.address() as AddressInfo;
    const c = createKubeClient(
      kubeConfigFromCluster({ server: `http://127.0.0.1:${port}`, insecureSkipTlsVerify: true }),
    );
    const [cm] = await c.build('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keepalive}\n', 'default');
    for (let i = 0; i < 10; i++) await c.get(cm);
    assert.ok(connections <= 3, `${connections} connections for 10+ sequential requests`);
  } finally {
    relay.close();
  }
});
