/**
 * Time zones (`*time.Location`): UTC, fixed zones, IANA zones and Local, resolved like Go.
 *
 * Zones come from the TZif files Go itself reads (/usr/share/zoneinfo…), including the POSIX TZ
 * rule in their footer for times after the last transition, so offsets and abbreviations match
 * Go (`CEST`, `+04`). Without any zoneinfo on the system (slim container images), Intl's copy of
 * the tz database supplies offsets and abbreviations are approximated.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { GoError } from '../value.ts';
import { civilFromDays, daysBefore, daysFromCivil, daysIn, isLeap } from './calendar.ts';
import { pad } from './format.ts';

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

  /** A distinct Location with the same zone rules (Go copies the loaded zone into Local). */
  copy(name = this.name): Location {
    return new Location(name, this.zoneAt, this.knownZones);
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

/**
 * A location backed by Intl's tz database, for systems without zoneinfo files: exact offsets,
 * approximate abbreviations (tzdata's own letters only where ICU's en-US names agree).
 */
export function intlLocation(name: string): Location | undefined {
  return intlAccepts(name) ? new Location(name, intlZoneAt(name)) : undefined;
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
  if (!loc && dirs.length === 0) loc = intlLocation(name);
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
        return loadLocation(tz).copy();
      } catch {
        // Fall back to UTC below.
      }
    }
  }
  // Go's fallback Local behaves as UTC but is a distinct Location (GoString prints time.Local).
  return UTC.copy();
}
