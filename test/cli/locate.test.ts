/**
 * How `slipway template` finds the chart it is given and in which order it reports bad input
 * (chart reference, values, chart contents), compared with the real helm on the same arguments.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { helmTemplate, slipwayTemplate } from './template-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'slipway-locate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, data: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

test('chart references, flags and bad input are handled as helm handles them', () => {
  const good = join(dir, 'good');
  file('good/Chart.yaml', 'apiVersion: v2\nname: good\nversion: 1.0.0\n');
  file('good/templates/cm.yaml', 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
  const noVersion = join(dir, 'no-version');
  file('no-version/Chart.yaml', 'apiVersion: v2\nname: no-version\n');
  const missing = join(dir, 'missing.yaml');
  const cases: string[][] = [
    ['r', `  ${good} `],
    ['', good],
    ['r', 'no-such-chart'],
    ['r', 'somerepo/some-chart'],
    ['r', './no-such-chart'],
    ['r', join(dir, 'absent')],
    ['r', noVersion, '-f', missing],
    ['r', noVersion, '--set', 'a=1'],
    ['r', 'no-such-chart', '-f', missing],
    ['r', file('notes.txt', 'plain text\n')],
    ['r', file('long.txt', 'x'.repeat(600))],
    ['r', file('page.tgz', '<html><body>')],
    ['r', file('values.yaml', 'a: 1\n')],
    ['r', file('zip.tgz', 'PK\u0003\u0004rest')],
    // install and global flags helm's template accepts, their typed values checked
    [
      'r',
      good,
      '--wait',
      '--atomic',
      '--timeout',
      '5s',
      '--create-namespace',
      '--version',
      '1.0.0',
      '--devel',
    ],
    [
      'r',
      good,
      '--dry-run',
      '--kubeconfig',
      'x',
      '--kube-as-group',
      'a',
      '--kube-as-group',
      'b',
      '--qps',
      '1.5',
    ],
    [
      'r',
      good,
      '-l',
      'a=b,c',
      '--labels',
      '"x=y",z=w',
      '--repo',
      'https://example.invalid',
      '--dependency-update',
    ],
    ['r', good, '--timeout', 'soon'],
    ['r', good, '--dry-run=bad'],
    ['r', good, '--labels', 'a'],
    ['r', good, '-l', 'a="b,c"=d'],
    ['r', good, '--burst-limit', 'x'],
    ['r', good, '--qps', 'x'],
    ['r', good, '--verify'],
    ['r', file('chart.tgz', 'not really'), '--verify'],
  ];
  for (const args of cases) {
    const h = helmTemplate(args, dir);
    const s = slipwayTemplate(args);
    assert.equal(s.code === 0, h.code === 0, `${args.join(' ')}: exit status`);
    assert.equal(s.out, h.out, `${args.join(' ')}: output`);
  }
});
