/**
 * Times, durations and locations as template values: `time.Time` is a non-pointer GoStruct
 * whose Go methods templates can call, `time.Duration` a GoInt of that named type.
 */
import { intStringers } from '../fmt.ts';
import { GoError, GoFunc, GoInt, GoStruct, type GoValue } from '../value.ts';
import { formatDuration, roundDuration } from './duration.ts';
import { LONG_DAYS, LONG_MONTHS, quote } from './format.ts';
import { GoTime } from './instant.ts';
import { Location, UTC, local } from './zone.ts';

/** A `time.Duration` value, with Duration's methods. */
export function durationValue(ns: bigint): GoInt {
  const d = BigInt.asIntN(64, ns);
  const m = (name: string, params: string[], result: string, fn: (...args: GoValue[]) => GoValue) =>
    new GoFunc({ name, params, result, fn });
  // Whole units plus the remainder's fraction, as Go computes them (exact for large values).
  const fraction = (unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);
  return new GoInt('int64', d, 'time.Duration', {
    Hours: m('Hours', [], 'float64', () => fraction(3_600_000_000_000n)),
    Minutes: m('Minutes', [], 'float64', () => fraction(60_000_000_000n)),
    Seconds: m('Seconds', [], 'float64', () => fraction(1_000_000_000n)),
    Milliseconds: m('Milliseconds', [], 'int64', () => int64(d / 1_000_000n)),
    Microseconds: m('Microseconds', [], 'int64', () => int64(d / 1_000n)),
    Nanoseconds: m('Nanoseconds', [], 'int64', () => int64(d)),
    String: m('String', [], 'string', () => formatDuration(d)),
    Round: m('Round', ['time.Duration'], 'time.Duration', (u) =>
      durationValue(roundDuration(d, durationArg(u))),
    ),
    Truncate: m('Truncate', ['time.Duration'], 'time.Duration', (u) => {
      const unit = durationArg(u);
      return durationValue(unit <= 0n ? d : d - (d % unit));
    }),
    Abs: m('Abs', [], 'time.Duration', () =>
      durationValue(d >= 0n ? d : d === -(1n << 63n) ? (1n << 63n) - 1n : -d),
    ),
  });
}

/** The GoTime inside a `time.Time` / `*time.Time` value, if it is one. */
export function asGoTime(v: GoValue): GoTime | undefined {
  if (
    v instanceof GoStruct &&
    (v.type === 'time.Time' || v.type === '*time.Time') &&
    v.native instanceof GoTime
  ) {
    return v.native;
  }
  return undefined;
}

/** The Location inside a `*time.Location` value. */
function asLocation(v: GoValue): Location | undefined {
  return v instanceof GoStruct && v.native instanceof Location ? v.native : undefined;
}

function locationValue(loc: Location): GoStruct {
  return new GoStruct({
    type: '*time.Location',
    stringer: () => loc.name,
    native: loc,
    methods: {
      String: new GoFunc({ name: 'String', params: [], result: 'string', fn: () => loc.name }),
    },
  });
}

const int = (n: number | bigint) => new GoInt('int', BigInt(n));
const int64 = (n: bigint) => new GoInt('int64', n);

function durationArg(v: GoValue): bigint {
  return v instanceof GoInt ? BigInt.asIntN(64, v.value) : 0n;
}

function timeArg(v: GoValue, method: string): GoTime {
  const t = asGoTime(v);
  if (!t) throw new GoError(`${method}: argument is not a time.Time`);
  return t;
}

/** RFC 3339 with nanoseconds, as MarshalJSON/MarshalText write it (years 0..9999 only). */
function marshalText(t: GoTime, method: string): string {
  const year = t.fields().year;
  if (year < 0 || year > 9999) throw new GoError(`Time.${method}: year outside of range [0,9999]`);
  return t.format('2006-01-02T15:04:05.999999999Z07:00');
}

/** A method text/template refuses to call, failing with Go's goodFunc error. */
function unusable(name: string, params: string[], signatureError: string): GoFunc {
  return new GoFunc({
    name,
    params,
    fn: () => {
      throw new GoError(signatureError);
    },
    signatureError,
  });
}

/** A `time.Time` template value with Go's methods. */
export function timeValue(t: GoTime): GoStruct {
  const f = () => t.fields();
  const m = (name: string, params: string[], result: string, fn: (...args: GoValue[]) => GoValue) =>
    new GoFunc({ name, params, result, fn });
  return new GoStruct({
    type: 'time.Time',
    pointer: false,
    stringer: () => t.toString(),
    native: t,
    methods: {
      Add: m('Add', ['time.Duration'], 'time.Time', (d) => timeValue(t.add(durationArg(d)))),
      AddDate: m('AddDate', ['int', 'int', 'int'], 'time.Time', (y, mo, d) =>
        timeValue(t.addDate(Number(durationArg(y)), Number(durationArg(mo)), Number(durationArg(d)))),
      ),
      After: m('After', ['time.Time'], 'bool', (u) => t.compare(timeArg(u, 'After')) > 0),
      Before: m('Before', ['time.Time'], 'bool', (u) => t.compare(timeArg(u, 'Before')) < 0),
      Compare: m('Compare', ['time.Time'], 'int', (u) => int(t.compare(timeArg(u, 'Compare')))),
      Day: m('Day', [], 'int', () => int(f().day)),
      Equal: m('Equal', ['time.Time'], 'bool', (u) => t.compare(timeArg(u, 'Equal')) === 0),
      Format: m('Format', ['string'], 'string', (layout) => t.format(String(layout))),
      GoString: m('GoString', [], 'string', () => goString(t)),
      Hour: m('Hour', [], 'int', () => int(f().hour)),
      In: m('In', ['*time.Location'], 'time.Time', (loc) => {
        const l = asLocation(loc);
        if (!l) throw new GoError('time: missing Location in call to Time.In');
        return timeValue(t.in(l));
      }),
      IsZero: m('IsZero', [], 'bool', () => t.isZero()),
      Local: m('Local', [], 'time.Time', () => timeValue(t.local())),
      Location: m('Location', [], '*time.Location', () => locationValue(t.loc)),
      MarshalJSON: m('MarshalJSON', [], '[]uint8', () =>
        Buffer.from(`"${marshalText(t, 'MarshalJSON')}"`, 'utf8'),
      ),
      MarshalText: m('MarshalText', [], '[]uint8', () => Buffer.from(marshalText(t, 'MarshalText'), 'utf8')),
      Minute: m('Minute', [], 'int', () => int(f().minute)),
      Month: m('Month', [], 'time.Month', () => new GoInt('int', BigInt(f().month), 'time.Month')),
      Nanosecond: m('Nanosecond', [], 'int', () => int(t.nsec)),
      Round: m('Round', ['time.Duration'], 'time.Time', (d) => timeValue(t.round(durationArg(d)))),
      Second: m('Second', [], 'int', () => int(f().second)),
      String: m('String', [], 'string', () => t.toString()),
      Sub: m('Sub', ['time.Time'], 'time.Duration', (u) => durationValue(t.sub(timeArg(u, 'Sub')))),
      Truncate: m('Truncate', ['time.Duration'], 'time.Time', (d) => timeValue(t.truncate(durationArg(d)))),
      UTC: m('UTC', [], 'time.Time', () => timeValue(t.utc())),
      Unix: m('Unix', [], 'int64', () => int64(t.sec)),
      UnixMicro: m('UnixMicro', [], 'int64', () => int64(BigInt.asIntN(64, t.unixNano / 1000n))),
      UnixMilli: m('UnixMilli', [], 'int64', () => int64(BigInt.asIntN(64, t.unixNano / 1_000_000n))),
      UnixNano: m('UnixNano', [], 'int64', () => int64(BigInt.asIntN(64, t.unixNano))),
      Weekday: m('Weekday', [], 'time.Weekday', () => new GoInt('int', BigInt(f().weekday), 'time.Weekday')),
      Year: m('Year', [], 'int', () => int(f().year)),
      YearDay: m('YearDay', [], 'int', () => int(f().yday)),
      // Methods with several results exist on time.Time but cannot be called from a template.
      Clock: unusable('Clock', [], 'function Clock has 3 return values; should be 1 or 2'),
      Date: unusable('Date', [], 'function Date has 3 return values; should be 1 or 2'),
      ISOWeek: unusable(
        'ISOWeek',
        [],
        'invalid function signature for ISOWeek: second return value should be error; is int',
      ),
      Zone: unusable(
        'Zone',
        [],
        'invalid function signature for Zone: second return value should be error; is int',
      ),
      ZoneBounds: unusable(
        'ZoneBounds',
        [],
        'invalid function signature for ZoneBounds: second return value should be error; is time.Time',
      ),
    },
  });
}

function goString(t: GoTime): string {
  const f = t.fields();
  const loc =
    t.loc === UTC ? 'time.UTC' : t.loc === local() ? 'time.Local' : `time.Location(${quote(t.loc.name)})`;
  return `time.Date(${f.year}, time.${LONG_MONTHS[f.month - 1]}, ${f.day}, ${f.hour}, ${f.minute}, ${f.second}, ${t.nsec}, ${loc})`;
}

// fmt prints time.Weekday through its String method (Duration and Month are built into fmt).
if (!intStringers.has('time.Weekday')) {
  intStringers.set('time.Weekday', (d) => (d >= 0n && d <= 6n ? LONG_DAYS[Number(d)] : `%!Weekday(${d})`));
}
