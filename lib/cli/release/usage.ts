/** Argument-count errors worded as helm's (cmd/helm/require). */
import { UsageError } from '../args.ts';

function plural(n: number): string {
  return n === 1 ? 'argument' : 'arguments';
}

export function exactArgs(cmd: string, usage: string, args: readonly string[], n: number): void {
  if (args.length !== n) {
    throw new UsageError(`"slipway ${cmd}" requires ${n} ${plural(n)}\n\nUsage:  slipway ${usage} [flags]`);
  }
}

export function minimumArgs(cmd: string, usage: string, args: readonly string[], n: number): void {
  if (args.length < n) {
    throw new UsageError(
      `"slipway ${cmd}" requires at least ${n} ${plural(n)}\n\nUsage:  slipway ${usage} [flags]`,
    );
  }
}

export function maximumArgs(cmd: string, usage: string, args: readonly string[], n: number): void {
  if (args.length > n) {
    throw new UsageError(
      `"slipway ${cmd}" accepts at most ${n} ${plural(n)}; received ${args.length}\n\nUsage:  slipway ${usage} [flags]`,
    );
  }
}

export function noArgs(cmd: string, args: readonly string[]): void {
  if (args.length > 0)
    throw new UsageError(`"slipway ${cmd}" accepts no arguments\n\nUsage:  slipway ${cmd} [flags]`);
}
