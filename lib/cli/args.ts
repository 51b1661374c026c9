/**
 * A small pflag-style parser: `--name value`, `--name=value`, `-n value`, `-nvalue`, boolean
 * flags with optional `=true|false`, repeatable flags, and positionals. Errors read as
 * Helm's (`unknown flag: --x`, `flag needs an argument: --x`).
 */

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly kind: 'bool' | 'string' | 'list';
  readonly help: string;
  /** pflag's NoOptDefVal: the value of the bare flag (`--dry-run` = `--dry-run=client`). */
  readonly noOptDefault?: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | boolean | string[]>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const flags = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  const assign = (spec: FlagSpec, value: string | boolean): void => {
    if (spec.kind === 'list') {
      const list = (flags.get(spec.name) as string[] | undefined) ?? [];
      list.push(String(value));
      flags.set(spec.name, list);
    } else {
      flags.set(spec.name, value);
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`unknown flag: --${name}`);
      if (spec.kind === 'bool') {
        const v = eq < 0 ? 'true' : arg.slice(eq + 1);
        if (v !== 'true' && v !== 'false') {
          throw new UsageError(
            `invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
          );
        }
        assign(spec, v === 'true');
      } else if (eq >= 0) {
        assign(spec, arg.slice(eq + 1));
      } else if (spec.noOptDefault !== undefined) {
        assign(spec, spec.noOptDefault);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
        assign(spec, argv[++i]);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const short = arg[1];
      const spec = byShort.get(short);
      if (!spec) throw new UsageError(`unknown shorthand flag: '${short}' in ${arg}`);
      if (spec.kind === 'bool') {
        assign(spec, true);
      } else if (arg.length > 2) {
        assign(spec, arg.slice(arg[2] === '=' ? 3 : 2));
      } else if (spec.noOptDefault !== undefined) {
        assign(spec, spec.noOptDefault);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: '${short}' in -${short}`);
        assign(spec, argv[++i]);
      }
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, flags };
}

export function flagString(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function flagBool(p: ParsedArgs, name: string): boolean {
  return p.flags.get(name) === true;
}

/** A list flag; as pflag's StringArray, each occurrence is one item. */
export function flagList(p: ParsedArgs, name: string): string[] {
  const v = p.flags.get(name);
  return Array.isArray(v) ? v : [];
}

/** pflag's StringSlice: each occurrence is split on commas. */
export function flagSlice(p: ParsedArgs, name: string): string[] {
  return flagList(p, name).flatMap((v) => v.split(','));
}
