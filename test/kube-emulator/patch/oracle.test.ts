// Differential cases recorded from kubectl v1.31.9 (`kubectl patch --local --dry-run=client`), which applies
// patches with the same k8s.io/apimachinery strategicpatch and gopkg.in/evanphx/json-patch.v4 code as kube-apiserver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  gvkOf,
  PatchError,
} from '../../../infra/local/kube/patch/index.ts';
import type { JsonObject, JsonValue, KubeObject } from '../../../infra/local/kube/types.ts';

interface OracleCase {
  doc: string;
  patch: JsonValue;
  want?: JsonObject;
  error?: string;
}
interface Fixture {
  docs: Record<string, KubeObject>;
  strategic: OracleCase[];
  json: OracleCase[];
  merge: OracleCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./kubectl-oracle-cases.json', import.meta.url), 'utf8'),
) as Fixture;

/** kubectl prints objects with sorted keys; compare structurally with key order ignored. */
function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  return v;
}

function run(kind: 'strategic' | 'json' | 'merge', c: OracleCase): JsonValue {
  const doc = structuredClone(fixture.docs[c.doc]);
  if (kind === 'strategic') return applyStrategicMergePatch(doc, c.patch, gvkOf(doc));
  if (kind === 'json') return applyJsonPatch(doc, c.patch);
  return applyMergePatch(doc, c.patch);
}

for (const kind of ['strategic', 'json', 'merge'] as const) {
  fixture[kind].forEach((c, i) => {
    test(`${kind} #${i + 1} on ${c.doc}: ${JSON.stringify(c.patch).slice(0, 90)}`, () => {
      const before = JSON.stringify(fixture.docs[c.doc]);
      if (c.error !== undefined) {
        assert.throws(
          () => run(kind, c),
          (err: unknown) => err instanceof PatchError && err.message === c.error,
        );
      } else {
        assert.deepEqual(sortKeys(run(kind, c)), c.want);
      }
      assert.equal(JSON.stringify(fixture.docs[c.doc]), before, 'input must not be mutated');
    });
  });
}
