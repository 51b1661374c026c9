/**
 * Helm's pkg/time: timestamps are Go time.Time values marshalled as RFC 3339 with nanoseconds
 * (trailing zeros of the fraction trimmed) in the writer's local zone; the zero time is written
 * as "". The model keeps the text as written, so records round-trip byte for byte; these
 * helpers make and read such texts.
 */

/** The zero time as Helm's wrapper writes it. */
export const ZERO_TIME = '';
/** The zero time as plain Go time.Time writes it (chart.Lock.generated). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export interface ParsedTime {
  /** Nanoseconds since the Unix epoch. */
  epochNanos: bigint;
  /** Zone offset of the text, in minutes east of UTC. */
  offsetMinutes: number;
}

/** Parses an RFC 3339 time as Go's time.Parse(RFC3339Nano) accepts it; "" is the zero time (null). */
export function parseHelmTime(text: string): ParsedTime | null {
  if (text === '') return null;
  const m = RFC3339.exec(text);
  if (!m)
    throw new Error(`parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const offsetMinutes = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const nanos = BigInt((frac ?? '').padEnd(9, '0') || '0');
  return {
    epochNanos: BigInt(ms) * 1_000_000n + nanos - BigInt(offsetMinutes) * 60_000_000_000n,
    offsetMinutes,
  };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats like Go's time.Time.MarshalJSON (RFC3339Nano): fraction trimmed, `Z` for UTC. */
export function formatHelmTime(epochNanos: bigint, offsetMinutes = 0): string {
  const local = epochNanos + BigInt(offsetMinutes) * 60_000_000_000n;
  let secs = local / 1_000_000_000n;
  let nanos = local % 1_000_000_000n;
  if (nanos < 0n) {
    nanos += 1_000_000_000n;
    secs -= 1n;
  }
  const d = new Date(Number(secs) * 1000);
  let out = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (nanos > 0n) out += '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
  if (offsetMinutes === 0) return out + 'Z';
  const abs = Math.abs(offsetMinutes);
  return `${out}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// Date.now() has millisecond resolution; hrtime adds the sub-millisecond part so successive
// timestamps are distinct and look like Go's (nanosecond) ones.
const originNanos = BigInt(Date.now()) * 1_000_000n;
const originHr = process.hrtime.bigint();

/** "Now" as Helm's Timestamper would write it, in UTC (Lambda's zone) unless an offset is given. */
export function helmNow(offsetMinutes = 0): string {
  return formatHelmTime(originNanos + (process.hrtime.bigint() - originHr), offsetMinutes);
}

/** Unix seconds of a Helm time text (0 for the zero time), as the storage labels use. */
export function unixSeconds(text: string): number {
  const t = parseHelmTime(text);
  return t ? Number(t.epochNanos / 1_000_000_000n) : 0;
}
