/**
 * Loading a chart from a directory, as Helm's LoadDir: .helmignore applies, symlinks are
 * followed, irregular files and oversized files are refused, a UTF-8 BOM is stripped.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ChartLoadError } from './errors.ts';
import { IgnoreRules } from './ignore.ts';
import { MAX_DECOMPRESSED_FILE_SIZE } from './limits.ts';
import type { ChartFile } from './model.ts';

const HELMIGNORE = '.helmignore';

export function loadDirectoryFiles(dir: string): ChartFile[] {
  let rules: IgnoreRules;
  try {
    rules = IgnoreRules.parse(readFileSync(join(dir, HELMIGNORE), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    rules = new IgnoreRules();
  }
  rules.withDefaults();
  const files: ChartFile[] = [];
  walk(dir, '', rules, files, new Set());
  return files;
}

function walk(root: string, rel: string, rules: IgnoreRules, files: ChartFile[], seen: Set<string>): void {
  const abs = rel === '' ? root : join(root, rel);
  const names = readdirSync(abs).sort();
  for (const name of names) {
    const childRel = rel === '' ? name : `${rel}/${name}`;
    const childAbs = join(abs, name);
    const st = statSync(childAbs); // follows symlinks, as Helm's sympath.Walk
    if (st.isDirectory()) {
      if (rules.ignores(childRel, true)) continue;
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) throw new ChartLoadError(`symlink loop in chart directory at ${childAbs}`);
      seen.add(key);
      walk(root, childRel, rules, files, seen);
      seen.delete(key);
      continue;
    }
    if (rules.ignores(childRel, false)) continue;
    if (!st.isFile()) {
      throw new ChartLoadError(`cannot load irregular file ${childAbs} as it has file mode type bits set`);
    }
    if (st.size > MAX_DECOMPRESSED_FILE_SIZE) {
      throw new ChartLoadError(`chart file "${name}" is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
    }
    let data: Uint8Array = readFileSync(childAbs);
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
    files.push({ name: childRel, data });
  }
}
