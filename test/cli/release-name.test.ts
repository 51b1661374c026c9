/**
 * How `slipway template` and `slipway install` name a release (NAME, --name-template,
 * --generate-name), compared with the real helm's `template` on the same arguments.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nameAndChart, templateName } from '../../lib/cli/names.ts';
import { helmTemplate, slipwayTemplate } from './template-runs.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chart = join(root, 'examples', 'hello');

test('template names releases as helm does', () => {
  const cases: string[][] = [
    [chart],
    ['--generate-name', chart],
    ['--name-template', 'web-{{ "ab" | upper | lower }}-{{ add1 1 }}', chart],
    ['--name-template', 'Upper-{{ add1 1 }}', chart],
    ['--name-template', '{{ toYaml 1 }}', chart],
    ['--name-template', '{{ nope }}', chart],
    ['a', chart, '--name-template', 'x'],
    ['a', chart, '--generate-name'],
    ['a', chart, 'extra'],
  ];
  for (const args of cases) {
    const h = helmTemplate(args, root);
    const s = slipwayTemplate(args);
    assert.equal(s.code === 0, h.code === 0, `${args.join(' ')}: exit status`);
    assert.equal(
      s.out.replaceAll('"slipway template"', '"helm template"'),
      h.out,
      `${args.join(' ')}: output`,
    );
  }
});

test('install naming follows Helm’s NameAndChart order', () => {
  assert.deepEqual(nameAndChart(['web', 'c'], { generateName: false, nameTemplate: '' }), ['web', 'c']);
  assert.deepEqual(nameAndChart(['c'], { generateName: false, nameTemplate: 'n-{{ 1 }}' }), ['n-1', 'c']);
  assert.match(
    nameAndChart(['./charts/web-1.2.3.tgz'], { generateName: true, nameTemplate: '' })[0],
    /^web-\d+$/,
  );
  assert.throws(
    () => nameAndChart(['c'], { generateName: false, nameTemplate: '' }),
    /^Error: must either provide a name or specify --generate-name$/,
  );
  assert.throws(
    () => nameAndChart(['a', 'b', 'c', 'd'], { generateName: true, nameTemplate: '' }),
    /^Error: expected at most two arguments, unexpected arguments: c, d$/,
  );
  assert.equal(templateName('{{ "x" | repeat 3 }}'), 'xxx');
});
