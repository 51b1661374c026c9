/**
 * Release timestamps as helm prints them. Helm reads a record's times with time.Parse(RFC3339),
 * so a time keeps the offset it was written with (Local when that offset is Local's), and
 * prints it in that zone: ANSIC in status and history, time.Time.String() in list.
 */
import { ANSIC, parseTime, RFC3339, type GoTime } from '../../go/time.ts';

const GO_ZERO = '0001-01-01T00:00:00Z';

function parse(text: string): GoTime {
  return parseTime(RFC3339, text === '' ? GO_ZERO : text);
}

export function isZeroTime(text: string | undefined): boolean {
  return text === undefined || text === '' || parse(text).isZero();
}

/** `Mon Jan _2 15:04:05 2006` (the zero time prints as `Mon Jan  1 00:00:00 0001`). */
export function ansicTime(text: string | undefined): string {
  return parse(text ?? '').format(ANSIC);
}

/** Go's time.Time.String(): `2026-11-24 02:11:06.476815738 +0000 UTC`. */
export function goTimeString(text: string): string {
  return parse(text).toString();
}

/** A Go layout (`helm list --time-format`). */
export function formatTimeLayout(text: string, layout: string): string {
  return parse(text).format(layout);
}

/** time.RFC3339 (whole seconds). */
export function rfc3339Seconds(text: string | undefined): string {
  return parse(text ?? '').format(RFC3339);
}
