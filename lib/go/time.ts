/**
 * Go's `time` package as templates see it: `time.Time` (instant + location + optional monotonic
 * reading), Format/Parse with Go's reference layouts and exact ParseError texts, locations
 * (UTC, Local from $TZ, IANA zones from the system tz database), and `time.Duration` with
 * ParseDuration and String(). The implementation lives in ./time/; this is its public surface.
 */
export { Location, UTC, fixedZone, loadLocation, local, resetLocal, type Zone } from './time/zone.ts';
export { GoTime, ZERO_TIME, date, now, since, unix } from './time/instant.ts';
export { ANSIC, LONG_DAYS, LONG_MONTHS, RFC3339, formatTime } from './time/format.ts';
export { parseInLocation, parseTime } from './time/parse.ts';
export {
  HOUR,
  MICROSECOND,
  MILLISECOND,
  MINUTE,
  NANOSECOND,
  SECOND,
  formatDuration,
  parseDuration,
  roundDuration,
} from './time/duration.ts';
export { asGoTime, durationValue, timeValue } from './time/value.ts';
