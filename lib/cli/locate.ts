/** Helm's LocateChart, for the local charts slipway reads: a path, or the error helm gives for a name it would fetch. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { trimSpace } from '../go/unicode.ts';

/** The absolute path of the chart named on the command line (a directory or an archive). */
export function locateChart(name: string): string {
  const ref = trimSpace(name);
  if (existsSync(ref)) return resolve(ref);
  if (isAbsolute(ref) || ref.startsWith('.')) throw new Error(`path "${ref}" not found`);
  // Anything else is a repository reference to helm. slipway never downloads charts; with no
  // repository configured helm fails with these same messages.
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(ref)) {
    throw new Error(`cannot fetch ${ref}: slipway loads charts from local directories and archives only`);
  }
  const slash = ref.indexOf('/');
  if (slash < 0)
    throw new Error(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
  throw new Error(`repo ${ref.slice(0, slash)} not found`);
}
