/** KubeClient.update: Helm's Update with server-side apply, against the emulator. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeEmulator, writeKubeconfig, type KubeEmulator } from '../../infra/local/kube/index.ts';
import {
  createKubeClient,
  kubeConfigFromCluster,
  loadKubeConfig,
  UpdateFailedError,
  type ClientNodeKubeClient,
} from '../../lib/kube/index.ts';

let emu: KubeEmulator;
let client: ClientNodeKubeClient;
const logs: string[] = [];

before(async () => {
  emu = await startKubeEmulator();
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
  writeKubeconfig(kubeconfig, emu.url);
  client = createKubeClient(loadKubeConfig({ kubeconfig }), { log: (m) => logs.push(m) });
});
after(() => emu.close());

const cm = (name: string, data: Record<string, string>, annotations?: Record<string, string>): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations }, data });

test('update creates missing objects, applies changes (removed keys pruned), deletes what left the chart', async () => {
  const v1 = await client.build(
    [cm('u-a', { x: '1', y: '2' }), cm('u-b', { z: '1' })].join('\n---\n'),
    'default',
  );
  const first = await client.update([], v1);
  assert.deepEqual(
    first.created.map((i) => i.name),
    ['u-a', 'u-b'],
  );
  const created = await client.get(v1[0]);
  assert.deepEqual(
    created?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['helm', 'Apply']],
  );

  const v2 = await client.build(cm('u-a', { x: '10' }), 'default');
  const second = await client.update(v1, v2);
  assert.deepEqual(
    second.updated.map((i) => i.name),
    ['u-a'],
  );
  assert.deepEqual(
    second.deleted.map((i) => i.name),
    ['u-b'],
  );
  assert.deepEqual((await client.get(v1[0]))?.data, { x: '10' });
  assert.equal(await client.get(v1[1]), null);
});

test('a live object annotated helm.sh/resource-policy: keep is not deleted', async () => {
  const v1 = await client.build(cm('k-a', { a: '1' }, { 'helm.sh/resource-policy': 'keep' }), 'default');
  await client.update([], v1);
  const res = await client.update(v1, []);
  assert.deepEqual(res.deleted, []);
  assert.ok(await client.get(v1[0]));
  assert.ok(logs.some((l) => l.includes('Skipping delete of "k-a"')));
});

test('an existing object missing from the original release is an error; nothing is deleted then', async () => {
  const objs = await client.build([cm('o-a', { a: '1' }), cm('o-b', { b: '1' })].join('\n---\n'), 'default');
  await client.createAll(objs);
  await assert.rejects(client.update([objs[1]], [objs[0]]), (err: unknown) => {
    assert.ok(err instanceof UpdateFailedError);
    assert.equal(err.message, 'no ConfigMap with the name "o-a" found');
    return true;
  });
  assert.ok(await client.get(objs[1]));
});

test('apply errors are collected, joined with " && ", and skip deletions', async () => {
  // configmaps PATCHes 1–3 create, 4 and 5 (the second update's applies) fail.
  const faulty = await startKubeEmulator({
    faults: {
      requests: [
        { method: 'PATCH', resource: 'configmaps', nth: 4, times: 2, status: 500, message: 'etcd is sad' },
      ],
    },
  });
  try {
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
    writeKubeconfig(kubeconfig, faulty.url);
    const c = createKubeClient(loadKubeConfig({ kubeconfig }));
    const v1 = await c.build(
      [cm('e-a', { a: '1' }), cm('e-b', { b: '1' }), cm('e-c', { c: '1' })].join('\n---\n'),
      'default',
    );
    await c.update([], v1);
    const v2 = await c.build([cm('e-a', { a: '2' }), cm('e-b', { b: '2' })].join('\n---\n'), 'default');
    await assert.rejects(c.update(v1, v2), (err: unknown) => {
      assert.ok(err instanceof UpdateFailedError);
      assert.equal(err.message, 'etcd is sad && etcd is sad');
      assert.deepEqual(
        err.result.updated.map((i) => i.name),
        ['e-a', 'e-b'],
      );
      return true;
    });
    assert.ok(await c.get(v1[2]), 'deletions are skipped after an update error');
  } finally {
    await faulty.close();
  }
});

test('forceReplace PUTs the whole object', async () => {
  const v1 = await client.build(cm('f-a', { a: '1', b: '2' }), 'default');
  await client.update([], v1, { forceReplace: true });
  const v2 = await client.build(cm('f-a', { a: '2' }), 'default');
  const res = await client.update(v1, v2, { forceReplace: true });
  assert.deepEqual(
    res.updated.map((i) => i.name),
    ['f-a'],
  );
  assert.deepEqual((await client.get(v2[0]))?.data, { a: '2' });
});

test('an apply the API server rejects fails with its message (immutable Deployment selector)', async () => {
  const deploy = (app: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: imm}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  const v1 = await client.build(deploy('web'), 'default');
  await client.update([], v1);
  const v2 = await client.build(deploy('other'), 'default');
  await assert.rejects(client.update(v1, v2), {
    name: 'UpdateFailedError',
    message:
      'Deployment.apps "imm" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  });
});

test('apply forces conflicts: chart fields edited by others are taken back, their own fields stay', async () => {
  const v1 = await client.build(cm('fc-a', { a: '1' }), 'default');
  await client.update([], v1);
  const res = await fetch(`${emu.url}/api/v1/namespaces/default/configmaps/fc-a?fieldManager=kubectl-edit`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ data: { a: 'edited', extra: 'mine' } }),
  });
  assert.equal(res.status, 200);
  await client.update(v1, v1);
  const live = await client.get(v1[0]);
  assert.deepEqual(live?.data, { a: '1', extra: 'mine' });
  assert.deepEqual(
    live?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [
      ['helm', 'Apply'],
      ['kubectl-edit', 'Update'],
    ],
  );
});

test('the field-manager migration re-reads the object and retries when it lost a race (409)', async () => {
  const racy = await startKubeEmulator({
    controllers: false,
    faults: {
      requests: [
        {
          method: 'PATCH',
          resource: 'configmaps',
          status: 409,
          message:
            'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again',
        },
      ],
    },
  });
  try {
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
    writeKubeconfig(kubeconfig, racy.url);
    const c = createKubeClient(loadKubeConfig({ kubeconfig }));
    const v1 = await c.build(cm('race', { a: '1', b: '2' }), 'default');
    await c.createAll(v1); // POST: manager helm, operation Update (as helm v3 installs)
    const v2 = await c.build(cm('race', { a: '1' }), 'default');
    await c.update(v1, v2);
    const live = await c.get(v2[0]);
    assert.deepEqual(live?.data, { a: '1' });
    assert.deepEqual(
      live?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
      [['helm', 'Apply']],
    );
  } finally {
    await racy.close();
  }
});

test('objects match across API versions; a failed deletion is only logged', async () => {
  const [crd] = await client.build(
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: gadgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}',
      '  scope: Namespaced',
      '  versions:',
      '  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}',
      '  - {name: v2, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}',
    ].join('\n'),
    'default',
  );
  await client.create(crd);
  await client.waitForReady([crd], { deadline: new Date(Date.now() + 5000), intervalMs: 20 });
  const v1 = await client.build(
    'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 1}\n',
    'default',
  );
  await client.update([], v1);
  const v2 = await client.build(
    'apiVersion: example.com/v2\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 2}\n',
    'default',
  );
  const res = await client.update(v1, v2);
  assert.deepEqual([res.updated.length, res.created.length, res.deleted.length], [1, 0, 0]);
  assert.deepEqual((await client.get(v2[0]))?.spec, { size: 2 });

  const failing = await startKubeEmulator({
    controllers: false,
    faults: {
      requests: [{ method: 'DELETE', resource: 'configmaps', status: 500, message: 'etcd timeout' }],
    },
  });
  try {
    const messages: string[] = [];
    const c = createKubeClient(kubeConfigFromCluster({ server: failing.url, insecureSkipTlsVerify: true }), {
      log: (m) => messages.push(m),
    });
    const old = await c.build(cm('gone', { a: '1' }), 'default');
    await c.update([], old);
    const r = await c.update(old, []);
    assert.deepEqual(r.deleted, []);
    assert.ok(messages.includes('Failed to delete "gone", err: etcd timeout'), messages.join('\n'));
  } finally {
    await failing.close();
  }
});
