import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeEmulator, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { parseLabelSelector } from '../../infra/local/kube/selectors.ts';
import { humanDuration } from '../../infra/local/kube/tables.ts';
import { kubeRequest, pb } from './helpers.ts';

let emu: KubeEmulator;
const req = (method: string, path: string, body?: unknown, ct?: string) =>
  kubeRequest(emu.url, method, path, body, ct);

before(async () => {
  // API semantics only: no controllers writing status behind the test's back.
  emu = await startKubeEmulator({
    controllers: false,
    faults: { requests: [{ method: 'POST', resource: 'leases', nth: 2, status: 500, message: 'boom' }] },
  });
});
after(() => emu.close());

function cm(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

describe('discovery and openapi', () => {
  test('/version answers like a v1.32 apiserver', async () => {
    const { status, json } = await req('GET', '/version');
    assert.equal(status, 200);
    assert.match(String(json.gitVersion), /^v1\.32\./);
  });

  test('resource lists carry namespaced, kind, verbs, shortNames, categories', async () => {
    const core = await req('GET', '/api/v1');
    const resources = core.json.resources as Record<string, unknown>[];
    const cmEntry = resources.find((r) => r.name === 'configmaps');
    assert.deepEqual([cmEntry?.namespaced, cmEntry?.kind, cmEntry?.shortNames], [true, 'ConfigMap', ['cm']]);
    assert.equal(resources.find((r) => r.name === 'namespaces')?.namespaced, false);
    assert.ok(resources.some((r) => r.name === 'services/status'));
    const apps = await req('GET', '/apis/apps/v1');
    const deploy = (apps.json.resources as Record<string, unknown>[]).find((r) => r.name === 'deployments');
    assert.deepEqual(deploy?.categories, ['all']);
    assert.deepEqual(deploy?.shortNames, ['deploy']);
    const groups = await req('GET', '/apis');
    const names = (groups.json.groups as { name: string }[]).map((g) => g.name);
    for (const g of [
      'apps',
      'batch',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'autoscaling',
      'storage.k8s.io',
      'apiextensions.k8s.io',
      'coordination.k8s.io',
    ]) {
      assert.ok(names.includes(g), g);
    }
  });

  test('aggregated discovery v2 when asked for, legacy lists otherwise', async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const res = await fetch(`${emu.url}/apis`, { headers: { accept } });
    assert.equal(
      res.headers.get('content-type'),
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const list = (await res.json()) as {
      kind: string;
      items: {
        metadata: { name: string };
        versions: { version: string; resources: Record<string, unknown>[] }[];
      }[];
    };
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    const apps = list.items.find((i) => i.metadata.name === 'apps');
    const deploy = apps?.versions[0].resources.find((r) => r.resource === 'deployments');
    assert.deepEqual(deploy?.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(deploy?.scope, 'Namespaced');
    assert.deepEqual(
      (deploy?.subresources as { subresource: string }[]).map((s) => s.subresource),
      ['status', 'scale'],
    );
    const legacy = await req('GET', '/apis');
    assert.equal(legacy.json.kind, 'APIGroupList');
  });

  test('openapi v3 lists PATCH with group-version-kind and fieldValidation; v2 is 404', async () => {
    const index = await req('GET', '/openapi/v3');
    const paths = index.json.paths as Record<string, { serverRelativeURL: string }>;
    assert.ok(paths['apis/apps/v1'].serverRelativeURL.startsWith('/openapi/v3/apis/apps/v1?hash='));
    const doc = await req('GET', paths['apis/apps/v1'].serverRelativeURL);
    const op = (doc.json.paths as Record<string, { patch: Record<string, unknown> }>)[
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}'
    ].patch;
    assert.deepEqual(op['x-kubernetes-group-version-kind'], {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    assert.ok((op.parameters as { name: string }[]).some((p) => p.name === 'fieldValidation'));
    assert.equal((await req('GET', '/openapi/v2')).status, 404);
  });
});

describe('CRUD', () => {
  test('create, get, AlreadyExists, NotFound with apiserver messages', async () => {
    const created = await req(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      cm('a1', { app: 'x' }, { k: 'v' }),
    );
    assert.equal(created.status, 201);
    const meta = created.json.metadata as Record<string, unknown>;
    assert.match(String(meta.uid), /^[0-9a-f-]{36}$/);
    assert.match(String(meta.resourceVersion), /^\d+$/);
    assert.match(String(meta.creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await req('POST', '/api/v1/namespaces/default/configmaps', cm('a1'));
    assert.equal(again.status, 409);
    assert.deepEqual(again.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "a1" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a1', kind: 'configmaps' },
      code: 409,
    });
    const missing = await req('GET', '/api/v1/namespaces/default/secrets/x');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'secrets "x" not found');
    assert.equal(missing.json.reason, 'NotFound');
    const dep = await req('GET', '/apis/apps/v1/namespaces/default/deployments/nope');
    assert.equal(dep.json.message, 'deployments.apps "nope" not found');
    assert.deepEqual(dep.json.details, { name: 'nope', group: 'apps', kind: 'deployments' });
  });

  test('PUT with a stale resourceVersion is a Conflict', async () => {
    const created = await req('POST', '/api/v1/namespaces/default/configmaps', cm('a2'));
    const rv = (created.json.metadata as Record<string, string>).resourceVersion;
    const ok = await req('PUT', '/api/v1/namespaces/default/configmaps/a2', {
      ...cm('a2', {}, { x: '1' }),
      metadata: { name: 'a2', resourceVersion: rv },
    });
    assert.equal(ok.status, 200);
    assert.notEqual((ok.json.metadata as Record<string, string>).resourceVersion, rv);
    const stale = await req('PUT', '/api/v1/namespaces/default/configmaps/a2', {
      ...cm('a2'),
      metadata: { name: 'a2', resourceVersion: rv },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.reason, 'Conflict');
    assert.equal(
      stale.json.message,
      'Operation cannot be fulfilled on configmaps "a2": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  test('PUT of a missing object is NotFound; Services get distinct cluster IPs', async () => {
    const put = await req('PUT', '/api/v1/namespaces/default/configmaps/never', cm('never'));
    assert.equal(put.status, 404);
    assert.equal(put.json.message, 'configmaps "never" not found');
    const svc = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { ports: [{ port: 80 }] },
    });
    const a = await req('POST', '/api/v1/namespaces/default/services', svc('svc-a'));
    const b = await req('POST', '/api/v1/namespaces/default/services', svc('svc-b'));
    const ipA = (a.json.spec as Record<string, string>).clusterIP;
    const ipB = (b.json.spec as Record<string, string>).clusterIP;
    assert.match(ipA, /^10\.96\.\d+\.\d+$/);
    assert.notEqual(ipA, ipB);
    assert.deepEqual((a.json.spec as Record<string, unknown>).ports, [
      { port: 80, protocol: 'TCP', targetPort: 80 },
    ]);
  });

  test('422 for a missing name and a bad namespace; generateName fills the name', async () => {
    const noName = await req('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {},
    });
    assert.equal(noName.status, 422);
    assert.equal(
      noName.json.message,
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    const badNs = await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'Bad_NS' },
    });
    assert.equal(badNs.status, 422);
    assert.equal(badNs.json.reason, 'Invalid');
    const gen = await req('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'gen-' },
    });
    assert.equal(gen.status, 201);
    assert.match(String((gen.json.metadata as Record<string, string>).name), /^gen-[a-z0-9]{5}$/);
    const noNs = await req('POST', '/api/v1/namespaces/ghost/configmaps', cm('x'));
    assert.equal(noNs.status, 404);
    assert.equal(noNs.json.message, 'namespaces "ghost" not found');
  });

  test('label and field selectors', async () => {
    await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'sel' },
    });
    for (const [name, labels] of [
      ['s1', { owner: 'helm', name: 'r1', status: 'deployed' }],
      ['s2', { owner: 'helm', name: 'r1', status: 'superseded' }],
      ['s3', { owner: 'helm', name: 'r2' }],
      ['s4', { tier: 'web' }],
    ] as const) {
      await req('POST', '/api/v1/namespaces/sel/configmaps', cm(name, labels));
    }
    const names = async (query: string) =>
      (
        (await req('GET', `/api/v1/namespaces/sel/configmaps?${query}`)).json.items as {
          metadata: { name: string };
        }[]
      ).map((i) => i.metadata.name);
    assert.deepEqual(await names('labelSelector=' + encodeURIComponent('name=r1,owner=helm')), ['s1', 's2']);
    assert.deepEqual(await names('labelSelector=' + encodeURIComponent('owner==helm,status!=deployed')), [
      's2',
      's3',
    ]);
    assert.deepEqual(await names('labelSelector=' + encodeURIComponent('name in (r2, r3)')), ['s3']);
    assert.deepEqual(await names('labelSelector=' + encodeURIComponent('name notin (r1),owner')), ['s3']);
    assert.deepEqual(await names('labelSelector=' + encodeURIComponent('!owner')), ['s4']);
    assert.deepEqual(await names('fieldSelector=' + encodeURIComponent('metadata.name=s2')), ['s2']);
    assert.deepEqual(
      await names('fieldSelector=' + encodeURIComponent('metadata.name!=s2') + '&labelSelector=owner'),
      ['s1', 's3'],
    );
    const all = await req(
      'GET',
      '/api/v1/configmaps?fieldSelector=' + encodeURIComponent('metadata.namespace=sel'),
    );
    assert.equal((all.json.items as unknown[]).length, 4);
    assert.equal(all.json.kind, 'ConfigMapList');
    const bad = await req('GET', '/api/v1/namespaces/sel/configmaps?fieldSelector=nodots%3D1');
    assert.equal(bad.status, 400);
  });

  test('ages print like duration.HumanDuration', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [-5 * s, '<invalid>'],
      [119 * s, '119s'],
      [125 * s, '2m5s'],
      [240 * s, '4m'],
      [600 * s, '10m'],
      [179 * 60 * s, '179m'],
      [(3 * 60 + 30) * 60 * s, '3h30m'],
      [(8 * 60 + 30) * 60 * s, '8h'],
      [(3 * 24 + 5) * 3600 * s, '3d5h'],
      [30 * 24 * 3600 * s, '30d'],
      [800 * 24 * 3600 * s, '2y70d'],
    ];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
  });

  test('selector parser unit cases', () => {
    const sel = parseLabelSelector('a in (x,y),b!=z,!c');
    assert.equal(sel({ a: 'x' }), true);
    assert.equal(sel({ a: 'y', b: 'z' }), false);
    assert.equal(sel({ a: 'x', c: '' }), false);
  });

  test('generation bumps on spec changes only; status subresource splits spec and status', async () => {
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'g1' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } },
      },
      status: { replicas: 9 },
    };
    const created = await req('POST', base, dep);
    assert.equal((created.json.metadata as Record<string, number>).generation, 1);
    assert.equal(created.json.status, undefined, 'status is dropped on create');
    assert.equal((created.json.spec as Record<string, unknown>).replicas, 1, 'replicas defaulted');
    const relabel = await req(
      'PATCH',
      `${base}/g1`,
      { metadata: { labels: { x: 'y' } } },
      'application/merge-patch+json',
    );
    assert.equal((relabel.json.metadata as Record<string, number>).generation, 1);
    const scaled = await req(
      'PATCH',
      `${base}/g1`,
      { spec: { replicas: 3 }, status: { replicas: 5 } },
      'application/merge-patch+json',
    );
    assert.equal((scaled.json.metadata as Record<string, number>).generation, 2);
    assert.equal(scaled.json.status, undefined, 'status ignored on the main resource');
    const st = await req('PUT', `${base}/g1/status`, {
      ...scaled.json,
      status: { replicas: 3, readyReplicas: 3 },
      spec: { replicas: 100 },
    });
    assert.equal(st.status, 200);
    assert.deepEqual(st.json.status, { replicas: 3, readyReplicas: 3 });
    assert.equal((st.json.spec as Record<string, unknown>).replicas, 3);
    const got = await req('GET', `${base}/g1/status`);
    assert.deepEqual(got.json.status, { replicas: 3, readyReplicas: 3 });
    const patched = await req(
      'PATCH',
      `${base}/g1/status`,
      { status: { readyReplicas: 2 }, spec: { replicas: 7 } },
      'application/merge-patch+json',
    );
    assert.deepEqual(patched.json.status, { replicas: 3, readyReplicas: 2 });
    assert.equal((patched.json.spec as Record<string, unknown>).replicas, 3, 'spec ignored through /status');
    const scale = await req('GET', `${base}/g1/scale`);
    assert.deepEqual(scale.json.spec, { replicas: 3 });
    assert.deepEqual(scale.json.status, { replicas: 3, selector: 'a=b' });
    const scaled2 = await req(
      'PATCH',
      `${base}/g1/scale`,
      { spec: { replicas: 5 } },
      'application/merge-patch+json',
    );
    assert.deepEqual(scaled2.json.spec, { replicas: 5 });
    assert.equal(((await req('GET', `${base}/g1`)).json.spec as Record<string, unknown>).replicas, 5);
  });

  test('patch content types: json-patch, merge, strategic (containers by name)', async () => {
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'p1' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              { name: 'c', image: 'i:1' },
              { name: 'd', image: 'j:1' },
            ],
          },
        },
      },
    };
    await req('POST', base, dep);
    const smp = await req(
      'PATCH',
      `${base}/p1`,
      {
        spec: {
          template: { spec: { $setElementOrder: undefined, containers: [{ name: 'd', image: 'j:2' }] } },
        },
      },
      'application/strategic-merge-patch+json',
    );
    const containers = (
      (smp.json.spec as Record<string, Record<string, Record<string, unknown>>>).template.spec.containers as {
        name: string;
        image: string;
      }[]
    ).map((c) => `${c.name}=${c.image}`);
    assert.deepEqual(containers, ['c=i:1', 'd=j:2']);
    const jp = await req(
      'PATCH',
      `${base}/p1`,
      [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      'application/json-patch+json',
    );
    assert.equal((jp.json.spec as Record<string, unknown>).replicas, 4);
    const bad = await req('PATCH', `${base}/p1`, '{}', 'text/plain');
    assert.equal(bad.status, 415);
    const missing = await req('PATCH', `${base}/nope`, {}, 'application/merge-patch+json');
    assert.equal(missing.status, 404);
    const applied = await req(
      'PATCH',
      `${base}/ap1?fieldManager=t`,
      JSON.stringify({ ...dep, metadata: { name: 'ap1' } }),
      'application/apply-patch+yaml',
    );
    assert.equal(applied.status, 201);
    const noManager = await req('PATCH', `${base}/ap1`, JSON.stringify(dep), 'application/apply-patch+yaml');
    assert.equal(noManager.status, 422);
  });

  test('dryRun=All stores nothing', async () => {
    const dry = await req('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
    assert.equal(dry.status, 201);
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404);
  });

  test('delete, deletecollection, ownerReference cascade, finalizers', async () => {
    const owner = await req('POST', '/api/v1/namespaces/default/configmaps', cm('owner'));
    const uid = (owner.json.metadata as Record<string, string>).uid;
    await req('POST', '/api/v1/namespaces/default/configmaps', {
      ...cm('dependent'),
      metadata: {
        name: 'dependent',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }],
      },
    });
    const del = await req('DELETE', '/api/v1/namespaces/default/configmaps/owner', {
      propagationPolicy: 'Background',
    });
    assert.equal(del.status, 200);
    assert.equal(del.json.status, 'Success');
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/dependent')).status, 404);

    await req('POST', '/api/v1/namespaces/default/configmaps', {
      ...cm('fin'),
      metadata: { name: 'fin', finalizers: ['example.com/hold'] },
    });
    const pending = await req('DELETE', '/api/v1/namespaces/default/configmaps/fin');
    assert.ok((pending.json.metadata as Record<string, unknown>).deletionTimestamp);
    const still = await req('GET', '/api/v1/namespaces/default/configmaps/fin');
    assert.equal(still.status, 200);
    await req(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/fin',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/fin')).status, 404);

    for (const n of ['dc1', 'dc2', 'dc3'])
      await req(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        cm(n, { batch: n === 'dc3' ? 'no' : 'yes' }),
      );
    const coll = await req('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Dyes');
    assert.equal((coll.json.items as unknown[]).length, 2);
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/dc3')).status, 200);
  });

  test('deleting a namespace terminates it and removes its objects', async () => {
    await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
    });
    await req('POST', '/api/v1/namespaces/doomed/configmaps', cm('c'));
    const del = await req('DELETE', '/api/v1/namespaces/doomed');
    assert.equal((del.json.status as Record<string, string>).phase, 'Terminating');
    for (let i = 0; i < 50 && (await req('GET', '/api/v1/namespaces/doomed')).status !== 404; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal((await req('GET', '/api/v1/namespaces/doomed')).status, 404);
    assert.equal(
      (
        (await req('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddoomed')).json
          .items as unknown[]
      ).length,
      0,
    );
    const protectedNs = await req('DELETE', '/api/v1/namespaces/default');
    assert.equal(protectedNs.status, 403);
    assert.equal(
      protectedNs.json.message,
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });
});

describe('protobuf request bodies', () => {
  test('a Secret as client-go sends it (labels, type, data bytes)', async () => {
    const meta = [
      ...pb.bytes(1, 'sh.helm.release.v1.pb.v1'),
      ...pb.mapEntry(11, 'owner', 'helm'),
      ...pb.mapEntry(11, 'name', 'pb'),
      ...pb.mapEntry(12, 'note', 'hi'),
      ...pb.bytes(8, []),
    ];
    const secret = [
      ...pb.bytes(1, meta),
      ...pb.mapEntry(2, 'release', new Uint8Array([0, 1, 2, 255])),
      ...pb.bytes(3, 'helm.sh/release.v1'),
    ];
    const body = pb.envelope('v1', 'Secret', secret);
    const res = await req(
      'POST',
      '/api/v1/namespaces/default/secrets',
      body,
      'application/vnd.kubernetes.protobuf',
    );
    assert.equal(res.status, 201);
    assert.equal(res.json.type, 'helm.sh/release.v1');
    assert.deepEqual(res.json.data, { release: Buffer.from([0, 1, 2, 255]).toString('base64') });
    assert.deepEqual((res.json.metadata as Record<string, unknown>).labels, { owner: 'helm', name: 'pb' });
    assert.deepEqual((res.json.metadata as Record<string, unknown>).annotations, { note: 'hi' });
  });

  test('PUT with a protobuf resourceVersion precondition and DELETE with protobuf DeleteOptions', async () => {
    const created = await req('POST', '/api/v1/namespaces/default/configmaps', cm('pbc', {}, { a: '1' }));
    const rv = (created.json.metadata as Record<string, string>).resourceVersion;
    const put = (version: string) =>
      pb.envelope('v1', 'ConfigMap', [
        ...pb.bytes(1, [...pb.bytes(1, 'pbc'), ...pb.bytes(6, version)]),
        ...pb.mapEntry(2, 'a', '2'),
      ]);
    assert.equal(
      (
        await req(
          'PUT',
          '/api/v1/namespaces/default/configmaps/pbc',
          put(rv),
          'application/vnd.kubernetes.protobuf',
        )
      ).status,
      200,
    );
    assert.equal(
      (
        await req(
          'PUT',
          '/api/v1/namespaces/default/configmaps/pbc',
          put(rv),
          'application/vnd.kubernetes.protobuf',
        )
      ).status,
      409,
    );
    const opts = pb.envelope('meta.k8s.io/v1', 'DeleteOptions', [
      ...pb.bytes(4, 'Background'),
      ...pb.bytes(5, 'All'),
    ]);
    const dry = await req(
      'DELETE',
      '/api/v1/namespaces/default/configmaps/pbc',
      opts,
      'application/vnd.kubernetes.protobuf',
    );
    assert.equal(dry.status, 200);
    assert.equal(
      (await req('GET', '/api/v1/namespaces/default/configmaps/pbc')).status,
      200,
      'dryRun delete keeps it',
    );
    const real = pb.envelope('meta.k8s.io/v1', 'DeleteOptions', pb.bytes(4, 'Background'));
    assert.equal(
      (
        await req(
          'DELETE',
          '/api/v1/namespaces/default/configmaps/pbc',
          real,
          'application/vnd.kubernetes.protobuf',
        )
      ).status,
      200,
    );
    assert.equal((await req('GET', '/api/v1/namespaces/default/configmaps/pbc')).status, 404);
  });
});

describe('watch', () => {
  async function collect(
    path: string,
    untilLines: number,
    act: () => Promise<void>,
  ): Promise<Record<string, unknown>[]> {
    const ac = new AbortController();
    const res = await fetch(emu.url + path, { signal: ac.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const lines: Record<string, unknown>[] = [];
    let buf = '';
    await act();
    const deadline = Date.now() + 5000;
    while (lines.length < untilLines && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
        buf = buf.slice(nl + 1);
      }
    }
    ac.abort();
    return lines;
  }

  test('events after a resourceVersion, filtered by label selector', async () => {
    await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'w1' },
    });
    const list = await req('GET', '/api/v1/namespaces/w1/configmaps');
    const rv = (list.json.metadata as Record<string, string>).resourceVersion;
    const events = await collect(
      `/api/v1/namespaces/w1/configmaps?watch=true&resourceVersion=${rv}&labelSelector=keep%3Dyes&allowWatchBookmarks=true`,
      5,
      async () => {
        const patch = (body: unknown) =>
          req('PATCH', '/api/v1/namespaces/w1/configmaps/w', body, 'application/merge-patch+json');
        await req('POST', '/api/v1/namespaces/w1/configmaps', cm('skip'));
        await req('POST', '/api/v1/namespaces/w1/configmaps', cm('w', { keep: 'yes' }));
        await patch({ data: { a: 'b' } });
        await patch({ metadata: { labels: { keep: 'no' } } }); // leaves the selection: DELETED
        await patch({ data: { a: 'c' } }); // unseen
        await patch({ metadata: { labels: { keep: 'yes' } } }); // enters it again: ADDED
        await req('DELETE', '/api/v1/namespaces/w1/configmaps/w');
      },
    );
    assert.deepEqual(
      events.map((e) => `${String(e.type)} ${(e.object as { metadata: { name: string } }).metadata.name}`),
      ['ADDED w', 'MODIFIED w', 'DELETED w', 'ADDED w', 'DELETED w'],
    );
  });

  test('sendInitialEvents ends the initial list with the initial-events-end bookmark', async () => {
    await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'w2' },
    });
    await req('POST', '/api/v1/namespaces/w2/configmaps', cm('first'));
    const events = await collect(
      '/api/v1/namespaces/w2/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
      2,
      async () => {},
    );
    assert.equal(events[0].type, 'ADDED');
    assert.equal(events[1].type, 'BOOKMARK');
    assert.deepEqual((events[1].object as { metadata: { annotations: unknown } }).metadata.annotations, {
      'k8s.io/initial-events-end': 'true',
    });
  });
});

describe('CRDs', () => {
  test('creating a CRD registers its resources; deleting unregisters them', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
          { name: 'v1beta1', served: true, storage: false },
        ],
      },
    };
    const created = await req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    assert.equal(created.status, 201);
    const conds = (
      (created.json.status as { conditions: { type: string; status: string }[] }).conditions ?? []
    ).map((c) => `${c.type}=${c.status}`);
    assert.deepEqual(conds.sort(), ['Established=True', 'NamesAccepted=True']);
    const disc = await req('GET', '/apis/example.com/v1');
    assert.equal((disc.json.resources as { name: string }[])[0].name, 'widgets');
    assert.equal((await req('GET', '/apis/example.com/v1beta1')).status, 200);
    const w = await req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 1 },
    });
    assert.equal(w.status, 201);
    const viaBeta = await req('GET', '/apis/example.com/v1beta1/namespaces/default/widgets/w1');
    assert.equal(viaBeta.json.apiVersion, 'example.com/v1beta1');
    await req('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    assert.equal((await req('GET', '/apis/example.com/v1')).status, 404);
    assert.equal((await req('GET', '/apis/example.com/v1/namespaces/default/widgets/w1')).status, 404);
  });
});

describe('faults and persistence', () => {
  test('the nth matching request fails with the configured status', async () => {
    const lease = (n: string) => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: n },
    });
    assert.equal(
      (await req('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', lease('l1'))).status,
      201,
    );
    const second = await req('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', lease('l2'));
    assert.equal(second.status, 500);
    assert.equal(second.json.message, 'boom');
    assert.equal(
      (await req('POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases', lease('l3'))).status,
      201,
    );
  });

  test('state survives a restart with persistFile', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'slipway-kube-state-')), 'state.json');
    const first = await startKubeEmulator({ persistFile: file, controllers: false });
    await kubeRequest(first.url, 'POST', '/api/v1/namespaces/default/configmaps', cm('kept', {}, { a: 'b' }));
    await first.close();
    const second = await startKubeEmulator({ persistFile: file, controllers: false });
    try {
      const got = await kubeRequest(second.url, 'GET', '/api/v1/namespaces/default/configmaps/kept');
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.data, { a: 'b' });
      const next = await kubeRequest(second.url, 'POST', '/api/v1/namespaces/default/configmaps', cm('new'));
      assert.ok(
        Number((next.json.metadata as Record<string, string>).resourceVersion) >
          Number((got.json.metadata as Record<string, string>).resourceVersion),
      );
    } finally {
      await second.close();
    }
  });
});

describe('managedFields written by clients', () => {
  const path = '/api/v1/namespaces/default/configmaps';
  type Meta = { managedFields?: { manager: string; operation: string }[]; resourceVersion: string };
  const managers = (o: Record<string, unknown>) =>
    ((o.metadata as Meta).managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

  test('a JSON patch of metadata.managedFields replaces them; a stale resourceVersion conflicts', async () => {
    const created = await req('POST', `${path}?fieldManager=helm`, cm('mf1', {}, { a: '1' }));
    assert.deepEqual(managers(created.json), ['helm/Update']);
    const entries = (created.json.metadata as Meta).managedFields ?? [];
    const moved = entries.map((e) => ({ ...e, operation: 'Apply' }));
    const rv = (created.json.metadata as Meta).resourceVersion;
    const patch = (value: unknown, version: string) => [
      { op: 'replace', path: '/metadata/managedFields', value },
      { op: 'replace', path: '/metadata/resourceVersion', value: version },
    ];
    const stale = await req(
      'PATCH',
      `${path}/mf1?fieldManager=helm`,
      patch(moved, '1'),
      'application/json-patch+json',
    );
    assert.equal(stale.status, 409);
    const ok = await req(
      'PATCH',
      `${path}/mf1?fieldManager=helm`,
      patch(moved, rv),
      'application/json-patch+json',
    );
    assert.equal(ok.status, 200);
    assert.deepEqual(managers(ok.json), ['helm/Apply']);
    // A PUT without managedFields keeps the recorded ones; `[{}]` resets them.
    const { managedFields: _dropped, ...rest } = ok.json.metadata as Meta;
    const put = await req('PUT', `${path}/mf1?fieldManager=kubectl`, {
      ...ok.json,
      metadata: rest,
      data: { a: '2' },
    });
    assert.deepEqual(managers(put.json), ['helm/Apply', 'kubectl/Update']);
    const reset = await req('PUT', `${path}/mf1?fieldManager=kubectl`, {
      ...put.json,
      metadata: { ...(put.json.metadata as Meta), managedFields: [{}] },
    });
    assert.deepEqual(managers(reset.json), []);
  });
});
