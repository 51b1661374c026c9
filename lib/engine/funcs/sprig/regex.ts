/**
 * Sprig v3.3.0's regular-expression functions (Go RE2 syntax, see lib/go/regexp.ts).
 *
 * The plain variants compile with regexp.MustCompile, so a bad pattern panics with
 * "regexp: Compile(`…`): error parsing regexp: …" — except regexMatch, which ignores the
 * error and returns false. The must* variants return the bare compile error.
 */
import { Regexp, quoteMeta } from '../../../go/regexp.ts';
import { GoFunc, GoInt, SLICE_OF_STRING, withType } from '../../../go/value.ts';
import type { FuncMap, GoList, GoValue } from '../../../go/value.ts';

const str = (v: GoValue): string => v as string;
const num = (v: GoValue): number => Number((v as GoInt).value);
const strings = (xs: string[]): GoList => withType(xs, SLICE_OF_STRING);

/**
 * Compiled patterns by source text. Charts call these functions in loops with the same
 * pattern; a Regexp is immutable, so reusing it is safe. Compile errors are not cached.
 */
const cache = new Map<string, Regexp>();
const CACHE_LIMIT = 500;

function compile(pattern: string, must: boolean): Regexp {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = must ? Regexp.mustCompile(pattern) : Regexp.compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Defines `name` (MustCompile) and `mustName` (Compile) over the same operation. */
function pair(
  name: string,
  params: readonly string[],
  result: string,
  op: (re: Regexp, ...args: GoValue[]) => GoValue,
): FuncMap {
  const must = 'must' + name[0].toUpperCase() + name.slice(1);
  return {
    [name]: new GoFunc({ name, params, result, fn: (p, ...args) => op(compile(str(p), true), ...args) }),
    [must]: new GoFunc({
      name: must,
      params,
      result,
      fn: (p, ...args) => op(compile(str(p), false), ...args),
    }),
  };
}

export const regexFuncs: FuncMap = {
  regexMatch: new GoFunc({
    name: 'regexMatch',
    params: ['string', 'string'],
    result: 'bool',
    fn: (p, s) => {
      try {
        return compile(str(p), false).matchString(str(s));
      } catch {
        return false;
      }
    },
  }),
  mustRegexMatch: new GoFunc({
    name: 'mustRegexMatch',
    params: ['string', 'string'],
    result: 'bool',
    fn: (p, s) => compile(str(p), false).matchString(str(s)),
  }),
  ...pair('regexFindAll', ['string', 'string', 'int'], '[]string', (re, s, n) =>
    strings(re.findAllString(str(s), num(n))),
  ),
  ...pair('regexFind', ['string', 'string'], 'string', (re, s) => re.findString(str(s))),
  ...pair('regexReplaceAll', ['string', 'string', 'string'], 'string', (re, s, repl) =>
    re.replaceAllString(str(s), str(repl)),
  ),
  ...pair('regexReplaceAllLiteral', ['string', 'string', 'string'], 'string', (re, s, repl) =>
    re.replaceAllLiteralString(str(s), str(repl)),
  ),
  ...pair('regexSplit', ['string', 'string', 'int'], '[]string', (re, s, n) =>
    strings(re.split(str(s), num(n))),
  ),
  regexQuoteMeta: new GoFunc({
    name: 'regexQuoteMeta',
    params: ['string'],
    result: 'string',
    fn: (s) => quoteMeta(str(s)),
  }),
};
