/**
 * The glob syntax of `.Files.Glob` (gobwas/glob with `/` as separator): `*` within a path
 * segment, `**` across segments, `?`, `[...]`/`[!...]` classes, `{a,b}` alternatives, `\`
 * escapes. As in Helm, a pattern that does not compile matches every file.
 */
export function compileGlob(pattern: string): (name: string) => boolean {
  const source = translate(pattern);
  if (source === null) return () => true;
  let re: RegExp;
  try {
    re = new RegExp(`^${source}$`, 'su');
  } catch {
    return () => true;
  }
  return (name) => re.test(name);
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function translate(p: string): string | null {
  let out = '';
  let depth = 0;
  const chars = [...p];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    switch (c) {
      case '*':
        if (chars[i + 1] === '*') {
          out += '.*';
          i++;
        } else {
          out += '[^/]*';
        }
        break;
      case '?':
        out += '[^/]';
        break;
      case '\\':
        if (i + 1 >= chars.length) return null;
        out += escapeRegExp(chars[++i]);
        break;
      case '[': {
        const end = chars.indexOf(']', i + 1);
        if (end < 0) return null;
        let body = chars.slice(i + 1, end);
        let negate = false;
        if (body[0] === '!') {
          negate = true;
          body = body.slice(1);
        }
        if (body.length === 0) return null;
        out += `[${negate ? '^' : ''}${body.map((ch) => (ch === '-' ? '-' : escapeRegExp(ch))).join('')}]`;
        i = end;
        break;
      }
      case '{':
        depth++;
        out += '(?:';
        break;
      case '}':
        if (depth === 0) return null;
        depth--;
        out += ')';
        break;
      case ',':
        out += depth > 0 ? '|' : ',';
        break;
      default:
        out += escapeRegExp(c);
    }
  }
  return depth === 0 ? out : null;
}
