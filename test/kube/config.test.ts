/** Kubeconfig loading: path lists merged first-wins, context override, in-cluster, token providers. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import {
  contextNamespace,
  createKubeClient,
  kubeConfigFromCluster,
  loadKubeConfig,
} from '../../lib/kube/index.ts';

let emu: KubeEmulator;
let dir: string;
before(async () => {
  emu = await startKubeEmulator({ controllers: false });
  dir = mkdtempSync(join(tmpdir(), 'slipway-kc-'));
});
after(() => emu.close());

function kubeconfig(
  file: string,
  opts: { current?: string; contexts: [string, string, string?][]; server: string },
): string {
  const path = join(dir, file);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c-${file}`,
    '  cluster:',
    `    server: ${opts.server}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: u-${file}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: /nonexistent/aws',
    '      args: [eks, get-token]',
    'contexts:',
    ...opts.contexts.flatMap(([name, ns, cluster]) => [
      `- name: ${name}`,
      '  context:',
      `    cluster: ${cluster ?? `c-${file}`}`,
      `    user: u-${file}`,
      ...(ns ? [`    namespace: ${ns}`] : []),
    ]),
    ...(opts.current ? [`current-context: ${opts.current}`] : []),
    '',
  ];
  writeFileSync(path, lines.join('\n'));
  return path;
}

test('a path list merges first-wins, takes the first current-context, ignores missing files', () => {
  const a = kubeconfig('a', {
    current: 'dev',
    contexts: [
      ['dev', 'team-a'],
      ['shared', 'from-a'],
    ],
    server: emu.url,
  });
  const b = kubeconfig('b', {
    current: 'prod',
    contexts: [
      ['prod', 'team-b'],
      ['shared', 'from-b'],
    ],
    server: emu.url,
  });
  const kc = loadKubeConfig({ kubeconfig: [join(dir, 'missing'), a, b].join(delimiter) });
  assert.equal(kc.getCurrentContext(), 'dev');
  assert.equal(contextNamespace(kc), 'team-a');
  assert.equal(
    contextNamespace(loadKubeConfig({ kubeconfig: [a, b].join(delimiter), context: 'shared' })),
    'from-a',
  );
  assert.equal(
    contextNamespace(loadKubeConfig({ kubeconfig: [a, b].join(delimiter), context: 'prod' })),
    'team-b',
  );
});

test('KUBECONFIG is read when no path is given', () => {
  const c = kubeconfig('c', { current: 'env', contexts: [['env', '']], server: emu.url });
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = c;
  try {
    const kc = loadKubeConfig();
    assert.equal(kc.getCurrentContext(), 'env');
    assert.equal(contextNamespace(kc), 'default');
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
});

test("a token provider replaces the user's exec credentials (no aws binary is run)", async () => {
  const d = kubeconfig('d', { current: 'eks', contexts: [['eks', 'apps']], server: emu.url });
  const tokens: string[] = [];
  const kc = loadKubeConfig({
    kubeconfig: d,
    tokenProvider: () => {
      tokens.push('k8s-aws-v1.token');
      return Promise.resolve('k8s-aws-v1.token');
    },
  });
  const client = createKubeClient(kc);
  await client.isReachable();
  assert.deepEqual(tokens, ['k8s-aws-v1.token']);
  assert.equal(contextNamespace(kc), 'apps');
  // Without the provider the exec plugin would run and fail.
  await assert.rejects(
    createKubeClient(loadKubeConfig({ kubeconfig: d })).isReachable(),
    /Kubernetes cluster unreachable/,
  );
});

test('in-cluster configuration from the service environment', () => {
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = '10.100.0.1';
  process.env.KUBERNETES_SERVICE_PORT = '443';
  try {
    const kc = loadKubeConfig({ inCluster: true });
    assert.equal(kc.getCurrentCluster()?.server, 'https://10.100.0.1:443');
  } finally {
    for (const [k, v] of [
      ['KUBERNETES_SERVICE_HOST', saved.host],
      ['KUBERNETES_SERVICE_PORT', saved.port],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('kubeConfigFromCluster: CA data, fixed token, namespace', () => {
  const kc = kubeConfigFromCluster({
    server: 'https://example.invalid',
    caData: 'Zm9v',
    token: 't',
    namespace: 'ops',
  });
  assert.equal(kc.getCurrentCluster()?.caData, 'Zm9v');
  assert.equal(kc.getCurrentUser()?.token, 't');
  assert.equal(contextNamespace(kc), 'ops');
});
