/** Helm's LocateChart, for the local charts slipway reads: a path, or the error helm gives for a name it would fetch. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { trimSpace } from '../go/unicode.ts';

/** The absolute path of the chart named on the command line (a directory or an archive). */
export function locateChart(name: string, opts: { verify?: boolean } = {}): string {
  const ref = trimSpace(name);
  if (existsSync(ref)) {
    const path = resolve(ref);
    if (opts.verify) verifyChart(path);
    return path;
  }
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

/** --verify: helm's checks before the signature, which slipway does not check. */
function verifyChart(path: string): void {
  if (statSync(path).isDirectory()) throw new Error('unpacked charts cannot be verified');
  const prov = `${path}.prov`;
  if (!existsSync(prov)) {
    throw new Error(`could not load provenance file ${prov}: stat ${prov}: no such file or directory`);
  }
  throw new Error(`cannot verify ${path}: slipway does not check chart signatures (provenance files)`);
}
