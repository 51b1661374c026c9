/**
 * Go's fmt printing of engine values: Sprint, Sprintln, Sprintf with Go's exact output.
 * (Interface fixed here; implementation in progress.)
 */
import type { GoValue } from './value.ts';

/** fmt.Sprint: operands joined, with a space between operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  void args;
  throw new Error('fmt.sprint: not implemented');
}

/** fmt.Sprintln: operands always space-separated, with a trailing newline. */
export function sprintln(args: readonly GoValue[]): string {
  void args;
  throw new Error('fmt.sprintln: not implemented');
}

/** fmt.Sprintf with Go's verbs, flags, width and precision, and its `%!verb(type=value)` errors. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  void format;
  void args;
  throw new Error('fmt.sprintf: not implemented');
}
