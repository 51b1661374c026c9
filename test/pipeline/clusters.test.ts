import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, VersionApi, type KubeConfig } from '@kubernetes/client-node';
import {
  kubeconfigText,
  startKubeEmulator,
  writeKubeconfig,
  type KubeEmulator,
} from '../../infra/local/kube/index.ts';
import { mintEksToken } from '../../lib/kube/eks-token.ts';
import {
  ClusterConfigError,
  UnknownClusterError,
  clearClusterCache,
  loadClusterRegistry,
  parseClusterRegistry,
  resolveCluster,
  type ClusterDeps,
} from '../../lib/pipeline/clusters.ts';

/** Stands in for an API server where the test must see the Authorization header on the wire. */
let apiServer: Server;
let apiUrl: string;
const seenAuth: string[] = [];
let kube: KubeEmulator;
let dir: string;

before(async () => {
  apiServer = createServer((req, res) => {
    seenAuth.push(req.headers.authorization ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0', platform: 'linux/amd64' }));
  });
  await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
  kube = await startKubeEmulator({ port: 0, controllers: false });
  dir = mkdtempSync(join(tmpdir(), 'slipway-clusters-'));
});

after(async () => {
  await kube.close();
  await new Promise<void>((resolve) => apiServer.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  clearClusterCache();
  seenAuth.length = 0;
});

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const t0 = new Date('2026-03-04T05:06:07Z');

function deps(registry: unknown, extra: Partial<ClusterDeps> = {}): ClusterDeps {
  return { env: { SLIPWAY_CLUSTERS: JSON.stringify(registry) }, ...extra };
}

async function version(kc: KubeConfig): Promise<string> {
  return (await kc.makeApiClient(VersionApi).getCode()).gitVersion;
}

test('parseClusterRegistry: the four auth kinds', () => {
  const reg = parseClusterRegistry(
    JSON.stringify({
      prod: {
        server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
        caData: 'LS0tLS1CRUdJTg==',
        auth: {
          kind: 'eks',
          clusterName: 'prod',
          region: 'eu-west-1',
          roleArn: 'arn:aws:iam::123456789012:role/slipway-deployer',
        },
      },
      staging: {
        server: 'https://k8s.staging.example',
        auth: { kind: 'token-secret', secretId: 'slipway/staging-token' },
      },
      legacy: { auth: { kind: 'kubeconfig-secret', secretId: 'slipway/legacy', context: 'admin@legacy' } },
      local: { auth: { kind: 'local', kubeconfig: '.slipway/kubeconfig' } },
    }),
  );
  assert.deepEqual([...reg.keys()], ['prod', 'staging', 'legacy', 'local']);
  assert.deepEqual(reg.get('prod'), {
    name: 'prod',
    server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    caData: 'LS0tLS1CRUdJTg==',
    auth: {
      kind: 'eks',
      clusterName: 'prod',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::123456789012:role/slipway-deployer',
    },
  });
  assert.deepEqual(reg.get('local')?.auth, { kind: 'local', kubeconfig: '.slipway/kubeconfig' });
});

test('parseClusterRegistry: errors name the cluster and the field', () => {
  const bad = (doc: unknown, re: RegExp) =>
    assert.throws(
      () => parseClusterRegistry(typeof doc === 'string' ? doc : JSON.stringify(doc)),
      (err: unknown) => {
        assert.ok(err instanceof ClusterConfigError);
        assert.match(err.message, re);
        return true;
      },
    );
  bad('{', /^cluster registry \(SLIPWAY_CLUSTERS\): invalid JSON: /);
  bad([], /must be a JSON object of cluster names/);
  bad({ Prod: { auth: { kind: 'local', kubeconfig: 'k' } } }, /cluster "Prod": must consist of lower case/);
  bad(
    { a: { auth: { kind: 'gke' } } },
    /cluster "a": auth: kind: must be one of eks, token-secret, kubeconfig-secret, local, got "gke"/,
  );
  bad(
    { a: { server: 'https://x', auth: { kind: 'eks', clusterName: 'a' } } },
    /cluster "a": auth: region: required for kind "eks"/,
  );
  bad(
    { a: { auth: { kind: 'eks', clusterName: 'a', region: 'us-east-1' } } },
    /cluster "a": server: required for auth kind "eks"/,
  );
  bad(
    { a: { server: 'https://x', auth: { kind: 'token-secret', secretId: 's', token: 't' } } },
    /cluster "a": auth: unknown field "token"/,
  );
  bad(
    { a: { sever: 'https://x', auth: { kind: 'local', kubeconfig: 'k' } } },
    /cluster "a": unknown field "sever"/,
  );
  bad(
    { a: { server: 'http://x', auth: { kind: 'token-secret', secretId: 's' } } },
    /plain http needs insecureSkipTlsVerify: true/,
  );
  bad(
    { a: { server: 'https://x', auth: { kind: 'local', kubeconfig: 'k' } } },
    /server and caData come from the kubeconfig/,
  );
  bad(
    {
      a: {
        server: 'https://x',
        auth: { kind: 'eks', clusterName: 'a', region: 'us-east-1', roleArn: 'slipway' },
      },
    },
    /roleArn: not an IAM role ARN: "slipway"/,
  );
});

test('resolveCluster: an unknown cluster names itself and the known ones', async () => {
  const d = deps({
    zeta: { auth: { kind: 'local', kubeconfig: 'k' } },
    alpha: { auth: { kind: 'local', kubeconfig: 'k' } },
  });
  await assert.rejects(resolveCluster('prod', d), (err: unknown) => {
    assert.ok(err instanceof UnknownClusterError);
    assert.equal(err.message, 'cluster "prod" is not in the cluster registry (known clusters: alpha, zeta)');
    return true;
  });
  await assert.rejects(
    resolveCluster('prod', deps({})),
    /cluster "prod" is not in the cluster registry \(the registry is empty\)/,
  );
  await assert.rejects(
    resolveCluster('prod', { env: {} }),
    /no cluster registry: set SLIPWAY_CLUSTERS or SLIPWAY_CLUSTERS_PARAMETER/,
  );
});

test('local: a kubeconfig file (the emulator) serves real API calls; the config is cached', async () => {
  const path = join(dir, 'kubeconfig');
  writeKubeconfig(path, kube.url);
  const d = deps({ local: { auth: { kind: 'local', kubeconfig: path } } });
  const kc = await resolveCluster('local', d);
  const ns = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'default' });
  assert.equal(ns.metadata?.name, 'default');
  assert.equal(await resolveCluster('local', d), kc);
  await assert.rejects(
    resolveCluster('other', deps({ other: { auth: { kind: 'local', kubeconfig: path, context: 'nope' } } })),
    /cluster "other": kubeconfig .* context "nope" does not exist/,
  );
});

test('eks: the minted token goes on the wire and is replaced after 14 minutes', async () => {
  let clock = t0.getTime();
  const now = () => new Date(clock);
  const d = deps(
    {
      prod: {
        server: apiUrl,
        insecureSkipTlsVerify: true,
        auth: { kind: 'eks', clusterName: 'prod-eks', region: 'eu-west-1' },
      },
    },
    { credentials: async () => creds, now },
  );
  const kc = await resolveCluster('prod', d);
  assert.equal(await version(kc), 'v1.31.0');
  const first = await mintEksToken({
    clusterName: 'prod-eks',
    region: 'eu-west-1',
    credentials: creds,
    now: () => t0,
  });
  assert.deepEqual(seenAuth, [`Bearer ${first.token}`]);

  clock += 10 * 60_000;
  assert.equal(await resolveCluster('prod', d), kc, 'warm process reuses the config');
  await version(kc);
  assert.equal(seenAuth[1], seenAuth[0]);

  clock += 4 * 60_000;
  await version(kc);
  const second = await mintEksToken({
    clusterName: 'prod-eks',
    region: 'eu-west-1',
    credentials: creds,
    now,
  });
  assert.equal(seenAuth[2], `Bearer ${second.token}`);
  assert.notEqual(seenAuth[2], seenAuth[0]);
});

test('eks with roleArn: signs with the assumed role, re-assumed before it expires', async () => {
  let clock = t0.getTime();
  const assumed: string[] = [];
  const d = deps(
    {
      prod: {
        server: apiUrl,
        insecureSkipTlsVerify: true,
        auth: {
          kind: 'eks',
          clusterName: 'prod',
          region: 'us-east-1',
          roleArn: 'arn:aws:iam::123456789012:role/deployer',
        },
      },
    },
    {
      credentials: async () => assert.fail('the function role must not sign when a role is assumed'),
      assumeRole: async (roleArn, sessionName, region) => {
        assumed.push(`${roleArn} ${sessionName} ${region}`);
        return {
          accessKeyId: `ASIA${assumed.length}`,
          secretAccessKey: 's',
          sessionToken: 'tok',
          expiration: new Date(clock + 20 * 60_000),
        };
      },
      now: () => new Date(clock),
    },
  );
  const kc = await resolveCluster('prod', d);
  await version(kc);
  assert.deepEqual(assumed, ['arn:aws:iam::123456789012:role/deployer slipway-prod us-east-1']);
  const url = new URL(Buffer.from(seenAuth[0].slice('Bearer k8s-aws-v1.'.length), 'base64url').toString());
  assert.equal(url.searchParams.get('X-Amz-Credential'), 'ASIA1/20260304/us-east-1/sts/aws4_request');
  assert.equal(url.searchParams.get('X-Amz-Security-Token'), 'tok');
  clock += 16 * 60_000; // token expired; credentials have 4 minutes left → assume again
  await version(kc);
  assert.equal(assumed.length, 2);
  assert.match(seenAuth[1], /^Bearer k8s-aws-v1\./);
});

test('token-secret: the token from Secrets Manager (raw or JSON); a failed read is not cached', async () => {
  const registry = {
    a: {
      server: apiUrl,
      insecureSkipTlsVerify: true,
      auth: { kind: 'token-secret', secretId: 'slipway/a', region: 'eu-west-1' },
    },
    b: { server: apiUrl, insecureSkipTlsVerify: true, auth: { kind: 'token-secret', secretId: 'slipway/b' } },
  };
  const reads: string[] = [];
  let failNext = true;
  const d = deps(registry, {
    getSecret: async (id, region) => {
      reads.push(`${id}@${region ?? 'default'}`);
      if (id === 'slipway/a') return 'eyJhbGciOi.sa-token\n';
      if (failNext) {
        failNext = false;
        throw new Error('AccessDeniedException: not authorized');
      }
      return JSON.stringify({ token: 'json-token' });
    },
  });
  await version(await resolveCluster('a', d));
  await assert.rejects(resolveCluster('b', d), /AccessDeniedException/);
  await version(await resolveCluster('b', d));
  assert.deepEqual(seenAuth, ['Bearer eyJhbGciOi.sa-token', 'Bearer json-token']);
  assert.deepEqual(reads, ['slipway/a@eu-west-1', 'slipway/b@default', 'slipway/b@default']);
  await assert.rejects(
    resolveCluster(
      'c',
      deps(
        { c: { server: apiUrl, insecureSkipTlsVerify: true, auth: { kind: 'token-secret', secretId: 'x' } } },
        { getSecret: async () => '{"tok":1}' },
      ),
    ),
    /secret x: JSON without a string "token" field/,
  );
});

test('kubeconfig-secret: a kubeconfig from Secrets Manager reaches the emulator; exec users are refused', async () => {
  const d = deps(
    { legacy: { auth: { kind: 'kubeconfig-secret', secretId: 'slipway/legacy' } } },
    { getSecret: async () => kubeconfigText(kube.url) },
  );
  const kc = await resolveCluster('legacy', d);
  const list = await kc.makeApiClient(CoreV1Api).listNamespace();
  assert.ok(list.items.some((n) => n.metadata?.name === 'kube-system'));

  const execConfig = kubeconfigText(kube.url).replace(
    '    token: slipway-local-token',
    [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: aws',
      '      args: [eks, get-token, --cluster-name, x]',
    ].join('\n'),
  );
  await assert.rejects(
    resolveCluster(
      'x',
      deps(
        { x: { auth: { kind: 'kubeconfig-secret', secretId: 's' } } },
        { getSecret: async () => execConfig },
      ),
    ),
    /cluster "x": secret s: user "slipway-local" authenticates with an exec plugin, which cannot run here; use auth kind "eks" or a token/,
  );
});

test('SLIPWAY_CLUSTERS_PARAMETER: the registry comes from SSM, read once per warm process', async () => {
  const path = join(dir, 'kubeconfig-ssm');
  writeKubeconfig(path, kube.url);
  let reads = 0;
  const d: ClusterDeps = {
    env: { SLIPWAY_CLUSTERS_PARAMETER: '/slipway/prod/clusters' },
    getParameter: async (name) => {
      reads++;
      assert.equal(name, '/slipway/prod/clusters');
      return JSON.stringify({ emu: { auth: { kind: 'local', kubeconfig: path } } });
    },
  };
  assert.deepEqual([...(await loadClusterRegistry(d)).keys()], ['emu']);
  await resolveCluster('emu', d);
  assert.equal(reads, 1);
  await assert.rejects(
    loadClusterRegistry({ env: { SLIPWAY_CLUSTERS_PARAMETER: '/bad' }, getParameter: async () => '[]' }),
    /cluster registry \(SSM parameter \/bad\): must be a JSON object/,
  );
});
