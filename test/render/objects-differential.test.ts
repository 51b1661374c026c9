/**
 * The Go objects of a template's context (.Capabilities, .Chart, .Release) as the real helm's
 * template prints them through actions, function arguments and encoders.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { helmTemplate, slipwayTemplate } from '../cli/template-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'slipway-objects-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('.Capabilities.KubeVersion prints through its pointer-receiver String only in an action', () => {
  const chart = join(dir, 'caps');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: caps\nversion: 1.0.0\n');
  const lines = [
    '{{ .Capabilities.KubeVersion }}',
    '{{ .Capabilities.KubeVersion | quote }}',
    '{{ print .Capabilities.KubeVersion }}',
    '{{ toString .Capabilities.KubeVersion }}',
    '{{ default "x" .Capabilities.KubeVersion }}',
    '{{ printf "%v %s %+v %T" .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion }}',
    '{{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.String }} {{ .Capabilities.KubeVersion.GitVersion }}',
    '{{ $kv := .Capabilities.KubeVersion }}{{ $kv }} {{ with .Capabilities.KubeVersion }}{{ . }}{{ end }}',
    '{{ .Capabilities | toJson }}',
    '{{ list .Capabilities.KubeVersion | toJson }}',
  ];
  // A block scalar: what the actions print need not be valid YAML.
  writeFileSync(
    join(chart, 'templates', 'c.yaml'),
    `text: |\n${lines.map((l, i) => `  c${i}: ${l}\n`).join('')}`,
  );
  for (const flags of [[], ['--kube-version', '1.29.3']]) {
    const expected = helmTemplate(['r', chart, ...flags], dir);
    const actual = slipwayTemplate(['r', chart, ...flags]);
    assert.equal(actual.code, expected.code);
    assert.equal(actual.out, expected.out);
    assert.match(actual.out, /^ {2}c0: v1\.(32\.0|29\.3)$/m);
  }
});

test('time values: Duration methods, and time.Time methods templates cannot call', () => {
  const chart = join(dir, 'times');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: times\nversion: 1.0.0\n');
  const sub = '(toDate "2006-01-02T15:04:05" "2021-06-01T01:30:45").Sub (toDate "2006-01-02" "2021-06-01")';
  const cases = [
    `{{ $d := ${sub} }}{{ $d }} {{ $d.Hours }} {{ $d.Minutes }} {{ $d.Seconds }} {{ $d.Milliseconds }} {{ $d.String }} {{ $d.Abs }} {{ printf "%T" $d.Hours }}`,
    '{{ (toDate "2006-01-02" "2021-06-02").Zone }}',
    '{{ (toDate "2006-01-02" "2021-06-02").Clock }}',
    '{{ (toDate "2006-01-02" "2021-06-02").Zone 1 }}',
  ];
  for (const text of cases) {
    writeFileSync(join(chart, 'templates', 't.yaml'), `text: |\n  ${text}\n`);
    const expected = helmTemplate(['r', chart], dir);
    const actual = slipwayTemplate(['r', chart]);
    assert.equal(actual.code, expected.code, text);
    assert.equal(actual.out, expected.out, text);
  }
});

test('.Chart through toToml: the embedded chart.Metadata fields are promoted as BurntSushi does', () => {
  const chart = join(dir, 'tomlchart');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(
    join(chart, 'Chart.yaml'),
    'apiVersion: v2\nname: tomlchart\nversion: 1.0.0\ndescription: d\nkeywords: [a]\nmaintainers:\n  - name: m\n',
  );
  writeFileSync(
    join(chart, 'templates', 't.yaml'),
    'text: |\n{{ toToml .Chart | indent 2 }}\n{{ toToml (dict "c" .Chart) | indent 2 }}\n',
  );
  const expected = helmTemplate(['r', chart], dir);
  const actual = slipwayTemplate(['r', chart]);
  assert.equal(actual.code, expected.code);
  assert.equal(actual.out, expected.out);
});

test('fromJson keeps what it decoded beside a saved error, and reads escapes and bytes as Go does', () => {
  const chart = join(dir, 'json');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: json\nversion: 1.0.0\n');
  const lines = [
    '{{ fromJson "{\\"a\\":\\"\\\\ud800\\"}" | toJson }}',
    '{{ fromJson "\\ufeff{}" | toJson }} {{ "\\ufeff{}" | len }}',
    '{{ fromJson "{\\"a\\": 1, \\"b\\": 1e400}" | toJson }}',
    '{{ fromJsonArray "[1e400]" | toJson }}',
    '{{ fromJson "{\\"a\\":\\"\\\\ud83d\\\\ude00 \\\\udcff \\\\ud800x\\"}" | toJson }}',
    '{{ fromJson "{\\"é\\": 1, }" | toJson }}',
  ];
  writeFileSync(join(chart, 'templates', 't.yaml'), `text: |\n${lines.map((l) => `  ${l}\n`).join('')}`);
  const expected = helmTemplate(['r', chart], dir);
  const actual = slipwayTemplate(['r', chart]);
  assert.equal(actual.code, expected.code);
  assert.equal(actual.out, expected.out);
  assert.match(actual.out, /"b":null/);
});
