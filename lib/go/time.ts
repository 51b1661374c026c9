/**
 * Go's `time` package as templates see it: `time.Time` (instant + location + optional monotonic
 * reading), Format/Parse with Go's reference layouts and exact ParseError texts, locations
 * (UTC, Local from $TZ, IANA zones), `time.Duration` with ParseDuration and String().
 *
 * Zones: offsets come from the TZif files Go itself reads (/usr/share/zoneinfo) when present,
 * so abbreviations match Go (`CEST`, `+04`); on systems without zoneinfo (e.g. slim Lambda
 * images) the offsets come from Intl and abbreviations are approximated.
 *
 * In the value model a time is a non-pointer GoStruct of type `time.Time` (its Go methods are
 * callable from templates), a duration a GoInt of type `time.Duration`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { GoError, GoFunc, GoInt, GoStruct, type GoValue } from './value.ts';

// ---------------------------------------------------------------------------------------------
// Locations

/** The zone in effect at an instant: abbreviation and offset in seconds east of UTC. */
export interface Zone {
  readonly name: string;
  readonly offset: number;
}

/** A time zone (`*time.Location`). */
export class Location {
  readonly name: string;
  private readonly zoneAt: (unixSec: number) => Zone;
  /** Zones the location can use, for parsing abbreviations (`MST` in a layout). */
  private readonly knownZones: readonly Zone[];

  constructor(name: string, zoneAt: (unixSec: number) => Zone, knownZones: readonly Zone[] = []) {
    this.name = name;
    this.zoneAt = zoneAt;
    this.knownZones = knownZones;
  }

  lookup(unixSec: bigint): Zone {
    return this.zoneAt(Number(unixSec));
  }

  /** The offset of abbreviation `abbr` around `unixSec`, as Go's `lookupName`. */
  lookupName(abbr: string, unixSec: bigint): number | undefined {
    for (const z of this.knownZones) {
      if (z.name === abbr && this.lookup(unixSec - BigInt(z.offset)).name === abbr) return z.offset;
    }
    for (const z of this.knownZones) if (z.name === abbr) return z.offset;
    const now = this.lookup(unixSec);
    return now.name === abbr ? now.offset : undefined;
  }

  toString(): string {
    return this.name;
  }
}

const UTC_ZONE: Zone = { name: 'UTC', offset: 0 };
export const UTC = new Location('UTC', () => UTC_ZONE, [UTC_ZONE]);

/** `time.FixedZone`. */
export function fixedZone(name: string, offset: number): Location {
  const zone = { name, offset };
  return new Location(name, () => zone, [zone]);
}

// TZif (zoneinfo file) reading: only what lookups need.
interface TzType {
  offset: number;
  isDst: boolean;
  name: string;
}

interface TzData {
  transitions: number[]; // unix seconds, ascending
  transitionTypes: number[];
  types: TzType[];
  /** The POSIX TZ rule for times after the last transition (TZif v2+ footer). */
  extend: string;
}

function parseTzif(buf: Buffer): TzData | undefined {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const header = (at: number) => ({
    version: buf[at + 4],
    isutcnt: buf.readUInt32BE(at + 20),
    isstdcnt: buf.readUInt32BE(at + 24),
    leapcnt: buf.readUInt32BE(at + 28),
    timecnt: buf.readUInt32BE(at + 32),
    typecnt: buf.readUInt32BE(at + 36),
    charcnt: buf.readUInt32BE(at + 40),
  });
  let h = header(0);
  let at = 44;
  let timeSize = 4;
  if (h.version >= 0x32) {
    // Skip the 32-bit block and read the 64-bit one.
    at += h.timecnt * 5 + h.typecnt * 6 + h.charcnt + h.leapcnt * 8 + h.isstdcnt + h.isutcnt;
    h = header(at);
    at += 44;
    timeSize = 8;
  }
  const transitions: number[] = [];
  for (let i = 0; i < h.timecnt; i++, at += timeSize) {
    transitions.push(timeSize === 8 ? Number(buf.readBigInt64BE(at)) : buf.readInt32BE(at));
  }
  const transitionTypes: number[] = [];
  for (let i = 0; i < h.timecnt; i++, at++) transitionTypes.push(buf[at]);
  const rawTypes: { offset: number; isDst: boolean; abbrIndex: number }[] = [];
  for (let i = 0; i < h.typecnt; i++, at += 6) {
    rawTypes.push({ offset: buf.readInt32BE(at), isDst: buf[at + 4] !== 0, abbrIndex: buf[at + 5] });
  }
  const chars = buf.toString('latin1', at, at + h.charcnt);
  at += h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt;
  let extend = '';
  if (timeSize === 8 && buf[at] === 0x0a) {
    const endLine = buf.indexOf(0x0a, at + 1);
    if (endLine > at) extend = buf.toString('latin1', at + 1, endLine);
  }
  const types = rawTypes.map((t) => ({
    offset: t.offset,
    isDst: t.isDst,
    name: abbreviationAt(chars, t.abbrIndex),
  }));
  if (types.length === 0) return undefined;
  return { transitions, transitionTypes, types, extend };
}

function abbreviationAt(chars: string, index: number): string {
  const end = chars.indexOf('\0', index);
  return chars.slice(index, end < 0 ? undefined : end);
}

/** Go's lookupFirstZone: the zone for times before the first transition. */
function firstZone(data: TzData): TzType {
  const { types, transitionTypes } = data;
  if (!transitionTypes.includes(0)) return types[0];
  if (transitionTypes.length > 0 && types[transitionTypes[0]].isDst) {
    for (let zi = transitionTypes[0] - 1; zi >= 0; zi--) if (!types[zi].isDst) return types[zi];
  }
  return types.find((t) => !t.isDst) ?? types[0];
}

/** Zone lookup as Go's Location.lookup: the transition table, then the footer's TZ rule. */
function tzifZoneAt(data: TzData): (unixSec: number) => Zone {
  const { transitions, transitionTypes, types, extend } = data;
  const first = firstZone(data);
  // Go adds a fake transition covering all time when a file has none.
  const tx = transitions.length > 0 ? transitions : [-Infinity];
  const txTypes = transitions.length > 0 ? transitionTypes : [0];
  return (unixSec) => {
    if (unixSec < tx[0]) return first;
    let lo = 0;
    let hi = tx.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tx[mid] <= unixSec) lo = mid;
      else hi = mid - 1;
    }
    if (lo === tx.length - 1 && extend !== '') {
      const z = tzset(extend, unixSec);
      if (z) return z;
    }
    return types[txTypes[lo]];
  };
}

// POSIX TZ rules (`CET-1CEST,M3.5.0,M10.5.0/3`), as Go's tzset evaluates them.
interface TzRule {
  kind: 'julian' | 'doy' | 'mwd';
  day: number;
  week: number;
  mon: number;
  time: number;
}

function tzsetName(s: string): [string, string] | undefined {
  if (s.length === 0) return undefined;
  if (s[0] !== '<') {
    const i = s.search(/[0-9,+-]/);
    if (i < 0) return s.length < 3 ? undefined : [s, ''];
    return i < 3 ? undefined : [s.slice(0, i), s.slice(i)];
  }
  const close = s.indexOf('>');
  return close < 0 ? undefined : [s.slice(1, close), s.slice(close + 1)];
}

function tzsetNum(s: string, min: number, max: number): [number, string] | undefined {
  const m = /^[0-9]+/.exec(s);
  if (!m) return undefined;
  const n = Number(m[0]);
  if (n < min || n > max) return undefined;
  return [n, s.slice(m[0].length)];
}

function tzsetOffset(s: string): [number, string] | undefined {
  if (s.length === 0) return undefined;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let r = tzsetNum(s, 0, 24 * 7);
  if (!r) return undefined;
  let off = r[0] * 3600;
  s = r[1];
  for (const unit of [60, 1]) {
    if (s[0] !== ':') break;
    r = tzsetNum(s.slice(1), 0, 59);
    if (!r) return undefined;
    off += r[0] * unit;
    s = r[1];
  }
  return [neg ? -off : off, s];
}

function tzsetRule(s: string): [TzRule, string] | undefined {
  const rule: TzRule = { kind: 'doy', day: 0, week: 0, mon: 0, time: 7200 };
  let r: [number, string] | undefined;
  if (s[0] === 'J') {
    r = tzsetNum(s.slice(1), 1, 365);
    if (!r) return undefined;
    rule.kind = 'julian';
    rule.day = r[0];
    s = r[1];
  } else if (s[0] === 'M') {
    const mon = tzsetNum(s.slice(1), 1, 12);
    if (!mon || mon[1][0] !== '.') return undefined;
    const week = tzsetNum(mon[1].slice(1), 1, 5);
    if (!week || week[1][0] !== '.') return undefined;
    const day = tzsetNum(week[1].slice(1), 0, 6);
    if (!day) return undefined;
    Object.assign(rule, { kind: 'mwd', mon: mon[0], week: week[0], day: day[0] });
    s = day[1];
  } else {
    r = tzsetNum(s, 0, 365);
    if (!r) return undefined;
    rule.day = r[0];
    s = r[1];
  }
  if (s[0] !== '/') return [rule, s];
  const t = tzsetOffset(s.slice(1));
  if (!t) return undefined;
  rule.time = t[0];
  return [rule, t[1]];
}

/** Seconds from the start of `year` at which `rule` takes effect, given the zone offset. */
function tzruleTime(year: number, rule: TzRule, off: number): number {
  let s: number;
  if (rule.kind === 'julian') {
    s = (rule.day - 1) * 86400 + (isLeap(year) && rule.day >= 60 ? 86400 : 0);
  } else if (rule.kind === 'doy') {
    s = rule.day * 86400;
  } else {
    // Zeller's congruence for the weekday of the month's first day.
    const m1 = ((rule.mon + 9) % 12) + 1;
    const yy0 = rule.mon <= 2 ? year - 1 : year;
    const yy1 = Math.trunc(yy0 / 100);
    const yy2 = yy0 % 100;
    let dow =
      (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = rule.day - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < rule.week; i++) {
      if (d + 7 >= daysIn(rule.mon, year)) break;
      d += 7;
    }
    d += daysBefore(rule.mon) + (isLeap(year) && rule.mon > 2 ? 1 : 0);
    s = d * 86400;
  }
  return s + rule.time - off;
}

function tzset(spec: string, unixSec: number): Zone | undefined {
  const std = tzsetName(spec);
  const stdOff = std && tzsetOffset(std[1]);
  if (!std || !stdOff) return undefined;
  let stdName = std[0];
  let stdOffset = -stdOff[0];
  let s = stdOff[1];
  if (s.length === 0 || s[0] === ',') return { name: stdName, offset: stdOffset };
  const dst = tzsetName(s);
  if (!dst) return undefined;
  let dstName = dst[0];
  let dstOffset: number;
  s = dst[1];
  if (s.length === 0 || s[0] === ',') {
    dstOffset = stdOffset + 3600;
  } else {
    const o = tzsetOffset(s);
    if (!o) return undefined;
    dstOffset = -o[0];
    s = o[1];
  }
  if (s.length === 0) s = ',M3.2.0,M11.1.0';
  if (s[0] !== ',' && s[0] !== ';') return undefined;
  const start = tzsetRule(s.slice(1));
  if (!start || start[1][0] !== ',') return undefined;
  const end = tzsetRule(start[1].slice(1));
  if (!end || end[1].length > 0) return undefined;

  const days = Math.floor(unixSec / 86400);
  const { year } = civilFromDays(days);
  const ysec = (days - daysFromCivil(year, 1, 1)) * 86400 + (((unixSec % 86400) + 86400) % 86400);
  let startSec = tzruleTime(year, start[0], stdOffset);
  let endSec = tzruleTime(year, end[0], dstOffset);
  if (endSec < startSec) {
    // Southern hemisphere: the rules' roles swap.
    [startSec, endSec] = [endSec, startSec];
    [stdName, dstName] = [dstName, stdName];
    [stdOffset, dstOffset] = [dstOffset, stdOffset];
  }
  if (ysec < startSec || ysec >= endSec) return { name: stdName, offset: stdOffset };
  return { name: dstName, offset: dstOffset };
}

const intlFormatters = new Map<string, Intl.DateTimeFormat>();

function intlFormatter(zone: string): Intl.DateTimeFormat {
  let f = intlFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    intlFormatters.set(zone, f);
  }
  return f;
}

function intlAccepts(zone: string): boolean {
  try {
    intlFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

// JS Dates cover ±8.64e15 ms; clamp so far-off instants still get an offset.
const MAX_JS_SEC = 8.64e12;

function intlOffset(zone: string, unixSec: number): number {
  const sec = Math.max(-MAX_JS_SEC, Math.min(MAX_JS_SEC, unixSec));
  const parts = intlFormatter(zone).formatToParts(new Date(sec * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall =
    daysFromCivil(year, get('month'), get('day')) * 86400 +
    get('hour') * 3600 +
    get('minute') * 60 +
    get('second');
  return wall - Math.floor(sec);
}

/** tzdata's style for zones without a letter abbreviation: `+04`, `+0530`, `-03`. */
function numericAbbreviation(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  return sign + pad(h, 2) + (m !== 0 ? pad(m, 2) : '');
}

function intlZoneAt(zone: string): (unixSec: number) => Zone {
  const abbrFormatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
  return (unixSec) => {
    const offset = intlOffset(zone, unixSec);
    const sec = Math.max(-MAX_JS_SEC, Math.min(MAX_JS_SEC, unixSec));
    const short =
      abbrFormatter.formatToParts(new Date(sec * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return { name: /^[A-Z]{3,5}$/.test(short) ? short : numericAbbreviation(offset), offset };
  };
}

function zoneinfoDirs(): string[] {
  const dirs: string[] = [];
  const env = process.env.ZONEINFO;
  if (env) dirs.push(env);
  dirs.push('/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/');
  return dirs.filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
}

function locationFromFile(path: string, name: string): Location | undefined {
  let data: TzData | undefined;
  try {
    data = parseTzif(readFileSync(path));
  } catch {
    return undefined;
  }
  if (!data) return undefined;
  const zones = data.types.map((t) => ({ name: t.name, offset: t.offset }));
  return new Location(name, tzifZoneAt(data), zones);
}

const loadedLocations = new Map<string, Location>();

/**
 * `time.LoadLocation`: `""`/`UTC` → UTC, `Local` → the local zone, else an IANA name.
 * Throws GoError with Go's message (`unknown time zone X`, `time: invalid location name`).
 */
export function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return local();
  if (name.includes('..') || name[0] === '/' || name[0] === '\\')
    throw new GoError('time: invalid location name');
  const cached = loadedLocations.get(name);
  if (cached) return cached;
  let loc: Location | undefined;
  const dirs = zoneinfoDirs();
  for (const dir of dirs) {
    const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    if (existsSync(path) && statSync(path).isFile()) {
      loc = locationFromFile(path, name);
      if (loc) break;
    }
  }
  // Without any zoneinfo on the system, Intl's copy of the tz database stands in.
  if (!loc && dirs.length === 0 && intlAccepts(name)) {
    const zoneAt = intlZoneAt(name);
    loc = new Location(name, zoneAt);
  }
  if (!loc) throw new GoError(`unknown time zone ${name}`);
  loadedLocations.set(name, loc);
  return loc;
}

let localLoc: Location | undefined;

/** `time.Local`, resolved from $TZ exactly as Go's initLocal does. */
export function local(): Location {
  localLoc ??= initLocal();
  return localLoc;
}

/** Forgets the cached Local zone (tests change $TZ). */
export function resetLocal(): void {
  localLoc = undefined;
}

function initLocal(): Location {
  const env = process.env.TZ;
  if (env === undefined) {
    const loc = locationFromFile('/etc/localtime', 'Local');
    if (loc) return loc;
  } else if (env !== '') {
    const tz = env.startsWith(':') ? env.slice(1) : env;
    if (tz.startsWith('/')) {
      const loc = locationFromFile(tz, tz === '/etc/localtime' ? 'Local' : tz);
      if (loc) return loc;
    } else if (tz !== '' && tz !== 'UTC') {
      try {
        return loadLocation(tz);
      } catch {
        // Fall back to UTC below.
      }
    }
  }
  return UTC;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (month: number, year: number): number =>
  month === 2 && isLeap(year) ? 29 : DAYS_IN[month - 1];

const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

// ---------------------------------------------------------------------------------------------
// Time

/** Seconds from year 1 (Go's zero Time) to the Unix epoch. */
const ZERO_TIME_UNIX = -62135596800n;
const NS = 1_000_000_000n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

// Monotonic readings count from process start, as Go's do (the `m=+0.09` in `{{ now }}`).
const monotonicNow = (): bigint => BigInt(Math.round(performance.now() * 1e6));

/** A Go `time.Time`. */
export class GoTime {
  /** Unix seconds. */
  readonly sec: bigint;
  /** Nanoseconds within the second, [0, 1e9). */
  readonly nsec: number;
  readonly loc: Location;
  /** Monotonic clock reading in ns (only for `time.Now()` and times derived by Add). */
  readonly mono: bigint | undefined;

  constructor(sec: bigint, nsec: number, loc: Location, mono?: bigint) {
    const extra = Math.floor(nsec / 1e9);
    this.sec = sec + BigInt(extra);
    this.nsec = nsec - extra * 1e9;
    this.loc = loc;
    this.mono = mono;
  }

  /** Nanoseconds since the Unix epoch. */
  get unixNano(): bigint {
    return this.sec * NS + BigInt(this.nsec);
  }

  isZero(): boolean {
    return this.sec === ZERO_TIME_UNIX && this.nsec === 0;
  }

  zone(): Zone {
    return this.loc.lookup(this.sec);
  }

  /** Wall-clock fields in the time's location. */
  fields(): {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    weekday: number;
    yday: number;
  } {
    const wall = this.sec + BigInt(this.zone().offset);
    const days = Number(floorDiv(wall, 86400n));
    const secOfDay = Number(wall - BigInt(days) * 86400n);
    const { year, month, day } = civilFromDays(days);
    return {
      year,
      month,
      day,
      hour: Math.floor(secOfDay / 3600),
      minute: Math.floor((secOfDay % 3600) / 60),
      second: secOfDay % 60,
      weekday: (((days + 4) % 7) + 7) % 7,
      yday: days - daysFromCivil(year, 1, 1) + 1,
    };
  }

  in(loc: Location): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }
  utc(): GoTime {
    return this.in(UTC);
  }
  local(): GoTime {
    return this.in(local());
  }

  add(d: bigint): GoTime {
    const total = this.unixNano + d;
    const sec = floorDiv(total, NS);
    return new GoTime(
      sec,
      Number(total - sec * NS),
      this.loc,
      this.mono === undefined ? undefined : this.mono + d,
    );
  }

  /** `t.Sub(u)`, saturating at the Duration range; monotonic readings win when both have one. */
  sub(u: GoTime): bigint {
    const d =
      this.mono !== undefined && u.mono !== undefined ? this.mono - u.mono : this.unixNano - u.unixNano;
    return d > INT64_MAX ? INT64_MAX : d < INT64_MIN ? INT64_MIN : d;
  }

  compare(u: GoTime): -1 | 0 | 1 {
    const d =
      this.mono !== undefined && u.mono !== undefined ? this.mono - u.mono : this.unixNano - u.unixNano;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }

  addDate(years: number, months: number, days: number): GoTime {
    const f = this.fields();
    return date(
      f.year + years,
      f.month + months,
      f.day + days,
      f.hour,
      f.minute,
      f.second,
      this.nsec,
      this.loc,
    );
  }

  /** Remainder of the time since Go's zero time modulo d (for Round/Truncate). */
  private sinceZeroMod(d: bigint): bigint {
    const ns = (this.sec - ZERO_TIME_UNIX) * NS + BigInt(this.nsec);
    return ((ns % d) + d) % d;
  }

  truncate(d: bigint): GoTime {
    const t = this.withoutMono();
    return d <= 0n ? t : t.add(-this.sinceZeroMod(d));
  }

  round(d: bigint): GoTime {
    const t = this.withoutMono();
    if (d <= 0n) return t;
    const r = this.sinceZeroMod(d);
    return r + r < d ? t.add(-r) : t.add(d - r);
  }

  withoutMono(): GoTime {
    return this.mono === undefined ? this : new GoTime(this.sec, this.nsec, this.loc);
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=±s.ns` with a monotonic reading. */
  toString(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const neg = this.mono < 0n;
      const m = neg ? -this.mono : this.mono;
      s += ` m=${neg ? '-' : '+'}${m / NS}.${(m % NS).toString().padStart(9, '0')}`;
    }
    return s;
  }
}

/** `time.Now()` (with a monotonic reading). */
export function now(): GoTime {
  const ms = Date.now();
  const hr = performance.timeOrigin + performance.now();
  // Sub-millisecond digits from the high-resolution clock, as Go's now has nanoseconds.
  const nsInMs = Math.max(0, Math.min(999_999, Math.round((hr - Math.floor(hr)) * 1e6)));
  const sec = Math.floor(ms / 1000);
  const nsec = (ms - sec * 1000) * 1e6 + nsInMs;
  return new GoTime(BigInt(sec), nsec, local(), monotonicNow());
}

/** `time.Unix(sec, nsec)` in Local. */
export function unix(sec: bigint, nsec = 0): GoTime {
  return new GoTime(sec, nsec, local());
}

/** Go's zero Time (`0001-01-01 00:00:00 +0000 UTC`). */
export const ZERO_TIME = new GoTime(ZERO_TIME_UNIX, 0, UTC);

/** `time.Since(t)`. */
export function since(t: GoTime): bigint {
  return now().sub(t);
}

/** `time.Date`: normalises out-of-range fields and resolves the wall time in `loc`. */
export function date(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  nsec: number,
  loc: Location,
): GoTime {
  const m0 = month - 1;
  year += Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const secExtra = Math.floor(nsec / 1e9);
  nsec -= secExtra * 1e9;
  const days = BigInt(daysFromCivil(year, m, 1) + day - 1);
  const wall =
    days * 86400n + BigInt(hour) * 3600n + BigInt(minute) * 60n + BigInt(second) + BigInt(secExtra);
  // Find the offset in effect: first guess from the wall time, then re-check at the result.
  const offset1 = loc.lookup(wall).offset;
  let unixSec = wall - BigInt(offset1);
  const offset2 = loc.lookup(unixSec).offset;
  if (offset2 !== offset1) unixSec = wall - BigInt(offset2);
  return new GoTime(unixSec, nsec, loc);
}

// ---------------------------------------------------------------------------------------------
// Layouts

type Std =
  | { kind: 'literal' }
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' }
  | { kind: 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { kind: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { kind: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'tz'; iso: boolean; form: 'hhmm' | 'hh:mm' | 'hh' | 'hhmmss' | 'hh:mm:ss' }
  | { kind: 'frac'; trim: boolean; digits: number; sep: string };

interface Chunk {
  prefix: string;
  std: Std;
  /** The layout text of the element (for ParseError). */
  text: string;
  suffix: string;
}

const STD_0X = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const;
const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const startsLower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';

/** Go's nextStdChunk: the first layout element in `layout`. */
function nextStdChunk(layout: string): Chunk {
  const chunk = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    text: layout.slice(prefixEnd, i + len),
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return chunk(i, { kind: 'longMonth' }, 7);
          if (!startsLower(rest.slice(3))) return chunk(i, { kind: 'month' }, 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return chunk(i, { kind: 'longWeekDay' }, 6);
          if (!startsLower(rest.slice(3))) return chunk(i, { kind: 'weekDay' }, 3);
        }
        if (rest.startsWith('MST')) return chunk(i, { kind: 'TZ' }, 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') {
          return chunk(i, { kind: STD_0X[rest.charCodeAt(1) - 49] }, 2);
        }
        if (rest.startsWith('002')) return chunk(i, { kind: 'zeroYearDay' }, 3);
        break;
      case '1':
        if (rest.startsWith('15')) return chunk(i, { kind: 'hour' }, 2);
        return chunk(i, { kind: 'numMonth' }, 1);
      case '2':
        if (rest.startsWith('2006')) return chunk(i, { kind: 'longYear' }, 4);
        return chunk(i, { kind: 'day' }, 1);
      case '_':
        if (rest.length >= 2 && rest[1] === '2') {
          // `_2006` is a literal underscore followed by the year.
          if (rest.startsWith('_2006')) return chunk(i + 1, { kind: 'longYear' }, 4);
          return chunk(i, { kind: 'underDay' }, 2);
        }
        if (rest.startsWith('__2')) return chunk(i, { kind: 'underYearDay' }, 3);
        break;
      case '3':
        return chunk(i, { kind: 'hour12' }, 1);
      case '4':
        return chunk(i, { kind: 'minute' }, 1);
      case '5':
        return chunk(i, { kind: 'second' }, 1);
      case 'P':
        if (rest.startsWith('PM')) return chunk(i, { kind: 'PM' }, 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return chunk(i, { kind: 'pm' }, 2);
        break;
      case '-':
      case 'Z': {
        const iso = layout[i] === 'Z';
        const body = rest.slice(1);
        if (body.startsWith('070000')) return chunk(i, { kind: 'tz', iso, form: 'hhmmss' }, 7);
        if (body.startsWith('07:00:00')) return chunk(i, { kind: 'tz', iso, form: 'hh:mm:ss' }, 9);
        if (body.startsWith('0700')) return chunk(i, { kind: 'tz', iso, form: 'hhmm' }, 5);
        if (body.startsWith('07:00')) return chunk(i, { kind: 'tz', iso, form: 'hh:mm' }, 6);
        if (body.startsWith('07')) return chunk(i, { kind: 'tz', iso, form: 'hh' }, 3);
        break;
      }
      case '.':
      case ',':
        if (rest.length >= 2 && (rest[1] === '0' || rest[1] === '9')) {
          const ch = rest[1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          // Only a fractional second when the run of digits ends here.
          if (!isDigitAt(layout, j)) {
            return chunk(i, { kind: 'frac', trim: ch === '9', digits: j - (i + 1), sep: layout[i] }, j - i);
          }
        }
        break;
    }
  }
  return { prefix: layout, std: { kind: 'literal' }, text: '', suffix: '' };
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  const s = Math.abs(n).toString().padStart(width, '0');
  return neg ? '-' + s : s;
}

function formatNano(nsec: number, std: { trim: boolean; digits: number; sep: string }): string {
  if (std.trim && (std.digits === 0 || nsec === 0)) return '';
  let s = std.sep + pad(nsec, 9);
  if (std.digits < 9) s = s.slice(0, 1 + std.digits);
  if (std.trim) {
    s = s.replace(/0+$/, '');
    if (s === std.sep) s = '';
  }
  return s;
}

/** `t.Format(layout)`. */
export function formatTime(t: GoTime, layout: string): string {
  const zone = t.zone();
  const f = t.fields();
  let out = '';
  while (layout !== '') {
    const { prefix, std, suffix } = nextStdChunk(layout);
    out += prefix;
    if (std.kind === 'literal') break;
    layout = suffix;
    switch (std.kind) {
      case 'year':
        out += pad(Math.abs(f.year) % 100, 2);
        break;
      case 'longYear':
        out += pad(f.year, 4);
        break;
      case 'month':
        out += SHORT_MONTHS[f.month - 1];
        break;
      case 'longMonth':
        out += LONG_MONTHS[f.month - 1];
        break;
      case 'numMonth':
        out += f.month;
        break;
      case 'zeroMonth':
        out += pad(f.month, 2);
        break;
      case 'weekDay':
        out += SHORT_DAYS[f.weekday];
        break;
      case 'longWeekDay':
        out += LONG_DAYS[f.weekday];
        break;
      case 'day':
        out += f.day;
        break;
      case 'underDay':
        out += (f.day < 10 ? ' ' : '') + f.day;
        break;
      case 'zeroDay':
        out += pad(f.day, 2);
        break;
      case 'underYearDay':
        out += (f.yday < 100 ? (f.yday < 10 ? '  ' : ' ') : '') + f.yday;
        break;
      case 'zeroYearDay':
        out += pad(f.yday, 3);
        break;
      case 'hour':
        out += pad(f.hour, 2);
        break;
      case 'hour12':
        out += f.hour % 12 === 0 ? 12 : f.hour % 12;
        break;
      case 'zeroHour12':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case 'minute':
        out += f.minute;
        break;
      case 'zeroMinute':
        out += pad(f.minute, 2);
        break;
      case 'second':
        out += f.second;
        break;
      case 'zeroSecond':
        out += pad(f.second, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'tz':
        out += formatOffset(zone.offset, std);
        break;
      case 'TZ':
        if (zone.name !== '') {
          out += zone.name;
        } else {
          const mins = Math.trunc(zone.offset / 60);
          out +=
            (mins < 0 ? '-' : '+') + pad(Math.floor(Math.abs(mins) / 60), 2) + pad(Math.abs(mins) % 60, 2);
        }
        break;
      case 'frac':
        out += formatNano(t.nsec, std);
        break;
    }
  }
  return out;
}

function formatOffset(offset: number, std: { iso: boolean; form: string }): string {
  if (offset === 0 && std.iso) return 'Z';
  const abs = Math.abs(offset);
  const mins = Math.floor(abs / 60);
  let s = (offset < 0 ? '-' : '+') + pad(Math.floor(mins / 60), 2);
  if (std.form.includes(':')) s += ':';
  if (std.form !== 'hh') s += pad(mins % 60, 2);
  if (std.form.endsWith('ss')) s += (std.form === 'hh:mm:ss' ? ':' : '') + pad(abs % 60, 2);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Go's strconv-free quote used in time errors (non-ASCII and control bytes as \x..). */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
    }
  }
  return out + '"';
}

class BadValue extends Error {}

function parseError(
  layout: string,
  value: string,
  layoutElem: string,
  valueElem: string,
  message: string,
): GoError {
  if (message === '') {
    return new GoError(
      `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`,
    );
  }
  return new GoError(`parsing time ${quote(value)}${message}`);
}

/** getnum: one or two digits (`fixed` forces two). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new BadValue();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new BadValue();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw new BadValue();
  return [n, s.slice(i)];
}

/** Go's time.atoi: optional sign, then digits only. */
function atoi(s: string): number {
  let neg = false;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (!/^[0-9]*$/.test(s)) throw new BadValue();
  const n = s === '' ? 0 : Number(s);
  return neg ? -n : n;
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new BadValue();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new BadValue();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function lookupName(table: readonly string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const name = table[i];
    if (value.length >= name.length && value.slice(0, name.length).toLowerCase() === name.toLowerCase()) {
      // Go's case folding only treats ASCII letters as equal ignoring case.
      if (/^[A-Za-z]+$/.test(value.slice(0, name.length))) return [i, value.slice(name.length)];
    }
  }
  throw new BadValue();
}

function parseNanoseconds(value: string, nbytes: number): { ns: number; rangeErr: string } {
  if (value[0] !== '.' && value[0] !== ',') throw new BadValue();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  if (ns < 0) return { ns: 0, rangeErr: 'fractional second' };
  return { ns: ns * 10 ** (10 - nbytes), rangeErr: '' };
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + (value.length > 3 ? parseSignedOffset(value.slice(3)) : 0);
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n] >= 'A' && value[n] <= 'Z') n++;
  switch (n) {
    case 5:
      return value[4] === 'T' ? 5 : 0;
    case 4:
      return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}

function parseSignedOffset(value: string): number {
  if (value[0] !== '-' && value[0] !== '+') return 0;
  const m = /^[0-9]+/.exec(value.slice(1));
  if (!m || Number(m[0]) > 23) return 0;
  return 1 + m[0].length;
}

/** `time.Parse(layout, value)`: no zone in the value → UTC. Throws GoError (`parsing time ...`). */
export function parseTime(layout: string, value: string): GoTime {
  return parse(layout, value, UTC, local());
}

/** `time.ParseInLocation(layout, value, loc)`. */
export function parseInLocation(layout: string, value: string, loc: Location): GoTime {
  return parse(layout, value, loc, loc);
}

function parse(layout: string, value: string, defaultLoc: Location, localLoc: Location): GoTime {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const { prefix, std, text, suffix } = nextStdChunk(layout);
    try {
      value = skip(value, prefix);
    } catch {
      throw parseError(alayout, avalue, prefix, value, '');
    }
    if (std.kind === 'literal') {
      if (value.length !== 0) throw parseError(alayout, avalue, '', value, `: extra text: ${quote(value)}`);
      break;
    }
    layout = suffix;
    const hold = value;
    try {
      switch (std.kind) {
        case 'year': {
          if (value.length < 2) throw new BadValue();
          year = atoi(value.slice(0, 2));
          value = value.slice(2);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'longYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw new BadValue();
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'month':
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case 'longMonth':
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case 'numMonth':
        case 'zeroMonth':
          [month, value] = getnum(value, std.kind === 'zeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'weekDay':
          value = lookupName(SHORT_DAYS, value)[1];
          break;
        case 'longWeekDay':
          value = lookupName(LONG_DAYS, value)[1];
          break;
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (std.kind === 'underDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, std.kind === 'zeroDay');
          break;
        case 'underYearDay':
        case 'zeroYearDay':
          for (let i = 0; i < 2; i++)
            if (std.kind === 'underYearDay' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, std.kind === 'zeroYearDay');
          break;
        case 'hour':
          [hour, value] = getnum(value, false);
          if (hour >= 24) rangeErr = 'hour';
          break;
        case 'hour12':
        case 'zeroHour12':
          [hour, value] = getnum(value, std.kind === 'zeroHour12');
          if (hour > 12) rangeErr = 'hour';
          break;
        case 'minute':
        case 'zeroMinute':
          [min, value] = getnum(value, std.kind === 'zeroMinute');
          if (min >= 60) rangeErr = 'minute';
          break;
        case 'second':
        case 'zeroSecond': {
          [sec, value] = getnum(value, std.kind === 'zeroSecond');
          if (sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fractional second in the value that the layout does not mention.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            if (nextStdChunk(layout).std.kind === 'frac') break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            ({ ns: nsec, rangeErr } = parseNanoseconds(value, n));
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new BadValue();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [pm, am] = std.kind === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new BadValue();
          break;
        }
        case 'tz': {
          if (std.iso && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let sign: string;
          let hh: string;
          let mm = '00';
          let ss = '00';
          if (std.form === 'hh:mm') {
            if (value.length < 6 || value[3] !== ':') throw new BadValue();
            [sign, hh, mm, value] = [value[0], value.slice(1, 3), value.slice(4, 6), value.slice(6)];
          } else if (std.form === 'hh') {
            if (value.length < 3) throw new BadValue();
            [sign, hh, value] = [value[0], value.slice(1, 3), value.slice(3)];
          } else if (std.form === 'hh:mm:ss') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new BadValue();
            [sign, hh, mm, ss, value] = [
              value[0],
              value.slice(1, 3),
              value.slice(4, 6),
              value.slice(7, 9),
              value.slice(9),
            ];
          } else if (std.form === 'hhmmss') {
            if (value.length < 7) throw new BadValue();
            [sign, hh, mm, ss, value] = [
              value[0],
              value.slice(1, 3),
              value.slice(3, 5),
              value.slice(5, 7),
              value.slice(7),
            ];
          } else {
            if (value.length < 5) throw new BadValue();
            [sign, hh, mm, value] = [value[0], value.slice(1, 3), value.slice(3, 5), value.slice(5)];
          }
          const hr = getnum(hh, true)[0];
          const mi = getnum(mm, true)[0];
          const se = getnum(ss, true)[0];
          if (hr > 24) rangeErr = 'time zone offset hour';
          if (mi > 60) rangeErr = 'time zone offset minute';
          if (se > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') throw new BadValue();
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new BadValue();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac':
          if (!std.trim) {
            const ndigit = 1 + std.digits;
            if (value.length < ndigit) throw new BadValue();
            ({ ns: nsec, rangeErr } = parseNanoseconds(value, ndigit));
            value = value.slice(ndigit);
          } else {
            if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break;
            let i = 0;
            while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
            ({ ns: nsec, rangeErr } = parseNanoseconds(value, 1 + i));
            value = value.slice(1 + i);
          }
          break;
      }
    } catch (e) {
      if (!(e instanceof BadValue)) throw e;
      if (rangeErr !== '') throw parseError(alayout, avalue, text, value, `: ${rangeErr} out of range`);
      throw parseError(alayout, avalue, text, hold, '');
    }
    if (rangeErr !== '') throw parseError(alayout, avalue, text, value, `: ${rangeErr} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore(m + 1) < yday) m++;
      d = yday - daysBefore(m);
    }
    if (month >= 0 && month !== m)
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d)
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year))
    throw parseError(alayout, avalue, '', value, ': day out of range');

  if (z !== undefined) return date(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = date(year, month, day, hour, min, sec, nsec, UTC);
    const unixSec = t.sec - BigInt(zoneOffset);
    const zone = localLoc.lookup(unixSec);
    if (zone.offset === zoneOffset && (zoneName === '' || zone.name === zoneName)) {
      return new GoTime(unixSec, nsec, localLoc);
    }
    return new GoTime(unixSec, nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = date(year, month, day, hour, min, sec, nsec, UTC);
    const offset = localLoc.lookupName(zoneName, t.sec);
    if (offset !== undefined) return new GoTime(t.sec - BigInt(offset), nsec, localLoc);
    let fakeOffset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) fakeOffset = atoi(zoneName.slice(3)) * 3600;
    return new GoTime(t.sec, nsec, fixedZone(zoneName, fakeOffset));
  }
  return date(year, month, day, hour, min, sec, nsec, defaultLoc);
}

/** Days before the first of month m (1-based; m = 13 gives the whole year) in a non-leap year. */
function daysBefore(m: number): number {
  let n = 0;
  for (let i = 1; i < m; i++) n += DAYS_IN[i - 1];
  return n;
}

// ---------------------------------------------------------------------------------------------
// Durations

export const NANOSECOND = 1n;
export const MICROSECOND = 1000n;
export const MILLISECOND = 1_000_000n;
export const SECOND = 1_000_000_000n;
export const MINUTE = 60n * SECOND;
export const HOUR = 60n * MINUTE;

const UNITS: Record<string, bigint> = {
  ns: NANOSECOND,
  us: MICROSECOND,
  µs: MICROSECOND, // U+00B5 micro sign
  μs: MICROSECOND, // U+03BC Greek mu
  ms: MILLISECOND,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
};

/** `time.ParseDuration`; throws GoError (`time: invalid duration "x"`). */
export function parseDuration(text: string): bigint {
  const invalid = () => new GoError(`time: invalid duration ${quote(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  const LIMIT = 1n << 63n;
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw invalid();
    const intPart = /^[0-9]*/.exec(s)?.[0] ?? '';
    let v = 0n;
    for (const c of intPart) {
      if (v > LIMIT / 10n) throw invalid();
      v = v * 10n + BigInt(c.charCodeAt(0) - 48);
      if (v > LIMIT) throw invalid();
    }
    s = s.slice(intPart.length);
    const pre = intPart.length > 0;
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const fracPart = /^[0-9]*/.exec(s)?.[0] ?? '';
      post = fracPart.length > 0;
      let overflow = false;
      for (const c of fracPart) {
        if (overflow) continue;
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(c.charCodeAt(0) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      s = s.slice(fracPart.length);
    }
    if (!pre && !post) throw invalid();
    let i = 0;
    while (i < s.length && s[i] !== '.' && !isDigitAt(s, i)) i++;
    if (i === 0) throw new GoError(`time: missing unit in duration ${quote(text)}`);
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNITS[u];
    if (unit === undefined) throw new GoError(`time: unknown unit ${quote(u)} in duration ${quote(text)}`);
    if (v > LIMIT / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // float64 arithmetic, as Go does, for nanosecond accuracy on fractions of hours.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid();
    }
    d += v;
    if (d > LIMIT) throw invalid();
  }
  if (neg) return BigInt.asIntN(64, -d);
  if (d > LIMIT - 1n) throw invalid();
  return d;
}

/** `Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatDuration(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < MICROSECOND) {
      prec = 0;
      unit = 'ns';
    } else if (u < MILLISECOND) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, rest] = fmtFrac(u, prec);
    out = rest.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** The fraction of v/10^prec without trailing zeros (".5"), and v/10^prec. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [print ? '.' + digits : '', v];
}

/** `Duration.Round(m)`. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  const lessThanHalf = (x: bigint, y: bigint) => x + x < y;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : INT64_MIN;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= INT64_MAX ? d1 : INT64_MAX;
}

// ---------------------------------------------------------------------------------------------
// Template values

/** A `time.Duration` value. */
export function durationValue(ns: bigint): GoInt {
  return new GoInt('int64', ns, 'time.Duration');
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
    },
  });
}

function goString(t: GoTime): string {
  const f = t.fields();
  const loc =
    t.loc === UTC ? 'time.UTC' : t.loc === local() ? 'time.Local' : `time.Location(${quote(t.loc.name)})`;
  return `time.Date(${f.year}, time.${LONG_MONTHS[f.month - 1]}, ${f.day}, ${f.hour}, ${f.minute}, ${f.second}, ${t.nsec}, ${loc})`;
}

/**
 * How fmt prints Go's named integer types from this package (their String methods):
 * `time.Duration` → `1h0m0s`, `time.Month` → `May`, `time.Weekday` → `Sunday`.
 * Returns undefined for any other value.
 */
export function stringNamedTimeInt(v: GoInt): string | undefined {
  switch (v.type) {
    case 'time.Duration':
      return formatDuration(BigInt.asIntN(64, v.value));
    case 'time.Month':
      return v.value >= 1n && v.value <= 12n ? LONG_MONTHS[Number(v.value) - 1] : `%!Month(${v.value})`;
    case 'time.Weekday':
      return v.value >= 0n && v.value <= 6n ? LONG_DAYS[Number(v.value)] : `%!Weekday(${v.value})`;
    default:
      return undefined;
  }
}
