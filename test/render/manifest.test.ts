/**
 * Manifest splitting: the hand-written scanner against the regular expressions Helm uses
 * (releaseutil.SplitManifests' `(?:^|\s*\n)---\s*` and strings.TrimSpace), on fixed cases and
 * on random texts made of the characters that matter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trimSpace } from '../../lib/go/unicode.ts';
import { splitManifests } from '../../lib/render/manifest.ts';
import { random } from '../random.ts';

const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;
// Go's unicode.IsSpace, the set strings.TrimSpace removes.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');
const regexTrim = (s: string): string => s.replace(TRIM, '');
const reference = (text: string): string[] =>
  regexTrim(text)
    .split(SEPARATOR)
    .filter((d) => d !== '')
    .map(regexTrim);

describe('splitManifests', () => {
  it('splits documents as Helm does', () => {
    assert.deepEqual(splitManifests('a: 1\n---\nb: 2\n'), ['a: 1', 'b: 2']);
    // ` --- ` is no separator (spaces before the dashes), the next line is.
    assert.deepEqual(splitManifests('---\na: 1\n  \n --- \n---\nb: 2'), ['a: 1\n  \n ---', 'b: 2']);
    assert.deepEqual(splitManifests('a\n----b\n---'), ['a', '-b']);
    assert.deepEqual(splitManifests('x: "---"\ny: |\n  ---\n'), ['x: "---"\ny: |\n  ---']);
    assert.deepEqual(splitManifests(' \u00a0\n'), []);
    // Go trims every Unicode space (helm template drops an ideographic space ending a document).
    assert.deepEqual(splitManifests('a: 1\n\u3000\u2003\n---\n\u1680b: 2'), ['a: 1', 'b: 2']);
  });

  it('agrees with the regular expressions on random texts', () => {
    const next = random(7);
    const alphabet = [
      '-',
      '-',
      '-',
      '\n',
      '\n',
      ' ',
      ' ',
      '\t',
      '\r',
      '\f',
      '\v',
      'a',
      '\u0085',
      '\u00a0',
      '\u3000',
      '\u2028',
      '---',
      '\n---',
    ];
    for (let i = 0; i < 20000; i++) {
      const n = Math.floor(next() * 24);
      let text = '';
      for (let k = 0; k < n; k++) text += alphabet[Math.floor(next() * alphabet.length)];
      assert.deepEqual(splitManifests(text), reference(text), JSON.stringify(text));
      assert.equal(trimSpace(text), regexTrim(text), JSON.stringify(text));
    }
  });
});
