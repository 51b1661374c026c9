/**
 * Go's reference-time layouts (`2006-01-02 15:04:05 MST`): splitting a layout into elements
 * exactly as Go's nextStdChunk does, and Time.Format.
 */
import type { GoTime } from './instant.ts';

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
export const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
export const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

export type Std =
  | { kind: 'literal' }
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' }
  | { kind: 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { kind: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { kind: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'tz'; iso: boolean; form: 'hhmm' | 'hh:mm' | 'hh' | 'hhmmss' | 'hh:mm:ss' }
  | { kind: 'frac'; trim: boolean; digits: number; sep: string };

export interface Chunk {
  prefix: string;
  std: Std;
  /** The layout text of the element (for ParseError). */
  text: string;
  suffix: string;
}

const STD_0X = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const;
export const isDigitAt = (s: string, i: number): boolean =>
  i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const startsLower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';

/** Go's reference layouts time.RFC3339 and time.ANSIC. */
export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const ANSIC = 'Mon Jan _2 15:04:05 2006';

/** Go's nextStdChunk: the first layout element in `layout`. */
export function nextStdChunk(layout: string): Chunk {
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

export function pad(n: number, width: number): string {
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

/** Go's strconv-free quote used in time errors (non-ASCII and control bytes as \x..). */
export function quote(s: string): string {
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
