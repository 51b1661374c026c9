/** @kubernetes/client-node against the emulator: KubernetesObjectApi CRUD with every patch strategy, and Watch. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { startKubeEmulator, writeKubeconfig, type KubeEmulator } from '../../infra/local/kube/index.ts';

let emu: KubeEmulator;
let kc: KubeConfig;
let client: KubernetesObjectApi;

interface ConfigMap extends KubernetesObject {
  data?: Record<string, string>;
}

before(async () => {
  emu = await startKubeEmulator();
  const file = join(mkdtempSync(join(tmpdir(), 'slipway-kube-cn-')), 'kubeconfig');
  writeKubeconfig(file, emu.url);
  kc = new KubeConfig();
  kc.loadFromFile(file);
  client = KubernetesObjectApi.makeApiClient(kc);
});
after(() => emu.close());

const header = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
});

test('create, read, list, replace, delete', async () => {
  const created = await client.create<ConfigMap>({
    ...header('cn1'),
    metadata: { ...header('cn1').metadata, labels: { t: 'cn' } },
    data: { a: '1' },
  });
  assert.ok(created.metadata?.uid);
  const read = await client.read<ConfigMap>(header('cn1'));
  assert.deepEqual(read.data, { a: '1' });
  const list = await client.list<ConfigMap>(
    'v1',
    'ConfigMap',
    'default',
    undefined,
    undefined,
    undefined,
    undefined,
    't=cn',
  );
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['cn1'],
  );
  const replaced = await client.replace<ConfigMap>({ ...read, data: { a: '2' } });
  assert.deepEqual(replaced.data, { a: '2' });
  await assert.rejects(
    client.replace<ConfigMap>({ ...read, data: { a: '3' } }),
    (err: unknown) => err instanceof ApiException && err.code === 409,
  );
  await client.delete(header('cn1'));
  await assert.rejects(
    client.read(header('cn1')),
    (err: unknown) => err instanceof ApiException && err.code === 404,
  );
});

test('patch with json-patch (default), merge, strategic and server-side apply', async () => {
  await client.create<ConfigMap>({ ...header('cn2'), data: { a: '1' } });
  // The typed clients send json-patch by default.
  const core = kc.makeApiClient(CoreV1Api);
  const jp = await core.patchNamespacedConfigMap({
    name: 'cn2',
    namespace: 'default',
    body: [{ op: 'add', path: '/data/b', value: '2' }],
  });
  assert.deepEqual(jp.data, { a: '1', b: '2' });
  const merged = await client.patch<ConfigMap>(
    { ...header('cn2'), data: { c: '3' } },
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.MergePatch,
  );
  assert.deepEqual(merged.data, { a: '1', b: '2', c: '3' });
  const smp = await client.patch<ConfigMap>(
    { ...header('cn2'), data: { d: '4' } },
    undefined,
    undefined,
    undefined,
    undefined,
    PatchStrategy.StrategicMergePatch,
  );
  assert.deepEqual(smp.data, { a: '1', b: '2', c: '3', d: '4' });
  const applied = await client.patch<ConfigMap>(
    { ...header('cn3'), data: { x: 'y' } },
    undefined,
    undefined,
    'cn-test',
    true,
    PatchStrategy.ServerSideApply,
  );
  assert.deepEqual(applied.data, { x: 'y' });
  assert.equal((applied.metadata?.managedFields ?? [])[0]?.manager, 'cn-test');
});

test('Watch delivers ADDED and DELETED events', async () => {
  const events: string[] = [];
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const watch = new Watch(kc);
  const controller = await watch.watch(
    '/api/v1/namespaces/default/configmaps',
    { labelSelector: 'w=cn' },
    (phase, obj: KubernetesObject) => {
      events.push(`${phase} ${obj.metadata?.name ?? ''}`);
      if (phase === 'DELETED') resolveDone();
    },
    () => {},
  );
  await client.create<ConfigMap>({
    ...header('cnw'),
    metadata: { ...header('cnw').metadata, labels: { w: 'cn' } },
  });
  await client.delete(header('cnw'));
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  controller.abort();
  assert.deepEqual(events, ['ADDED cnw', 'DELETED cnw']);
});
