/**
 * Sprig date functions called directly (TZ=UTC, as the conformance runner sets it);
 * expectations from the sprig-dates conformance vectors (Helm v3.17.3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateFuncs } from '../../../lib/engine/funcs/sprig/dates.ts';
import { asGoTime, resetLocal } from '../../../lib/go/time.ts';
import { GoInt, GoStruct, goInt, goInt64, type GoValue } from '../../../lib/go/value.ts';

process.env.TZ = 'UTC';
resetLocal();

const call = (name: string, ...args: GoValue[]): GoValue => dateFuncs[name].fn(...args);
const toDate = (layout: string, value: string) => call('toDate', layout, value);
const show = (v: GoValue): string => {
  assert.ok(v instanceof GoStruct && v.stringer);
  return v.stringer();
};
const EPOCH = 1600000000; // values.yaml `epoch`, a float64
const TS = '2021-03-04T05:06:07Z';
const RFC3339 = '2006-01-02T15:04:05Z07:00';

test('toDate / mustToDate parse in Local and print like Go', () => {
  const d = toDate('2006-01-02', '2020-05-17');
  assert.equal(show(d), '2020-05-17 00:00:00 +0000 UTC');
  assert.equal((d as GoStruct).type, 'time.Time');
  // toDate swallows the error and returns the zero time.
  assert.equal(show(toDate('2006-01-02', 'not a date')), '0001-01-01 00:00:00 +0000 UTC');
  assert.throws(() => call('mustToDate', '2006-01-02', 'not a date'), {
    message: 'parsing time "not a date" as "2006-01-02": cannot parse "not a date" as "2006"',
  });
});

test('date formats times and integer Unix seconds; other inputs mean now', () => {
  assert.equal(call('date', '02/01/2006', toDate('2006-01-02', '2020-05-17')), '17/05/2020');
  assert.equal(call('date', '2006-01-02 15:04:05', goInt(0)), '1970-01-01 00:00:00');
  assert.equal(call('date', '2006-01-02 15:04', goInt64(EPOCH)), '2020-09-13 12:26');
  assert.equal(call('date', '2006-01-02 15:04', goInt(EPOCH)), '2020-09-13 12:26');
  assert.equal(call('date', '2006-01-02 15:04', new GoInt('int32', 86400n)), '1970-01-02 00:00');
  const thisYear = String(new Date().getUTCFullYear());
  assert.equal(call('date', '2006', '2020-05-17'), thisYear);
  assert.equal(call('date', '2006', EPOCH), thisYear); // float64 is not in Sprig's switch
  assert.equal(call('date', '2006', new GoInt('int64', 0n, 'time.Duration')), thisYear);
});

test('dateInZone and its alias; unknown zones fall back to UTC', () => {
  const ts = toDate(RFC3339, TS);
  assert.equal(call('dateInZone', '2006-01-02 15:04 MST', ts, 'UTC'), '2021-03-04 05:06 UTC');
  assert.equal(call('dateInZone', '15:04 MST', ts, 'Not/AZone'), '05:06 UTC');
  assert.equal(call('date_in_zone', '2006', goInt64(0), 'UTC'), '1970');
  assert.equal(call('dateInZone', '15:04 MST', ts, 'Europe/Berlin'), '06:06 CET');
  assert.equal(call('htmlDate', toDate('2006-01-02', '2020-05-17')), '2020-05-17');
  assert.equal(call('htmlDateInZone', toDate('2006-01-02', '2020-05-17'), 'UTC'), '2020-05-17');
});

test('dateModify adds a Go duration; the must variant reports bad ones', () => {
  const d = toDate('2006-01-02', '2020-05-17');
  assert.equal(call('date', '2006-01-02', call('dateModify', '-48h', d)), '2020-05-15');
  assert.equal(call('date', '2006-01-02', call('date_modify', '24h', d)), '2020-05-18');
  assert.equal(show(call('dateModify', 'bogus', d)), '2020-05-17 00:00:00 +0000 UTC');
  assert.equal(show(call('mustDateModify', '1h30m', d)), '2020-05-17 01:30:00 +0000 UTC');
  assert.throws(() => call('mustDateModify', 'bogus', d), { message: 'time: invalid duration "bogus"' });
  assert.throws(() => call('must_date_modify', '1d', d), {
    message: 'time: unknown unit "d" in duration "1d"',
  });
});

test('unixEpoch returns a string', () => {
  assert.equal(call('unixEpoch', toDate('2006-01-02', '2020-05-17')), '1589673600');
});

test('duration takes int64 seconds or numeric strings only', () => {
  assert.equal(call('duration', goInt64(90061)), '25h1m1s');
  assert.equal(call('duration', '3600'), '1h0m0s');
  assert.equal(call('duration', 42), '0s');
  assert.equal(call('duration', goInt(-5)), '0s'); // int is not int64
  assert.equal(call('duration', '-90'), '-1m30s');
  assert.equal(call('duration', '1.5'), '0s');
});

test('durationRound keeps the largest unit', () => {
  assert.equal(call('durationRound', '2h10m5s'), '2h');
  assert.equal(call('durationRound', '1000h'), '1mo');
  assert.equal(call('durationRound', '9000h'), '1y');
  assert.equal(call('durationRound', '125s'), '2m');
  assert.equal(call('durationRound', goInt64(3000000000)), '3s');
  assert.equal(call('durationRound', '-3h'), '3h');
  assert.equal(call('durationRound', goInt(5)), '0s');
  assert.equal(call('durationRound', '1h'), '60m'); // units compare with >
  assert.equal(call('durationRound', 'bogus'), '0s');
});

test('ago and now use the clock', () => {
  const v = call('now');
  assert.ok(v instanceof GoStruct && v.type === 'time.Time');
  assert.match(show(v), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/);
  assert.match(call('ago', toDate('2006-01-02', '2020-05-17')) as string, /^\d+h\d+m\d+s$/);
  assert.equal(call('ago', call('now')), '0s');
  assert.ok(asGoTime(v));
});

test('time.Time values carry Go methods templates use', () => {
  const d = toDate('2006-01-02', '2020-05-17') as GoStruct;
  assert.equal(d.methods.Format.fn('Jan 2, 2006'), 'May 17, 2020');
  assert.equal((d.methods.Unix.fn() as GoInt).value, 1589673600n);
  const utc = (toDate(RFC3339, '2021-03-04T05:06:07+02:00') as GoStruct).methods.UTC.fn();
  assert.equal(show(utc), '2021-03-04 03:06:07 +0000 UTC');
  assert.equal(Buffer.from(d.methods.MarshalJSON.fn() as Uint8Array).toString(), '"2020-05-17T00:00:00Z"');
});

// Expected values printed by helm v3.17.3 for `(toDate …).Sub (toDate …)` and its methods.
test('time.Duration values from Sub carry Duration’s methods', () => {
  const day = toDate('2006-01-02', '2021-06-01') as GoStruct;
  const sub = (t: GoValue, u: GoValue): GoInt => (t as GoStruct).methods.Sub.fn(u) as GoInt;
  const d = sub(toDate('2006-01-02', '2021-06-02'), day);
  const e = sub(toDate('2006-01-02T15:04:05', '2021-06-01T01:30:45'), day);
  const m = (x: GoInt, name: string, ...args: GoValue[]): GoValue => x.methods?.[name].fn(...args) ?? null;
  assert.deepEqual(
    ['Hours', 'Minutes', 'Seconds'].map((n) => m(d, n)),
    [24, 1440, 86400],
  );
  assert.deepEqual(
    ['Milliseconds', 'Microseconds', 'Nanoseconds'].map((n) => (m(d, n) as GoInt).value),
    [86400000n, 86400000000n, 86400000000000n],
  );
  assert.deepEqual(
    ['Hours', 'Minutes', 'Seconds', 'String'].map((n) => m(e, n)),
    [1.5125, 90.75, 5445, '1h30m45s'],
  );
  assert.equal(m(m(e, 'Round', d) as GoInt, 'String'), '0s');
  assert.equal(m(m(e, 'Truncate', d) as GoInt, 'String'), '0s');
  assert.equal(m(m(sub(day, toDate('2006-01-02', '2021-06-02')), 'Abs') as GoInt, 'String'), '24h0m0s');
});

// helm v3.17.3: `{{ $t.Zone }}` and friends fail with text/template's goodFunc errors.
test('time.Time methods with several results fail as text/template refuses them', () => {
  const t = toDate('2006-01-02', '2021-06-02') as GoStruct;
  assert.equal(t.methods.Clock.signatureError, 'function Clock has 3 return values; should be 1 or 2');
  assert.equal(
    t.methods.Zone.signatureError,
    'invalid function signature for Zone: second return value should be error; is int',
  );
});
