// Simulated controllers: the converged state must satisfy what real clients check —
// helm v3 --wait (helm-behaviour.md §7.5, helm pkg/kube/ready.go), kubectl rollout status
// (kubectl/pkg/polymorphichelpers/rollout_status.go) and kubectl wait --for=condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  reconcile,
  templateHash,
  type ControllerHost,
  type ControllerOptions,
} from '../../infra/local/kube/controllers.ts';
import { KubeApi } from '../../infra/local/kube/api.ts';
import { ResourceRegistry } from '../../infra/local/kube/resources.ts';
import { ObjectStore } from '../../infra/local/kube/store.ts';
import { attachControllers } from '../../infra/local/kube/controller-bridge.ts';
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type KubeObject,
} from '../../infra/local/kube/types.ts';

/** An in-memory store honouring the ControllerHost contract; every write re-enters reconcile like the server. */
class FakeHost implements ControllerHost {
  readonly objects = new Map<string, KubeObject>();
  writes = 0;
  private uid = 0;
  private readonly options: ControllerOptions;
  constructor(options: ControllerOptions = {}) {
    this.options = { now: () => '2026-01-01T00:00:00Z', ...options };
  }
  private key(apiVersion: string, kind: string, ns: string | undefined, name: string): string {
    return `${apiVersion}/${kind}/${ns ?? ''}/${name}`;
  }
  private keyOf(o: KubeObject): string {
    return this.key(
      o.apiVersion,
      o.kind,
      o.metadata.namespace as string | undefined,
      o.metadata.name as string,
    );
  }
  private write(o: KubeObject): KubeObject {
    if (++this.writes > 500) throw new Error('controllers do not settle');
    this.objects.set(this.keyOf(o), o);
    reconcile(this, o, this.options);
    return this.objects.get(this.keyOf(o)) ?? o;
  }
  get(apiVersion: string, kind: string, ns: string | undefined, name: string): KubeObject | undefined {
    return structuredClone(this.objects.get(this.key(apiVersion, kind, ns, name)));
  }
  list(apiVersion: string, kind: string, ns: string | undefined): KubeObject[] {
    return [...this.objects.values()]
      .filter(
        (o) =>
          o.apiVersion === apiVersion && o.kind === kind && (ns === undefined || o.metadata.namespace === ns),
      )
      .map((o) => structuredClone(o));
  }
  create(o: KubeObject): KubeObject {
    assert.ok(!this.objects.has(this.keyOf(o)), `already exists: ${this.keyOf(o)}`);
    const obj = structuredClone(o);
    obj.metadata = {
      ...obj.metadata,
      uid: `uid-${++this.uid}`,
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
    };
    delete obj.status;
    return this.write(obj);
  }
  update(o: KubeObject): KubeObject {
    const live = this.objects.get(this.keyOf(o));
    assert.ok(live, `update of missing ${this.keyOf(o)}`);
    const spec = (x: KubeObject): string => JSON.stringify({ ...x, metadata: undefined, status: undefined });
    const obj = structuredClone({ ...o, status: live.status } as KubeObject);
    obj.metadata = {
      ...obj.metadata,
      uid: live.metadata.uid,
      generation: (live.metadata.generation as number) + (spec(live) === spec(obj) ? 0 : 1),
    };
    if (obj.status === undefined) delete obj.status;
    return this.write(obj);
  }
  updateStatus(o: KubeObject): KubeObject {
    const live = this.objects.get(this.keyOf(o));
    assert.ok(live, `status update of missing ${this.keyOf(o)}`);
    return this.write({ ...structuredClone(live), status: structuredClone(o.status as JsonValue) });
  }
  delete(apiVersion: string, kind: string, ns: string | undefined, name: string): void {
    this.objects.delete(this.key(apiVersion, kind, ns, name));
  }
  /** A client write (kubectl apply / helm) of a spec; returns the converged object. */
  apply(o: KubeObject): KubeObject {
    const existing = this.objects.get(this.keyOf(o));
    if (!existing) return this.create(o);
    return this.update({ ...o, metadata: { ...existing.metadata, ...o.metadata } });
  }
  current(o: KubeObject): KubeObject {
    return this.get(
      o.apiVersion,
      o.kind,
      o.metadata.namespace as string | undefined,
      o.metadata.name as string,
    ) as KubeObject;
  }
}

const obj = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});

function conditionOf(o: KubeObject, type: string): JsonObject | undefined {
  const c = obj(o.status).conditions;
  return Array.isArray(c)
    ? (c.find((x) => isJsonObject(x) && x.type === type) as JsonObject | undefined)
    : undefined;
}

function deployment(image: string, replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

function controlledBy(o: KubeObject, owner: KubeObject): boolean {
  const refs = o.metadata.ownerReferences;
  return (
    Array.isArray(refs) &&
    refs.some((r) => isJsonObject(r) && r.controller === true && r.uid === owner.metadata.uid)
  );
}

/** helm v3 legacy waiter for a Deployment (maxUnavailable 25% rounded down, as RollingUpdate defaults). */
function helmDeploymentReady(host: FakeHost, d: KubeObject): boolean {
  const spec = obj(d.spec);
  const withoutHash = (t: JsonValue | undefined): string => {
    const copy = structuredClone(obj(t));
    delete obj(obj(copy.metadata).labels)['pod-template-hash'];
    return JSON.stringify(copy);
  };
  const rs = host
    .list('apps/v1', 'ReplicaSet', 'default')
    .filter((r) => controlledBy(r, d))
    .find((r) => withoutHash(obj(r.spec).template) === withoutHash(spec.template));
  if (!rs) return false;
  if (obj(rs.status).observedGeneration !== rs.metadata.generation) return false;
  if (obj(d.status).observedGeneration !== d.metadata.generation) return false;
  const replicas = spec.replicas as number;
  return (
    ((obj(rs.status).readyReplicas as number | undefined) ?? 0) >= replicas - Math.floor(replicas * 0.25)
  );
}

/** kubectl rollout status: done when updated == replicas == available and no old replicas remain. */
function rolloutComplete(d: KubeObject): boolean {
  const s = obj(d.status);
  const want = obj(d.spec).replicas as number;
  return (
    (s.observedGeneration as number) >= (d.metadata.generation as number) &&
    conditionOf(d, 'Progressing')?.reason !== 'ProgressDeadlineExceeded' &&
    s.updatedReplicas === want &&
    s.replicas === want &&
    s.availableReplicas === want
  );
}

test('Deployment → ReplicaSet (controller ownerRef, pod-template-hash) → Pods → ready status', () => {
  const host = new FakeHost();
  const d = host.current(host.apply(deployment('nginx:1')));
  const [rs] = host.list('apps/v1', 'ReplicaSet', 'default');
  const hash = templateHash(obj(deployment('nginx:1').spec).template);
  assert.equal(rs.metadata.name, `web-${hash}`);
  assert.ok(controlledBy(rs, d));
  assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': hash });
  assert.deepEqual(obj(rs.spec).selector, { matchLabels: { app: 'web', 'pod-template-hash': hash } });
  assert.equal(obj(rs.metadata.annotations)['deployment.kubernetes.io/revision'], '1');
  const pods = host.list('v1', 'Pod', 'default');
  assert.equal(pods.length, 2);
  assert.ok(
    pods.every(
      (p) =>
        controlledBy(p, rs) &&
        conditionOf(p, 'Ready')?.status === 'True' &&
        obj(p.status).phase === 'Running',
    ),
  );
  assert.deepEqual(
    { ...obj(d.status), conditions: undefined },
    {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: undefined,
    },
  );
  assert.equal(conditionOf(d, 'Available')?.status, 'True');
  assert.equal(conditionOf(d, 'Available')?.reason, 'MinimumReplicasAvailable');
  assert.equal(conditionOf(d, 'Progressing')?.reason, 'NewReplicaSetAvailable');
  assert.equal(
    conditionOf(d, 'Progressing')?.message,
    `ReplicaSet "web-${hash}" has successfully progressed.`,
  );
  assert.ok(helmDeploymentReady(host, d));
  assert.ok(rolloutComplete(d));
});

test('a template change rolls out a new ReplicaSet (revision 2) and scales the old one to zero', () => {
  const host = new FakeHost();
  host.apply(deployment('nginx:1'));
  const d = host.current(host.apply(deployment('nginx:2')));
  assert.equal(d.metadata.generation, 2);
  const sets = host.list('apps/v1', 'ReplicaSet', 'default');
  assert.equal(sets.length, 2);
  const [oldRs, newRs] = sets.sort(
    (a, b) =>
      Number(obj(a.metadata.annotations)['deployment.kubernetes.io/revision']) -
      Number(obj(b.metadata.annotations)['deployment.kubernetes.io/revision']),
  );
  assert.equal(obj(oldRs.spec).replicas, 0);
  assert.equal(obj(oldRs.status).replicas, 0);
  assert.equal(obj(newRs.metadata.annotations)['deployment.kubernetes.io/revision'], '2');
  const pods = host.list('v1', 'Pod', 'default');
  assert.equal(pods.length, 2);
  assert.ok(pods.every((p) => controlledBy(p, newRs)));
  assert.ok(helmDeploymentReady(host, d));
  assert.ok(rolloutComplete(d));
});

test('scaling changes pods and status; reconciling again writes nothing', () => {
  const host = new FakeHost();
  host.apply(deployment('nginx:1', 3));
  const d = host.current(host.apply(deployment('nginx:1', 1)));
  assert.equal(host.list('v1', 'Pod', 'default').length, 1);
  assert.equal(obj(d.status).availableReplicas, 1);
  assert.equal(host.list('apps/v1', 'ReplicaSet', 'default').length, 1);
  const writes = host.writes;
  reconcile(host, d, { now: () => '2026-01-02T00:00:00Z' });
  assert.equal(host.writes, writes);
});

test('neverReadyImage keeps a Deployment unavailable, so helm --wait and rollout status never finish', () => {
  const host = new FakeHost({ neverReadyImage: /^broken\// });
  const d = host.current(host.apply(deployment('broken/app:1')));
  assert.equal(obj(d.status).readyReplicas, undefined); // omitempty zero
  assert.equal(obj(d.status).unavailableReplicas, 2);
  assert.equal(conditionOf(d, 'Available')?.status, 'False');
  assert.equal(conditionOf(d, 'Available')?.reason, 'MinimumReplicasUnavailable');
  assert.equal(conditionOf(d, 'Progressing')?.reason, 'ReplicaSetUpdated');
  assert.ok(host.list('v1', 'Pod', 'default').every((p) => conditionOf(p, 'Ready')?.status === 'False'));
  assert.ok(!helmDeploymentReady(host, d));
  assert.ok(!rolloutComplete(d));
});

test('StatefulSet: ordinal pods, ready replicas and matching revisions', () => {
  const host = new FakeHost();
  const sts: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 2,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg' }] } },
    },
  };
  const s = host.current(host.apply(sts));
  assert.deepEqual(
    host
      .list('v1', 'Pod', 'default')
      .map((p) => p.metadata.name)
      .sort(),
    ['db-0', 'db-1'],
  );
  const st = obj(s.status);
  // helm: observedGeneration == generation, updatedReplicas >= replicas, readyReplicas == replicas, currentRevision == updateRevision.
  assert.equal(st.observedGeneration, 1);
  assert.equal(st.readyReplicas, 2);
  assert.equal(st.updatedReplicas, 2);
  assert.equal(st.currentRevision, st.updateRevision);
});

test('DaemonSet on the single emulated node: desiredNumberScheduled 1, numberReady follows readiness', () => {
  const ds = (image: string): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'a', image }] } },
    },
  });
  const host = new FakeHost();
  const ok = obj(host.apply(ds('agent:1')).status);
  host.apply(ds('agent:2'));
  const pods = host.list('v1', 'Pod', 'default');
  assert.equal(pods.length, 1);
  assert.equal((obj(pods[0].spec).containers as JsonObject[])[0].image, 'agent:2');
  assert.equal(ok.desiredNumberScheduled, 1);
  assert.equal(ok.updatedNumberScheduled, 1);
  assert.equal(ok.numberReady, 1);
  assert.equal(ok.observedGeneration, 1);
  const bad = obj(new FakeHost({ neverReadyImage: /bad/ }).apply(ds('bad:1')).status);
  assert.equal(bad.numberReady, 0);
  assert.equal(bad.numberUnavailable, 1);
});

function job(image: string, extra: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'hook', namespace: 'default' },
    spec: { ...extra, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image }] } } },
  };
}

test('Job completes: Complete=True, succeeded, completionTime, a Succeeded pod', () => {
  const host = new FakeHost();
  const j = host.current(host.apply(job('busybox', { completions: 2 })));
  assert.equal(conditionOf(j, 'Complete')?.status, 'True');
  assert.equal(obj(j.status).succeeded, 2);
  assert.equal(obj(j.status).completionTime, '2026-01-01T00:00:00Z');
  const pods = host.list('v1', 'Pod', 'default');
  assert.equal(pods.length, 2);
  assert.ok(
    pods.every((p) => obj(p.status).phase === 'Succeeded' && obj(p.metadata.labels)['job-name'] === 'hook'),
  );
});

test('Job whose image matches failingImage fails with BackoffLimitExceeded (failed > backoffLimit)', () => {
  const j = new FakeHost({ failingImage: /fail/ }).apply(job('will-fail', { backoffLimit: 2 }));
  assert.equal(conditionOf(j, 'Failed')?.status, 'True');
  assert.equal(conditionOf(j, 'Failed')?.reason, 'BackoffLimitExceeded');
  assert.equal(conditionOf(j, 'Complete'), undefined);
  assert.equal(obj(j.status).failed, 3);
});

test('Job with a never-ready image stays active', () => {
  const j = new FakeHost({ neverReadyImage: /hang/ }).apply(job('hang'));
  assert.equal(obj(j.status).active, 1);
  assert.equal(obj(j.status).conditions, undefined);
});

test('a bare Pod becomes Running and Ready', () => {
  const p = new FakeHost().apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  });
  assert.equal(obj(p.status).phase, 'Running');
  assert.equal(conditionOf(p, 'Ready')?.status, 'True');
  assert.equal(conditionOf(p, 'ContainersReady')?.status, 'True');
});

test('bare run-to-completion Pods (hook and test pods) end Succeeded, or Failed when their image fails', () => {
  const pod = (name: string, image: string, restartPolicy: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy, containers: [{ name: 'c', image }] },
  });
  const host = new FakeHost({ failingImage: /broken/ });
  assert.equal(obj(host.apply(pod('ok', 'busybox', 'Never')).status).phase, 'Succeeded');
  assert.equal(obj(host.apply(pod('bad', 'broken:1', 'Never')).status).phase, 'Failed');
  assert.equal(obj(host.apply(pod('retry', 'busybox', 'OnFailure')).status).phase, 'Succeeded');
  // Restarted in place: a failing OnFailure or Always pod crash-loops and never turns Ready.
  const looping = host.apply(pod('loop', 'broken:1', 'Always'));
  assert.equal(obj(looping.status).phase, 'Running');
  assert.equal(conditionOf(looping, 'Ready')?.status, 'False');
});

test('Service gets a stable clusterIP; LoadBalancer also gets an ingress; ExternalName and headless are left alone', () => {
  const svc = (name: string, spec: JsonObject): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec,
  });
  const host = new FakeHost();
  const c = host.apply(svc('a', { ports: [{ port: 80 }] }));
  assert.match(String(obj(c.spec).clusterIP), /^10\.96\.\d+\.\d+$/);
  assert.deepEqual(obj(c.spec).clusterIPs, [obj(c.spec).clusterIP]);
  assert.equal(obj(c.spec).type, 'ClusterIP');
  const lb = host.apply(svc('b', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
  const ingress = obj(obj(lb.status).loadBalancer).ingress as JsonObject[];
  assert.equal(ingress.length, 1);
  assert.match(String(ingress[0].ip), /^172\.18\./);
  assert.equal(
    obj(host.apply(svc('c', { type: 'ExternalName', externalName: 'x.example' })).spec).clusterIP,
    undefined,
  );
  assert.equal(obj(host.apply(svc('d', { clusterIP: 'None' })).spec).clusterIP, 'None');
  // Deterministic across stores.
  assert.equal(
    obj(new FakeHost().apply(svc('a', { ports: [{ port: 80 }] })).spec).clusterIP,
    obj(c.spec).clusterIP,
  );
});

test('PersistentVolumeClaim binds with the requested capacity', () => {
  const pvc = new FakeHost().apply({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  assert.deepEqual(pvc.status, {
    phase: 'Bound',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
  });
});

test('CustomResourceDefinition becomes Established with accepted names', () => {
  const crd = new FakeHost().apply({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', kind: 'Widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true }],
    },
  });
  assert.equal(conditionOf(crd, 'Established')?.status, 'True');
  assert.equal(conditionOf(crd, 'NamesAccepted')?.status, 'True');
  assert.deepEqual(obj(crd.status).acceptedNames, { plural: 'widgets', kind: 'Widget' });
  assert.deepEqual(obj(crd.status).storedVersions, ['v1']);
});

test('with the emulator API and its controller bridge, writes converge to ready state', async () => {
  const api = new KubeApi(new ResourceRegistry(), new ObjectStore());
  const stop = attachControllers(api, { neverReadyImages: ['stuck/app'] });
  try {
    const deployments = api.info('apps', 'v1', 'deployments');
    api.create(deployments, 'default', deployment('nginx:1'));
    api.create(deployments, 'default', {
      ...deployment('stuck/app:7'),
      metadata: { name: 'stuck', namespace: 'default' },
    });
    // The bridge reconciles on later turns of the event loop.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const d = api.get(deployments, 'default', 'web');
    assert.equal(conditionOf(d, 'Available')?.status, 'True');
    const rs = api.list(api.info('apps', 'v1', 'replicasets'), 'default').find((r) => controlledBy(r, d));
    assert.ok(rs);
    assert.equal(obj(rs.status).readyReplicas, 2);
    assert.equal(obj(rs.status).observedGeneration, rs.metadata.generation);
    assert.equal(conditionOf(api.get(deployments, 'default', 'stuck'), 'Available')?.status, 'False');
  } finally {
    stop();
  }
});
