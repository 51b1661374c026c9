/** Real kubectl 1.31 against the emulator: apply (client- and server-side), get, wait, rollout status, delete. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { ClientEnv, oracleBinary } from './helpers.ts';

let emu: KubeEmulator;
let env: ClientEnv;
let kubectlBin: string;
const kubectl = async (...args: string[]) => {
  const r = await env.run(kubectlBin, args, { timeoutMs: 60_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
};

function app(message: string, image: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: kc-cfg
  labels: {app: kc}
data:
  message: ${message}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kc-web
  labels: {app: kc}
spec:
  replicas: 2
  selector:
    matchLabels: {app: kc}
  template:
    metadata:
      labels: {app: kc}
    spec:
      containers:
      - name: web
        image: ${image}
        env:
        - {name: A, value: "1"}
        - {name: MESSAGE, value: ${message}}
`;
}

before(async () => {
  kubectlBin = oracleBinary('kubectl');
  emu = await startKubeEmulator();
  env = new ClientEnv(emu.url);
  env.writeFiles({ 'app.yaml': app('hello', 'nginx:1.27'), 'app2.yaml': app('bye', 'nginx:1.28') });
});
after(() => emu.close());

test('client-side apply creates, then patches with a strategic merge', async () => {
  assert.equal(
    await kubectl('apply', '-f', env.path('app.yaml')),
    'configmap/kc-cfg created\ndeployment.apps/kc-web created\n',
  );
  assert.equal(
    await kubectl('apply', '-f', env.path('app2.yaml')),
    'configmap/kc-cfg configured\ndeployment.apps/kc-web configured\n',
  );
  assert.equal(
    await kubectl('apply', '-f', env.path('app2.yaml')),
    'configmap/kc-cfg unchanged\ndeployment.apps/kc-web unchanged\n',
  );
  const out = await kubectl(
    'get',
    'deploy',
    'kc-web',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].value} {.metadata.generation}',
  );
  assert.equal(out, 'nginx:1.28 1 bye 2');
});

test('get with -l, short names, and jsonpath', async () => {
  const names = await kubectl('get', 'cm,deploy', '-l', 'app=kc', '-o', 'name');
  assert.equal(names, 'configmap/kc-cfg\ndeployment.apps/kc-web\n');
  assert.equal(await kubectl('get', 'cm', 'kc-cfg', '-o', 'jsonpath={.data.message}'), 'bye');
  const all = await kubectl('get', 'all', '-o', 'name');
  assert.match(all, /^deployment\.apps\/kc-web$/m);
  assert.match(all, /^replicaset\.apps\/kc-web-/m);
  assert.match(all, /^pod\/kc-web-/m);
});

test('wait --for=condition and rollout status', async () => {
  assert.equal(
    await kubectl('wait', '--for=condition=Available', 'deployment/kc-web', '--timeout=30s'),
    'deployment.apps/kc-web condition met\n',
  );
  assert.match(
    await kubectl('rollout', 'status', 'deployment/kc-web', '--timeout=30s'),
    /deployment "kc-web" successfully rolled out/,
  );
});

test('get prints the server-side Table columns', async () => {
  const out = await kubectl('get', 'deploy', 'kc-web');
  assert.match(out, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
  assert.match(out, /^kc-web\s+2\/2\s+2\s+2\s+\d+s\n$/m);
  const pods = await kubectl('get', 'pods', '-l', 'app=kc');
  assert.match(pods, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
  assert.equal(pods.match(/^kc-web-\S+\s+1\/1\s+Running\s+0\s+/gm)?.length, 2);
  assert.match(await kubectl('get', 'cm', 'kc-cfg', '--show-labels'), /^kc-cfg\s+1\s+\S+\s+app=kc\n$/m);
});

test('scale (scale subresource), rollout restart, describe (events by field selector)', async () => {
  assert.equal(
    await kubectl('scale', 'deployment', 'kc-web', '--replicas=3'),
    'deployment.apps/kc-web scaled\n',
  );
  assert.match(
    await kubectl('rollout', 'status', 'deployment/kc-web', '--timeout=30s'),
    /successfully rolled out/,
  );
  assert.equal(await kubectl('get', 'deploy', 'kc-web', '-o', 'jsonpath={.status.readyReplicas}'), '3');
  assert.equal(
    await kubectl('rollout', 'restart', 'deployment/kc-web'),
    'deployment.apps/kc-web restarted\n',
  );
  assert.match(
    await kubectl('rollout', 'status', 'deployment/kc-web', '--timeout=30s'),
    /successfully rolled out/,
  );
  const describe = await kubectl('describe', 'deployment', 'kc-web');
  assert.match(describe, /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
  assert.match(describe, /^Events:\s+<none>$/m);
  await kubectl('scale', 'deployment', 'kc-web', '--replicas=2');
});

test('jobs get a generated selector; logs and wait work on them', async () => {
  assert.equal(
    await kubectl('create', 'job', 'j1', '--image=busybox:1.36', '--', 'true'),
    'job.batch/j1 created\n',
  );
  assert.equal(
    await kubectl('wait', '--for=condition=complete', 'job/j1', '--timeout=30s'),
    'job.batch/j1 condition met\n',
  );
  const selector = await kubectl('get', 'job', 'j1', '-o', 'jsonpath={.spec.selector.matchLabels}');
  assert.match(selector, /^\{"batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}$/);
  assert.match(await kubectl('get', 'pods', '-l', 'job-name=j1', '-o', 'name'), /^pod\/j1-[a-z0-9]+\n$/);
  assert.equal(await kubectl('logs', 'job/j1'), '');
});

test('server-side apply with managedFields', async () => {
  const conflicting = await env.run(kubectlBin, ['apply', '--server-side', '-f', env.path('app.yaml')]);
  assert.equal(conflicting.code, 1);
  assert.match(
    conflicting.stderr,
    /^(error: )?Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: \.data\.message$/m,
  );
  const out = await kubectl('apply', '--server-side', '--force-conflicts', '-f', env.path('app.yaml'));
  assert.equal(out, 'configmap/kc-cfg serverside-applied\ndeployment.apps/kc-web serverside-applied\n');
  assert.equal(await kubectl('get', 'cm', 'kc-cfg', '-o', 'jsonpath={.data.message}'), 'hello');
  const managers = await kubectl(
    'get',
    'cm',
    'kc-cfg',
    '--show-managed-fields',
    '-o',
    'jsonpath={.metadata.managedFields[*].manager}',
  );
  assert.match(managers, /\bkubectl\b/);
});

test('create secret, delete -f, and delete waits for removal', async () => {
  assert.equal(
    await kubectl('create', 'secret', 'generic', 's1', '--from-literal=k=v'),
    'secret/s1 created\n',
  );
  assert.equal(
    await kubectl('get', 'secret', 's1', '-o', 'jsonpath={.data.k}'),
    Buffer.from('v').toString('base64'),
  );
  assert.equal(
    await kubectl('delete', '-f', env.path('app.yaml')),
    'configmap "kc-cfg" deleted\ndeployment.apps "kc-web" deleted\n',
  );
  const missing = await env.run(kubectlBin, ['get', 'cm', 'kc-cfg']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "kc-cfg" not found/);
  assert.equal(
    await kubectl('get', 'pods', '-l', 'app=kc', '-o', 'name'),
    '',
    'pods collected with their Deployment',
  );
});
