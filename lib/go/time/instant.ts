/** Go's `time.Time`: an instant in a location, with an optional monotonic clock reading. */
import { civilFromDays, daysFromCivil, floorDiv } from './calendar.ts';
import { formatTime } from './format.ts';
import { UTC, local, type Location, type Zone } from './zone.ts';

/** Seconds from year 1 (Go's zero Time) to the Unix epoch. */
export const ZERO_TIME_UNIX = -62135596800n;
export const NS = 1_000_000_000n;
export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

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
  // The high-resolution clock gives Go-like sub-millisecond digits and never runs backwards;
  // Date.now() wins when the system clock has been adjusted (by a second or more) since start.
  const hrMs = performance.timeOrigin + performance.now();
  const ms = Math.abs(hrMs - Date.now()) < 1000 ? hrMs : Date.now();
  const totalNs = BigInt(Math.floor(ms)) * 1_000_000n + BigInt(Math.round((ms - Math.floor(ms)) * 1e6));
  const sec = floorDiv(totalNs, NS);
  return new GoTime(sec, Number(totalNs - sec * NS), local(), monotonicNow());
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
