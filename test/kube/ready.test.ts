/**
 * Readiness: Helm 3.17's rules per kind (checkReady on live-shaped objects) and, against the emulator with
 * its controllers off, statuses written through the API, custom resources with conditions, and the
 * retry/abort rules under injected faults.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startKubeEmulator,
  writeKubeconfig,
  type FaultConfig,
  type KubeEmulator,
} from '../../infra/local/kube/index.ts';
import {
  checkReady,
  createKubeClient,
  KubeApiError,
  loadKubeConfig,
  selectorString,
  type ClientNodeKubeClient,
  type KubeObject,
  type ReadyContext,
  type ResourceInfo,
} from '../../lib/kube/index.ts';

type Obj = Record<string, unknown>;
const API_VERSIONS: Record<string, string> = {
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  Widget: 'example.com/v1',
};
const obj = (kind: string, spec: Obj, status: Obj, meta: Obj = {}): KubeObject =>
  ({
    apiVersion: API_VERSIONS[kind] ?? 'v1',
    kind,
    metadata: { name: 'x', namespace: 'default', generation: 1, ...meta },
    spec,
    status,
  }) as unknown as KubeObject;

const noList: ReadyContext = { waitForJobs: false, list: () => Promise.resolve([]) };
const withJobs: ReadyContext = { ...noList, waitForJobs: true };

describe('rules per kind', () => {
  test('Pod: Ready condition (or Succeeded)', async () => {
    assert.equal(
      (
        await checkReady(
          obj('Pod', {}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
          noList,
        )
      ).ready,
      true,
    );
    assert.deepEqual(await checkReady(obj('Pod', {}, { phase: 'Pending' }), noList), {
      ready: false,
      reason: 'pod phase Pending, not Ready',
    });
    assert.equal((await checkReady(obj('Pod', {}, { phase: 'Succeeded' }), noList)).ready, true);
  });

  test('StatefulSet: generation, partition, ready replicas, revisions', async () => {
    const sts = (spec: Obj, status: Obj) =>
      checkReady(obj('StatefulSet', { replicas: 3, ...spec }, { observedGeneration: 1, ...status }), noList);
    const all = { updatedReplicas: 3, readyReplicas: 3, currentRevision: 'a', updateRevision: 'a' };
    assert.equal((await sts({}, all)).ready, true);
    assert.equal((await sts({}, { ...all, observedGeneration: 0 })).reason, 'observed generation 0 of 1');
    assert.equal((await sts({}, { ...all, readyReplicas: 2 })).reason, '2 of 3 replicas ready');
    assert.equal((await sts({}, { ...all, updateRevision: 'b' })).reason, 'revision b not yet current');
    // With a partition only replicas-partition must be updated, and revisions may differ.
    const part = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    assert.equal((await sts(part, { ...all, updatedReplicas: 1, updateRevision: 'b' })).ready, true);
    assert.equal(
      (await sts({ updateStrategy: { type: 'OnDelete' } }, { observedGeneration: 1 })).ready,
      true,
    );
  });

  test('DaemonSet: updated and ready counts against maxUnavailable (percent rounded up)', async () => {
    const ds = (maxUnavailable: unknown, numberReady: number) =>
      checkReady(
        obj(
          'DaemonSet',
          { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } } },
          { observedGeneration: 1, desiredNumberScheduled: 10, updatedNumberScheduled: 10, numberReady },
        ),
        noList,
      );
    assert.equal((await ds(1, 9)).ready, true);
    assert.equal((await ds(1, 8)).reason, '8 of 10 pods ready');
    assert.equal((await ds('25%', 7)).ready, true);
    assert.equal((await ds('25%', 6)).ready, false);
  });

  test('PVC bound, Service cluster IP and load balancer, CRD established', async () => {
    assert.equal(
      (await checkReady(obj('PersistentVolumeClaim', {}, { phase: 'Bound' }), noList)).ready,
      true,
    );
    assert.equal(
      (await checkReady(obj('PersistentVolumeClaim', {}, { phase: 'Pending' }), noList)).reason,
      'phase Pending, not Bound',
    );
    assert.equal((await checkReady(obj('Service', { type: 'ExternalName' }, {}), noList)).ready, true);
    assert.equal(
      (await checkReady(obj('Service', { clusterIP: '' }, {}), noList)).reason,
      'no cluster IP assigned',
    );
    assert.equal((await checkReady(obj('Service', { clusterIP: 'None' }, {}), noList)).ready, true);
    const lb = { type: 'LoadBalancer', clusterIP: '10.0.0.1' };
    assert.equal((await checkReady(obj('Service', lb, {}), noList)).reason, 'no load balancer ingress');
    assert.equal(
      (await checkReady(obj('Service', { ...lb, externalIPs: ['1.2.3.4'] }, {}), noList)).ready,
      true,
    );
    assert.equal(
      (await checkReady(obj('Service', lb, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }), noList))
        .ready,
      true,
    );
    const crd = (conditions: Obj[]) =>
      checkReady(obj('CustomResourceDefinition', {}, { conditions }), noList);
    assert.equal((await crd([{ type: 'Established', status: 'True' }])).ready, true);
    assert.equal((await crd([{ type: 'NamesAccepted', status: 'False' }])).ready, true);
    assert.equal((await crd([{ type: 'Established', status: 'False' }])).reason, 'not Established');
  });

  test('Job: ready at once unless waitForJobs; then completions, and failure is terminal', async () => {
    const job = (spec: Obj, status: Obj) => obj('Job', { backoffLimit: 1, ...spec }, status);
    assert.equal((await checkReady(job({ completions: 1 }, {}), noList)).ready, true);
    assert.equal(
      (await checkReady(job({ completions: 2 }, { succeeded: 1 }), withJobs)).reason,
      '1 of 2 completions',
    );
    assert.equal((await checkReady(job({}, {}), withJobs)).ready, true);
    assert.deepEqual(await checkReady(job({}, { failed: 2 }), withJobs), {
      ready: false,
      failed: true,
      reason: 'job is failed: default/x',
    });
  });

  test('everything else: kstatus generation and Ready/Stalled/Reconciling conditions', async () => {
    const cr = (status: Obj, generation = 2) => checkReady(obj('Widget', {}, status, { generation }), noList);
    assert.equal((await cr({})).ready, true);
    assert.equal((await cr({ observedGeneration: 1 })).reason, 'observed generation 1 of 2');
    assert.equal(
      (
        await cr({
          observedGeneration: 2,
          conditions: [{ type: 'Ready', status: 'False', message: 'waiting for DB' }],
        })
      ).reason,
      'Ready: waiting for DB',
    );
    assert.equal(
      (await cr({ conditions: [{ type: 'Stalled', status: 'True', reason: 'BadConfig' }] })).reason,
      'Stalled: BadConfig',
    );
    assert.equal((await cr({ conditions: [{ type: 'Reconciling', status: 'True' }] })).reason, 'Reconciling');
    assert.equal((await cr({ conditions: [{ type: 'Ready', status: 'True' }] })).ready, true);
    assert.equal((await checkReady(obj('ConfigMap', {}, {}), noList)).ready, true);
    // A kind named like a built-in in another group follows the generic rules (Knative's Service).
    const knative = { ...obj('Service', {}, {}), apiVersion: 'serving.knative.dev/v1' } as KubeObject;
    assert.equal((await checkReady(knative, noList)).ready, true);
  });

  test('label selectors in query form', () => {
    assert.equal(
      selectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'x', operator: 'NotIn', values: ['1'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      }),
      'app=web,tier in (a,b),x notin (1),y,!z',
    );
  });
});

describe('against the emulator (controllers off: the test plays the controllers)', () => {
  let emu: KubeEmulator;
  let client: ClientNodeKubeClient;

  before(async () => {
    emu = await startKubeEmulator({ controllers: false });
    client = clientFor(emu);
  });
  after(() => emu.close());

  function clientFor(e: KubeEmulator): ClientNodeKubeClient {
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'slipway-kube-')), 'kubeconfig');
    writeKubeconfig(kubeconfig, e.url);
    return createKubeClient(loadKubeConfig({ kubeconfig }));
  }

  /** '' when ready now, else the deadline error's message. */
  async function state(c: ClientNodeKubeClient, infos: ResourceInfo[]): Promise<string> {
    try {
      await c.waitForReady(infos, { deadline: new Date(), intervalMs: 10 });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  }

  async function setStatus(c: ClientNodeKubeClient, info: ResourceInfo, status: Obj): Promise<void> {
    const path = `${info.group ? `/apis/${info.group}` : '/api'}/${info.version}/namespaces/${info.namespace}/${info.resource}/${info.name}/status`;
    const res = await fetch(`${emu.url}${path}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ status }),
    });
    assert.equal(res.status, 200, await res.text());
  }

  const DEPLOY = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  replicas: 4',
    '  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1, maxSurge: 0}}',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: c, image: nginx}]}',
  ].join('\n');

  test('Deployment: the new ReplicaSet (controlled, same template) must have enough ready replicas', async () => {
    const [deploy] = await client.build(DEPLOY, 'default');
    const live = await client.create(deploy);
    assert.match(await state(client, [deploy]), /Deployment default\/web: waiting for the new ReplicaSet/);

    const template = structuredClone((live.spec as { template: { metadata: { labels: Obj } } }).template);
    template.metadata.labels['pod-template-hash'] = 'abc';
    const rsManifest = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-abc',
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: live.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { replicas: 4, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, template },
    });
    const [rs] = await client.build(rsManifest, 'default');
    await client.create(rs);
    await setStatus(client, rs, { observedGeneration: 1, readyReplicas: 2 });
    assert.match(await state(client, [deploy]), /Deployment default\/web: observed generation 0 of 1/);
    await setStatus(client, deploy, { observedGeneration: 1 });
    assert.match(
      await state(client, [deploy]),
      /Deployment default\/web: 2 of 4 replicas ready, 3 needed: context deadline exceeded$/,
    );
    await setStatus(client, rs, { observedGeneration: 1, readyReplicas: 3 });
    assert.equal(await state(client, [deploy]), '');
  });

  test('a custom resource is awaited through its Ready condition', async () => {
    const [crd] = await client.build(
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: dbs.example.com}',
        'spec:',
        '  group: example.com',
        '  names: {kind: Database, plural: dbs, singular: db, listKind: DatabaseList}',
        '  scope: Namespaced',
        '  versions:',
        '  - name: v1',
        '    served: true',
        '    storage: true',
        '    subresources: {status: {}}',
        '    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
      ].join('\n'),
      'default',
    );
    await client.create(crd);
    const [db] = await client.build(
      'apiVersion: example.com/v1\nkind: Database\nmetadata: {name: main}\nspec: {size: 1}\n',
      'default',
    );
    await client.create(db);
    assert.equal(await state(client, [db]), '', 'no status yet: kstatus counts it as current');
    await setStatus(client, db, {
      conditions: [{ type: 'Ready', status: 'False', message: 'provisioning' }],
    });
    assert.match(await state(client, [db]), /Database default\/main: Ready: provisioning/);
    const waiting = client.waitForReady([db], { deadline: new Date(Date.now() + 5000), intervalMs: 20 });
    await setStatus(client, db, { conditions: [{ type: 'Ready', status: 'True' }] });
    await waiting;
  });

  test('deadline errors name every object that is not ready', async () => {
    const infos = await client.build(
      [
        'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}',
      ].join('\n---\n'),
      'default',
    );
    await client.createAll(infos);
    assert.equal(
      await state(client, infos),
      'resources not ready after 0s: PersistentVolumeClaim default/data: phase Pending, not Bound; Pod default/p: pod phase Pending, not Ready: context deadline exceeded',
    );
  });

  async function withFaults(
    faults: FaultConfig,
    run: (c: ClientNodeKubeClient, e: KubeEmulator) => Promise<void>,
  ): Promise<void> {
    const e = await startKubeEmulator({ controllers: false, faults });
    try {
      await run(clientFor(e), e);
    } finally {
      await e.close();
    }
  }

  test('retryable errors (5xx, 429) are retried; other API errors abort the wait at once', async () => {
    const cmYaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}';
    // GET configmaps 1–3 fail with 503/429-like errors, then the check succeeds.
    await withFaults(
      { requests: [{ method: 'GET', resource: 'configmaps', nth: 1, times: 3, status: 503 }] },
      async (c) => {
        const infos = await c.build(cmYaml, 'default');
        await c.createAll(infos);
        await c.waitForReady(infos, { deadline: new Date(Date.now() + 5000), intervalMs: 10 });
      },
    );
    await withFaults(
      {
        requests: [
          { method: 'GET', resource: 'configmaps', status: 403, message: 'configmaps "c" is forbidden' },
        ],
      },
      async (c) => {
        const infos = await c.build(cmYaml, 'default');
        await c.createAll(infos);
        const started = Date.now();
        await assert.rejects(
          c.waitForReady(infos, { deadline: new Date(Date.now() + 5000), intervalMs: 10 }),
          (err: unknown) => {
            assert.ok(err instanceof KubeApiError);
            assert.equal(err.code, 403);
            assert.equal(err.message, 'configmaps "c" is forbidden');
            return true;
          },
        );
        assert.ok(Date.now() - started < 1000);
      },
    );
    // 501 is not retryable either.
    await withFaults({ requests: [{ method: 'GET', resource: 'configmaps', status: 501 }] }, async (c) => {
      const infos = await c.build(cmYaml, 'default');
      await c.createAll(infos);
      await assert.rejects(c.waitForReady(infos, { deadline: new Date(Date.now() + 5000), intervalMs: 10 }), {
        name: 'KubeApiError',
      });
    });
  });

  test('more than 30 consecutive retryable errors end the wait with the last one', async () => {
    await withFaults(
      {
        requests: [{ method: 'GET', resource: 'configmaps', times: 100, status: 429, message: 'slow down' }],
      },
      async (c) => {
        const infos = await c.build('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}', 'default');
        await c.createAll(infos);
        await assert.rejects(
          c.waitForReady(infos, { deadline: new Date(Date.now() + 10_000), intervalMs: 1 }),
          {
            message: 'slow down',
          },
        );
      },
    );
  });
});
