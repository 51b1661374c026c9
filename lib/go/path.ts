/** Go's `path` package (slash-separated paths): Clean, Base and filepath.Match. */

/** path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** path.Base. */
export function basePath(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** path.Join. */
export function joinPath(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
}

/** Go's filepath.ErrBadPattern. */
export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
    this.name = 'BadPatternError';
  }
}

/**
 * filepath.Match on Unix: `*` matches any run of non-`/` characters, `?` one non-`/`
 * character, `[...]` a class (`^` negates, ranges, `\` escapes). Throws BadPatternError for
 * a malformed pattern, as Go returns ErrBadPattern.
 */
export function matchPath(pattern: string, name: string): boolean {
  return matchFrom(pattern, 0, [...name], 0);
}

function matchFrom(pattern: string, pi: number, name: string[], ni: number): boolean {
  while (pi < pattern.length) {
    const c = pattern[pi];
    if (c === '*') {
      while (pattern[pi] === '*') pi++;
      // Validate the rest of the pattern even if we end early, as Go does.
      if (pi === pattern.length) {
        for (let k = ni; k < name.length; k++) if (name[k] === '/') return false;
        return true;
      }
      for (let k = ni; k <= name.length; k++) {
        if (matchFrom(pattern, pi, name, k)) return true;
        if (k < name.length && name[k] === '/') break;
      }
      checkRest(pattern, pi);
      return false;
    }
    if (ni >= name.length) {
      checkRest(pattern, pi);
      return false;
    }
    if (c === '?') {
      if (name[ni] === '/') return false;
      pi++;
      ni++;
      continue;
    }
    if (c === '[') {
      const { matched, next } = matchClass(pattern, pi + 1, name[ni]);
      if (!matched) {
        checkRest(pattern, next);
        return false;
      }
      pi = next;
      ni++;
      continue;
    }
    if (c === '\\') {
      pi++;
      if (pi >= pattern.length) throw new BadPatternError();
    }
    const pc = String.fromCodePoint(pattern.codePointAt(pi) ?? 0);
    if (pc !== name[ni]) {
      checkRest(pattern, pi + pc.length);
      return false;
    }
    pi += pc.length;
    ni++;
  }
  return ni === name.length;
}

function matchClass(pattern: string, pi: number, ch: string): { matched: boolean; next: number } {
  if (ch === '/') {
    // A class never matches the separator; still validate the class.
    const { next } = matchClass(pattern, pi, '\u0000');
    return { matched: false, next };
  }
  let negate = false;
  if (pattern[pi] === '^') {
    negate = true;
    pi++;
  }
  let matched = false;
  let first = true;
  for (;;) {
    if (pi >= pattern.length) throw new BadPatternError();
    if (pattern[pi] === ']' && !first) {
      pi++;
      break;
    }
    first = false;
    const lo = readClassChar(pattern, pi);
    pi = lo.next;
    let hi = lo.ch;
    if (pattern[pi] === '-') {
      const h = readClassChar(pattern, pi + 1);
      hi = h.ch;
      pi = h.next;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if ((lo.ch.codePointAt(0) ?? 0) <= cp && cp <= (hi.codePointAt(0) ?? 0)) matched = true;
  }
  return { matched: matched !== negate, next: pi };
}

function readClassChar(pattern: string, pi: number): { ch: string; next: number } {
  if (pi >= pattern.length) throw new BadPatternError();
  let c = pattern[pi];
  if (c === '-' || c === ']') throw new BadPatternError();
  if (c === '\\') {
    pi++;
    if (pi >= pattern.length) throw new BadPatternError();
    c = pattern[pi];
  }
  const ch = String.fromCodePoint(pattern.codePointAt(pi) ?? 0);
  void c;
  return { ch, next: pi + ch.length };
}

/** Go keeps scanning the pattern after a mismatch to report ErrBadPattern. */
function checkRest(pattern: string, pi: number): void {
  while (pi < pattern.length) {
    const c = pattern[pi];
    if (c === '\\') {
      if (pi + 1 >= pattern.length) throw new BadPatternError();
      pi += 2;
    } else if (c === '[') {
      pi = matchClass(pattern, pi + 1, 'a').next;
    } else {
      pi++;
    }
  }
}
