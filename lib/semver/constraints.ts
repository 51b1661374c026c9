/**
 * Version constraints with the exact grammar and matching rules of Masterminds/semver v3.3.0:
 * `=`, `!=`, `>`, `<`, `>=`, `=>`, `<=`, `=<`, `~`, `~>`, `^`, wildcards `x X *` and missing
 * parts, AND groups separated by spaces or commas, OR groups by `||`, and hyphen ranges
 * `1.2 - 1.4.5`.
 *
 * Prerelease rule (v3.3.0): a version with a prerelease only satisfies a single constraint whose
 * own version carries a prerelease (so `>=1.20.0` rejects `1.28.3-gke.1`, `>=1.20.0-0` accepts it).
 */
import { SemverError, Version, comparePrerelease, parseStrictVersion, parseVersion } from './version.ts';

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

// Go's \s is [\t\n\f\r ]; JavaScript's is wider, so spell it out.
const S = '[\\t\\n\\f\\r ]';
// Operator alternation in the library's order: RE2 and JS both prefer the leftmost alternative.
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
// The constraint version. `|` inside the class is literal, as in the library's pattern.
const CV =
  'v?([0-9|xX*]+)(\\.[0-9|xX*]+)?(\\.[0-9|xX*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';

const CONSTRAINT_RE = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const RANGE_RE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');
const FIND_RE = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
const VALID_RE = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);

/** One parsed comparison, e.g. `>=1.2` (version 1.2.0, patch part a wildcard). */
interface Constraint {
  readonly op: Op;
  /** The version text as written (`1.2`, `4.x`), used in messages and String(). */
  readonly orig: string;
  readonly con: Version;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

/** Result of {@link Constraints.validate}: the reasons a version failed (Go's error texts). */
export interface Validation {
  readonly ok: boolean;
  readonly reasons: string[];
}

/** A parsed constraint expression (`semver.Constraints`): OR groups of AND-ed constraints. */
export class Constraints {
  private readonly groups: readonly (readonly Constraint[])[];

  constructor(groups: readonly (readonly Constraint[])[]) {
    this.groups = groups;
  }

  /** Whether `v` satisfies any OR group (`Check`). */
  check(v: Version): boolean {
    return this.groups.some((group) => group.every((c) => checkOne(v, c) === undefined));
  }

  /** Like {@link check}, with the failure reasons `Validate` reports when no group matches. */
  validate(v: Version): Validation {
    const reasons: string[] = [];
    let prereleaseReported = false;
    for (const group of this.groups) {
      let ok = true;
      for (const c of group) {
        if (c.con.prerelease === '' && v.prerelease !== '') {
          if (!prereleaseReported) {
            reasons.push(prereleaseMessage(v));
            prereleaseReported = true;
          }
          ok = false;
        } else {
          const reason = checkOne(v, c);
          if (reason !== undefined) {
            reasons.push(reason);
            ok = false;
          }
        }
      }
      if (ok) return { ok: true, reasons: [] };
    }
    return { ok: false, reasons };
  }

  /** The normalised text (`>=1.2 <2 || ^3`), as `String()` prints it. */
  toString(): string {
    return this.groups.map((g) => g.map((c) => c.op + c.orig).join(' ')).join(' || ');
  }
}

/** `semver.NewConstraint`; throws SemverError (`improper constraint: <group>`). */
export function parseConstraint(text: string): Constraints {
  const rewritten = rewriteRange(text);
  const groups = rewritten.split('||').map((segment) => {
    if (!VALID_RE.test(segment)) throw new SemverError(`improper constraint: ${segment}`);
    const found = segment.match(FIND_RE) ?? [segment];
    return found.map(parseSingle);
  });
  return new Constraints(groups);
}

/** Rewrites each `A - B` into `>= A, <= B ` in place, as the library does before parsing. */
function rewriteRange(text: string): string {
  let out = text;
  for (const m of text.matchAll(RANGE_RE)) {
    // Groups: 1 = first version, 11 = second (each version pattern has 9 inner groups).
    out = out.replace(m[0], () => `>= ${m[1]}, <= ${m[11]} `);
  }
  return out;
}

const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function parseSingle(text: string): Constraint {
  if (text.length === 0) {
    // Unreachable from parseConstraint (the validation regex rejects it); kept for parity:
    // an empty constraint means "any".
    return {
      op: '',
      orig: text,
      con: parseStrictVersion('0.0.0'),
      dirty: true,
      minorDirty: false,
      patchDirty: false,
    };
  }
  const m = CONSTRAINT_RE.exec(text);
  if (m === null) throw new SemverError(`improper constraint: ${text}`);
  const op = m[1] as Op;
  const orig = m[2];
  const major = m[3] ?? '';
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.slice(1)) || minor === '') {
    ver = `${major}.0.0${pre}`;
    dirty = true;
    minorDirty = true;
  } else if (isX(patch.slice(1)) || patch === '') {
    ver = `${major}${minor}.0${pre}`;
    dirty = true;
    patchDirty = true;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    // e.g. `1x.2`: the pattern lets x and | mix with digits, NewVersion then rejects it.
    throw new SemverError('constraint Parser Error');
  }
  return { op, orig, con, dirty, minorDirty, patchDirty };
}

const prereleaseMessage = (v: Version): string =>
  `${v} is a prerelease version and the constraint is only looking for release versions`;

/** Checks one constraint; undefined when satisfied, else the library's reason. */
function checkOne(v: Version, c: Constraint): string | undefined {
  // A prerelease version only matches constraints that themselves name a prerelease (for `!=`
  // only when the constraint has wildcards: `!=1.2.3` accepts 1.2.3-beta, `!=1.2.x` does not).
  if (v.prerelease !== '' && c.con.prerelease === '' && (c.op !== '!=' || c.dirty))
    return prereleaseMessage(v);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : v.equal(c.con) ? undefined : `${v} is not equal to ${c.orig}`;
    case '!=':
      return notEqual(v, c);
    case '>':
      return greaterThan(v, c);
    case '<':
      return v.compare(c.con) < 0 ? undefined : `${v} is greater than or equal to ${c.orig}`;
    case '>=':
    case '=>':
      return v.compare(c.con) >= 0 ? undefined : `${v} is less than ${c.orig}`;
    case '<=':
    case '=<':
      return lessThanEqual(v, c);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
}

function notEqual(v: Version, c: Constraint): string | undefined {
  const equalMsg = `${v} is equal to ${c.orig}`;
  if (c.dirty) {
    if (c.con.major !== v.major) return undefined;
    if (c.con.minor !== v.minor && !c.minorDirty) return undefined;
    if (c.minorDirty) return equalMsg;
    if (c.con.patch !== v.patch && !c.patchDirty) return undefined;
    if (c.patchDirty) {
      if (v.prerelease !== '' || c.con.prerelease !== '') {
        return comparePrerelease(v.prerelease, c.con.prerelease) !== 0 ? undefined : equalMsg;
      }
      return equalMsg;
    }
  }
  return v.equal(c.con) ? equalMsg : undefined;
}

function greaterThan(v: Version, c: Constraint): string | undefined {
  const msg = `${v} is less than or equal to ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) === 1 ? undefined : msg;
  if (v.major > c.con.major) return undefined;
  if (v.major < c.con.major) return msg;
  // `>11` needs 12 or more; `>11.1` needs a higher minor.
  if (c.minorDirty) return msg;
  if (c.patchDirty) return v.minor > c.con.minor ? undefined : msg;
  return v.compare(c.con) === 1 ? undefined : msg;
}

function lessThanEqual(v: Version, c: Constraint): string | undefined {
  const msg = `${v} is greater than ${c.orig}`;
  if (!c.dirty) return v.compare(c.con) <= 0 ? undefined : msg;
  if (v.major > c.con.major) return msg;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return msg;
  return undefined;
}

// ~1.2.3 → >=1.2.3 <1.3.0; ~1.2 → >=1.2.0 <1.3.0; ~1 → >=1.0.0 <2.0.0; ~0.0.0 and ~* → any.
function tilde(v: Version, c: Constraint): string | undefined {
  if (v.lessThan(c.con)) return `${v} is less than ${c.orig}`;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) {
    return undefined;
  }
  if (v.major !== c.con.major) return `${v} does not have same major version as ${c.orig}`;
  if (v.minor !== c.con.minor && !c.minorDirty)
    return `${v} does not have same major and minor version as ${c.orig}`;
  return undefined;
}

// ^1.2.3 → >=1.2.3 <2; ^0.2.3 → >=0.2.3 <0.3; ^0.0.3 → =0.0.3; ^0.0 → <0.1; ^0 → <1.
function caret(v: Version, c: Constraint): string | undefined {
  if (v.lessThan(c.con)) return `${v} is less than ${c.orig}`;
  if (c.con.major > 0n || c.minorDirty) {
    return v.major === c.con.major ? undefined : `${v} does not have same major version as ${c.orig}`;
  }
  if (c.con.major === 0n && v.major > 0n) return `${v} does not have same major version as ${c.orig}`;
  if (c.con.minor > 0n || c.patchDirty) {
    return v.minor === c.con.minor
      ? undefined
      : `${v} does not have same minor version as ${c.orig}. Expected minor versions to match when constraint major version is 0`;
  }
  if (c.con.minor === 0n && v.minor > 0n) return `${v} does not have same minor version as ${c.orig}`;
  return c.con.patch === v.patch
    ? undefined
    : `${v} does not equal ${c.orig}. Expect version and constraint to equal when major and minor versions are 0`;
}
