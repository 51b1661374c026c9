/**
 * Sprig's semver and semverCompare called directly; expectations from the sprig-semver
 * conformance vectors and further cases recorded from Helm v3.17.3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semverFuncs, versionValue } from '../../../lib/engine/funcs/sprig/semver.ts';
import { parseVersion } from '../../../lib/semver/index.ts';
import { GoInt, GoStruct, type GoValue } from '../../../lib/go/value.ts';

const semver = (text: string) => semverFuncs.semver.fn(text) as GoStruct;
const compare = (constraint: string, version: string) => semverFuncs.semverCompare.fn(constraint, version);
const m = (v: GoStruct, name: string, ...args: GoValue[]): GoValue => {
  const method = v.methods[name];
  assert.ok(method, `method ${name} on ${v.type}`);
  return method.fn(...args);
};
const str = (v: GoValue) => {
  assert.ok(v instanceof GoStruct && v.stringer);
  return v.stringer();
};

test('semver returns a *semver.Version with its accessor methods', () => {
  const v = semver('1.2.3-beta.1+build.5');
  assert.equal(v.type, '*semver.Version');
  assert.equal(v.pointer, true);
  const major = m(v, 'Major') as GoInt;
  assert.equal(major.kind, 'uint64');
  assert.deepEqual(
    ['Major', 'Minor', 'Patch'].map((k) => (m(v, k) as GoInt).value),
    [1n, 2n, 3n],
  );
  assert.equal(m(v, 'Prerelease'), 'beta.1');
  assert.equal(m(v, 'Metadata'), 'build.5');
  assert.equal(str(semver('1.2')), '1.2.0');
  assert.equal(str(semver('3')), '3.0.0');
  assert.equal(m(semver('v1.2'), 'Original'), 'v1.2');
  assert.equal(m(semver('v1.2'), 'String'), '1.2.0');
  assert.equal(str(semver('01.2.3')), '1.2.3');
  assert.equal(str(semver('10.200.3000')), '10.200.3000');
  assert.equal(m(semver('1.2.3'), 'Prerelease'), '');
  const kube = semver('v1.28.3-gke.1286000');
  assert.equal((m(kube, 'Minor') as GoInt).value, 28n);
  assert.equal(m(kube, 'Prerelease'), 'gke.1286000');
});

test('semver errors carry the library text', () => {
  assert.throws(() => semver('not-a-version'), { message: 'Invalid Semantic Version' });
  assert.throws(() => semver('1.2.3-01'), { message: 'Version segment starts with 0' });
  assert.throws(() => semver('99999999999999999999'), {
    message:
      'Error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
  });
});

test('comparison methods; Equal tolerates nil, the others dereference it', () => {
  assert.equal(m(semver('1.2.3'), 'LessThan', semver('1.3.0')), true);
  assert.equal(m(semver('1.2.3'), 'GreaterThan', semver('1.3.0')), false);
  assert.equal(m(semver('1.2.3'), 'Equal', semver('v1.2.3')), true);
  assert.equal(m(semver('1.2.3'), 'LessThanEqual', semver('1.2.3')), true);
  assert.equal((m(semver('1.0.0+a'), 'Compare', semver('1.0.0+b')) as GoInt).value, 0n);
  assert.equal(m(semver('1.2.3'), 'Equal', null), false);
  assert.throws(() => m(semver('1.2.3'), 'Compare', null), {
    message: 'runtime error: invalid memory address or nil pointer dereference',
  });
  assert.deepEqual(semver('1.0.0').methods.Compare.params, ['*semver.Version']);
});

test('Inc*/Set* return semver.Version values with only value-receiver methods', () => {
  const next = m(semver('v1.2.3'), 'IncMinor') as GoStruct;
  assert.equal(next.type, 'semver.Version');
  assert.equal(next.pointer, false);
  assert.equal(str(next), '1.3.0');
  assert.equal(next.methods.Original, undefined);
  assert.equal(str(m(semver('1.2.3-rc.1'), 'IncPatch')), '1.2.3');
  assert.equal(str(m(semver('1.2.3'), 'SetPrerelease', 'rc.1')), '1.2.3-rc.1');
  assert.equal(str(m(semver('1.2.3-x+y'), 'SetPrerelease', '')), '1.2.3+y');
  assert.throws(() => m(semver('1.2.3'), 'SetPrerelease', '01'), {
    message: 'Version segment starts with 0',
  });
  assert.throws(() => m(semver('1.2.3'), 'SetMetadata', 'a_b'), { message: 'Invalid Metadata string' });
  assert.equal(Buffer.from(m(semver('1.2.3+b'), 'MarshalJSON') as Uint8Array).toString(), '"1.2.3+b"');
  assert.equal(m(semver('1.2.3'), 'Value'), '1.2.3');
  assert.equal(str(versionValue(parseVersion('2.0.0'), false)), '2.0.0');
});

test('semverCompare: constraint forms from the conformance vectors', () => {
  const cases: [string, string, boolean][] = [
    ['1.2.3', '1.2.3', true],
    ['=1.2.3', '1.2.4', false],
    ['>=1.2.3', '1.2.3', true],
    ['<2.0.0', '1.9.9', true],
    ['<2', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['^1', '1.99.0', true],
    ['^1', '2.0.0', false],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['1.2.x', '1.2.8', true],
    ['1.2.x', '1.3.0', false],
    ['1.X', '1.5.0', true],
    ['1.*', '2.0.0', false],
    ['*', '5.6.7', true],
    ['*', '1.0.0-beta', false],
    ['1.2 - 1.4.5', '1.4.5', true],
    ['1.2 - 1.4.5', '1.4.6', false],
    ['1.2 - 1.4.5', '1.1.9', false],
    ['>=1.2 <2', '1.5.0', true],
    ['>=1.2 <2', '1.1.0', false],
    ['>=1.1 <1.3 || ^2.0', '1.2.0', true],
    ['>=1.1 <1.3 || ^2.0', '2.5.0', true],
    ['>=1.1 <1.3 || ^2.0', '1.5.0', false],
    ['>=1.2.0-0', '1.3.0-beta', true],
    ['>=1.2.3-alpha', '1.2.3-beta', true],
    ['>=1.19', 'v1.28.3-gke.1286000', false],
    ['<1.22-0', 'v1.32.0', false],
    ['>=v1.2.0', '1.3.0', true],
    ['>=1.2.0', 'v1.3.0', true],
    ['1.2', '1.2.0', true],
    ['1.2', '1.2.5', true],
    ['>1.2', '1.2.5', false],
    ['>1.2', '1.3.0', true],
    ['  >=1.0  ', '1.0.0', true],
    ['~1.2.3-beta', '1.2.3', true],
    ['x', '7.0.0', true],
    ['<1.0.0', '1.0.0-rc.1', false],
    ['>=1.2.3-0 <=1.2.4', '1.2.4-beta', false],
  ];
  for (const [c, v, want] of cases) assert.equal(compare(c, v), want, `${c} vs ${v}`);
});

test('semverCompare errors: constraint first, then version', () => {
  assert.throws(() => compare('abc', '1.2.3'), { message: 'improper constraint: abc' });
  assert.throws(() => compare('', '1.2.3'), { message: 'improper constraint: ' });
  assert.throws(() => compare('==1.0.0', '1.0.0'), { message: 'improper constraint: ==1.0.0' });
  assert.throws(() => compare('>1.2', 'banana'), { message: 'Invalid Semantic Version' });
  assert.throws(() => compare('>1.2', ''), { message: 'Invalid Semantic Version' });
  assert.throws(() => compare('1x', '1.0.0'), { message: 'constraint Parser Error' });
});
