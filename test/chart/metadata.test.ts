/**
 * Chart.yaml, requirements.yaml and Chart.lock decoding errors, compared with the real helm's
 * `template` on the same chart: Go's encoding/json texts (struct, dotted field path, Go type),
 * the loader's `cannot load <file>:` prefix, validation messages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runTemplate } from '../../lib/cli/template.ts';
import { oracleBinary } from '../kube-emulator/helpers.ts';

const helm = oracleBinary('helm');
const dir = mkdtempSync(join(tmpdir(), 'slipway-metadata-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
/** A chart directory with the given Chart.yaml and extra files. */
function chart(chartYaml: string | Uint8Array, extra: Record<string, string | Uint8Array> = {}): string {
  const root = join(dir, `c${count++}`);
  mkdirSync(join(root, 'templates'), { recursive: true });
  writeFileSync(join(root, 'Chart.yaml'), chartYaml);
  writeFileSync(join(root, 'templates', 'cm.yaml'), 'kind: ConfigMap\n');
  for (const [name, data] of Object.entries(extra)) writeFileSync(join(root, name), data);
  return root;
}

/**
 * Both commands' stdout then stderr. slipway runs in this process; the loader's log lines go
 * to process.stderr, which is captured for the run.
 */
function outputs(path: string): { slipway: string; helm: string } {
  let out = '';
  let err = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = runTemplate(
      ['r', path],
      (s) => (out += s),
      (s) => (err += s),
    );
  } finally {
    process.stderr.write = write;
  }
  const h = spawnSync(helm, ['template', 'r', path], { encoding: 'utf8', env: { PATH: '', HOME: dir } });
  assert.equal(code === 0, h.status === 0, `${path}: exit status`);
  return { slipway: out + err, helm: h.stdout + h.stderr };
}

const V2 = 'apiVersion: v2\nname: c\nversion: 1.0.0\n';

test('chart metadata errors and loader warnings read as helm’s', () => {
  const charts = [
    chart('[1, 2]\n'),
    chart('hello\n'),
    chart('apiVersion: v2\nname: c\nversion: [1]\n'),
    chart('apiVersion: v2\nname: c\nversion: true\n'),
    chart(V2 + 'deprecated: "yes"\n'),
    chart(V2 + 'deprecated: 1\n'),
    chart(V2 + 'maintainers: {a: 1}\n'),
    chart(V2 + 'maintainers: [1]\n'),
    chart(V2 + 'maintainers: [{name: [1]}]\n'),
    chart(V2 + 'sources: [[1]]\n'),
    chart(V2 + 'annotations: [1]\n'),
    chart(V2 + 'annotations: {a: [1]}\n'),
    chart(V2 + 'dependencies: [1]\n'),
    chart(V2 + 'dependencies:\n - name: x\n   version: 1\n   tags: a\n'),
    chart(V2 + 'dependencies: [{name: x, enabled: "no"}]\n'),
    chart(V2 + 'dependencies: [{name: x, import-values: 3}]\n'),
    chart(V2, { 'Chart.lock': '[1]\n' }),
    chart(V2, { 'Chart.lock': 'dependencies: 3\n' }),
    chart(V2, { 'Chart.lock': 'dependencies: [{name: [1]}]\n' }),
    chart(V2, { 'Chart.lock': 'digest: [1]\n' }),
    chart(V2, { 'Chart.lock': 'generated: abc\n' }),
    chart(V2, { 'Chart.lock': 'generated: 5\n' }),
    chart(V2, { 'Chart.lock': 'generated: "2024-02-30T00:00:00Z"\n' }),
    chart('apiVersion: v1\nname: c\nversion: 1.0.0\n', { 'requirements.yaml': '[1]\n' }),
    chart('apiVersion: v1\nname: c\nversion: 1.0.0\n', {
      'requirements.yaml': 'dependencies: [{name: [1]}]\n',
    }),
    chart(V2, { 'values.yaml': '[1]\n' }),
    // Invalid UTF-8 in the YAML files (go-yaml refuses it).
    chart(V2, { 'values.yaml': Buffer.from([0x61, 0x3a, 0x20, 0x22, 0xff, 0x22, 0x0a]) }),
    chart(
      Buffer.concat([
        Buffer.from(V2),
        Buffer.from([
          0x64, 0x65, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x3a, 0x20, 0xfe, 0x0a,
        ]),
      ]),
    ),
    // Warnings helm logs on stderr with their Go source positions.
    chart(V2, { 'requirements.yaml': 'dependencies: []\n' }),
    chart(V2, {
      'templates/hook.yaml':
        'kind: Pod\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: "pre-install, nope"\n',
    }),
  ];
  for (const path of charts) {
    const { slipway, helm: expected } = outputs(path);
    assert.equal(slipway, expected, path);
  }
});
