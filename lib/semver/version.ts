/**
 * Semantic versions with the exact rules of Masterminds/semver v3.3.0 (the version Helm v3.17
 * links): the lenient `NewVersion` parser (optional `v`, missing minor/patch, leading zeros
 * accepted in numbers), the strict parser, SemVer 2 precedence (build metadata ignored) and the
 * increment helpers. Error texts are the library's own, since they reach users verbatim.
 */

/** A parse or validation failure; `message` is the Go error text. */
export class SemverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemverError';
  }
}

export const ERR_INVALID_SEMVER = 'Invalid Semantic Version';
export const ERR_EMPTY_STRING = 'Version string empty';
export const ERR_INVALID_CHARACTERS = 'Invalid characters in version';
export const ERR_SEGMENT_STARTS_ZERO = 'Version segment starts with 0';
export const ERR_INVALID_METADATA = 'Invalid Metadata string';
export const ERR_INVALID_PRERELEASE = 'Invalid Prerelease string';

const UINT64_MAX = (1n << 64n) - 1n;

// The library's loose regex: numbers may have leading zeros, minor and patch are optional.
const LOOSE_VERSION =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

const DIGITS = /^[0-9]*$/;
const IDENTIFIER_CHARS = /^[0-9A-Za-z-]*$/;

/** strconv.ParseUint(s, 10, 64), or undefined when Go would return an error. */
export function parseUint64(s: string): bigint | undefined {
  if (s.length === 0 || !/^[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > UINT64_MAX ? undefined : n;
}

/** ParseUint on a version segment, with the wrapped error NewVersion reports. */
function parseSegment(s: string): bigint {
  const n = parseUint64(s);
  if (n === undefined) {
    // Only overflow can fail here: the regex already guarantees digits.
    throw new SemverError(
      `Error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`,
    );
  }
  return n;
}

/** A parsed semantic version (Masterminds' `*semver.Version`). */
export class Version {
  /** uint64 segments. */
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly prerelease: string;
  readonly metadata: string;
  /** The text the version was parsed from (`Original()`). */
  readonly original: string;

  constructor(
    major: bigint,
    minor: bigint,
    patch: bigint,
    prerelease: string,
    metadata: string,
    original?: string,
  ) {
    this.major = BigInt.asUintN(64, major);
    this.minor = BigInt.asUintN(64, minor);
    this.patch = BigInt.asUintN(64, patch);
    this.prerelease = prerelease;
    this.metadata = metadata;
    this.original = original ?? formatVersion(this.major, this.minor, this.patch, prerelease, metadata);
  }

  /** `1.2.3-pre+meta`, never with the `v` prefix (`String()`). */
  toString(): string {
    return formatVersion(this.major, this.minor, this.patch, this.prerelease, this.metadata);
  }

  /** -1, 0 or 1; prereleases sort before their release, metadata is ignored (`Compare`). */
  compare(o: Version): -1 | 0 | 1 {
    const d =
      compareBig(this.major, o.major) || compareBig(this.minor, o.minor) || compareBig(this.patch, o.patch);
    if (d !== 0) return d;
    const ps = this.prerelease;
    const po = o.prerelease;
    if (ps === '' && po === '') return 0;
    if (ps === '') return 1;
    if (po === '') return -1;
    return comparePrerelease(ps, po);
  }

  lessThan(o: Version): boolean {
    return this.compare(o) < 0;
  }
  lessThanEqual(o: Version): boolean {
    return this.compare(o) <= 0;
  }
  greaterThan(o: Version): boolean {
    return this.compare(o) > 0;
  }
  greaterThanEqual(o: Version): boolean {
    return this.compare(o) >= 0;
  }
  equal(o: Version): boolean {
    return this.compare(o) === 0;
  }

  /**
   * The next patch version. A prerelease version drops its prerelease and metadata and keeps
   * its patch number (1.2.3-rc.1 → 1.2.3), as `IncPatch` does.
   */
  incPatch(): Version {
    const patch = this.prerelease !== '' ? this.patch : this.patch + 1n;
    return this.derive(this.major, this.minor, patch, '', '');
  }
  incMinor(): Version {
    return this.derive(this.major, this.minor + 1n, 0n, '', '');
  }
  incMajor(): Version {
    return this.derive(this.major + 1n, 0n, 0n, '', '');
  }
  /** Replaces the prerelease (validated unless empty); throws SemverError. */
  setPrerelease(prerelease: string): Version {
    if (prerelease.length > 0) validatePrerelease(prerelease);
    return this.derive(this.major, this.minor, this.patch, prerelease, this.metadata);
  }
  /** Replaces the build metadata (validated unless empty); throws SemverError. */
  setMetadata(metadata: string): Version {
    if (metadata.length > 0) validateMetadata(metadata);
    return this.derive(this.major, this.minor, this.patch, this.prerelease, metadata);
  }

  /** Derived versions keep a leading `v` of the original in their `original`. */
  private derive(major: bigint, minor: bigint, patch: bigint, pre: string, meta: string): Version {
    const prefix = this.original.startsWith('v') ? 'v' : '';
    const next = new Version(major, minor, patch, pre, meta);
    return new Version(next.major, next.minor, next.patch, pre, meta, prefix + next.toString());
  }
}

function formatVersion(major: bigint, minor: bigint, patch: bigint, pre: string, meta: string): string {
  let s = `${major}.${minor}.${patch}`;
  if (pre !== '') s += `-${pre}`;
  if (meta !== '') s += `+${meta}`;
  return s;
}

function compareBig(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two prerelease strings by dot-separated identifiers; a missing identifier sorts first. */
export function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const as = a.split('.');
  const bs = b.split('.');
  const n = Math.max(as.length, bs.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function comparePrePart(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  // Identifiers that parse as uint64 are numeric and sort before alphanumeric ones; an
  // over-long digit run fails ParseUint and is compared as a string, as in the library.
  const on = parseUint64(o);
  const sn = parseUint64(s);
  if (on === undefined && sn === undefined) return s > o ? 1 : -1;
  if (on === undefined) return -1;
  if (sn === undefined) return 1;
  return sn > on ? 1 : -1;
}

/** Identifiers: [0-9A-Za-z-]; numeric ones without leading zeros (empty ones pass, as in Go). */
function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (DIGITS.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
    } else if (!IDENTIFIER_CHARS.test(part)) {
      throw new SemverError(ERR_INVALID_PRERELEASE);
    }
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (!IDENTIFIER_CHARS.test(part)) throw new SemverError(ERR_INVALID_METADATA);
  }
}

/**
 * `semver.NewVersion`: the lenient parser Helm uses everywhere (chart versions, `semver`,
 * `semverCompare`). Accepts `v1`, `1.2`, `01.2.3`; throws SemverError with Go's message.
 */
export function parseVersion(text: string): Version {
  const m = LOOSE_VERSION.exec(text);
  if (m === null) throw new SemverError(ERR_INVALID_SEMVER);
  const major = parseSegment(m[1]);
  const minor = m[2] !== undefined ? parseSegment(m[2].slice(1)) : 0n;
  const patch = m[3] !== undefined ? parseSegment(m[3].slice(1)) : 0n;
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (meta !== '') validateMetadata(meta);
  return new Version(major, minor, patch, pre, meta, text);
}

/** `semver.StrictNewVersion`: exactly `X.Y.Z[-pre][+meta]`, no `v`, no leading zeros. */
export function parseStrictVersion(text: string): Version {
  if (text.length === 0) throw new SemverError(ERR_EMPTY_STRING);
  const parts = splitN(text, '.', 3);
  if (parts.length !== 3) throw new SemverError(ERR_INVALID_SEMVER);
  let meta = '';
  let pre = '';
  if (parts[2].includes('+')) {
    const [rest, m] = splitN(parts[2], '+', 2);
    meta = m;
    parts[2] = rest;
    validateMetadata(meta);
  }
  if (parts[2].includes('-')) {
    const [rest, p] = splitN(parts[2], '-', 2);
    pre = p;
    parts[2] = rest;
    validatePrerelease(pre);
  }
  for (const p of parts) {
    if (!DIGITS.test(p)) throw new SemverError(ERR_INVALID_CHARACTERS);
    if (p.length > 1 && p[0] === '0') throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
  }
  const nums = parts.map((p) => {
    const n = parseUint64(p);
    if (n === undefined) {
      throw new SemverError(
        p === ''
          ? `strconv.ParseUint: parsing "": invalid syntax`
          : `strconv.ParseUint: parsing "${p}": value out of range`,
      );
    }
    return n;
  });
  return new Version(nums[0], nums[1], nums[2], pre, meta, text);
}

/** Go's strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** `semver.New`: a version from its parts (original is its String()). */
export function newVersion(
  major: bigint,
  minor: bigint,
  patch: bigint,
  prerelease = '',
  metadata = '',
): Version {
  return new Version(major, minor, patch, prerelease, metadata);
}

/** Compares two versions (for sorting ascending, like `semver.Collection`). */
export function compareVersions(a: Version, b: Version): number {
  return a.compare(b);
}
