/** Go's time.Parse / ParseInLocation, with its exact ParseError messages. */
import { GoError } from '../value.ts';
import { daysBefore, daysIn, isLeap } from './calendar.ts';
import {
  LONG_DAYS,
  LONG_MONTHS,
  SHORT_DAYS,
  SHORT_MONTHS,
  isDigitAt,
  nextStdChunk,
  quote,
} from './format.ts';
import { GoTime, date } from './instant.ts';
import { UTC, fixedZone, local, type Location } from './zone.ts';

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
