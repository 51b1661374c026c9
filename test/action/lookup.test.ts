import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { install, upgrade, uninstall } from '../../lib/action/index.ts';
import { chart, startCluster, values, type Cluster } from './helpers.ts';

let c: Cluster;
before(async () => {
  c = await startCluster();
});
after(() => c.close());

async function cmData(name: string): Promise<Record<string, string>> {
  const res = await fetch(`${c.emu.url}/api/v1/namespaces/default/configmaps/${name}`);
  return ((await res.json()) as { data: Record<string, string> }).data;
}

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(c.emu.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 201);
}

test('lookup reads the live cluster during install and upgrade, following chained lookups', async () => {
  await post('/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'pointer' },
    data: { target: 'settings' },
  });
  await post('/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings' },
    data: { color: 'blue' },
  });
  const tpl = `{{- $p := lookup "v1" "ConfigMap" .Release.Namespace "pointer" }}
{{- $t := lookup "v1" "ConfigMap" .Release.Namespace (dig "data" "target" "none" $p) }}
{{- $self := lookup "v1" "ConfigMap" .Release.Namespace "lk-out" }}
{{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: lk-out
data:
  color: {{ dig "data" "color" "unset" $t | quote }}
  # a value generated once and kept on upgrades, the common use of lookup
  token: {{ dig "data" "token" (printf "gen-%d" .Release.Revision) $self | quote }}
  missing: {{ (lookup "v1" "Secret" .Release.Namespace "nope") | len | quote }}
  listed: {{ gt (len $all.items) 1 | quote }}
{{- if not $t }}
{{ fail "lookup of the target returned nothing" }}
{{- end }}
`;
  const ch = chart({ 'templates/out.yaml': tpl });
  const cfg = c.config();
  await install(cfg, { releaseName: 'lk', chart: ch, values: values() });
  assert.deepEqual(await cmData('lk-out'), { color: 'blue', token: 'gen-1', missing: '0', listed: 'true' });
  await upgrade(cfg, { releaseName: 'lk', chart: ch, values: values() });
  assert.equal((await cmData('lk-out')).token, 'gen-1', 'the upgrade saw the live object');
  // Client dry runs do not contact the cluster for lookups: every lookup is an empty map, so the
  // template fails where the live render (whose first pass failed the same way) succeeded.
  await assert.rejects(
    upgrade(cfg, { releaseName: 'lk', chart: ch, values: values(), dryRun: 'client' }),
    /at <len \$all.items>: error calling len: len of nil pointer$/,
  );
  await uninstall(cfg, { releaseName: 'lk' });
});
