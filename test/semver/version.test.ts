/**
 * Version parsing and ordering (Masterminds/semver v3.3.0 NewVersion / StrictNewVersion);
 * expectations from Helm v3.17.3's `semver` function and the SemVer 2 precedence rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SemverError, parseStrictVersion, parseVersion, sortVersions } from '../../lib/semver/index.ts';

const parseError = (text: string, message: string, parse = parseVersion) =>
  assert.throws(
    () => parse(text),
    (e: unknown) => e instanceof SemverError && e.message === message,
    text,
  );

test('the loose parser fills in missing parts and keeps the original', () => {
  const cases: [string, string][] = [
    ['1.2.3', '1.2.3'],
    ['v1.2', '1.2.0'],
    ['3', '3.0.0'],
    ['01.2.3', '1.2.3'],
    ['10.200.3000', '10.200.3000'],
    ['1.2.3-beta.1+build.5', '1.2.3-beta.1+build.5'],
    ['1.2.3-00a', '1.2.3-00a'],
    ['1.2.3+01', '1.2.3+01'],
    ['v1.28.3-gke.1286000', '1.28.3-gke.1286000'],
  ];
  for (const [text, want] of cases) {
    const v = parseVersion(text);
    assert.equal(v.toString(), want, text);
    assert.equal(v.original, text);
  }
  const v = parseVersion('1.2.3-beta.1+build.5');
  assert.deepEqual([v.major, v.minor, v.patch, v.prerelease, v.metadata], [1n, 2n, 3n, 'beta.1', 'build.5']);
});

test('the loose parser rejects what Helm rejects, with its messages', () => {
  for (const text of [
    'not-a-version',
    '',
    'v',
    'V1.2.3',
    ' 1.2.3',
    '1.2.3-',
    '1.2.3-a..b',
    '1.2.3+meta_x',
    '1.2.3.4',
  ]) {
    parseError(text, 'Invalid Semantic Version');
  }
  parseError('1.2.3-01', 'Version segment starts with 0');
  parseError('1.2.3-rc.01', 'Version segment starts with 0');
  parseError(
    '99999999999999999999',
    'Error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
  );
  assert.equal(parseVersion('18446744073709551615').major, 18446744073709551615n);
});

test('the strict parser wants exactly X.Y.Z', () => {
  assert.equal(parseStrictVersion('1.2.3-rc.1+b').toString(), '1.2.3-rc.1+b');
  parseError('', 'Version string empty', parseStrictVersion);
  parseError('1.2', 'Invalid Semantic Version', parseStrictVersion);
  parseError('v1.2.3', 'Invalid characters in version', parseStrictVersion);
  parseError('01.2.3', 'Version segment starts with 0', parseStrictVersion);
  parseError('1.2.3-01', 'Version segment starts with 0', parseStrictVersion);
  parseError('1.2.3-a_b', 'Invalid Prerelease string', parseStrictVersion);
  parseError('1.2.3+a_b', 'Invalid Metadata string', parseStrictVersion);
});

test('precedence follows SemVer 2; metadata is ignored', () => {
  const ordered = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.2.0',
    '1.10.0',
    '2.0.0',
  ];
  const shuffled = [...ordered].reverse().map((s) => parseVersion(s));
  assert.deepEqual(
    sortVersions(shuffled).map((v) => v.toString()),
    ordered,
  );
  assert.equal(parseVersion('1.0.0+a').compare(parseVersion('1.0.0+b')), 0);
  assert.equal(parseVersion('1.2.3').equal(parseVersion('v1.2.3')), true);
  assert.equal(parseVersion('1.2.3').lessThan(parseVersion('1.3.0')), true);
  assert.equal(parseVersion('1.2.3').greaterThan(parseVersion('1.3.0')), false);
  assert.equal(parseVersion('1.2.3').lessThanEqual(parseVersion('1.2.3')), true);
  assert.equal(parseVersion('1.2.3').greaterThanEqual(parseVersion('1.2.4')), false);
  // Identifiers beyond uint64 are not numeric any more and sort after numbers.
  assert.equal(parseVersion('1.0.0-18446744073709551616').compare(parseVersion('1.0.0-1')), 1);
  assert.equal(parseVersion('1.0.0-18446744073709551616').compare(parseVersion('1.0.0-a')), -1);
});

test('increments and setters keep a v prefix in the original', () => {
  assert.equal(parseVersion('1.2.3').incMinor().toString(), '1.3.0');
  assert.equal(parseVersion('v1.2.3').incMinor().original, 'v1.3.0');
  assert.equal(parseVersion('1.2.3-rc.1').incPatch().toString(), '1.2.3');
  assert.equal(parseVersion('1.2.3+m').incPatch().toString(), '1.2.4');
  assert.equal(parseVersion('1.2.3-x+y').incMajor().toString(), '2.0.0');
  assert.equal(parseVersion('1.2.3').setPrerelease('rc.1').toString(), '1.2.3-rc.1');
  assert.equal(parseVersion('1.2.3-x+y').setPrerelease('').toString(), '1.2.3+y');
  assert.equal(parseVersion('1.2.3').setMetadata('b.7').original, '1.2.3+b.7');
  parseError('01', 'Version segment starts with 0', (p) => parseVersion('1.2.3').setPrerelease(p));
  parseError('a_b', 'Invalid Metadata string', (m) => parseVersion('1.2.3').setMetadata(m));
  // uint64 wrap-around, as in Go.
  assert.equal(parseVersion('18446744073709551615.0.0').incMajor().toString(), '0.0.0');
});

// [text, "String|Original|Prerelease|Metadata|Major" or null, error or null], from Helm's `semver`.
const HELM_VERSIONS: [string, string | null, string | null][] = [
  ['1.2.3', '1.2.3|1.2.3|||1', null],
  ['v1.2.3', '1.2.3|v1.2.3|||1', null],
  ['1.0', '1.0.0|1.0|||1', null],
  ['1', '1.0.0|1|||1', null],
  ['v1', '1.0.0|v1|||1', null],
  ['1.2.3-alpha.01', null, 'Version segment starts with 0'],
  ['1.2.3-alpha.-1', '1.2.3-alpha.-1|1.2.3-alpha.-1|alpha.-1||1', null],
  ['1.2.3--', '1.2.3--|1.2.3--|-||1', null],
  ['1.2.3-0', '1.2.3-0|1.2.3-0|0||1', null],
  ['1.2.3-00', null, 'Version segment starts with 0'],
  ['1.2.3+0.00', '1.2.3+0.00|1.2.3+0.00||0.00|1', null],
  ['1.2.3-a.b.c+d.e.f', '1.2.3-a.b.c+d.e.f|1.2.3-a.b.c+d.e.f|a.b.c|d.e.f|1', null],
  ['1.2.3-beta+', null, 'Invalid Semantic Version'],
  ['1.2.3+a+b', null, 'Invalid Semantic Version'],
  ['1.2-beta', '1.2.0-beta|1.2-beta|beta||1', null],
  ['1-beta', '1.0.0-beta|1-beta|beta||1', null],
  ['v1-beta+meta', '1.0.0-beta+meta|v1-beta+meta|beta|meta|1', null],
  ['1.2.3.beta', null, 'Invalid Semantic Version'],
  ['1.2.3-beta..1', null, 'Invalid Semantic Version'],
  ['1.2.3-x-y', '1.2.3-x-y|1.2.3-x-y|x-y||1', null],
  ['0.0.0', '0.0.0|0.0.0|||0', null],
  ['00.00.00', '0.0.0|00.00.00|||0', null],
  ['v01.02.03-04', null, 'Version segment starts with 0'],
  [
    '18446744073709551615.18446744073709551615.18446744073709551615',
    '18446744073709551615.18446744073709551615.18446744073709551615|18446744073709551615.18446744073709551615.18446744073709551615|||18446744073709551615',
    null,
  ],
  [
    '18446744073709551616.0.0',
    null,
    'Error parsing version segment: strconv.ParseUint: parsing "18446744073709551616": value out of range',
  ],
  ['1.2.3-1a', '1.2.3-1a|1.2.3-1a|1a||1', null],
  ['1.2.3-a1', '1.2.3-a1|1.2.3-a1|a1||1', null],
  ['1.2.3-ÄÖ', null, 'Invalid Semantic Version'],
  ['1.2.3 ', null, 'Invalid Semantic Version'],
  ['1.2.3\n', null, 'Invalid Semantic Version'],
  ['vv1.2.3', null, 'Invalid Semantic Version'],
  ['-1.2.3', null, 'Invalid Semantic Version'],
  ['+1.2.3', null, 'Invalid Semantic Version'],
  ['1..2', null, 'Invalid Semantic Version'],
  ['1.2.', null, 'Invalid Semantic Version'],
  ['1.2.3-a.', null, 'Invalid Semantic Version'],
  ['1.2.3+', null, 'Invalid Semantic Version'],
  ['1.2.3-alpha+001', '1.2.3-alpha+001|1.2.3-alpha+001|alpha|001|1', null],
  ['1.2.3-alpha.001x', '1.2.3-alpha.001x|1.2.3-alpha.001x|alpha.001x||1', null],
];

test('NewVersion results and errors match Helm', () => {
  for (const [text, want, error] of HELM_VERSIONS) {
    if (error !== null) {
      parseError(text, error);
      continue;
    }
    const v = parseVersion(text);
    assert.equal(
      [v.toString(), v.original, v.prerelease, v.metadata, v.major].join('|'),
      want,
      JSON.stringify(text),
    );
  }
});
