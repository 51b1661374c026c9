/**
 * Differential check of the release records slipway writes: the real helm performs
 * install → upgrade → uninstall --keep-history on one release; slipway renders the same chart
 * with its own engine and writes the equivalent records for a second release through its
 * storage. Every view helm gives of the two histories must then be the same, names and
 * timestamps aside, and slipway must read back every record helm wrote as helm shows it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator, writeKubeconfig, type KubeEmulator } from '../../infra/local/kube/index.ts';
import { loadChart } from '../../lib/chart/index.ts';
import { goInt64, type GoMap } from '../../lib/go/value.ts';
import { chartToStored, helmNow, type Hook, type Release } from '../../lib/release/index.ts';
import { clientCapabilities, renderRelease } from '../../lib/render/template.ts';
import { kubeSecretsApi } from '../../lib/kube/index.ts';
import { SecretsDriver, Storage } from '../../lib/storage/index.ts';
import { processDependencies } from '../../lib/values/index.ts';
import { helmBinary } from '../release/helm-dry-run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHART = join(here, '..', 'release', 'fixtures', 'chart-basic');
const helm = helmBinary();

let kube: KubeEmulator;
let env: NodeJS.ProcessEnv;
let storage: Storage;

function runHelm(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(helm, [...args, '-n', 'default'], { env, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`helm ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

before(async () => {
  kube = await startKubeEmulator({ port: 0 });
  const home = mkdtempSync(join(tmpdir(), 'slipway-helm-diff-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeKubeconfig(kubeconfig, kube.url);
  env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig };
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  storage = new Storage(new SecretsDriver(kubeSecretsApi(kc, 'default')));
});

after(async () => {
  if (kube) await kube.close();
});

/** What slipway's engine renders for one revision: the record body helm would store. */
function renderRecord(name: string, a: number, version: number, isUpgrade: boolean): Release {
  const chart = loadChart(CHART);
  const config: GoMap = new Map([['a', goInt64(a)]]);
  processDependencies(chart, config);
  const rendered = renderRelease(
    chart,
    { releaseName: name, namespace: 'default', values: config, isUpgrade },
    clientCapabilities(undefined),
  );
  const now = helmNow();
  const event = isUpgrade ? 'pre-upgrade' : 'pre-install';
  const hooks: Hook[] = rendered.hooks.map((h) => ({
    name: h.name,
    kind: h.kind,
    path: h.path,
    manifest: h.manifest,
    events: h.events,
    last_run: h.events.includes(event)
      ? { started_at: now, completed_at: now, phase: 'Succeeded' }
      : { started_at: '', completed_at: '', phase: '' },
    weight: h.weight,
    // Helm's execHook gives a hook without a policy the default one when it runs it.
    delete_policies: h.deletePolicies.length > 0 ? h.deletePolicies : ['before-hook-creation'],
  }));
  return {
    name,
    info: {
      first_deployed: now,
      last_deployed: now,
      deleted: '',
      description: isUpgrade ? 'Upgrade complete' : 'Install complete',
      status: 'deployed',
      notes: rendered.notes,
    },
    chart: chartToStored(chart),
    config: new Map([['a', a]]),
    manifest: rendered.manifest,
    hooks,
    version,
    namespace: 'default',
  };
}

/** Helm's view with names and times made comparable. */
function normalize(text: string, name: string): string {
  return text
    .replaceAll(name, 'REL')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, 'TIME')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \w+/g, 'TIME')
    .replace(/\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/g, 'TIME');
}

async function views(name: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const add = async (key: string, args: string[]): Promise<void> => {
    out[key] = normalize(await runHelm(args), name);
  };
  await add('history', ['history', name, '-o', 'json']);
  await add('list', ['list', '-a', '--filter', `^${name}$`, '-o', 'json']);
  for (const rev of ['1', '2']) {
    await add(`status ${rev}`, ['status', name, '--revision', rev, '-o', 'json']);
    await add(`values ${rev}`, ['get', 'values', name, '--revision', rev, '-o', 'json']);
    await add(`manifest ${rev}`, ['get', 'manifest', name, '--revision', rev]);
    await add(`hooks ${rev}`, ['get', 'hooks', name, '--revision', rev]);
    await add(`notes ${rev}`, ['get', 'notes', name, '--revision', rev]);
  }
  return out;
}

test('helm shows the records slipway writes exactly as its own (install, upgrade, uninstall --keep-history)', async () => {
  await runHelm(['install', 'by-helm', CHART, '--set', 'a=1']);
  await runHelm(['upgrade', 'by-helm', CHART, '--set', 'a=2']);
  await runHelm(['uninstall', 'by-helm', '--keep-history']);

  const first = renderRecord('by-slipway', 1, 1, false);
  await storage.create(first);
  await storage.update({ ...first, info: { ...first.info!, status: 'superseded' } });
  const second = renderRecord('by-slipway', 2, 2, true);
  second.info = { ...second.info!, first_deployed: first.info!.first_deployed };
  await storage.create(second);
  await storage.update({
    ...second,
    info: {
      ...second.info!,
      status: 'uninstalled',
      description: 'Uninstallation complete',
      deleted: helmNow(),
    },
  });

  const helmViews = await views('by-helm');
  const slipwayViews = await views('by-slipway');
  for (const key of Object.keys(helmViews)) assert.equal(slipwayViews[key], helmViews[key], key);
});

test('slipway storage reads every record helm wrote as helm shows it', async () => {
  for (const revision of [1, 2]) {
    const record = await storage.get('by-helm', revision);
    const status = JSON.parse(
      await runHelm(['status', 'by-helm', '--revision', String(revision), '-o', 'json']),
    );
    assert.equal(record.version, status.version);
    assert.equal(record.info?.status, status.info.status);
    assert.equal(record.info?.description, status.info.description);
    assert.equal(record.info?.notes, status.info.notes);
    assert.equal(record.manifest, status.manifest);
    assert.deepEqual(Object.fromEntries(record.config ?? []), status.config);
    assert.deepEqual(
      (record.hooks ?? []).map((h) => [h?.name, h?.path, h?.last_run.phase]),
      status.hooks.map((h: { name: string; path: string; last_run: { phase: string } }) => [
        h.name,
        h.path,
        h.last_run.phase,
      ]),
    );
  }
  const history = JSON.parse(await runHelm(['history', 'by-helm', '-o', 'json'])) as {
    revision: number;
    status: string;
    chart: string;
    description: string;
  }[];
  const ours = await storage.history('by-helm');
  assert.deepEqual(
    ours
      .sort((a, b) => (a.version ?? 0) - (b.version ?? 0))
      .map((r) => ({
        revision: r.version,
        status: r.info?.status,
        chart: `${r.chart?.metadata?.name}-${r.chart?.metadata?.version}`,
        description: r.info?.description,
      })),
    history.map(({ revision, status, chart, description }) => ({ revision, status, chart, description })),
  );
});
