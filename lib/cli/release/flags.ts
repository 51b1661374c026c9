/** Flags the release commands share, and the parsing of helm's typed flags (ints, durations, dry-run, labels, cascade). */
import { parseDuration } from '../../go/time.ts';
import type { DryRun } from '../../action/types.ts';
import type { PropagationPolicy } from '../../kube/types.ts';
import { flagString, type FlagSpec, type ParsedArgs } from '../args.ts';

export const CLUSTER_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string', help: 'namespace scope for this request' },
  { name: 'kubeconfig', kind: 'string', help: 'path to the kubeconfig file' },
  { name: 'kube-context', kind: 'string', help: 'name of the kubeconfig context to use' },
  { name: 'debug', kind: 'bool', help: 'enable verbose output' },
];

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  short: 'o',
  kind: 'string',
  help: 'prints the output in the specified format. Allowed values: table, json, yaml',
};

export const REVISION_FLAG: FlagSpec = {
  name: 'revision',
  kind: 'string',
  help: 'the named release with revision',
};

/** pflag's int flags (strconv.ParseInt's error text). */
export function intFlag(p: ParsedArgs, name: string, fallback: number): number {
  const v = flagString(p, name);
  if (v === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(v)) {
    throw new Error(
      `invalid argument ${JSON.stringify(v)} for "--${name}" flag: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`,
    );
  }
  return Number(v);
}

/** A Go duration flag in milliseconds (--timeout, default 5m0s). */
export function durationFlag(p: ParsedArgs, name: string, fallbackMs: number): number {
  const v = flagString(p, name);
  if (v === undefined) return fallbackMs;
  try {
    return Number(parseDuration(v) / 1_000_000n);
  } catch (e) {
    throw new Error(`invalid argument ${JSON.stringify(v)} for "--${name}" flag: ${(e as Error).message}`);
  }
}

/** --dry-run[=client|server] (bare: client; `true`/`false` as older helm spelled them). */
export function dryRunFlag(p: ParsedArgs): DryRun {
  const v = flagString(p, 'dry-run');
  switch (v) {
    case undefined:
    case 'none':
    case 'false':
      return 'none';
    case 'client':
    case 'true':
      return 'client';
    case 'server':
      return 'server';
    default:
      throw new Error(
        'Invalid dry-run flag. Flag must one of the following: false, true, none, client, server',
      );
  }
}

export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  kind: 'string',
  noOptDefault: 'client',
  help: `simulate an install/upgrade ("client", "server"; bare --dry-run is "client")`,
};

/** pflag StringToString (`--labels k=v,k2=v2`, repeatable). */
export function labelsFlag(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    for (const pair of v.split(',')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0)
        throw new Error(
          `invalid argument ${JSON.stringify(v)} for "--labels" flag: ${pair} must be formatted as key=value`,
        );
      out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}

/** uninstall --cascade. */
export function cascadeFlag(p: ParsedArgs): PropagationPolicy {
  const v = flagString(p, 'cascade') ?? 'background';
  switch (v.toLowerCase()) {
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    default:
      throw new Error(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}
