import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRelease, releaseToJSON } from '../../lib/release/index.ts';
import {
  ReleaseExistsError,
  ReleaseNotFoundError,
  SecretsDriver,
  labelSelector,
  makeKey,
  validateUserLabels,
} from '../../lib/storage/index.ts';
import { FakeSecretsApi, rel } from './helpers.ts';

const T0 = 1_790_000_000_000; // ms
function setup(): { api: FakeSecretsApi; driver: SecretsDriver; clock: { now: number } } {
  const clock = { now: T0 };
  const api = new FakeSecretsApi();
  return { api, driver: new SecretsDriver(api, { clock: () => clock.now }), clock };
}

test("Create writes Helm's Secret: name, type, labels, double-base64 data", async () => {
  const { api, driver } = setup();
  const r = rel('r1', 1, 'pending-install', { labels: { team: 'a' } });
  await driver.create(makeKey('r1', 1), r);
  assert.deepEqual(api.calls, ['POST sh.helm.release.v1.r1.v1']);
  const s = api.objects.get('sh.helm.release.v1.r1.v1')!;
  assert.equal(s.type, 'helm.sh/release.v1');
  assert.equal(s.metadata.annotations, undefined);
  assert.deepEqual(s.metadata.labels, {
    team: 'a',
    createdAt: String(T0 / 1000),
    name: 'r1',
    owner: 'helm',
    status: 'pending-install',
    version: '1',
  });
  assert.ok(s.data!.release.startsWith('SDRzSUFBQUFBQUFD')); // base64 of "H4sIAAAAAAAC"
  const helmText = Buffer.from(s.data!.release, 'base64').toString('ascii');
  assert.equal(releaseToJSON(decodeRelease(helmText)), releaseToJSON(r));
});

test('Update: modifiedAt replaces createdAt; stale timestamps carried in labels win; system labels last', async () => {
  const { api, driver, clock } = setup();
  await driver.create(makeKey('r', 1), rel('r', 1, 'pending-install'));
  clock.now += 60_000;
  await driver.update(makeKey('r', 1), rel('r', 1, 'deployed'));
  assert.deepEqual(api.objects.get(makeKey('r', 1))!.metadata.labels, {
    modifiedAt: String(T0 / 1000 + 60),
    name: 'r',
    owner: 'helm',
    status: 'deployed',
    version: '1',
  });
  // Upgrade copies Query-read labels (all of them) into the next revision: the stale
  // modifiedAt and a forged status are in release.labels; modifiedAt wins, status does not.
  const [queried] = await driver.query({ name: 'r', owner: 'helm' });
  assert.equal(queried.labels?.modifiedAt, String(T0 / 1000 + 60));
  clock.now += 60_000;
  await driver.create(makeKey('r', 2), { ...rel('r', 2, 'pending-upgrade'), labels: { ...queried.labels } });
  assert.deepEqual(api.objects.get(makeKey('r', 2))!.metadata.labels, {
    modifiedAt: String(T0 / 1000 + 60),
    createdAt: String(T0 / 1000 + 120),
    name: 'r',
    owner: 'helm',
    status: 'pending-upgrade',
    version: '2',
  });
});

test('Get strips system labels; List and Query keep them all', async () => {
  const { driver } = setup();
  await driver.create(makeKey('r', 1), rel('r', 1, 'deployed', { labels: { team: 'a' } }));
  assert.deepEqual((await driver.get(makeKey('r', 1))).labels, { team: 'a' });
  const [listed] = await driver.list(() => true);
  assert.equal(listed.labels?.owner, 'helm');
  assert.equal(listed.labels?.team, 'a');
  const [queried] = await driver.query({ name: 'r', owner: 'helm' });
  assert.equal(queried.labels?.status, 'deployed');
});

test("errors and API calls are Helm's", async () => {
  const { api, driver } = setup();
  await assert.rejects(
    driver.get(makeKey('x', 1)),
    (e) => e instanceof ReleaseNotFoundError && e.message === 'release: not found',
  );
  await assert.rejects(driver.query({ name: 'x', owner: 'helm' }), { message: 'release: not found' });
  await assert.rejects(
    driver.query({ name: 'bad name!' }),
    /^Error: invalid label value: "bad name!": a valid label must be an empty string/,
  );
  await driver.create(makeKey('r', 1), rel('r', 1, 'deployed'));
  await assert.rejects(
    driver.create(makeKey('r', 1), rel('r', 1, 'deployed')),
    (e) => e instanceof ReleaseExistsError && e.message === 'release: already exists',
  );
  await assert.rejects(
    driver.update(makeKey('r', 9), rel('r', 9, 'deployed')),
    /^Error: update: failed to update: secrets "sh.helm.release.v1.r.v9" not found/,
  );
  api.calls.length = 0;
  const gone = await driver.delete(makeKey('r', 1));
  assert.equal(gone.version, 1);
  assert.deepEqual(api.calls, ['GET sh.helm.release.v1.r.v1', 'DELETE sh.helm.release.v1.r.v1']);
  assert.equal(
    labelSelector({ status: 'deployed', owner: 'helm', name: 'r' }),
    'name=r,owner=helm,status=deployed',
  );
  assert.throws(() => validateUserLabels({ owner: 'me' }), {
    message:
      'user supplied labels contains system reserved label name. System labels: [name owner status version createdAt modifiedAt]',
  });
});

test('undecodable records are skipped by List/Query; Get reports them', async () => {
  const { api, driver } = setup();
  await driver.create(makeKey('r', 1), rel('r', 1, 'deployed'));
  api.objects.set(makeKey('r', 2), {
    metadata: {
      name: makeKey('r', 2),
      labels: { name: 'r', owner: 'helm', status: 'deployed', version: '2' },
    },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from('not base64 json').toString('base64') },
  });
  assert.deepEqual(
    (await driver.query({ name: 'r', owner: 'helm' })).map((r) => r.version),
    [1],
  );
  await assert.rejects(
    driver.get(makeKey('r', 2)),
    /^Error: get: failed to decode data "sh.helm.release.v1.r.v2": /,
  );
});
