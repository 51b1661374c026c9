/**
 * Constraint matching, checked against a table recorded from Helm v3.17.3
 * (`{{ semverCompare CONSTRAINT VERSION }}`, Masterminds/semver v3.3.0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemverError, parseConstraint, parseVersion, satisfies } from '../../lib/semver/index.ts';

// [constraint, version, Helm's result]
const HELM_RESULTS: [string, string, boolean][] = [
  ['1.2.3', '1.2.3', true],
  ['=1.2.3', '1.2.4', false],
  ['!=1.2.3', '1.2.4', true],
  ['!=1.2.3', '1.2.3', false],
  ['!=4.x', '4.1.0', false],
  ['!=4.x', '5.1.0', true],
  ['!=4.1.x', '4.1.3', false],
  ['!=4.1.x', '4.2.0', true],
  ['!=4.1', '4.1.0', false],
  ['!=4.1.x', '4.1.0-beta', false],
  ['!=4.1.x-beta', '4.1.0-beta', false],
  ['!=4.1.x-beta', '4.1.0-alpha', true],
  ['!=1.2.3-beta', '1.2.3-beta', false],
  ['>1.2.3', '1.2.4', true],
  ['>1.2.3', '1.2.3', false],
  ['>1.2', '1.2.9', false],
  ['>1.2', '1.3.0', true],
  ['>1', '1.9.9', false],
  ['>1', '2.0.0', true],
  ['>0', '0.0.1', false],
  ['>0', '1.0.0', true],
  ['>0.0', '0.0.1', false],
  ['>1.2.3-0', '1.2.4-beta', true],
  ['>1.2.3-beta', '1.2.3-alpha', false],
  ['<1.2.3', '1.2.2', true],
  ['<1.2', '1.2.0', false],
  ['<1', '0.9.9', true],
  ['<1.2.3', '1.2.3-beta', false],
  ['<1.2.3-0', '1.2.3-beta', false],
  ['<=1.2.3', '1.2.3', true],
  ['<=1.2', '1.2.9', true],
  ['<=1.2', '1.3.0', false],
  ['<=1', '1.9.9', true],
  ['<=1', '2.0.0', false],
  ['=<1.2.3', '1.2.3', true],
  ['=>1.2.3', '1.2.3', true],
  ['>=1.2.3', '1.2.2', false],
  ['>=1.2', '1.2.0', true],
  ['>=1', '0.9.0', false],
  ['>=0', '0.0.0', true],
  ['~1.2.3', '1.2.4', true],
  ['~1.2.3', '1.3.0', false],
  ['~1.2', '1.2.0', true],
  ['~1.2', '1.3.0', false],
  ['~1', '1.9.0', true],
  ['~1', '2.0.0', false],
  ['~0', '0.5.0', true],
  ['~0.0', '0.0.5', true],
  ['~0.0', '0.1.0', false],
  ['~0.0.0', '5.0.0', true],
  ['~*', '5.0.0', true],
  ['~1.x', '1.4.0', true],
  ['~2.0', '2.0.9', true],
  ['~>1.2.3', '1.2.9', true],
  ['~>1.2.3', '1.3.0', false],
  ['~1.2.3-beta', '1.2.3-gamma', true],
  ['~1.2.3-beta', '1.2.4-beta', true],
  ['^1.2.3', '1.9.9', true],
  ['^1.2.3', '2.0.0', false],
  ['^1.2.3', '1.2.2', false],
  ['^1.2', '1.2.0', true],
  ['^1', '1.0.0', true],
  ['^0.2.3', '0.2.3', true],
  ['^0.2.3', '0.2.2', false],
  ['^0.2', '0.2.9', true],
  ['^0.2', '0.3.0', false],
  ['^0.0.3', '0.0.3', true],
  ['^0.0.3', '0.0.4', false],
  ['^0.0.3', '0.1.0', false],
  ['^0.0', '0.0.9', true],
  ['^0.0', '0.1.0', false],
  ['^0', '0.9.9', true],
  ['^0', '1.0.0', false],
  ['^*', '3.0.0', false],
  ['^x', '3.0.0', false],
  ['^0.x', '0.5.0', true],
  ['^0.x', '1.0.0', false],
  ['^1.x', '1.5.0', true],
  ['^1.x', '2.0.0', false],
  ['^1.2.x', '1.3.0', true],
  ['^0.2.x', '0.2.5', true],
  ['^0.2.x', '0.3.5', false],
  ['^0.0.x', '0.0.5', true],
  ['^0.0.x', '0.1.5', false],
  ['^1.2.3-alpha', '1.2.3-beta', true],
  ['^1.2.3-alpha', '1.2.4-beta', true],
  ['^1.2.3-alpha', '2.0.0-beta', false],
  ['1.x', '1.2.3', true],
  ['1.x', '2.0.0', false],
  ['1.2.x', '1.2.3', true],
  ['1.2.X', '1.3.0', false],
  ['1.2.*', '1.2.0', true],
  ['*', '1.2.3', true],
  ['x', '0.0.0', true],
  ['X', '9.9.9', true],
  ['1', '1.9.9', true],
  ['1', '2.0.0', false],
  ['1.2', '1.2.9', true],
  ['1.2', '1.3.0', false],
  ['=1.2', '1.2.9', true],
  ['v1.2.3', '1.2.3', true],
  ['1.2.3+meta', '1.2.3', true],
  ['1.2.3', '1.2.3+meta', true],
  ['>1.x', '2.0.0', true],
  ['>1.x', '1.9.0', false],
  ['<1.x', '0.9.0', true],
  ['<1.x', '1.0.0', false],
  ['<=1.x', '1.9.0', true],
  ['<=1.x', '2.0.0', false],
  ['>=1.x', '1.0.0', true],
  ['>=1.x', '0.9.0', false],
  ['<=1.2.x', '1.2.9', true],
  ['<=1.2.x', '1.3.0', false],
  ['>1.2.x', '1.3.0', true],
  ['>1.2.x', '1.2.9', false],
  ['1.2 - 1.4.5', '1.4.5', true],
  ['1.2 - 1.4.5', '1.4.6', false],
  ['1.2.3 - 2', '2.5.0', true],
  ['1.2.3 - 2', '3.0.0', false],
  ['1.2.3 - 2.x', '2.9.0', true],
  ['1.2 - 1.4.5 <1.4', '1.3.0', true],
  ['1.2 - 1.4.5 <1.4', '1.4.2', false],
  ['1.0 - 2.0 || 3.0 - 4.0', '3.5.0', true],
  ['1.0 - 2.0 || 3.0 - 4.0', '2.5.0', false],
  ['>=1.2 <2', '1.5.0', true],
  ['>=1.2,<2', '1.5.0', true],
  ['>=1.2, <2', '2.5.0', false],
  ['>=1.2 , <2', '1.5.0', true],
  ['>= 1.2 < 2', '1.5.0', true],
  ['>=1.1 <1.3 || ^2.0', '2.5.0', true],
  ['>1.0.0-alpha <1.0.0', '1.0.0-beta', false],
  ['>=1.2.3-0 <=1.2.4', '1.2.4-beta', false],
  ['>=1.2.3-0 <=1.2.4-0', '1.2.4-beta', false],
  ['>=1.2.0-0', '1.3.0-beta', true],
  ['>=1.2.3-alpha', '1.2.3-beta', true],
  ['>=1.2.3-alpha', '1.2.3-alpha.1', true],
  ['>=1.2.3-alpha.2', '1.2.3-alpha.10', true],
  ['>=1.2.3-alpha.b', '1.2.3-alpha.10', false],
  ['>=1.2.3-2', '1.2.3-10', true],
  ['>=1.2.3-a2', '1.2.3-a10', false],
  ['>=1.2.3-rc.1', '1.2.3-rc', false],
  ['>=1.19', '1.28.3-gke.1', false],
  ['>=1.19-0', '1.28.3-gke.1', true],
  ['<1.22-0', 'v1.32.0', false],
  ['*', '1.0.0-beta', false],
  ['>=0.0.0-0', '1.0.0-beta', true],
  ['  >=1.0  ', '1.0.0', true],
  ['>=1.0||<0.5', '0.4.0', true],
  ['>=01.02.03', '1.2.3', true],
  ['>1.2.3+build', '1.2.3+other', false],
  ['=1.2.3-BETA', '1.2.3-BETA', true],
  ['>=1.2.3-beta', '1.2.3-Beta', false],
  ['>=1.2.3-1', '1.2.3-18446744073709551616', true],
  ['>=1.2.3-a', '1.2.3-18446744073709551616', false],
];

test('semverCompare results match Helm', () => {
  for (const [constraint, version, want] of HELM_RESULTS) {
    assert.equal(satisfies(constraint, version), want, `${JSON.stringify(constraint)} vs ${version}`);
  }
});

test('improper constraints report the offending OR group', () => {
  const cases: [string, string][] = [
    ['==1.0.0', 'improper constraint: ==1.0.0'],
    ['abc', 'improper constraint: abc'],
    ['', 'improper constraint: '],
    ['>1.0 || ', 'improper constraint:  '],
    ['1.0 - ', 'improper constraint: 1.0 - '],
    ['>=1.0 <', 'improper constraint: >=1.0 <'],
    ['~>=1.0', 'improper constraint: ~>=1.0'],
    ['1.2.3.4', 'improper constraint: 1.2.3.4'],
    // The version pattern admits x and | mixed with digits; NewVersion then rejects them.
    ['1|2', 'constraint Parser Error'],
    ['1x', 'constraint Parser Error'],
    ['>1.2.3-01', 'constraint Parser Error'],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseConstraint(text),
      (e: unknown) => e instanceof SemverError && e.message === message,
      text,
    );
  }
});

test('the constraint is parsed before the version', () => {
  assert.throws(() => satisfies('abc', 'banana'), { message: 'improper constraint: abc' });
  assert.throws(() => satisfies('>1.2', 'banana'), { message: 'Invalid Semantic Version' });
});

test('String() normalises operators and separators', () => {
  assert.equal(parseConstraint('>= 1.2, <2 ||^3.x').toString(), '>=1.2 <2 || ^3.x');
  assert.equal(parseConstraint('1.2 - 1.4.5').toString(), '>=1.2 <=1.4.5');
});

test('validate explains failures with the library texts', () => {
  const v = parseVersion('1.3.0');
  assert.deepEqual(parseConstraint('~1.2.3').validate(v), {
    ok: false,
    reasons: ['1.3.0 does not have same major and minor version as 1.2.3'],
  });
  assert.deepEqual(parseConstraint('^0.2.3').validate(parseVersion('0.3.0')).reasons, [
    '0.3.0 does not have same minor version as 0.2.3. Expected minor versions to match when constraint major version is 0',
  ]);
  assert.deepEqual(parseConstraint('^0.0.3').validate(parseVersion('0.0.4')).reasons, [
    '0.0.4 does not equal 0.0.3. Expect version and constraint to equal when major and minor versions are 0',
  ]);
  assert.deepEqual(parseConstraint('>=1.2 <1.3 || >2').validate(parseVersion('1.4.0')).reasons, [
    '1.4.0 is greater than or equal to 1.3',
    '1.4.0 is less than or equal to 2',
  ]);
  // The prerelease reason is given once, however many constraints reject it.
  assert.deepEqual(parseConstraint('>=1 <2 || >3').validate(parseVersion('1.5.0-rc.1')).reasons, [
    '1.5.0-rc.1 is a prerelease version and the constraint is only looking for release versions',
  ]);
  assert.deepEqual(parseConstraint('>=1').validate(parseVersion('1.5.0')), { ok: true, reasons: [] });
});
