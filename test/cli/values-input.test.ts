/**
 * Where values come from, against the real helm: `-f -` and `--set-file x=-` read standard
 * input (once), files are Go strings (invalid UTF-8 kept as bytes, escaped by toJson).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { oracleBinary } from '../kube-emulator/helpers.ts';

const helm = oracleBinary('helm');
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib', 'cli', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'slipway-values-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('values from standard input and from files of raw bytes read as helm reads them', () => {
  const chart = join(dir, 'v');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: v\nversion: 1.0.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'a: 1\n');
  writeFileSync(join(chart, 'templates', 'v.yaml'), 'v: {{ .Values | toJson }}\n');
  const bytes = join(dir, 'bytes.bin');
  writeFileSync(bytes, Buffer.from([0x00, 0xff, 0x41]));
  const cases = [
    ['-f', '-'],
    ['-f', '-', '-f', '-'],
    ['--set-file', 'x=-'],
    ['--set-file', `x=${bytes}`],
    ['-f', bytes],
  ];
  const env = { PATH: process.env.PATH ?? '', HOME: dir };
  for (const flags of cases) {
    const input = 'a: from-stdin\n';
    const h = spawnSync(helm, ['template', 'r', chart, ...flags], { input, encoding: 'utf8', env });
    const s = spawnSync(process.execPath, [cli, 'template', 'r', chart, ...flags], {
      input,
      encoding: 'utf8',
      env,
    });
    assert.equal(s.status, h.status, `${flags.join(' ')}: exit status`);
    assert.equal(s.stdout + s.stderr, h.stdout + h.stderr, flags.join(' '));
  }
});
