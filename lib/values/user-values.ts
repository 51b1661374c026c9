/**
 * User values from the command line, merged in Helm's fixed order (pkg/cli/values): `-f`
 * files, then --set-json, --set, --set-string, --set-file, --set-literal.
 */
import { readFileSync } from 'node:fs';
import { isMap, type GoMap } from '../go/value.ts';
import { parseYaml } from '../yaml/reader.ts';

export interface ValueOptions {
  readonly valueFiles: readonly string[];
  readonly setJson: readonly string[];
  readonly set: readonly string[];
  readonly setString: readonly string[];
  readonly setFile: readonly string[];
  readonly setLiteral: readonly string[];
}

export const NO_VALUE_OPTIONS: ValueOptions = {
  valueFiles: [],
  setJson: [],
  set: [],
  setString: [],
  setFile: [],
  setLiteral: [],
};

/** mergeMaps: maps merge recursively, anything else replaces (nulls kept). */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = new Map(a);
  for (const [k, v] of b) {
    const existing = out.get(k);
    if (v !== null && isMap(v) && existing !== undefined && existing !== null && isMap(existing)) {
      out.set(k, mergeMaps(existing, v));
    } else {
      out.set(k, v);
    }
  }
  return out;
}

/** Reads one values file (YAML); `readFile` lets callers supply content from elsewhere (S3). */
export function readValuesFile(name: string, content: string): GoMap {
  let v: GoMap;
  try {
    v = parseYaml(content, name);
  } catch (err) {
    throw new Error(`failed to parse ${name}: ${(err as Error).message}`);
  }
  return v;
}

export type StrvalsParser = (kind: 'set' | 'set-string' | 'set-json' | 'set-file' | 'set-literal', text: string, into: GoMap) => void;

/** Merges every user-value source in Helm's order. */
export function mergeUserValues(
  opts: ValueOptions,
  strvals: StrvalsParser | null,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): GoMap {
  let base: GoMap = new Map();
  for (const file of opts.valueFiles) {
    let content: string;
    try {
      content = readFile(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(e.code === 'ENOENT' ? `open ${file}: no such file or directory` : e.message);
    }
    base = mergeMaps(base, readValuesFile(file, content));
  }
  const sources: [Parameters<StrvalsParser>[0], readonly string[]][] = [
    ['set-json', opts.setJson],
    ['set', opts.set],
    ['set-string', opts.setString],
    ['set-file', opts.setFile],
    ['set-literal', opts.setLiteral],
  ];
  for (const [kind, list] of sources) {
    for (const text of list) {
      if (!strvals) throw new Error(`--${kind} is not supported yet`);
      strvals(kind, text, base);
    }
  }
  return base;
}
