/**
 * go-yaml's map key order (sorter.go) for string keys: runes compared one by one, letters
 * before non-letters, letters by code point, and digit runs compared as numbers (`a9` < `a10`,
 * `7` < `007`). Both v2 and v3 use it.
 */

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(String.fromCodePoint(c));
}

function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(String.fromCodePoint(c));
}

function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

/**
 * keyList.Less for two string keys. go-yaml v3 adds one rule: right after an equal digit, a
 * letter sorts before a non-letter (`1e3` < `1.5`); v2 always puts the non-letter first.
 */
export function yamlKeyLess(a: string, b: string, v3 = false): boolean {
  const ar = hasSurrogates(a) ? runes(a) : a;
  const br = hasSurrogates(b) ? runes(b) : b;
  const at = (r: string | number[], i: number): number => (typeof r === 'string' ? r.charCodeAt(i) : r[i]);
  const alen = ar.length;
  const blen = br.length;
  let digits = false;
  for (let i = 0; i < alen && i < blen; i++) {
    const ai0 = at(ar, i);
    const bi0 = at(br, i);
    if (ai0 === bi0) {
      if (v3) digits = isDigit(ai0);
      continue;
    }
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ai0 === 0x30 || bi0 === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(at(ar, j)); j--) {
        if (at(ar, j) !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < alen && isDigit(at(ar, ai)); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(at(ar, ai) - 0x30));
    let bi = i;
    for (; bi < blen && isDigit(at(br, bi)); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(at(br, bi) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return alen < blen;
}

function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** A comparator for Array#sort from {@link yamlKeyLess}. */
export function compareYamlKeys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
}

/** {@link compareYamlKeys} as go-yaml v3 sorts (toYamlPretty). */
export function compareYamlKeysV3(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b, true) ? -1 : yamlKeyLess(b, a, true) ? 1 : 0;
}
