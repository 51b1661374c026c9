/** Flags the release commands share, and the parsing of helm's typed flags (ints, durations, dry-run, labels, cascade). */
import { quote } from '../../go/strconv.ts';
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

/** pflag's float flags (strconv.ParseFloat's error text). */
export function floatFlag(p: ParsedArgs, name: string): number | undefined {
  const v = flagString(p, name);
  if (v === undefined) return undefined;
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) && v.trim() === v ? Number(v) : NaN;
  if (Number.isNaN(n)) {
    throw new Error(
      `invalid argument ${quote(v)} for "--${name}" flag: strconv.ParseFloat: parsing ${quote(v)}: invalid syntax`,
    );
  }
  return n;
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

/**
 * pflag's stringToString (`-l, --labels k=v,k2=v2`, repeatable): a value with one `=` is one
 * pair (commas and all), otherwise it is read as a CSV record of pairs.
 */
export function labelsFlag(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const fail = (v: string, why: string): Error =>
    new Error(`invalid argument ${quote(v)} for "-l, --labels" flag: ${why}`);
  for (const v of values) {
    const equals = v.split('=').length - 1;
    if (equals === 0) throw fail(v, `${v} must be formatted as key=value`);
    let pairs: string[];
    if (equals === 1) pairs = [v.replace(/^"+|"+$/g, '')];
    else {
      try {
        pairs = csvRecord(v);
      } catch (e) {
        throw fail(v, (e as Error).message);
      }
    }
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq < 0) throw fail(v, `${pair} must be formatted as key=value`);
      out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return out;
}

/** One record of Go's encoding/csv (comma-separated, double-quoted fields, `""` for a quote). */
function csvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      const start = i;
      i++;
      for (;;) {
        if (i >= line.length)
          throw new Error(
            `parse error on line 1, column ${start + 1}: extraneous or missing " in quoted-field`,
          );
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',')
        throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      while (i < line.length && line[i] !== ',') {
        if (line[i] === '"')
          throw new Error(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
        field += line[i++];
      }
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
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
