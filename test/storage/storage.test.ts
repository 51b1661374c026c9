import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MemoryDriver,
  NoDeployedReleasesError,
  ReleaseExistsError,
  SecretsDriver,
  Storage,
} from '../../lib/storage/index.ts';
import { FakeSecretsApi, rel } from './helpers.ts';

async function seeded(statuses: string[], maxHistory: number): Promise<Storage> {
  const storage = new Storage(new MemoryDriver('default'), { maxHistory: 0 });
  for (const [i, s] of statuses.entries()) await storage.create(rel('r', i + 1, s));
  storage.maxHistory = maxHistory;
  return storage;
}

const versions = async (s: Storage): Promise<number[]> =>
  (await s.history('r')).map((r) => r.version ?? 0).sort((a, b) => a - b);

test("MaxHistory: Helm's verified case — 5 revisions, max 3: v1..v3 pruned before v6 is written", async () => {
  const s = await seeded(['superseded', 'superseded', 'superseded', 'superseded', 'deployed'], 3);
  await s.create(rel('r', 6, 'pending-upgrade'));
  assert.deepEqual(await versions(s), [4, 5, 6]);
});

test('MaxHistory: the latest deployed revision is never pruned, whatever its age', async () => {
  const s = await seeded(['superseded', 'deployed', 'failed', 'failed', 'failed'], 3);
  await s.create(rel('r', 6, 'pending-upgrade'));
  assert.deepEqual(await versions(s), [2, 5, 6]);
});

test('MaxHistory: without a deployed revision, oldest go first (failed, pending, uninstalled alike)', async () => {
  const s = await seeded(['failed', 'pending-upgrade', 'uninstalled', 'failed'], 2);
  await s.create(rel('r', 5, 'pending-install'));
  assert.deepEqual(await versions(s), [4, 5]);
});

test('MaxHistory: 1 keeps only the deployed revision besides the new one; 0 keeps everything', async () => {
  const one = await seeded(['superseded', 'deployed', 'failed'], 1);
  await one.create(rel('r', 4, 'pending-upgrade'));
  assert.deepEqual(await versions(one), [2, 4]);
  const unlimited = await seeded(['superseded', 'deployed', 'failed'], 0);
  await unlimited.create(rel('r', 4, 'pending-upgrade'));
  assert.deepEqual(await versions(unlimited), [1, 2, 3, 4]);
});

test('MaxHistory: several records labelled deployed (corrupted history) — only the highest is protected', async () => {
  const s = await seeded(['deployed', 'deployed', 'failed', 'failed'], 2);
  await s.create(rel('r', 5, 'pending-upgrade'));
  assert.deepEqual(await versions(s), [2, 5]);
});

test('MaxHistory pruning runs before the write, even when the write then fails (as Helm)', async () => {
  const api = new FakeSecretsApi();
  const s = new Storage(new SecretsDriver(api));
  for (let v = 1; v <= 3; v++) await s.create(rel('r', v, v === 3 ? 'deployed' : 'superseded'));
  s.maxHistory = 2;
  await assert.rejects(s.create(rel('r', 3, 'pending-upgrade')), ReleaseExistsError);
  // Helm's calls for pruning: History, Deployed, then GET+DELETE per pruned record.
  const tail = api.calls.slice(api.calls.indexOf('LIST name=r,owner=helm'));
  assert.deepEqual(await versions(s), [3]);
  assert.deepEqual(tail, [
    'LIST name=r,owner=helm',
    'LIST name=r,owner=helm,status=deployed',
    'GET sh.helm.release.v1.r.v1',
    'DELETE sh.helm.release.v1.r.v1',
    'GET sh.helm.release.v1.r.v2',
    'DELETE sh.helm.release.v1.r.v2',
    'POST sh.helm.release.v1.r.v3',
  ]);
});

test("create of an existing revision: a clear error that still carries Helm's text", async () => {
  const s = await seeded(['deployed'], 0);
  await assert.rejects(s.create(rel('r', 1, 'pending-upgrade')), (e) => {
    assert.ok(e instanceof ReleaseExistsError);
    assert.equal(e.key, 'sh.helm.release.v1.r.v1');
    assert.equal(
      e.message,
      'release "r" revision 1 (sh.helm.release.v1.r.v1) was written by another operation first: release: already exists',
    );
    return true;
  });
});

test('deployed / deployedAll / last / history / list helpers', async () => {
  const s = await seeded(['superseded', 'deployed', 'failed'], 0);
  assert.equal((await s.deployed('r')).version, 2);
  assert.equal((await s.last('r')).version, 3);
  assert.equal((await s.get('r', 1)).info?.status, 'superseded');
  assert.deepEqual(
    (await s.listDeployed()).map((r) => r.version),
    [2],
  );
  await assert.rejects(
    s.deployed('nope'),
    (e) => e instanceof NoDeployedReleasesError && e.message === '"nope" has no deployed releases',
  );
  await assert.rejects(s.history('nope'), { message: 'release: not found' });
  await s.update({ ...rel('r', 3, 'uninstalled') });
  assert.deepEqual(
    (await s.listUninstalled()).map((r) => r.version),
    [3],
  );
  assert.equal((await s.delete('r', 3)).version, 3);
  assert.equal((await s.last('r')).version, 2);
  // Deployed() filters on the status *label*; with two records labelled deployed the highest wins.
  const two = await seeded(['deployed', 'deployed'], 0);
  assert.equal((await two.deployed('r')).version, 2);
  assert.equal((await two.deployedAll('r')).length, 2);
});

test('memory driver namespaces are separate; shared drivers see one store', async () => {
  const a = new MemoryDriver('a');
  const b = new MemoryDriver('b', { shareWith: a });
  const a2 = new MemoryDriver('a', { shareWith: a });
  await new Storage(a).create(rel('r', 1, 'deployed'));
  await assert.rejects(new Storage(b).history('r'), { message: 'release: not found' });
  assert.equal((await new Storage(a2).last('r')).version, 1);
});
