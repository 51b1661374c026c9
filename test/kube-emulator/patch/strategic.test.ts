// Strategic merge patch behaviour beyond the kubectl-recorded cases (oracle.test.ts): custom resources, errors
// and directive edge cases, following k8s.io/apimachinery/pkg/util/strategicpatch/patch.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
} from '../../../infra/local/kube/patch/index.ts';
import type { JsonObject } from '../../../infra/local/kube/types.ts';

const podGvk = { group: '', version: 'v1', kind: 'Pod' };

function pod(containers: JsonObject[]): JsonObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } };
}

test('custom resources get JSON merge patch semantics: lists replaced, null deletes', () => {
  const gvk = { group: 'example.com', version: 'v1', kind: 'Widget' };
  const doc = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec: { items: [{ name: 'a', v: 1 }], keep: true, drop: 1 },
  };
  const out = applyStrategicMergePatch(doc, { spec: { items: [{ name: 'b' }], drop: null } }, gvk);
  assert.deepEqual(out.spec, { items: [{ name: 'b' }], keep: true });
});

test('$setElementOrder without a patch list only reorders the live list', () => {
  const out = applyStrategicMergePatch(
    pod([{ name: 'a' }, { name: 'b' }]),
    { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } },
    podGvk,
  );
  assert.deepEqual((out.spec as JsonObject).containers, [{ name: 'b' }, { name: 'a' }]);
});

test('list items lacking the merge key are rejected', () => {
  assert.throws(
    () => applyStrategicMergePatch(pod([{ name: 'a' }]), { spec: { containers: [{ image: 'x' }] } }, podGvk),
    (err: unknown) =>
      err instanceof PatchError &&
      err.code === 422 &&
      err.message === 'map: {"image":"x"} does not contain declared merge key: name',
  );
});

test('unknown $patch directives are a 400', () => {
  assert.throws(
    () => applyStrategicMergePatch(pod([]), { spec: { $patch: 'bogus' } }, podGvk),
    (err: unknown) => err instanceof PatchError && err.code === 400 && err.reason === 'BadRequest',
  );
});

test('$retainKeys rejects patch keys it does not list', () => {
  const doc = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { strategy: { type: 'RollingUpdate' } },
  };
  assert.throws(
    () =>
      applyStrategicMergePatch(
        doc,
        { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: {} } } },
        { group: 'apps', version: 'v1', kind: 'Deployment' },
      ),
    (err: unknown) => err instanceof PatchError && err.code === 422,
  );
});

test('new keys never carry directives into the stored object', () => {
  const out = applyStrategicMergePatch(
    pod([]),
    {
      spec: { nodeSelector: { $patch: 'replace', zone: 'a' }, containers: [{ name: 'x', $patch: 'merge' }] },
    },
    podGvk,
  );
  assert.deepEqual(out.spec, { containers: [{ name: 'x' }], nodeSelector: { zone: 'a' } });
});

test('a non-object strategic patch is a 400', () => {
  assert.throws(
    () => applyStrategicMergePatch(pod([]), [], podGvk),
    (err: unknown) => err instanceof PatchError && err.code === 400,
  );
});

test('merge patch (RFC 7386 appendix A examples)', () => {
  assert.deepEqual(applyMergePatch({ a: 'b' }, { a: 'c' }), { a: 'c' });
  assert.deepEqual(applyMergePatch({ a: 'b' }, { b: 'c' }), { a: 'b', b: 'c' });
  assert.deepEqual(applyMergePatch({ a: 'b' }, { a: null }), {});
  assert.deepEqual(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] }), { a: [1] });
  assert.deepEqual(applyMergePatch(['a', 'b'], ['c', 'd']), ['c', 'd']);
  assert.deepEqual(applyMergePatch({ a: 'foo' }, 'bar'), 'bar');
  assert.deepEqual(applyMergePatch({ e: null }, { a: 1 }), { e: null, a: 1 });
  assert.deepEqual(applyMergePatch([1, 2], { a: 'b', c: null }), { a: 'b' });
  assert.deepEqual(applyMergePatch({}, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
});

test('json patch: whole-document ops, malformed documents and test of null', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  assert.deepEqual(applyJsonPatch({ a: null }, [{ op: 'test', path: '/a', value: null }]), { a: null });
  assert.throws(
    () => applyJsonPatch({}, { op: 'add' }),
    (err: unknown) => err instanceof PatchError && err.code === 400,
  );
  assert.throws(
    () => applyJsonPatch({}, [{ op: 'add', path: '/a' }]),
    (err: unknown) => err instanceof PatchError && err.code === 422,
  );
  assert.throws(
    () => applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }]),
    (err: unknown) => err instanceof PatchError && err.code === 422,
  );
});
