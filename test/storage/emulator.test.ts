import { test, after, before } from 'node:test';
import { kubeSecretsApi } from '../../lib/kube/index.ts';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator } from '../../infra/local/kube/index.ts';
import type { KubeEmulator } from '../../infra/local/kube/index.ts';
import { releaseToJSON } from '../../lib/release/index.ts';
import {
  ConflictError,
  LEASE_OWNER_ANNOTATION,
  OperationInProgressError,
  ReleaseExistsError,
  ReleaseNotFoundError,
  SecretsDriver,
  Storage,
  acquireLease,
  completeLease,
  makeKey,
} from '../../lib/storage/index.ts';
import { rel } from './helpers.ts';

let kube: KubeEmulator;
let kc: KubeConfig;

before(async () => {
  kube = await startKubeEmulator({ port: 0, controllers: false });
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'emu', server: kube.url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'emu', cluster: 'emu', user: 'u', namespace: 'default' }],
    currentContext: 'emu',
  });
});
after(async () => {
  await kube.close();
});

test('SecretsDriver through the kube transport against the emulator: create/get/query/update/delete', async () => {
  const driver = new SecretsDriver(kubeSecretsApi(kc));
  const storage = new Storage(driver);
  const r1 = rel('emu', 1, 'deployed', { labels: { team: 'x' } });
  await storage.create(r1);
  await assert.rejects(storage.create(r1), ReleaseExistsError);
  const got = await storage.get('emu', 1);
  assert.equal(releaseToJSON(got), releaseToJSON(r1));
  assert.deepEqual(got.labels, { team: 'x' });
  const rec = await storage.getRecord('emu', 1);
  assert.equal(rec.labels.owner, 'helm');
  assert.ok(rec.resourceVersion !== '');
  await storage.create(rel('emu', 2, 'pending-upgrade'));
  assert.deepEqual((await storage.history('emu')).map((r) => r.version).sort(), [1, 2]);
  assert.equal((await storage.deployed('emu')).version, 1);
  await storage.update(rel('emu', 1, 'superseded'));
  await storage.update(rel('emu', 2, 'deployed'));
  assert.equal((await storage.deployed('emu')).version, 2);
  // Conditional update with a stale resourceVersion is a conflict.
  await assert.rejects(
    driver.update(makeKey('emu', 1), rel('emu', 1, 'failed'), { resourceVersion: rec.resourceVersion }),
    ConflictError,
  );
  assert.equal((await storage.delete('emu', 1)).version, 1);
  await assert.rejects(storage.get('emu', 1), ReleaseNotFoundError);
});

test('lease race through the kube transport against the emulator: exactly one wins', async () => {
  const storage = new Storage(new SecretsDriver(kubeSecretsApi(kc)));
  const deadline = new Date(Date.now() + 60_000);
  const results = await Promise.allSettled(
    ['a', 'b', 'c', 'd'].map((owner) =>
      acquireLease(storage, rel('race', 1, 'pending-install'), { owner, deadline }),
    ),
  );
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.equal(won.length, 1);
  for (const r of results)
    if (r.status === 'rejected') assert.ok(r.reason instanceof OperationInProgressError);
  const lease = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLease>>>).value;
  assert.equal((await storage.getRecord('race', 1)).annotations[LEASE_OWNER_ANNOTATION], lease.owner);
  await completeLease(storage, lease, rel('race', 1, 'deployed'));
  assert.deepEqual((await storage.getRecord('race', 1)).annotations, {});
});
