/**
 * Semantic versions and constraints, as Helm uses them (Masterminds/semver v3.3.0 rules): the
 * `semver`/`semverCompare` template functions, chart versions, dependency version ranges and
 * `kubeVersion` checks.
 */
export {
  SemverError,
  Version,
  comparePrerelease,
  compareVersions,
  newVersion,
  parseStrictVersion,
  parseUint64,
  parseVersion,
  ERR_EMPTY_STRING,
  ERR_INVALID_CHARACTERS,
  ERR_INVALID_METADATA,
  ERR_INVALID_PRERELEASE,
  ERR_INVALID_SEMVER,
  ERR_SEGMENT_STARTS_ZERO,
} from './version.ts';
export { Constraints, parseConstraint } from './constraints.ts';
export type { Validation } from './constraints.ts';

import { parseConstraint } from './constraints.ts';
import { SemverError, Version, parseVersion } from './version.ts';

/**
 * Whether `version` satisfies `constraint`, both given as text (Sprig's `semverCompare`).
 * Throws SemverError for an unparsable constraint or version (constraint first).
 */
export function satisfies(constraint: string, version: string | Version): boolean {
  const c = parseConstraint(constraint);
  const v = typeof version === 'string' ? parseVersion(version) : version;
  return c.check(v);
}

/**
 * Helm's `chartutil.IsCompatibleRange` (kubeVersion checks): false, not an error, when either
 * side does not parse.
 */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return satisfies(constraint, version);
  } catch (e) {
    if (e instanceof SemverError) return false;
    throw e;
  }
}

/** Sorts versions ascending in place (`sort.Sort(semver.Collection)`) and returns the array. */
export function sortVersions(versions: Version[]): Version[] {
  return versions.sort((a, b) => a.compare(b));
}
