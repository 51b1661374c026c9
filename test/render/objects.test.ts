/**
 * The objects Helm puts in a template's context. Expectations were recorded from the real
 * helm v3.17.3 (`helm template r CHART` with these Chart.yaml files and template lines);
 * pointer addresses (which vary per run) are replaced by PTR.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFiles } from '../../lib/chart/index.ts';
import { defaultCapabilities } from '../../lib/render/capabilities.ts';
import { renderTemplates } from '../../lib/render/engine.ts';
import { goMap } from '../../lib/go/value.ts';

const enc = new TextEncoder();

/** Renders each line of `lines` as its own template of a chart with `chartYaml`. */
function render(chartYaml: string, lines: readonly string[]): string[] {
  const chart = loadFiles([
    { name: 'Chart.yaml', data: enc.encode(chartYaml) },
    ...lines.map((l, i) => ({ name: `templates/t${String(i).padStart(2, '0')}.yaml`, data: enc.encode(l) })),
  ]);
  const out = renderTemplates({
    chart,
    values: goMap(),
    release: { name: 'r', namespace: 'default', isInstall: true, isUpgrade: false, revision: 1 },
    capabilities: defaultCapabilities(),
  });
  return lines.map((_, i) =>
    (out.get(`d/templates/t${String(i).padStart(2, '0')}.yaml`) ?? '').replace(/0xc[0-9a-f]+/g, 'PTR'),
  );
}

const CHART = `apiVersion: v2
name: d
version: 0.1.0
description: hi
maintainers:
- name: bob
annotations:
  x: y
`;

test('.Chart embeds chart.Metadata: nested when printed, promoted for fields and JSON', () => {
  const cases: [string, string][] = [
    ['{{ .Chart }}', '{{d  [] 0.1.0 hi [] [PTR]  v2    false map[x:true]  [] } true}'],
    ['{{ toString .Chart }}', '{{d  [] 0.1.0 hi [] [PTR]  v2    false map[x:true]  [] } true}'],
    [
      '{{ printf "%+v" .Chart }}',
      '{Metadata:{Name:d Home: Sources:[] Version:0.1.0 Description:hi Keywords:[] Maintainers:[PTR] Icon: ' +
        'APIVersion:v2 Condition: Tags: AppVersion: Deprecated:false Annotations:map[x:true] KubeVersion: ' +
        'Dependencies:[] Type:} IsRoot:true}',
    ],
    [
      '{{ printf "%#v" .Chart }}',
      'struct { chart.Metadata; IsRoot bool }{Metadata:chart.Metadata{Name:"d", Home:"", Sources:[]string(nil), ' +
        'Version:"0.1.0", Description:"hi", Keywords:[]string(nil), Maintainers:[]*chart.Maintainer{(*chart.Maintainer)(PTR)}, ' +
        'Icon:"", APIVersion:"v2", Condition:"", Tags:"", AppVersion:"", Deprecated:false, ' +
        'Annotations:map[string]string{"x":"true"}, KubeVersion:"", Dependencies:[]*chart.Dependency(nil), Type:""}, IsRoot:true}',
    ],
    [
      '{{ toJson .Chart }}',
      '{"name":"d","version":"0.1.0","description":"hi","maintainers":[{"name":"bob"}],"apiVersion":"v2",' +
        '"annotations":{"x":"true"},"IsRoot":true}',
    ],
    [
      '{{ toYaml .Chart }}',
      'IsRoot: true\nannotations:\n  x: "true"\napiVersion: v2\ndescription: hi\nmaintainers:\n- name: bob\nname: d\nversion: 0.1.0',
    ],
    ['{{ typeOf .Chart }} {{ kindOf .Chart }}', 'struct { chart.Metadata; IsRoot bool } struct'],
    ['{{ typeOf .Chart.Metadata }} {{ kindOf .Chart.Metadata }}', 'chart.Metadata struct'],
    ['{{ .Chart.Metadata }}', '{d  [] 0.1.0 hi [] [PTR]  v2    false map[x:true]  [] }'],
    [
      '{{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Chart.Metadata.Name }} {{ len .Chart.Keywords }}' +
        '{{ range .Chart.Sources }}x{{ end }} {{ .Chart.Annotations.x }}{{ .Chart.Metadata.Annotations.zz }}',
      'd true d 0 true',
    ],
  ];
  const got = render(
    CHART,
    cases.map(([t]) => t),
  );
  cases.forEach(([t, want], i) => assert.equal(got[i], want, t));
});

test('.Values has chartutil.Values methods, Encode included (a method shadows a key)', () => {
  // helm: `.Values.Encode` is the method Encode(io.Writer) error, not a missing key.
  assert.throws(
    () => render(CHART, ['{{ .Values.Encode }}']),
    /at <\.Values\.Encode>: wrong number of args for Encode: want 1 got 0/,
  );
  assert.throws(
    () => render(CHART, ['{{ .Values.Encode "x" }}']),
    /at <"x">: can't handle "x" for arg of type io\.Writer/,
  );
});
