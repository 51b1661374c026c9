/**
 * Interop with the real helm (v3.17.3) over the Kubernetes API emulator: records helm writes are
 * read by slipway's storage, and records slipway writes are listed, historied and rolled back by helm.
 */
import { test, after, before } from 'node:test';
import { kubeSecretsApi } from '../../lib/kube/index.ts';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator, writeKubeconfig } from '../../infra/local/kube/index.ts';
import type { KubeEmulator } from '../../infra/local/kube/index.ts';
import { decodeReleaseJSON, helmNow, releaseFromJSON, releaseToJSON } from '../../lib/release/index.ts';
import { SecretsDriver, Storage, acquireLease, completeLease, makeKey } from '../../lib/storage/index.ts';
import { helmBinary } from '../release/helm-dry-run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHART = join(here, '..', 'release', 'fixtures', 'chart-basic');
const helm = helmBinary();

let kube: KubeEmulator;
let kc: KubeConfig;
let env: NodeJS.ProcessEnv;

function runHelm(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(helm!, args, { env, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`helm ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

before(async () => {
  kube = await startKubeEmulator({ port: 0 });
  const home = mkdtempSync(join(tmpdir(), 'slipway-helm-home-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeKubeconfig(kubeconfig, kube.url);
  env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig, HELM_DRIVER: 'secret' };
  kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
});
after(async () => {
  if (kube) await kube.close();
});

test('a record helm installed is read by slipway storage, and re-encodes byte for byte', async () => {
  await runHelm(['install', 'byhelm', CHART, '--set', 'a=5', '-n', 'default', '--labels', 'team=blue']);
  const api = kubeSecretsApi(kc, 'default');
  const storage = new Storage(new SecretsDriver(api));
  const r = await storage.get('byhelm', 1);
  assert.equal(r.info?.status, 'deployed');
  assert.equal(r.info?.description, 'Install complete');
  assert.equal(r.config?.get('a'), 5);
  assert.deepEqual(r.labels, { team: 'blue' });
  assert.match(r.manifest ?? '', /name: byhelm-cm/);
  // The JSON helm stored, re-encoded by slipway, is identical.
  const secret = await api.get(makeKey('byhelm', 1));
  const json = decodeReleaseJSON(Buffer.from(secret.data!.release, 'base64').toString('ascii'));
  assert.equal(releaseToJSON(releaseFromJSON(json)), json);
  assert.equal(secret.type, 'helm.sh/release.v1');
  // Helm's final PUT (status deployed) replaced createdAt with modifiedAt (helm-behaviour.md §2.4).
  assert.deepEqual(Object.keys(secret.metadata.labels ?? {}).sort(), [
    'modifiedAt',
    'name',
    'owner',
    'status',
    'team',
    'version',
  ]);
});

test('slipway takes over a helm release: upgrade record written by slipway, then helm history/list/rollback', async () => {
  const storage = new Storage(new SecretsDriver(kubeSecretsApi(kc, 'default')), { maxHistory: 10 });
  const prev = await storage.last('byhelm');
  const now = helmNow();
  const next = {
    ...prev,
    info: {
      first_deployed: prev.info!.first_deployed,
      last_deployed: now,
      deleted: '',
      description: 'Preparing upgrade',
      status: 'pending-upgrade',
    },
    config: new Map([['a', 6]]),
    manifest: (prev.manifest ?? '').replace('{a: "5"}', '{a: "6"}'),
    version: 2,
  };
  const lease = await acquireLease(storage, next, {
    owner: 'slipway-test',
    deadline: new Date(Date.now() + 60_000),
  });
  // While slipway holds the lease, helm refuses to upgrade (newest record is pending-upgrade).
  await assert.rejects(
    runHelm(['upgrade', 'byhelm', CHART, '-n', 'default']),
    /another operation \(install\/upgrade\/rollback\) is in progress/,
  );
  await storage.update({ ...prev, info: { ...prev.info!, status: 'superseded' } });
  await completeLease(storage, lease, {
    ...next,
    info: { ...next.info, status: 'deployed', description: 'Upgrade complete' },
  });

  const history = JSON.parse(await runHelm(['history', 'byhelm', '-n', 'default', '-o', 'json'])) as {
    revision: number;
    status: string;
    description: string;
  }[];
  assert.deepEqual(
    history.map((h) => [h.revision, h.status, h.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ],
  );
  const list = JSON.parse(await runHelm(['list', '-n', 'default', '-o', 'json'])) as {
    name: string;
    revision: string;
    status: string;
  }[];
  assert.deepEqual(
    list.find((l) => l.name === 'byhelm'),
    { ...list.find((l) => l.name === 'byhelm'), revision: '2', status: 'deployed' },
  );
  const values = JSON.parse(
    await runHelm(['get', 'values', 'byhelm', '-n', 'default', '-o', 'json']),
  ) as Record<string, unknown>;
  assert.deepEqual(values, { a: 6 });

  // helm rolls back over slipway's record; slipway reads helm's result.
  await runHelm(['rollback', 'byhelm', '1', '-n', 'default']);
  const back = await storage.last('byhelm');
  assert.equal(back.version, 3);
  assert.equal(back.info?.status, 'deployed');
  assert.equal(back.info?.description, 'Rollback to 1');
  assert.equal((await storage.get('byhelm', 2)).info?.status, 'superseded');
});

test('helm lists a release slipway installed from scratch', async () => {
  const storage = new Storage(new SecretsDriver(kubeSecretsApi(kc, 'default')));
  const now = helmNow();
  const record = {
    name: 'fresh',
    info: {
      first_deployed: now,
      last_deployed: now,
      deleted: '',
      description: 'Install complete',
      status: 'deployed',
    },
    chart: {
      metadata: { name: 'c4', version: '0.1.0', apiVersion: 'v2' },
      lock: null,
      templates: null,
      values: null,
      schema: null,
      files: null,
    },
    manifest:
      '---\n# Source: c4/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh-cm\ndata: {a: "1"}\n',
    version: 1,
    namespace: 'default',
  };
  await storage.create(record);
  const list = JSON.parse(await runHelm(['list', '-n', 'default', '-o', 'json'])) as {
    name: string;
    revision: string;
    status: string;
    chart: string;
  }[];
  const fresh = list.find((l) => l.name === 'fresh');
  assert.equal(fresh?.status, 'deployed');
  assert.equal(fresh?.chart, 'c4-0.1.0');
  const status = await runHelm(['status', 'fresh', '-n', 'default', '-o', 'json']);
  // `helm status -o json` prints the record without its chart.
  assert.equal(status.trim(), releaseToJSON({ ...record, chart: null }));
});
