/**
 * `.helmignore` rules, with Helm's semantics (pkg/ignore): the first matching rule decides,
 * `!` negates, a trailing `/` matches directories only, a leading `/` anchors to the chart
 * root, a pattern without `/` matches the base name; `**` is rejected.
 */
import { basePath, BadPatternError, matchPath } from '../go/path.ts';
import { ChartLoadError } from './errors.ts';

interface Rule {
  readonly raw: string;
  readonly negate: boolean;
  readonly mustDir: boolean;
  readonly match: (path: string) => boolean;
}

export class IgnoreRules {
  private readonly rules: Rule[] = [];

  /** Parses a .helmignore file's text. */
  static parse(text: string): IgnoreRules {
    const rules = new IgnoreRules();
    for (const line of text.split('\n')) rules.add(line);
    return rules;
  }

  /** Helm's AddDefaults: files starting with `.` inside templates/ are never templates. */
  withDefaults(): this {
    this.add('templates/.?*');
    return this;
  }

  add(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new ChartLoadError('double-star (**) syntax is not supported');
    try {
      matchPath(rule, 'abc');
    } catch (err) {
      if (err instanceof BadPatternError) throw new ChartLoadError(`.helmignore: ${err.message}: ${rule}`);
      throw err;
    }
    const raw = rule;
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    const pattern = rule.startsWith('/') ? rule.slice(1) : rule;
    const structural = rule.startsWith('/') || rule.includes('/');
    const match = (path: string): boolean => {
      try {
        return matchPath(pattern, structural ? path : basePath(path));
      } catch {
        return false;
      }
    };
    this.rules.push({ raw, negate, mustDir, match });
  }

  /** Is `path` (relative, `/`-separated) ignored? */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const r of this.rules) {
      if (r.negate) {
        // Helm's quirk, kept: a negated rule that does not match ignores the path.
        if (r.mustDir && !isDir) return true;
        if (!r.match(path)) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (r.match(path)) return true;
    }
    return false;
  }
}
