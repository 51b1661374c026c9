/**
 * `template --output-dir` against the real helm: the `wrote` lines, the files and their
 * contents, CRDs outside the release directory, hooks appended to files left by a run before,
 * and --show-only failing after the files are written.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { helmTemplate, slipwayTemplate } from './template-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'slipway-output-dir-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const chart = join(dir, 'od');
const files: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: od\nversion: 1.0.0\n',
  'crds/a.yaml':
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a\n',
  'templates/m.yaml': 'kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: Secret\nmetadata:\n  name: b\n',
  'templates/hooks.yaml':
    'kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n---\nkind: Pod\nmetadata:\n  name: i\n  annotations:\n    helm.sh/hook: pre-install\n',
  'charts/s/Chart.yaml': 'apiVersion: v2\nname: s\nversion: 0.1.0\n',
  'charts/s/crds/b.yml': '---\n# b\nkind: CustomResourceDefinition\n',
  'charts/s/templates/s.yaml': 'kind: Service\nmetadata:\n  name: s\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(dirname(join(chart, name)), { recursive: true });
  writeFileSync(join(chart, name), text);
}

/** Every file under `root` with its contents. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

test('--output-dir writes and reports as helm does', () => {
  const cases = [
    [],
    ['--include-crds'],
    ['--include-crds', '--release-name'],
    ['--skip-tests', '--release-name'],
    ['--no-hooks', '--include-crds'],
    ['--show-only', 'templates/m.yaml'],
  ];
  cases.forEach((flags, i) => {
    const h = join(dir, `helm-${i}`);
    const s = join(dir, `slipway-${i}`);
    // Twice: the second run rewrites manifests and appends hooks to the files already there.
    for (let run = 0; run < 2; run++) {
      const expected = helmTemplate(['r', chart, '--output-dir', h, ...flags], dir);
      const actual = slipwayTemplate(['r', chart, '--output-dir', s, ...flags]);
      assert.equal(actual.code === 0, expected.code === 0, `${flags.join(' ')}: exit status`);
      assert.equal(
        actual.out.replaceAll(s, 'OUT'),
        expected.out.replaceAll(h, 'OUT'),
        `${flags.join(' ')}: output`,
      );
    }
    assert.deepEqual(tree(s), tree(h), `${flags.join(' ')}: files`);
  });
});
