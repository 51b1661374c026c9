/**
 * Sprig's date functions (date.go, v3.3.0). Inputs follow Sprig's type switches exactly: a
 * `date` argument may be time.Time, *time.Time or an int/int32/int64 of Unix seconds, and
 * anything else (strings, float64 from values.yaml) silently means "now".
 */
import { GoError, GoFunc, GoInt, GoStruct, typeName, type FuncMap, type GoValue } from '../../../go/value.ts';
import {
  GoTime,
  SECOND,
  UTC,
  asGoTime,
  formatDuration,
  loadLocation,
  local,
  now,
  parseDuration,
  parseInLocation,
  roundDuration,
  since,
  timeValue,
  unix,
  ZERO_TIME,
  type Location,
} from '../../../go/time.ts';

const ANY = 'interface {}';
const TIME = 'time.Time';
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** An integer of exactly the Go type `type` (a type switch does not match named types). */
const intOfType = (v: GoValue, type: string): bigint | undefined =>
  v instanceof GoInt && v.type === type ? v.value : undefined;

/** A `time.Time` (not `*time.Time`), the only time type some of Sprig's switches accept. */
const isTimeValue = (v: GoValue): boolean =>
  v instanceof GoStruct && v.type === TIME && asGoTime(v) !== undefined;

function timeArg(v: GoValue): GoTime {
  const t = asGoTime(v);
  // The executor has checked the parameter type; this only guards direct calls.
  if (!t) throw new GoError(`wrong type for value; expected time.Time; got ${typeName(v)}`);
  return t;
}

/** Sprig's dateInZone input rule: times, int/int32/int64 Unix seconds, else now. */
function dateInput(v: GoValue): GoTime {
  const t = asGoTime(v);
  if (t) return t;
  const secs = intOfType(v, 'int64') ?? intOfType(v, 'int') ?? intOfType(v, 'int32');
  return secs !== undefined ? unix(secs) : now();
}

/** time.LoadLocation, falling back to UTC on error as Sprig does. */
function zoneOrUTC(zone: string): Location {
  try {
    return loadLocation(zone);
  } catch {
    return UTC;
  }
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  return dateInput(date).in(zoneOrUTC(zone)).format(layout);
}

/** strconv.ParseInt(s, 10, 64) as Sprig's `duration` uses it: errors ignored, range clamped. */
function parseIntClamped(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  return n > INT64_MAX ? INT64_MAX : n < INT64_MIN ? INT64_MIN : n;
}

function duration(sec: GoValue): string {
  const n = typeof sec === 'string' ? parseIntClamped(sec) : (intOfType(sec, 'int64') ?? 0n);
  return formatDuration(BigInt.asIntN(64, n * SECOND));
}

const YEAR = 3600n * SECOND * 24n * 365n;
const MONTH = 3600n * SECOND * 24n * 30n;
const DAY = 3600n * SECOND * 24n;
const HOUR = 3600n * SECOND;
const MINUTE = 60n * SECOND;

function durationRound(value: GoValue): string {
  let d = 0n;
  if (typeof value === 'string') {
    try {
      d = parseDuration(value);
    } catch {
      d = 0n;
    }
  } else if (intOfType(value, 'int64') !== undefined) {
    d = BigInt.asIntN(64, intOfType(value, 'int64') ?? 0n);
  } else {
    // Only a time.Time value, not *time.Time, matches Sprig's switch.
    const t = isTimeValue(value) ? asGoTime(value) : undefined;
    if (t) d = since(t);
  }
  // uint64 magnitude, as Sprig negates in unsigned arithmetic.
  const u = BigInt.asUintN(64, d < 0n ? -d : d);
  const units: [bigint, string][] = [
    [YEAR, 'y'],
    [MONTH, 'mo'],
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [SECOND, 's'],
  ];
  for (const [unit, suffix] of units) if (u > unit) return `${u / unit}${suffix}`;
  return '0s';
}

function dateAgo(value: GoValue): string {
  let t: GoTime;
  const secs = intOfType(value, 'int64') ?? intOfType(value, 'int');
  if (isTimeValue(value)) {
    t = timeArg(value);
  } else if (secs !== undefined) {
    t = unix(secs);
  } else {
    t = now();
  }
  return formatDuration(roundDuration(since(t), SECOND));
}

function dateModify(layout: string, date: GoValue, must: boolean): GoValue {
  const t = timeArg(date);
  let d: bigint;
  try {
    d = parseDuration(layout);
  } catch (e) {
    if (must) throw e;
    return date;
  }
  return timeValue(t.add(d));
}

function toDate(layout: string, value: string, must: boolean): GoValue {
  try {
    return timeValue(parseInLocation(layout, value, local()));
  } catch (e) {
    if (must) throw e;
    return timeValue(ZERO_TIME);
  }
}

const fn = (name: string, params: string[], result: string, body: (...args: GoValue[]) => GoValue) =>
  new GoFunc({ name, params, result, fn: body });

const dateInZoneFunc = (name: string) =>
  fn(name, ['string', ANY, 'string'], 'string', (layout, date, zone) =>
    dateInZone(String(layout), date, String(zone)),
  );
const dateModifyFunc = (name: string, must: boolean) =>
  fn(name, ['string', TIME], TIME, (layout, date) => dateModify(String(layout), date, must));

export const dateFuncs: FuncMap = {
  ago: fn('ago', [ANY], 'string', dateAgo),
  date: fn('date', ['string', ANY], 'string', (layout, date) => dateInZone(String(layout), date, 'Local')),
  date_in_zone: dateInZoneFunc('date_in_zone'),
  date_modify: dateModifyFunc('date_modify', false),
  dateInZone: dateInZoneFunc('dateInZone'),
  dateModify: dateModifyFunc('dateModify', false),
  duration: fn('duration', [ANY], 'string', duration),
  durationRound: fn('durationRound', [ANY], 'string', durationRound),
  htmlDate: fn('htmlDate', [ANY], 'string', (date) => dateInZone('2006-01-02', date, 'Local')),
  htmlDateInZone: fn('htmlDateInZone', [ANY, 'string'], 'string', (date, zone) =>
    dateInZone('2006-01-02', date, String(zone)),
  ),
  must_date_modify: dateModifyFunc('must_date_modify', true),
  mustDateModify: dateModifyFunc('mustDateModify', true),
  mustToDate: fn('mustToDate', ['string', 'string'], TIME, (layout, value) =>
    toDate(String(layout), String(value), true),
  ),
  now: fn('now', [], TIME, () => timeValue(now())),
  toDate: fn('toDate', ['string', 'string'], TIME, (layout, value) =>
    toDate(String(layout), String(value), false),
  ),
  unixEpoch: fn('unixEpoch', [TIME], 'string', (date) => timeArg(date).sec.toString()),
};
