import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LEASE_EXPIRES_ANNOTATION,
  LEASE_OWNER_ANNOTATION,
  LeaseLostError,
  MemoryDriver,
  OperationInProgressError,
  SecretsDriver,
  Storage,
  acquireLease,
  completeLease,
  renewLease,
  updateUnderLease,
} from '../../lib/storage/index.ts';
import type { Driver } from '../../lib/storage/index.ts';
import { FakeSecretsApi, rel } from './helpers.ts';

const NOW = new Date('2026-11-24T04:00:00Z');
const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const clockAt = (s: number) => () => at(s);

// Every scenario runs over both drivers: the memory driver and the Secrets driver (API double).
const drivers: [string, () => Driver][] = [
  ['memory', () => new MemoryDriver('default')],
  ['secrets', () => new SecretsDriver(new FakeSecretsApi())],
];

const inProgress = (e: unknown): boolean =>
  e instanceof OperationInProgressError &&
  e.message === 'another operation (install/upgrade/rollback) is in progress';

for (const [kind, make] of drivers) {
  test(`[${kind}] two writers racing for the same revision: exactly one wins`, async () => {
    const storage = new Storage(make());
    await storage.create(rel('r', 1, 'deployed'));
    for (let round = 0; round < 5; round++) {
      const v = round + 2;
      const results = await Promise.allSettled(
        ['worker-a', 'worker-b', 'worker-c'].map((owner) =>
          acquireLease(storage, rel('r', v, 'pending-upgrade', { manifest: owner }), {
            owner,
            deadline: at(60),
            now: clockAt(0),
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      assert.equal(won.length, 1, `round ${round}: one winner`);
      for (const l of lost) assert.ok(inProgress((l as PromiseRejectedResult).reason));
      const lease = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLease>>>).value;
      const stored = await storage.getRecord('r', v);
      assert.equal(stored.annotations[LEASE_OWNER_ANNOTATION], lease.owner);
      assert.equal(stored.release.manifest, lease.owner, "the record is the winner's");
      await completeLease(storage, lease, rel('r', v, 'deployed'));
    }
  });

  test(`[${kind}] a live lease refuses a new operation; the holder renews and completes`, async () => {
    const storage = new Storage(make());
    const lease = await acquireLease(storage, rel('r', 1, 'pending-install'), {
      owner: 'a',
      deadline: at(60),
      now: clockAt(0),
    });
    await assert.rejects(
      acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
        owner: 'b',
        deadline: at(120),
        now: clockAt(30),
      }),
      (e) => {
        assert.ok(inProgress(e));
        assert.match(
          (e as OperationInProgressError).detail ?? '',
          /leased by a until 2026-11-24T04:01:00\.000Z/,
        );
        return true;
      },
    );
    await renewLease(storage, lease, at(300));
    assert.equal(
      (await storage.getRecord('r', 1)).annotations[LEASE_EXPIRES_ANNOTATION],
      '2026-11-24T04:05:00Z',
    );
    // After the original deadline but within the renewed one: still refused.
    await assert.rejects(
      acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
        owner: 'b',
        deadline: at(400),
        now: clockAt(120),
      }),
      inProgress,
    );
    await updateUnderLease(storage, lease, rel('r', 1, 'pending-install', { manifest: 'hooks ran' }));
    assert.equal((await storage.getRecord('r', 1)).annotations[LEASE_OWNER_ANNOTATION], 'a');
    await completeLease(storage, lease, rel('r', 1, 'deployed'));
    const done = await storage.getRecord('r', 1);
    assert.deepEqual(done.annotations, {});
    assert.equal(done.labels.status, 'deployed');
    // Now the next operation goes ahead.
    const next = await acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
      owner: 'b',
      deadline: at(400),
      now: clockAt(130),
    });
    assert.equal(next.version, 2);
  });

  test(`[${kind}] an expired lease is recovered: the record is marked failed, saying so, and the late holder loses`, async () => {
    const storage = new Storage(make());
    await storage.create(rel('r', 1, 'deployed'));
    const stale = await acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
      owner: 'crashed',
      deadline: at(60),
      now: clockAt(0),
    });
    const fresh = await acquireLease(storage, rel('r', 3, 'pending-upgrade'), {
      owner: 'rescuer',
      deadline: at(400),
      now: clockAt(61),
    });
    assert.equal(fresh.version, 3);
    const recovered = await storage.getRecord('r', 2);
    assert.equal(recovered.release.info?.status, 'failed');
    assert.equal(recovered.labels.status, 'failed');
    assert.equal(
      recovered.release.info?.description,
      'pending-upgrade operation abandoned: lease of crashed expired at 2026-11-24T04:01:00.000Z; marked failed by slipway',
    );
    assert.deepEqual(recovered.annotations, {});
    await assert.rejects(completeLease(storage, stale, rel('r', 2, 'deployed')), LeaseLostError);
    assert.equal((await storage.get('r', 2)).info?.status, 'failed');
  });

  test(`[${kind}] two workers recovering the same expired lease: exactly one proceeds`, async () => {
    const storage = new Storage(make());
    await acquireLease(storage, rel('r', 1, 'pending-install'), {
      owner: 'crashed',
      deadline: at(10),
      now: clockAt(0),
    });
    const results = await Promise.allSettled(
      ['x', 'y'].map((owner) =>
        acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
          owner,
          deadline: at(500),
          now: clockAt(100),
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(inProgress(rejected.reason));
  });

  test(`[${kind}] a pending record written by helm (no lease) is refused, as helm refuses it`, async () => {
    const storage = new Storage(make());
    await storage.create(rel('r', 1, 'pending-install'));
    await assert.rejects(
      acquireLease(storage, rel('r', 2, 'pending-upgrade'), {
        owner: 'b',
        deadline: at(60),
        now: clockAt(1e6),
      }),
      (e) => inProgress(e) && /carries no slipway lease/.test((e as OperationInProgressError).detail ?? ''),
    );
  });

  test(`[${kind}] the revision must be the next one; leases are only taken with pending records`, async () => {
    const storage = new Storage(make());
    await storage.create(rel('r', 1, 'deployed'));
    await assert.rejects(
      acquireLease(storage, rel('r', 3, 'pending-upgrade'), {
        owner: 'a',
        deadline: at(60),
        now: clockAt(0),
      }),
      inProgress,
    );
    await assert.rejects(
      acquireLease(storage, rel('r', 2, 'deployed'), { owner: 'a', deadline: at(60), now: clockAt(0) }),
      /pending-\* record/,
    );
  });
}

test('lease pruning interplay: MaxHistory applies to the create that takes the lease', async () => {
  const storage = new Storage(new MemoryDriver('default'), { maxHistory: 2 });
  await storage.create(rel('r', 1, 'superseded'));
  await storage.create(rel('r', 2, 'deployed'));
  await acquireLease(storage, rel('r', 3, 'pending-upgrade'), {
    owner: 'a',
    deadline: at(60),
    now: clockAt(0),
  });
  assert.deepEqual((await storage.history('r')).map((r) => r.version).sort(), [2, 3]);
});
