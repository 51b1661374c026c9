/**
 * Client-side → server-side apply migration: objects written by the real helm v3 (client-side, manager
 * `helm`/Update) are then updated by slipway's server-side apply; fields dropped from the chart must
 * disappear, and helm keeps working on the objects afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';
import {
  createKubeClient,
  loadKubeConfig,
  upgradedManagedFields,
  type ClientNodeKubeClient,
  type KubeObject,
  type ResourceInfo,
} from '../../lib/kube/index.ts';

let emu: KubeEmulator;
let env: ClientEnv;
let helmBin: string;
let client: ClientNodeKubeClient;

const helm = async (...args: string[]): Promise<string> => {
  const r = await env.run(helmBin, args, { timeoutMs: 90_000 });
  assert.equal(r.code, 0, `helm ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
};

before(async () => {
  emu = await startKubeEmulator();
  env = new ClientEnv(emu.url);
  helmBin = oracleBinary('helm');
  client = createKubeClient(loadKubeConfig({ kubeconfig: env.kubeconfig }));
});
after(() => emu.close());

const TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cfg
  labels:
    tier: {{ .Values.tier }}
    {{- if .Values.extraLabel }}
    extra: "yes"
    {{- end }}
data:
  message: {{ .Values.message | quote }}
  {{- if .Values.legacy }}
  legacy: "on"
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        env:
        - name: MESSAGE
          value: {{ .Values.message | quote }}
        {{- if .Values.legacy }}
        - name: LEGACY
          value: "1"
        {{- end }}
`;

/** What the action layer sends: the manifest's objects with Helm's ownership metadata injected. */
function withOwnership(infos: ResourceInfo[], release: string): ResourceInfo[] {
  return infos.map((info) => {
    const object = structuredClone(info.object) as KubeObject;
    object.metadata.labels = { ...object.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' };
    object.metadata.annotations = {
      ...object.metadata.annotations,
      'meta.helm.sh/release-name': release,
      'meta.helm.sh/release-namespace': 'default',
    };
    return { ...info, object };
  });
}

test('fields removed from the chart are removed from objects helm v3 created', async () => {
  env.writeFiles({
    'chart/Chart.yaml': 'apiVersion: v2\nname: csa\nversion: 0.1.0\n',
    'chart/values.yaml': 'message: hello\ntier: web\nlegacy: true\nextraLabel: true\n',
    'chart/templates/all.yaml': TEMPLATE,
  });
  await helm('install', 'r1', env.path('chart'));
  const oldManifest = await helm('get', 'manifest', 'r1');
  const [cmInfo, deployInfo] = await client.build(oldManifest, 'default');
  const before = await client.get(cmInfo);
  assert.deepEqual(
    before?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['helm', 'Update']],
  );

  const newManifest = await helm(
    'template',
    'r1',
    env.path('chart'),
    '--set',
    'legacy=false,extraLabel=false,message=bye',
  );
  const original = await client.build(oldManifest, 'default');
  const target = withOwnership(await client.build(newManifest, 'default'), 'r1');
  await client.update(original, target);

  const cm = await client.get(cmInfo);
  assert.deepEqual(cm?.data, { message: 'bye' });
  assert.deepEqual(cm?.metadata.labels, { tier: 'web', 'app.kubernetes.io/managed-by': 'Helm' });
  assert.deepEqual(
    cm?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['helm', 'Apply']],
  );
  const deploy = await client.get(deployInfo);
  const containers = (deploy?.spec as { template: { spec: { containers: { env: unknown[] }[] } } }).template
    .spec.containers;
  assert.deepEqual(containers[0].env, [{ name: 'MESSAGE', value: 'bye' }]);

  // helm v3 still upgrades the release afterwards (its three-way patch against the applied objects).
  await helm('upgrade', 'r1', env.path('chart'), '--set', 'legacy=true,message=again');
  assert.deepEqual((await client.get(cmInfo))?.data, { message: 'again', legacy: 'on' });

  // …and slipway takes over again: helm's new Update entry is migrated, the dropped key goes.
  const helmManifest = await helm('get', 'manifest', 'r1');
  const latest = await helm('template', 'r1', env.path('chart'), '--set', 'legacy=false,message=final');
  await client.update(
    await client.build(helmManifest, 'default'),
    withOwnership(await client.build(latest, 'default'), 'r1'),
  );
  const final = await client.get(cmInfo);
  assert.deepEqual(final?.data, { message: 'final' });
  assert.deepEqual(
    final?.metadata.managedFields?.map((e) => [e.manager, e.operation]),
    [['helm', 'Apply']],
  );
});

test('upgradedManagedFields: the newest CSA entry becomes the Apply entry, other Update entries of the name go', () => {
  const fields = (k: string) => ({ 'f:data': { [`f:${k}`]: {} } });
  const out = upgradedManagedFields(
    [
      {
        manager: 'helm',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: fields('a'),
      },
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: fields('b'),
      },
      {
        manager: 'other',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: fields('c'),
      },
      {
        manager: 'helm',
        operation: 'Update',
        apiVersion: 'v1',
        subresource: 'status',
        fieldsType: 'FieldsV1',
        fieldsV1: fields('d'),
      },
    ],
    'helm',
  );
  assert.deepEqual(out, [
    {
      manager: 'helm',
      operation: 'Apply',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } },
    },
    {
      manager: 'other',
      operation: 'Update',
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: fields('c'),
    },
    {
      manager: 'helm',
      operation: 'Update',
      apiVersion: 'v1',
      subresource: 'status',
      fieldsType: 'FieldsV1',
      fieldsV1: fields('d'),
    },
  ]);
  assert.equal(
    upgradedManagedFields([{ manager: 'helm', operation: 'Apply', apiVersion: 'v1' }], 'helm'),
    undefined,
  );
});
