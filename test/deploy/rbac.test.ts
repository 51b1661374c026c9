/**
 * The cluster-side RBAC in infra/rbac: valid objects (applied with the real kubectl), names that
 * the API server serves, no wildcards, enough for the quick-start chart and the release records,
 * and consistent with the EKS access entries and the stack's role outputs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments, parseDocument, type Tags } from 'yaml';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { createKubeClient } from '../../lib/kube/index.ts';
import { ClientEnv, oracleBinary } from '../kube-emulator/helpers.ts';

const root = resolve(import.meta.dirname, '../..');
const rbacDir = join(root, 'infra/rbac');

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string }[];
}

/** CloudFormation's short tags, enough to read the access-entry template. */
const cfnTags: Tags = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
];

const manifestFiles = readdirSync(rbacDir).filter(
  (f) => f.endsWith('.yaml') && f !== 'eks-access-entry.yaml',
);
const objects: RbacObject[] = manifestFiles.flatMap((f) =>
  parseAllDocuments(readFileSync(join(rbacDir, f), 'utf8')).map((d) => d.toJS() as RbacObject),
);
const clusterRole = (name: string): RbacObject => {
  const r = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === name);
  assert.ok(r, `ClusterRole ${name}`);
  return r;
};

function allows(role: RbacObject, group: string, resource: string, verb: string): boolean {
  return (role.rules ?? []).some(
    (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
  );
}

let kube: KubeEmulator;
let env: ClientEnv;
let kubectlBin: string;

before(async () => {
  kube = await startKubeEmulator({ port: 0, controllers: false });
  env = new ClientEnv(kube.url);
  kubectlBin = oracleBinary('kubectl');
});

after(async () => {
  await kube.close();
});

async function kubectl(...args: string[]): Promise<string> {
  const r = await env.run(kubectlBin, args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

test('rules name no wildcard verbs, resources or groups', () => {
  for (const o of objects) {
    for (const rule of o.rules ?? []) {
      for (const field of [rule.apiGroups, rule.resources, rule.verbs]) {
        assert.ok(
          !field.some((v) => v.includes('*')),
          `${o.kind} ${o.metadata.name}: wildcard in ${JSON.stringify(rule)}`,
        );
      }
      assert.ok(
        !rule.verbs.includes('escalate') &&
          !rule.verbs.includes('bind') &&
          !rule.verbs.includes('impersonate'),
      );
    }
  }
});

test('every rule names a resource the API server serves (kubectl api-resources)', async () => {
  const served = new Set((await kubectl('api-resources', '-o', 'name')).trim().split('\n'));
  for (const o of objects) {
    for (const rule of o.rules ?? []) {
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          const name = group === '' ? resource : `${resource}.${group}`;
          assert.ok(served.has(name), `${o.metadata.name}: ${name} is not a served resource`);
        }
      }
    }
  }
});

test('the real kubectl applies the RBAC objects', async () => {
  await kubectl('create', 'namespace', 'apps');
  for (const f of manifestFiles) await kubectl('apply', '-f', join(rbacDir, f));
  const out = await kubectl('get', 'rolebindings', '-n', 'apps', '-o', 'name');
  assert.equal(
    out,
    'rolebinding.rbac.authorization.k8s.io/slipway-deployer\nrolebinding.rbac.authorization.k8s.io/slipway-reader\n',
  );
});

test('the deployer may operate every object of the quick-start chart and the release records', async () => {
  const rendered = await promisify(execFile)(
    process.execPath,
    [join(root, 'lib/cli/main.ts'), 'template', 'demo', join(root, 'examples/hello')],
    {
      cwd: root,
    },
  );
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  const infos = await createKubeClient(kc).build(rendered.stdout, 'apps');
  assert.ok(infos.length >= 4);
  const deployer = clusterRole('slipway-deployer');
  for (const info of infos) {
    assert.ok(info.namespaced, `${info.kind} ${info.name} is namespaced: the namespace bindings cover it`);
    for (const verb of ['get', 'list', 'create', 'patch', 'update', 'delete']) {
      assert.ok(allows(deployer, info.group, info.resource, verb), `${verb} ${info.resource}.${info.group}`);
    }
  }
  // Release records (Helm's Secrets driver and slipway's lease): list by labels, get, create, update, delete.
  for (const verb of ['get', 'list', 'create', 'update', 'delete'])
    assert.ok(allows(deployer, '', 'secrets', verb), verb);
  const reader = clusterRole('slipway-reader');
  assert.deepEqual(reader.rules, [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
  assert.ok(allows(clusterRole('slipway-deployer-cluster'), '', 'namespaces', 'create'), 'create-namespace');
});

test('namespace permissions are granted only through RoleBindings; cluster-wide only the small cluster role', () => {
  for (const o of objects.filter((x) => x.kind === 'ClusterRoleBinding')) {
    assert.equal(o.roleRef?.name, 'slipway-deployer-cluster', `ClusterRoleBinding ${o.metadata.name}`);
  }
  const cluster = clusterRole('slipway-deployer-cluster');
  assert.deepEqual(cluster.rules, [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'create'] }]);
  for (const o of objects.filter((x) => x.kind === 'RoleBinding')) assert.equal(o.metadata.namespace, 'apps');
});

test('EKS access entries put each stack role in the group its bindings name', () => {
  const template = parseDocument(readFileSync(join(rbacDir, 'eks-access-entry.yaml'), 'utf8'), {
    customTags: cfnTags,
  }).toJS() as {
    Parameters: Record<string, unknown>;
    Resources: Record<
      string,
      {
        Type: string;
        Properties: { PrincipalArn: { Ref: string }; KubernetesGroups: string[]; Type: string };
      }
    >;
  };
  const stack = parseDocument(readFileSync(join(root, 'serverless.yml'), 'utf8'), {
    customTags: cfnTags,
  }).toJS() as {
    resources: { Outputs?: Record<string, unknown> }[];
  };
  const roleOutputs = stack.resources
    .flatMap((r) => Object.keys(r.Outputs ?? {}))
    .filter((k) => k.endsWith('RoleArn'));
  const params = Object.keys(template.Parameters).filter((k) => k.endsWith('RoleArn'));
  assert.deepEqual([...params].sort(), [...roleOutputs].sort(), 'one parameter per role the stack outputs');

  const subjects = new Map<string, string>();
  for (const o of objects) for (const s of o.subjects ?? []) subjects.set(`${o.roleRef?.name}`, s.name);
  const expected: Record<string, string> = {
    InstallRoleArn: 'slipway:deployers',
    UpgradeRoleArn: 'slipway:deployers',
    RollbackRoleArn: 'slipway:deployers',
    UninstallRoleArn: 'slipway:deployers',
    ChartUploadedRoleArn: 'slipway:readers',
    ReleaseApiRoleArn: 'slipway:readers',
  };
  for (const entry of Object.values(template.Resources)) {
    assert.equal(entry.Type, 'AWS::EKS::AccessEntry');
    assert.equal(entry.Properties.Type, 'STANDARD');
    assert.deepEqual(entry.Properties.KubernetesGroups, [expected[entry.Properties.PrincipalArn.Ref]]);
  }
  assert.equal(subjects.get('slipway-deployer'), 'slipway:deployers');
  assert.equal(subjects.get('slipway-reader'), 'slipway:readers');
});
