/**
 * Real helm v3.17.3 against the emulator: install with a post-install hook Job and --wait, upgrade, rollback,
 * history, list, status, get, uninstall (with and without --keep-history). One emulator for the file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { ClientEnv, oracleBinary } from './helpers.ts';

let emu: KubeEmulator;
let env: ClientEnv;
let helmBin: string;
const helm = async (...args: string[]) => {
  const r = await env.run(helmBin, args, { timeoutMs: 90_000 });
  assert.equal(r.code, 0, `helm ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
};

const CHART: Record<string, string> = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: "1.0"\n',
  'chart/values.yaml': 'message: hello\nreplicas: 1\nimage: nginx:1.27\n',
  'chart/templates/app.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cfg
data:
  message: {{ .Values.message | quote }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: web, release: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: web, release: {{ .Release.Name }}}
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
        env:
        - name: MESSAGE
          value: {{ .Values.message | quote }}
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  selector: {app: web, release: {{ .Release.Name }}}
  ports:
  - port: 80
`,
  'chart/templates/hook.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-post
  annotations:
    "helm.sh/hook": post-install,post-upgrade
    "helm.sh/hook-delete-policy": before-hook-creation
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: post
        image: busybox:1.36
        command: ["true"]
`,
};

const CRD_CHART: Record<string, string> = {
  'crdchart/Chart.yaml': 'apiVersion: v2\nname: crdchart\nversion: 0.1.0\n',
  'crdchart/crds/widget.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`,
  'crdchart/templates/widget.yaml': `apiVersion: example.com/v1
kind: Widget
metadata:
  name: {{ .Release.Name }}-w
spec:
  size: {{ .Values.size | default 1 }}
`,
};

before(async () => {
  helmBin = oracleBinary('helm');
  emu = await startKubeEmulator({ faults: { neverReadyImages: ['never-ready'] } });
  env = new ClientEnv(emu.url);
  env.writeFiles({ ...CHART, ...CRD_CHART });
});
after(() => emu.close());

function releaseSecret(name: string) {
  const info = emu.store.info('', 'v1', 'secrets');
  return emu.store.tryGet(info, 'default', name);
}

function deploymentEnv(name: string): unknown {
  const obj = emu.store.tryGet(emu.store.info('apps', 'v1', 'deployments'), 'default', name);
  const spec = obj?.spec as { template: { spec: { containers: { env: unknown }[] } } } | undefined;
  return spec?.template.spec.containers[0].env;
}

test('install --wait with a post-install hook Job', async () => {
  const out = await helm('install', 'r1', env.path('chart'), '--wait', '--timeout', '60s');
  assert.match(out, /STATUS: deployed/);
  assert.match(out, /REVISION: 1/);
  const secret = releaseSecret('sh.helm.release.v1.r1.v1');
  assert.ok(secret, 'release record stored');
  assert.equal(secret.type, 'helm.sh/release.v1');
  const labels = secret.metadata.labels as Record<string, string>;
  assert.deepEqual(
    [labels.name, labels.owner, labels.status, labels.version],
    ['r1', 'helm', 'deployed', '1'],
  );
  // data.release = base64(base64(gzip(JSON))): the Secret's own base64 on top of helm's.
  const inner = Buffer.from((secret.data as Record<string, string>).release, 'base64').toString('utf8');
  const record = JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8')) as {
    name: string;
    info: { status: string };
  };
  assert.equal(record.name, 'r1');
  assert.equal(record.info.status, 'deployed');
  const job = emu.store.tryGet(emu.store.info('batch', 'v1', 'jobs'), 'default', 'r1-post');
  assert.ok(job, 'hook Job created');
});

test('upgrade, history, rollback, list, status, get', async () => {
  const up = await helm(
    'upgrade',
    'r1',
    env.path('chart'),
    '--set',
    'message=bye',
    '--set',
    'replicas=2',
    '--wait',
    '--timeout',
    '60s',
  );
  assert.match(up, /REVISION: 2/);
  assert.deepEqual(deploymentEnv('r1-web'), [{ name: 'MESSAGE', value: 'bye' }]);
  const history = await helm('history', 'r1');
  assert.match(history, /^1\s.*superseded.*Install complete\s*$/m);
  assert.match(history, /^2\s.*deployed.*Upgrade complete\s*$/m);

  const rb = await helm('rollback', 'r1', '1', '--wait', '--timeout', '60s');
  assert.match(rb, /Rollback was a success! Happy Helming!/);
  assert.deepEqual(deploymentEnv('r1-web'), [{ name: 'MESSAGE', value: 'hello' }]);
  assert.match(await helm('history', 'r1'), /^3\s.*deployed.*Rollback to 1\s*$/m);

  const list = await helm('list');
  assert.match(list, /^r1\s+default\s+3\s+.*deployed\s+demo-0\.1\.0\s+1\.0/m);
  const status = await helm('status', 'r1');
  assert.match(status, /STATUS: deployed/);
  assert.match(status, /REVISION: 3/);
  assert.equal(await helm('get', 'values', 'r1'), 'USER-SUPPLIED VALUES:\nnull\n');
  assert.match(await helm('get', 'values', 'r1', '--revision', '2'), /message: bye/);
  const manifest = await helm('get', 'manifest', 'r1');
  assert.match(manifest, /kind: ConfigMap/);
  assert.match(manifest, /name: r1-web/);
  assert.match(await helm('get', 'all', 'r1'), /HOOKS:[\s\S]*kind: Job[\s\S]*MANIFEST:/);
});

test('uninstall --keep-history, then purge', async () => {
  const out = await helm('uninstall', 'r1', '--keep-history');
  assert.match(out, /release "r1" uninstalled/);
  assert.match(await helm('list', '--uninstalled'), /^r1\s+default\s+3\s+.*uninstalled/m);
  assert.equal(emu.store.tryGet(emu.store.info('apps', 'v1', 'deployments'), 'default', 'r1-web'), undefined);
  assert.ok(releaseSecret('sh.helm.release.v1.r1.v3'), 'history kept');
  await helm('uninstall', 'r1');
  assert.equal(releaseSecret('sh.helm.release.v1.r1.v3'), undefined);
});

test('install into a new namespace, uninstall removes objects and their pods', async () => {
  await helm(
    'install',
    'r2',
    env.path('chart'),
    '-n',
    'team',
    '--create-namespace',
    '--wait',
    '--timeout',
    '60s',
  );
  const pods = emu.store.list(emu.store.info('', 'v1', 'pods'), 'team');
  assert.ok(
    pods.some((p) => String(p.metadata.name).startsWith('r2-web-')),
    'deployment pods exist',
  );
  await helm('uninstall', 'r2', '-n', 'team', '--wait');
  assert.equal(emu.store.list(emu.store.info('apps', 'v1', 'deployments'), 'team').length, 0);
  assert.equal(emu.store.list(emu.store.info('apps', 'v1', 'replicasets'), 'team').length, 0);
  assert.ok(
    emu.store
      .list(emu.store.info('', 'v1', 'pods'), 'team')
      .every((p) => String(p.metadata.name).startsWith('r2-post-')),
    'only the hook Job pod remains (hooks are not uninstalled)',
  );
});

test('--wait times out on a Deployment whose image never becomes ready', async () => {
  const r = await env.run(helmBin, [
    'install',
    'r3',
    env.path('chart'),
    '--set',
    'image=example/never-ready:1',
    '--wait',
    '--timeout',
    '3s',
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error: INSTALLATION FAILED: context deadline exceeded/);
  assert.match(await helm('list', '--failed'), /^r3\s+default\s+1\s+.*failed/m);
});

test('a chart with crds/: the CRD registers its kind, custom resources install and upgrade', async () => {
  await helm('install', 'c1', env.path('crdchart'), '--wait', '--timeout', '60s');
  const info = emu.store.info('example.com', 'v1', 'widgets');
  assert.deepEqual(emu.store.tryGet(info, 'default', 'c1-w')?.spec, { size: 1 });
  await helm('upgrade', 'c1', env.path('crdchart'), '--set', 'size=5');
  const widget = emu.store.tryGet(info, 'default', 'c1-w');
  assert.deepEqual(widget?.spec, { size: 5 });
  assert.equal(widget?.metadata.generation, 2);
  await helm('uninstall', 'c1');
  assert.equal(emu.store.tryGet(info, 'default', 'c1-w'), undefined);
  assert.ok(
    emu.store.registry.find('example.com', 'v1', 'widgets'),
    'CRDs from crds/ are never deleted by helm',
  );
});
