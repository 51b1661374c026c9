/**
 * The fast YAML path must give exactly what the complete reader gives, or step aside
 * (undefined) so the complete reader runs. Checked on targeted snippets, on the conformance
 * values, and on every values.yaml of the conformance charts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fastDecodeYaml } from '../../lib/yaml/fast.ts';
import { slowDecodeYaml } from '../../lib/yaml/reader.ts';
import { marshalJSON } from '../../lib/go/json.ts';

function slow(src: string): string {
  try {
    return marshalJSON(slowDecodeYaml(src));
  } catch (e) {
    return `ERROR ${(e as Error).message}`;
  }
}

/** Asserts the fast path handles `src` and agrees with the complete reader. */
function same(src: string): void {
  const fast = fastDecodeYaml(src);
  assert.notEqual(fast, undefined, `fast path gave up on ${JSON.stringify(src)}`);
  assert.equal(marshalJSON(fast ?? null), slow(src), JSON.stringify(src));
}

/** Asserts the fast path either agrees or steps aside. */
function agreesOrDefers(src: string): void {
  const fast = fastDecodeYaml(src);
  if (fast === undefined) return;
  let got: string;
  try {
    got = marshalJSON(fast);
  } catch (e) {
    got = `ERROR ${(e as Error).message}`;
  }
  assert.equal(got, slow(src), JSON.stringify(src));
}

describe('fast YAML path', () => {
  it('block structure', () => {
    same('a: 1\nb:\n  c: [1, 2]\n  d: {e: f}\nlist:\n- x\n- y: 1\n  z: 2\n- - n1\n  - n2\n');
    same('a:\n  - 1\n  -\n  - 3\nb:\n-\n  c: 1\n');
    same('---\na: 1\n...\n');
    same('a: 1\n---\nb: [\n');
    same('# only\n\n# comments\n');
    same('');
    same('- a\n- b\n');
    same('just a string\n');
    same('a: 1 # c\nb: "x" # c\nc: [] # c\nd: {} #c\n# trailing\n');
  });
  it('plain scalars, multi-line folding, indicators inside', () => {
    same('a: foo\n  bar\n\n  baz\nb: c:d\nc: a#b\nd: -x\ne: :8428\nf: ?q\ng: x - y\nh: http://x/y?z=1&w\n');
    same('a: yes\nb: No\nc: ~\nd:\ne: 0x1F\nf: 017\ng: 1_000\nh: 1e3\ni: .inf2\nj: 2020-01-02\nk: 1.10\n');
    same('y: 1\nn: 2\n1.5: a\n2.0: b\ntrue: t\n');
  });
  it('quoted scalars with escapes and folding', () => {
    same(
      'a: "x\\ty\\u00e9\\x41\\"\\\\"\nb: \'it\'\'s\'\nc: "multi\n  line\n\n  text"\nd: \'one\n  two\'\ne: "esc\\\n  aped"\n',
    );
  });
  it('block scalars', () => {
    same(
      'a: |\n  line1\n  line2\nb: >\n  f1\n  f2\n\n  f3\n   more\n  back\nc: |-\n  x\nd: |+\n  y\n\ne: |2\n    indented\n  two\nf: >-\n  z\n',
    );
    same('a: |\n\n  after blank\n\n\nb: 1\n');
    same('- |\n  in list\n- >\n  folded\n  list\n');
    same('a: |\nb: 1\n');
    same('k: |\n  trailing spaces   \n     \n  end\n');
    same('a: |\n  no final newline');
    same('a: >-\n  x\n  y\nb: 1');
  });
  it('anchors, aliases, merge keys', () => {
    same('base: &b {x: 1, y2: 2}\nd:\n  <<: *b\n  y2: 3\nl: &l [1, 2]\nm: *l\nn:\n  <<: [*b, {z: 1}]\n');
    same('a: &a\n  k: v\nb: *a\n');
    same('a: {b: 1, <<: {b: 2, c: 3}}\n');
  });
  it('tags', () => {
    same('a: !!str 123\nb: !!binary aGVsbG8=\nc: !!int "12"\nd: !foo bar\ne: !!float 1\n');
  });
  it('flow collections', () => {
    same(
      'a: [1, "two", \'three\', {four: 4}, [5], []]\nb: {x: 1, "y": 2, z: }\nc: [\n  a,\n  b, # c\n]\nd: {a, b: 1}\n',
    );
  });
  it('defers or agrees on odd and invalid input', () => {
    const inputs = [
      'x: [1, 2\n',
      'a:\n\tb: 1\n',
      ': : :',
      'a: b: c\n',
      "a: 'x\n",
      '- a\nb: 1\n',
      'a:\n  - b\n  c: d\n',
      '{a: 1',
      'a: *x\n',
      'a: |\n  x\n b\n',
      'key: "abc\\q"\n',
      'a: 1\n  b: 2\n',
      '"a\nb": 1\n',
      '? complex\n: key\n',
      '~: 1\n',
      'a: .nan\n',
      'x: !!binary "!!"\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: [b: c]\n',
      'a: {b: [c, {d: e}]}\n',
      'a:\r\n  b: 1\r\n',
      'a: 1\n\n\n',
      '- - - x\n',
      'a: - b\n',
      '- a: 1\n  - b\n',
    ];
    for (const src of inputs) agreesOrDefers(src);
  });
});

const SHARED = process.env.SLIPWAY_SHARED ?? resolve(import.meta.dirname, '../../../shared');
const CHARTS = join(SHARED, 'conformance/charts');

function valuesFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'templates') valuesFiles(p, out);
    } else if (name === 'values.yaml' || name === 'Chart.yaml') {
      out.push(p);
    }
  }
  return out;
}

describe('conformance charts', () => {
  it('every values.yaml and Chart.yaml reads the same on both paths', () => {
    let deferred = 0;
    for (const file of valuesFiles(CHARTS)) {
      const src = readFileSync(file, 'utf8');
      if (fastDecodeYaml(src) === undefined) deferred++;
      agreesOrDefers(src);
    }
    assert.ok(deferred <= 3, `${deferred} files needed the full parser`);
  });
});
