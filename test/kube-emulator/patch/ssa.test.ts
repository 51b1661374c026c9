// Server-side apply and managedFields, against the structured-merge-diff semantics kube-apiserver uses
// (sigs.k8s.io/structured-merge-diff merge/update.go; apiserver fieldmanager conflict wording in
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager/internal/conflict.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeFieldsV1,
  recordUpdate,
  serverSideApply,
  type ApplyOptions,
} from '../../../infra/local/kube/patch/index.ts';
import type { JsonObject, KubeObject } from '../../../infra/local/kube/types.ts';

const deployGvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
const cmGvk = { group: '', version: 'v1', kind: 'ConfigMap' };

function opts(manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { manager, force: false, gvk: deployGvk, now: '2026-01-01T00:00:00Z', ...extra };
}

function deployment(
  image: string,
  replicas: number,
  env: JsonObject[] = [{ name: 'A', value: '1' }],
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, env, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

function configMap(data: JsonObject): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data };
}

function managers(o: KubeObject | null): JsonObject[] {
  const mf = o?.metadata.managedFields;
  return Array.isArray(mf) ? (mf as JsonObject[]) : [];
}

function fieldsOf(o: KubeObject | null, manager: string, operation: string): string[] {
  const e = managers(o).find((m) => m.manager === manager && m.operation === operation);
  return e ? [...decodeFieldsV1(e.fieldsV1)].map((p) => p.replaceAll('\n', ' ')).sort() : [];
}

function container(o: KubeObject | null): JsonObject {
  const spec = (o?.spec as JsonObject).template as JsonObject;
  return ((spec.spec as JsonObject).containers as JsonObject[])[0];
}

test('apply creates the object and records an Apply entry in the FieldsV1 encoding', () => {
  const { object, conflicts } = serverSideApply(null, deployment('nginx:1', 2), opts('helm'));
  assert.equal(conflicts, undefined);
  assert.ok(object);
  assert.equal((object.spec as JsonObject).replicas, 2);
  const [entry] = managers(object);
  assert.deepEqual(
    { ...entry, fieldsV1: undefined },
    {
      manager: 'helm',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2026-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: undefined,
    },
  );
  const f = entry.fieldsV1 as JsonObject;
  // name/namespace/apiVersion/kind are never tracked; LabelSelector is atomic (+structType=atomic);
  // containers are keyed by name, ports by containerPort+protocol (protocol defaulted), list items carry ".".
  assert.deepEqual(Object.keys(f), ['f:metadata', 'f:spec']);
  assert.deepEqual(f['f:metadata'], { 'f:labels': { 'f:app': {} } });
  const spec = f['f:spec'] as JsonObject;
  assert.deepEqual(spec['f:selector'], {});
  const c = (((spec['f:template'] as JsonObject)['f:spec'] as JsonObject)['f:containers'] as JsonObject)[
    'k:{"name":"web"}'
  ] as JsonObject;
  assert.deepEqual(c['.'], {});
  assert.deepEqual(c['f:ports'], {
    'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
  });
  assert.deepEqual(c['f:env'], { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } });
});

test('re-applying without a field removes it when this manager alone owned it (helm v4 upgrade deletes removed fields)', () => {
  const v1 = serverSideApply(null, configMap({ a: '1', b: '2' }), { ...opts('helm'), gvk: cmGvk }).object;
  const v2 = serverSideApply(v1, configMap({ a: '1' }), { ...opts('helm'), gvk: cmGvk }).object;
  assert.deepEqual(v2?.data, { a: '1' });
  assert.deepEqual(fieldsOf(v2, 'helm', 'Apply'), ['f:data f:a']);
});

test('removed list items and nested fields are pruned; fields of other managers stay', () => {
  const live = serverSideApply(
    null,
    deployment('nginx:1', 2, [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]),
    opts('helm'),
  ).object as KubeObject;
  // Another writer (kubectl edit → Update) adds an annotation and env C.
  const edited = structuredClone(live);
  edited.metadata.annotations = { note: 'x' };
  (container(edited).env as JsonObject[]).push({ name: 'C', value: '3' });
  const afterEdit = recordUpdate(live, edited, 'kubectl-edit', 'Update', 't1', { gvk: deployGvk });
  const next = serverSideApply(afterEdit, deployment('nginx:1', 2, [{ name: 'A', value: '1' }]), opts('helm'))
    .object as KubeObject;
  assert.deepEqual(container(next).env, [
    { name: 'A', value: '1' },
    { name: 'C', value: '3' },
  ]);
  assert.deepEqual(next.metadata.annotations, { note: 'x' });
});

test('a field shared with another manager is not removed when the applier drops it', () => {
  const mine = serverSideApply(null, configMap({ a: '1', b: '2' }), { ...opts('helm'), gvk: cmGvk })
    .object as KubeObject;
  // A second applier sets b to the same value: no conflict, shared ownership.
  const shared = serverSideApply(mine, configMap({ b: '2' }), { ...opts('other'), gvk: cmGvk });
  assert.equal(shared.conflicts, undefined);
  const next = serverSideApply(shared.object, configMap({ a: '1' }), { ...opts('helm'), gvk: cmGvk }).object;
  assert.deepEqual(next?.data, { a: '1', b: '2' });
  assert.deepEqual(fieldsOf(next, 'other', 'Apply'), ['f:data f:b']);
});

test('changing a field owned by another manager is a 409 conflict with the apiserver wording', () => {
  const live = recordUpdate(null, deployment('nginx:1', 2), 'kubectl-client-side-apply', 'Update', 't0', {
    gvk: deployGvk,
  });
  const one = serverSideApply(live, deployment('nginx:1', 3), opts('kubectl'));
  assert.equal(one.object, live);
  assert.deepEqual(one.conflicts, [
    { manager: '"kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
  ]);
  assert.deepEqual(one.error?.toStatus(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    reason: 'Conflict',
    code: 409,
    details: {
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-client-side-apply" using apps/v1',
          field: '.spec.replicas',
        },
      ],
    },
  });
  const two = serverSideApply(live, deployment('nginx:2', 3), opts('kubectl'));
  assert.equal(
    two.error?.message,
    'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image',
  );
  assert.equal(two.error?.code, 409);
});

test('Apply managers are named without "using"', () => {
  const live = serverSideApply(null, configMap({ a: '1' }), { ...opts('helm'), gvk: cmGvk }).object;
  const res = serverSideApply(live, configMap({ a: '2' }), { ...opts('kubectl'), gvk: cmGvk });
  assert.equal(res.error?.message, 'Apply failed with 1 conflict: conflict with "helm": .data.a');
});

test('force takes the conflicting fields over; the old owner keeps the rest', () => {
  const live = recordUpdate(null, deployment('nginx:1', 2), 'kubectl-client-side-apply', 'Update', 't0', {
    gvk: deployGvk,
  });
  const res = serverSideApply(live, deployment('nginx:1', 3), opts('kubectl', { force: true }));
  assert.equal(res.conflicts, undefined);
  assert.equal((res.object?.spec as JsonObject).replicas, 3);
  assert.ok(!fieldsOf(res.object, 'kubectl-client-side-apply', 'Update').includes('f:spec f:replicas'));
  assert.ok(
    fieldsOf(res.object, 'kubectl-client-side-apply', 'Update').includes(
      'f:spec f:template f:spec f:containers k:{"name":"web"} f:image',
    ),
  );
  assert.ok(fieldsOf(res.object, 'kubectl', 'Apply').includes('f:spec f:replicas'));
});

test('client-side apply → server-side apply migration by helm with force', () => {
  // helm v3 created and patched the object (operation Update, manager "helm"); helm v4 now applies as "helm".
  const created = recordUpdate(
    null,
    deployment('nginx:1', 2, [
      { name: 'A', value: '1' },
      { name: 'OLD', value: 'x' },
    ]),
    'helm',
    'Update',
    't0',
    { gvk: deployGvk },
  );
  const applied = deployment('nginx:2', 2, [{ name: 'A', value: '1' }]);
  // Same manager name, different operation: a different manager for conflict purposes.
  assert.deepEqual(serverSideApply(created, applied, opts('helm')).conflicts, [
    { manager: '"helm" using apps/v1', field: '.spec.template.spec.containers[name="web"].image' },
  ]);
  const res = serverSideApply(created, applied, opts('helm', { force: true }));
  const obj = res.object as KubeObject;
  assert.equal(container(obj).image, 'nginx:2');
  // OLD was never applied by the Apply manager: it stays, still owned by the Update entry (apiserver behaviour).
  assert.deepEqual(container(obj).env, [
    { name: 'A', value: '1' },
    { name: 'OLD', value: 'x' },
  ]);
  assert.ok(
    fieldsOf(obj, 'helm', 'Update').includes(
      'f:spec f:template f:spec f:containers k:{"name":"web"} f:env k:{"name":"OLD"} f:value',
    ),
  );
  assert.deepEqual(
    managers(obj).map((m) => `${m.manager}/${m.operation}`),
    ['helm/Apply', 'helm/Update'],
  );
  // Later applies never remove OLD (the Apply entry never owned it), but a field applied and then dropped goes.
  const withB = serverSideApply(
    obj,
    deployment('nginx:2', 2, [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]),
    opts('helm'),
  ).object;
  const withoutB = serverSideApply(withB, applied, opts('helm')).object;
  assert.deepEqual(container(withoutB).env, [
    { name: 'A', value: '1' },
    { name: 'OLD', value: 'x' },
  ]);
});

test('objects without managedFields are attributed to before-first-apply', () => {
  const legacy = configMap({ a: '1' });
  const res = serverSideApply(legacy, configMap({ a: '2' }), { ...opts('helm'), gvk: cmGvk });
  assert.equal(
    res.error?.message,
    'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a',
  );
});

test('status is ignored by a main-resource apply and is the only thing a status apply touches', () => {
  const withStatus: KubeObject = { ...deployment('nginx:1', 1), status: { replicas: 5 } };
  const main = serverSideApply(null, withStatus, opts('helm')).object as KubeObject;
  assert.equal(main.status, undefined);
  const st = serverSideApply(main, withStatus, opts('ctrl', { subresource: 'status' })).object as KubeObject;
  assert.deepEqual(st.status, { replicas: 5 });
  const entry = managers(st).find((m) => m.manager === 'ctrl');
  assert.equal(entry?.subresource, 'status');
  assert.deepEqual(entry?.fieldsV1, { 'f:status': { 'f:replicas': {} } });
});

test('recordUpdate: the writer takes changed fields from others; removed fields leave every set', () => {
  const created = recordUpdate(null, configMap({ a: '1', b: '2' }), 'kubectl-create', 'Update', 't0', {
    gvk: cmGvk,
  });
  // Update entries own the map they created too (f:data with ".").
  assert.deepEqual(managers(created)[0].fieldsV1, { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } });
  const next = recordUpdate(created, configMap({ a: '9', c: '3' }), 'kubectl-edit', 'Update', 't1', {
    gvk: cmGvk,
  });
  assert.deepEqual(fieldsOf(next, 'kubectl-create', 'Update'), ['f:data']);
  assert.deepEqual(fieldsOf(next, 'kubectl-edit', 'Update'), ['f:data f:a', 'f:data f:c']);
  assert.equal(managers(next)[1].time, 't1');
  // A write that changes nothing adds no entry.
  const same = recordUpdate(next, structuredClone(next), 'noop', 'Update', 't2', { gvk: cmGvk });
  assert.deepEqual(
    managers(same).map((m) => m.manager),
    ['kubectl-create', 'kubectl-edit'],
  );
});

test('custom resources: lists are atomic, so an applier owns the whole list', () => {
  const gvk = { group: 'example.com', version: 'v1', kind: 'Widget' };
  const cr = (items: string[]): KubeObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec: { items, size: 1 },
  });
  const live = serverSideApply(null, cr(['a', 'b']), { ...opts('helm'), gvk }).object;
  assert.deepEqual(fieldsOf(live, 'helm', 'Apply'), ['f:spec f:items', 'f:spec f:size']);
  const res = serverSideApply(live, cr(['c']), { ...opts('other'), gvk });
  assert.equal(res.error?.message, 'Apply failed with 1 conflict: conflict with "helm": .spec.items');
});

test('set lists (finalizers) are owned per value', () => {
  const cm = (finalizers: string[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', finalizers },
  });
  const a = serverSideApply(null, cm(['x/a']), { ...opts('one'), gvk: cmGvk }).object;
  const b = serverSideApply(a, cm(['x/b']), { ...opts('two'), gvk: cmGvk }).object;
  assert.deepEqual(b?.metadata.finalizers, ['x/a', 'x/b']);
  assert.deepEqual(fieldsOf(b, 'two', 'Apply'), ['f:metadata f:finalizers v:"x/b"']);
  const c = serverSideApply(b, cm([]), { ...opts('one'), gvk: cmGvk }).object;
  assert.deepEqual(c?.metadata.finalizers, ['x/b']);
});

test('associative lists merge in structured-merge-diff order: applied order for shared items, live-only items kept in place', () => {
  const pod = (containers: JsonObject[]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers },
  });
  const podGvk = { group: '', version: 'v1', kind: 'Pod' };
  const live = recordUpdate(
    null,
    pod([
      { name: 'a', image: '1' },
      { name: 'x', image: 'x' },
      { name: 'b', image: '1' },
    ]),
    'other',
    'Update',
    't0',
    { gvk: podGvk },
  );
  const res = serverSideApply(
    live,
    pod([
      { name: 'b', image: '1' },
      { name: 'c', image: '1' },
      { name: 'a', image: '1' },
    ]),
    { ...opts('helm'), gvk: podGvk },
  );
  const names = ((res.object?.spec as JsonObject).containers as JsonObject[]).map((c) => c.name);
  // lhs [a x b], rhs [b c a]: shared order b, a → x (live-only) stays before b; c is placed after b as applied.
  assert.deepEqual(names, ['x', 'b', 'c', 'a']);
});

test('a no-op apply keeps the entry time, so the stored object does not change', () => {
  const first = serverSideApply(null, configMap({ a: '1' }), { ...opts('helm'), gvk: cmGvk })
    .object as KubeObject;
  const again = serverSideApply(first, configMap({ a: '1' }), {
    ...opts('helm'),
    gvk: cmGvk,
    now: '2027-01-01T00:00:00Z',
  }).object;
  assert.deepEqual(again, first);
  const changed = serverSideApply(first, configMap({ a: '2' }), {
    ...opts('helm'),
    gvk: cmGvk,
    now: '2027-01-01T00:00:00Z',
  }).object;
  assert.equal(managers(changed)[0].time, '2027-01-01T00:00:00Z');
});

test('atomic maps (Service selector, +mapType=atomic) are owned and replaced whole by apply', () => {
  const svcGvk = { group: '', version: 'v1', kind: 'Service' };
  const svc = (selector: JsonObject): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { selector, ports: [{ port: 80 }] },
  });
  const live = serverSideApply(null, svc({ app: 'a', tier: 'x' }), { ...opts('helm'), gvk: svcGvk }).object;
  assert.ok(fieldsOf(live, 'helm', 'Apply').includes('f:spec f:selector'));
  assert.ok(fieldsOf(live, 'helm', 'Apply').includes('f:spec f:ports k:{"port":80,"protocol":"TCP"} f:port'));
  const next = serverSideApply(live, svc({ app: 'b' }), { ...opts('helm'), gvk: svcGvk }).object;
  assert.deepEqual((next?.spec as JsonObject).selector, { app: 'b' });
});

test('an associative-list item without its key is rejected like structured-merge-diff does', () => {
  const bad = deployment('nginx:1', 1);
  ((bad.spec as JsonObject).template as JsonObject).spec = { containers: [{ image: 'x' }] };
  const res = serverSideApply(null, bad, opts('helm'));
  assert.equal(res.object, null);
  assert.equal(res.error?.code, 500);
  assert.equal(
    res.error?.message,
    'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
  );
  assert.equal(res.error?.toStatus().reason, undefined);
  // protocol has a default, so ports without it are fine.
  assert.equal(serverSideApply(null, deployment('nginx:1', 1), opts('helm')).error, undefined);
});
