/**
 * Sprig's `semver` and `semverCompare` (semver.go, v3.3.0), over lib/semver.
 *
 * `semver` returns a `*semver.Version` whose Go methods templates call (`.Major`, `.Compare`,
 * `.IncMinor`…). Methods returning `semver.Version` by value give a non-pointer struct that, as
 * in Go, only has the value-receiver methods (`(semver "1.2.3").IncMinor.Original` fails).
 */
import { GoError, GoFunc, GoInt, GoStruct, type FuncMap, type GoValue } from '../../../go/value.ts';
import { SemverError, Version, parseConstraint, parseVersion } from '../../../semver/index.ts';

const VERSION_PTR = '*semver.Version';
const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/** Runs a semver operation, turning its errors into Go errors with the same text. */
function goErrors<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof SemverError) throw new GoError(e.message);
    throw e;
  }
}

/** The Version inside a `*semver.Version` / `semver.Version` value. */
export function asVersion(v: GoValue): Version | undefined {
  return v instanceof GoStruct && v.native instanceof Version ? v.native : undefined;
}

function otherVersion(v: GoValue): Version {
  const o = asVersion(v);
  if (!o) throw new GoError(NIL_DEREFERENCE);
  return o;
}

const method = (name: string, params: string[], result: string, fn: (...args: GoValue[]) => GoValue) =>
  new GoFunc({ name, params, result, fn });

const uint64 = (n: bigint) => new GoInt('uint64', n);

/** A `*semver.Version` (pointer) or `semver.Version` (value) template value. */
export function versionValue(v: Version, pointer = true): GoStruct {
  const valueMethods: Record<string, GoFunc> = {
    String: method('String', [], 'string', () => v.toString()),
    Major: method('Major', [], 'uint64', () => uint64(v.major)),
    Minor: method('Minor', [], 'uint64', () => uint64(v.minor)),
    Patch: method('Patch', [], 'uint64', () => uint64(v.patch)),
    Prerelease: method('Prerelease', [], 'string', () => v.prerelease),
    Metadata: method('Metadata', [], 'string', () => v.metadata),
    IncPatch: method('IncPatch', [], 'semver.Version', () => versionValue(v.incPatch(), false)),
    IncMinor: method('IncMinor', [], 'semver.Version', () => versionValue(v.incMinor(), false)),
    IncMajor: method('IncMajor', [], 'semver.Version', () => versionValue(v.incMajor(), false)),
    SetPrerelease: method('SetPrerelease', ['string'], 'semver.Version', (p) =>
      versionValue(
        goErrors(() => v.setPrerelease(String(p))),
        false,
      ),
    ),
    SetMetadata: method('SetMetadata', ['string'], 'semver.Version', (m) =>
      versionValue(
        goErrors(() => v.setMetadata(String(m))),
        false,
      ),
    ),
    MarshalJSON: method('MarshalJSON', [], '[]uint8', () =>
      Buffer.from(JSON.stringify(v.toString()), 'utf8'),
    ),
    MarshalText: method('MarshalText', [], '[]uint8', () => Buffer.from(v.toString(), 'utf8')),
    Value: method('Value', [], 'driver.Value', () => v.toString()),
  };
  const pointerMethods: Record<string, GoFunc> = {
    Original: method('Original', [], 'string', () => v.original),
    Compare: method(
      'Compare',
      [VERSION_PTR],
      'int',
      (o) => new GoInt('int', BigInt(v.compare(otherVersion(o)))),
    ),
    LessThan: method('LessThan', [VERSION_PTR], 'bool', (o) => v.lessThan(otherVersion(o))),
    LessThanEqual: method('LessThanEqual', [VERSION_PTR], 'bool', (o) => v.lessThanEqual(otherVersion(o))),
    GreaterThan: method('GreaterThan', [VERSION_PTR], 'bool', (o) => v.greaterThan(otherVersion(o))),
    GreaterThanEqual: method('GreaterThanEqual', [VERSION_PTR], 'bool', (o) =>
      v.greaterThanEqual(otherVersion(o)),
    ),
    // v3.3.0's Equal treats a nil argument as unequal instead of dereferencing it.
    Equal: method('Equal', [VERSION_PTR], 'bool', (o) => {
      const other = asVersion(o);
      return other !== undefined && v.equal(other);
    }),
  };
  return new GoStruct({
    type: pointer ? VERSION_PTR : 'semver.Version',
    pointer,
    stringer: () => v.toString(),
    native: v,
    methods: pointer ? { ...valueMethods, ...pointerMethods } : valueMethods,
  });
}

/**
 * What copystructure (Sprig's deepCopy) makes of a `*semver.Version` or `semver.Version`: it
 * copies exported fields only and a Version has none, so the copy is the zero Version
 * (`0.0.0`, empty Original) of the same pointer-ness.
 */
export function copyOfVersion(s: GoStruct): GoStruct {
  return versionValue(new Version(0n, 0n, 0n, '', '', ''), s.pointer);
}

export const semverFuncs: FuncMap = {
  semver: new GoFunc({
    name: 'semver',
    params: ['string'],
    result: VERSION_PTR,
    fn: (version) => versionValue(goErrors(() => parseVersion(String(version)))),
  }),
  semverCompare: new GoFunc({
    name: 'semverCompare',
    params: ['string', 'string'],
    result: 'bool',
    fn: (constraint, version) =>
      goErrors(() => {
        const c = parseConstraint(String(constraint));
        return c.check(parseVersion(String(version)));
      }),
  }),
};
