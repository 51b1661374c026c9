/**
 * Sprig v3.3.0's path functions: base/dir/clean/ext/isAbs are Go's `path` package (always
 * forward slashes, so a Windows path is a single element), and the os* variants are
 * `path/filepath`, which on Linux — where Helm renders — behaves identically.
 */
import { GoFunc } from '../../../go/value.ts';
import type { FuncMap, GoValue } from '../../../go/value.ts';

/**
 * path.Clean: the shortest equivalent path — repeated slashes collapsed, `.` elements
 * removed, `..` elements cancelled against the preceding element (or dropped at the root),
 * no trailing slash; "" becomes ".".
 */
export function clean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  // `..` elements that could not be cancelled (relative paths keep them at the front).
  let leadingDotDots = 0;
  for (const elem of path.split('/')) {
    if (elem === '' || elem === '.') continue;
    if (elem === '..') {
      if (out.length > leadingDotDots) out.pop();
      else if (!rooted) {
        out.push('..');
        leadingDotDots++;
      }
      continue;
    }
    out.push(elem);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** path.Base: the last element, trailing slashes ignored; "" → ".", all slashes → "/". */
export function base(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return last === '' ? '/' : last;
}

/** path.Dir: everything before the last slash, cleaned. */
export function dir(path: string): string {
  return clean(path.slice(0, path.lastIndexOf('/') + 1));
}

/** path.Ext: the suffix from the last dot of the last element, or "". */
export function ext(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) {
    if (path[i] === '.') return path.slice(i);
  }
  return '';
}

/** path.IsAbs. */
export function isAbs(path: string): boolean {
  return path.startsWith('/');
}

function stringFunc(name: string, f: (s: string) => string): GoFunc {
  return new GoFunc({ name, params: ['string'], result: 'string', fn: (s: GoValue) => f(s as string) });
}

function boolFunc(name: string, f: (s: string) => boolean): GoFunc {
  return new GoFunc({ name, params: ['string'], result: 'bool', fn: (s: GoValue) => f(s as string) });
}

export const pathFuncs: FuncMap = {
  base: stringFunc('base', base),
  dir: stringFunc('dir', dir),
  clean: stringFunc('clean', clean),
  ext: stringFunc('ext', ext),
  isAbs: boolFunc('isAbs', isAbs),
  osBase: stringFunc('osBase', base),
  osClean: stringFunc('osClean', clean),
  osDir: stringFunc('osDir', dir),
  osExt: stringFunc('osExt', ext),
  osIsAbs: boolFunc('osIsAbs', isAbs),
};
