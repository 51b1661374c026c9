/**
 * The values flags helm's chart commands share (`-f`, the --set family) and the user values they
 * produce; `slipway template`, `install` and `upgrade` all read values through this module.
 */
import { readFileSync } from 'node:fs';
import { utf8String, type GoMap } from '../../go/value.ts';
import { mergeUserValues, parseStrvals } from '../../values/index.ts';
import { flagList, type FlagSpec, type ParsedArgs } from '../args.ts';

export const VALUES_FLAGS: readonly FlagSpec[] = [
  { name: 'values', short: 'f', kind: 'list', help: 'specify values in a YAML file (can specify multiple)' },
  { name: 'set', kind: 'list', help: 'set values on the command line (key1=val1,key2=val2)' },
  { name: 'set-string', kind: 'list', help: 'set STRING values on the command line' },
  { name: 'set-file', kind: 'list', help: 'set values from respective files' },
  { name: 'set-json', kind: 'list', help: 'set JSON values on the command line' },
  { name: 'set-literal', kind: 'list', help: 'set a literal STRING value on the command line' },
];

/** True when any values flag was given (upgrade's --reuse-values logic asks). */
export function hasValuesFlags(p: ParsedArgs): boolean {
  return VALUES_FLAGS.some((f) => flagList(p, f.name).length > 0);
}

/**
 * Helm's readFile for values files and --set-file: `-` is standard input (read once: a second
 * `-` reads nothing), and the bytes become a Go string (invalid UTF-8 kept as raw bytes).
 */
function readValuesSource(path: string): string {
  return utf8String(path === '-' ? readFileSync(0) : readFileSync(path));
}

/** The user values of the values flags, merged in Helm's order. */
export function userValuesFromFlags(p: ParsedArgs): GoMap {
  return mergeUserValues(
    {
      valueFiles: flagList(p, 'values').flatMap((v) => v.split(',')),
      set: flagList(p, 'set'),
      setString: flagList(p, 'set-string'),
      setFile: flagList(p, 'set-file'),
      setJson: flagList(p, 'set-json'),
      setLiteral: flagList(p, 'set-literal'),
    },
    (kind, text, into) => parseStrvals(kind, text, into, readValuesSource),
    readValuesSource,
  );
}
