/**
 * Go's regexp package (RE2 syntax) on top of JavaScript's RegExp.
 *
 * A Go pattern is parsed with the rules of Go's regexp/syntax (Perl flags, as
 * regexp.Compile uses), rejecting what Go rejects with Go's exact error text, and
 * translated into an equivalent JavaScript pattern (flag `u`). Matching then follows Go's
 * leftmost-first semantics, which a backtracking engine reproduces for the overall match;
 * the iteration rules of FindAll, ReplaceAll, Split and Expand are Go's, reimplemented
 * here. Known differences: JavaScript may backtrack exponentially where RE2 is linear; a
 * capture inside a repeated group that did not take part in the last iteration is unset in
 * JavaScript but keeps its earlier value in Go; and in a `+`/`*` loop whose body prefers an
 * empty match over a longer one (`(|a)+`, `(a??)*`), RE2 stops after the empty iteration
 * while JavaScript goes on with a longer one (`?` and `{n,m}` are translated exactly).
 */
import { sprintf } from './fmt.ts';
import { GoError } from './value.ts';

/** Go's *syntax.Error: `error parsing regexp: CODE: `EXPR``. */
export class RegexpSyntaxError extends GoError {
  readonly code: string;
  readonly expr: string;
  constructor(code: string, expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'RegexpSyntaxError';
    this.code = code;
    this.expr = expr;
  }
}

const ERR_INVALID_CHAR_RANGE = 'invalid character class range';
const ERR_INVALID_ESCAPE = 'invalid escape sequence';
const ERR_INVALID_NAMED_CAPTURE = 'invalid named capture';
const ERR_INVALID_PERL_OP = 'invalid or unsupported Perl syntax';
const ERR_INVALID_REPEAT_OP = 'invalid nested repetition operator';
const ERR_INVALID_REPEAT_SIZE = 'invalid repeat count';
const ERR_MISSING_BRACKET = 'missing closing ]';
const ERR_MISSING_PAREN = 'missing closing )';
const ERR_MISSING_REPEAT_ARGUMENT = 'missing argument to repetition operator';
const ERR_TRAILING_BACKSLASH = 'trailing backslash at end of expression';
const ERR_UNEXPECTED_PAREN = 'unexpected )';
const ERR_NESTING_DEPTH = 'expression nests too deeply';

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;
const MAX_HEIGHT = 1000;

// ---------------------------------------------------------------------------------------
// Parse tree
// ---------------------------------------------------------------------------------------

/** A class item: an explicit rune range, or a Unicode property (JS syntax, e.g. `\p{L}`). */
type ClassItem = readonly [number, number] | string;

/** Counted repetitions ({n,m}) nested in a node, for Go's repeat-count limit. */
interface RepeatCount {
  readonly m: number;
  readonly inner: readonly RepeatCount[];
}

type Node =
  | { t: 'lit'; r: number; fold: boolean }
  | { t: 'class'; items: ClassItem[]; negate: boolean; fold: boolean }
  | { t: 'any'; nl: boolean }
  | { t: 'assert'; js: string }
  | { t: 'empty' }
  | { t: 'group'; cap: number; sub: Node }
  | { t: 'concat'; subs: Node[] }
  | { t: 'alt'; subs: Node[] }
  | { t: 'repeat'; min: number; max: number; greedy: boolean; counted: boolean; sub: Node };

interface Flags {
  fold: boolean; // (?i)
  multiLine: boolean; // (?m): ^ and $ match at line boundaries
  dotNL: boolean; // (?s)
  nonGreedy: boolean; // (?U)
}

/** One open group on the parse stack. */
interface Frame {
  alts: Node[][];
  items: Node[];
  flags: Flags; // flags when the group opened (restored at its `)`)
  cap: number; // 0: non-capturing
  open: boolean; // false for the implicit outermost frame
}

function repeatCounts(n: Node): readonly RepeatCount[] {
  switch (n.t) {
    case 'group':
      return repeatCounts(n.sub);
    case 'concat':
    case 'alt':
      return n.subs.flatMap(repeatCounts);
    case 'repeat':
      if (!n.counted) return repeatCounts(n.sub); // *, + and ? do not count
      return [{ m: n.max === -1 ? n.min : n.max, inner: repeatCounts(n.sub) }];
    default:
      return [];
  }
}

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond 1000. */
function repeatIsValid(counts: readonly RepeatCount[], n: number): boolean {
  for (const c of counts) {
    if (c.m === 0) continue;
    if (c.m > n) return false;
    if (!repeatIsValid(c.inner, c.m > 0 ? Math.trunc(n / c.m) : n)) return false;
  }
  return true;
}

function height(n: Node): number {
  switch (n.t) {
    case 'group':
    case 'repeat':
      return 1 + height(n.sub);
    case 'concat':
    case 'alt':
      return 1 + Math.max(0, ...n.subs.map(height));
    default:
      return 1;
  }
}

// ---------------------------------------------------------------------------------------
// Character classes Go defines itself (all ASCII)
// ---------------------------------------------------------------------------------------

const R = (lo: string, hi = lo): [number, number] => [lo.codePointAt(0) ?? 0, hi.codePointAt(0) ?? 0];

const PERL_GROUPS: Record<string, [number, number][]> = {
  d: [R('0', '9')],
  s: [R('\t', '\n'), R('\f', '\r'), R(' ')],
  w: [R('0', '9'), R('A', 'Z'), R('_'), R('a', 'z')],
};

const POSIX_GROUPS: Record<string, [number, number][]> = {
  alnum: [R('0', '9'), R('A', 'Z'), R('a', 'z')],
  alpha: [R('A', 'Z'), R('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: [R('\t'), R(' ')],
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [R('0', '9')],
  graph: [R('!', '~')],
  lower: [R('a', 'z')],
  print: [R(' ', '~')],
  punct: [R('!', '/'), R(':', '@'), R('[', '`'), R('{', '~')],
  space: [R('\t', '\r'), R(' ')],
  upper: [R('A', 'Z')],
  word: [R('0', '9'), R('A', 'Z'), R('a', 'z'), R('_')],
  xdigit: [R('0', '9'), R('A', 'F'), R('a', 'f')],
};

/** The complement of sorted, disjoint ranges. */
function negateRanges(rs: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...rs].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** Go's unicode.Categories names (Go 1.23: exact, case-sensitive). */
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(
    ' ',
  ),
);

/** Four-letter script names that are full names, not ISO 15924 codes JS also accepts. */
const FOUR_LETTER_SCRIPTS = new Set(['Cham', 'Lisu', 'Modi', 'Newa', 'Thai', 'Toto', 'Vith']);

/**
 * The JS property escape for a Go \p name (a category, "Any", or a script), or undefined
 * when Go does not know the name.
 */
function unicodeProperty(name: string): string | undefined {
  if (name === 'Any') return '\\p{Any}';
  // Go's "C" has no unassigned code points; JS's \p{C} includes Cn.
  if (name === 'C') return '\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}';
  if (CATEGORIES.has(name)) return `\\p{${name}}`;
  if (!/^[A-Z][A-Za-z_]*$/.test(name)) return undefined;
  if (name.length === 4 && !FOUR_LETTER_SCRIPTS.has(name) && !/_/.test(name)) return undefined;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
  } catch {
    return undefined;
  }
  return `\\p{Script=${name}}`;
}

// ---------------------------------------------------------------------------------------
// Parser (mirrors Go's regexp/syntax with the Perl flags)
// ---------------------------------------------------------------------------------------

const isalnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);
const unhex = (c: string): number => (/^[0-9A-Fa-f]$/.test(c) ? parseInt(c, 16) : -1);

class Parser {
  private readonly whole: string;
  private s: string; // the unparsed rest
  private flags: Flags = { fold: false, multiLine: false, dotNL: false, nonGreedy: false };
  private stack: Frame[];
  numCap = 0;
  readonly names: string[] = [''];

  constructor(expr: string) {
    this.whole = expr;
    this.s = expr;
    this.stack = [{ alts: [], items: [], flags: { ...this.flags }, cap: 0, open: false }];
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  private push(n: Node): void {
    this.top.items.push(n);
  }

  private next(): string {
    const c = String.fromCodePoint(this.s.codePointAt(0) ?? 0);
    this.s = this.s.slice(c.length);
    return c;
  }

  parse(): Node {
    let lastRepeat = '';
    while (this.s !== '') {
      let repeat = '';
      const c = this.s[0];
      switch (c) {
        case '(':
          if (this.s.startsWith('(?')) {
            this.parsePerlFlags();
            break;
          }
          this.numCap++;
          this.names.push('');
          this.openGroup(this.numCap);
          this.s = this.s.slice(1);
          break;
        case '|':
          this.top.alts.push(this.top.items);
          this.top.items = [];
          this.s = this.s.slice(1);
          break;
        case ')':
          this.closeGroup();
          this.s = this.s.slice(1);
          break;
        case '^':
          this.push({ t: 'assert', js: this.flags.multiLine ? '(?<![^\\n])' : '^' });
          this.s = this.s.slice(1);
          break;
        case '$':
          this.push({ t: 'assert', js: this.flags.multiLine ? '(?![^\\n])' : '$' });
          this.s = this.s.slice(1);
          break;
        case '.':
          this.push({ t: 'any', nl: this.flags.dotNL });
          this.s = this.s.slice(1);
          break;
        case '[':
          this.parseClass();
          break;
        case '*':
        case '+':
        case '?': {
          const before = this.s;
          this.s = this.s.slice(1);
          const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
          this.repeat(min, max, false, before, lastRepeat);
          repeat = before;
          break;
        }
        case '{': {
          const before = this.s;
          const rep = parseRepeat(this.s);
          if (!rep) {
            this.push({ t: 'lit', r: 0x7b, fold: this.flags.fold });
            this.s = this.s.slice(1);
            break;
          }
          const [min, max, rest] = rep;
          this.s = rest;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw new RegexpSyntaxError(
              ERR_INVALID_REPEAT_SIZE,
              before.slice(0, before.length - rest.length),
            );
          }
          this.repeat(min, max, true, before, lastRepeat);
          repeat = before;
          break;
        }
        case '\\':
          this.parseBackslash();
          break;
        default:
          this.literal(this.next().codePointAt(0) ?? 0);
      }
      lastRepeat = repeat;
    }
    if (this.stack.length !== 1) throw new RegexpSyntaxError(ERR_MISSING_PAREN, this.whole);
    const root = this.finishFrame(this.top);
    if (height(root) > MAX_HEIGHT) throw new RegexpSyntaxError(ERR_NESTING_DEPTH, this.whole);
    return root;
  }

  private literal(r: number): void {
    this.push({ t: 'lit', r, fold: this.flags.fold });
  }

  private openGroup(cap: number): void {
    this.stack.push({ alts: [], items: [], flags: { ...this.flags }, cap, open: true });
  }

  private finishFrame(f: Frame): Node {
    const branches = [...f.alts, f.items].map((items): Node => {
      if (items.length === 0) return { t: 'empty' };
      return items.length === 1 ? items[0] : { t: 'concat', subs: items };
    });
    return branches.length === 1 ? branches[0] : { t: 'alt', subs: branches };
  }

  private closeGroup(): void {
    const f = this.top;
    if (!f.open) throw new RegexpSyntaxError(ERR_UNEXPECTED_PAREN, this.whole);
    this.stack.pop();
    this.flags = f.flags;
    const sub = this.finishFrame(f);
    this.push(f.cap > 0 ? { t: 'group', cap: f.cap, sub } : { t: 'group', cap: 0, sub });
  }

  /** Applies a repetition operator to the previous item (Go's parser.repeat). */
  private repeat(min: number, max: number, counted: boolean, before: string, lastRepeat: string): void {
    let greedy = !this.flags.nonGreedy;
    if (this.s.startsWith('?')) {
      this.s = this.s.slice(1);
      greedy = !greedy;
    }
    const opText = before.slice(0, before.length - this.s.length);
    if (lastRepeat !== '') {
      throw new RegexpSyntaxError(
        ERR_INVALID_REPEAT_OP,
        lastRepeat.slice(0, lastRepeat.length - this.s.length),
      );
    }
    const items = this.top.items;
    if (items.length === 0) throw new RegexpSyntaxError(ERR_MISSING_REPEAT_ARGUMENT, opText);
    const sub = items[items.length - 1];
    items[items.length - 1] = { t: 'repeat', min, max, greedy, counted, sub };
    const limit = [{ m: max === -1 ? min : max, inner: repeatCounts(sub) }];
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(limit, MAX_REPEAT)) {
      throw new RegexpSyntaxError(ERR_INVALID_REPEAT_SIZE, opText);
    }
  }

  /** (?flags), (?flags:…), (?:…), (?P<name>…) and (?<name>…). */
  private parsePerlFlags(): void {
    const s = this.s;
    const startsWithP = s.length > 4 && s[2] === 'P' && s[3] === '<';
    const startsWithName = s.length > 3 && s[2] === '<';
    if (startsWithP || startsWithName) {
      const end = s.indexOf('>');
      if (end < 0) throw new RegexpSyntaxError(ERR_INVALID_NAMED_CAPTURE, s);
      const capture = s.slice(0, end + 1);
      const name = s.slice(startsWithP ? 4 : 3, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new RegexpSyntaxError(ERR_INVALID_NAMED_CAPTURE, capture);
      this.numCap++;
      this.names.push(name);
      this.openGroup(this.numCap);
      this.s = s.slice(end + 1);
      return;
    }
    let t = s.slice(2);
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    while (t !== '') {
      const c = String.fromCodePoint(t.codePointAt(0) ?? 0);
      t = t.slice(c.length);
      if (c === 'i' || c === 'm' || c === 's' || c === 'U') {
        const on = !negate;
        if (c === 'i') flags.fold = on;
        else if (c === 'm') flags.multiLine = on;
        else if (c === 's') flags.dotNL = on;
        else flags.nonGreedy = on;
        sawFlag = true;
        continue;
      }
      if (c === '-') {
        if (negate) break;
        negate = true;
        sawFlag = false;
        continue;
      }
      if (c === ':' || c === ')') {
        if (negate && !sawFlag) break;
        if (c === ':') this.openGroup(0);
        this.flags = flags;
        this.s = t;
        return;
      }
      break;
    }
    throw new RegexpSyntaxError(ERR_INVALID_PERL_OP, s.slice(0, s.length - t.length));
  }

  private parseBackslash(): void {
    const t = this.s;
    if (t.length >= 2) {
      switch (t[1]) {
        case 'A':
          this.push({ t: 'assert', js: '^' });
          this.s = t.slice(2);
          return;
        case 'z':
          this.push({ t: 'assert', js: '$' });
          this.s = t.slice(2);
          return;
        case 'b':
          this.push({ t: 'assert', js: '\\b' });
          this.s = t.slice(2);
          return;
        case 'B':
          this.push({ t: 'assert', js: '\\B' });
          this.s = t.slice(2);
          return;
        case 'C':
          throw new RegexpSyntaxError(ERR_INVALID_ESCAPE, t.slice(0, 2));
        case 'Q': {
          const rest = t.slice(2);
          const end = rest.indexOf('\\E');
          const lit = end < 0 ? rest : rest.slice(0, end);
          this.s = end < 0 ? '' : rest.slice(end + 2);
          for (const ch of lit) this.literal(ch.codePointAt(0) ?? 0);
          return;
        }
      }
    }
    if (t.length >= 2 && (t[1] === 'p' || t[1] === 'P')) {
      const u = this.parseUnicodeClass();
      if (u) {
        this.push({ t: 'class', items: [u.prop], negate: u.negate, fold: this.flags.fold });
        return;
      }
    }
    const perl = this.parsePerlClassEscape();
    if (perl) {
      this.push({ t: 'class', items: perl, negate: false, fold: this.flags.fold });
      return;
    }
    this.literal(this.parseEscape());
  }

  /** \d \s \w and their negations, as ASCII ranges. */
  private parsePerlClassEscape(): [number, number][] | undefined {
    const t = this.s;
    if (t.length < 2 || t[0] !== '\\') return undefined;
    const g = PERL_GROUPS[t[1].toLowerCase()];
    if (!g || !/[dswDSW]/.test(t[1])) return undefined;
    this.s = t.slice(2);
    return t[1] === t[1].toUpperCase() ? negateRanges(g) : g;
  }

  /** \pL, \p{Greek}, \PL, \p{^Greek}: undefined if the text is not one (never, once \p is seen). */
  private parseUnicodeClass(): { prop: string; negate: boolean } | undefined {
    const s = this.s;
    if (s.length < 2 || s[0] !== '\\' || (s[1] !== 'p' && s[1] !== 'P')) return undefined;
    let negate = s[1] === 'P';
    let rest = s.slice(2);
    const c = rest === '' ? '' : String.fromCodePoint(rest.codePointAt(0) ?? 0);
    rest = rest.slice(c.length);
    let seq: string;
    let name: string;
    if (c !== '{') {
      seq = s.slice(0, s.length - rest.length);
      name = seq.slice(2);
    } else {
      const end = s.indexOf('}');
      if (end < 0) throw new RegexpSyntaxError(ERR_INVALID_CHAR_RANGE, s);
      seq = s.slice(0, end + 1);
      rest = s.slice(end + 1);
      name = s.slice(3, end);
    }
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    const prop = unicodeProperty(name);
    if (prop === undefined) throw new RegexpSyntaxError(ERR_INVALID_CHAR_RANGE, seq);
    this.s = rest;
    return { prop, negate };
  }

  /** A single-character escape (Go's parseEscape). */
  private parseEscape(): number {
    const s = this.s;
    let t = s.slice(1);
    if (t === '') throw new RegexpSyntaxError(ERR_TRAILING_BACKSLASH, '');
    const c = String.fromCodePoint(t.codePointAt(0) ?? 0);
    t = t.slice(c.length);
    const fail = (): never => {
      throw new RegexpSyntaxError(ERR_INVALID_ESCAPE, s.slice(0, s.length - t.length));
    };
    const isOctal = (x: string | undefined): boolean => x !== undefined && x >= '0' && x <= '7';
    const done = (r: number): number => {
      this.s = t;
      return r;
    };
    if (c >= '1' && c <= '7' && !isOctal(t[0])) return fail(); // a backreference
    if (c >= '0' && c <= '7') {
      let r = c.charCodeAt(0) - 48;
      for (let i = 1; i < 3 && isOctal(t[0]); i++) {
        r = r * 8 + t.charCodeAt(0) - 48;
        t = t.slice(1);
      }
      return done(r);
    }
    switch (c) {
      case 'x': {
        if (t === '') return fail();
        const d = String.fromCodePoint(t.codePointAt(0) ?? 0);
        t = t.slice(d.length);
        if (d === '{') {
          let r = 0;
          let nhex = 0;
          for (;;) {
            if (t === '') return fail();
            const e = String.fromCodePoint(t.codePointAt(0) ?? 0);
            t = t.slice(e.length);
            if (e === '}') break;
            const v = unhex(e);
            if (v < 0) return fail();
            r = r * 16 + v;
            if (r > MAX_RUNE) return fail();
            nhex++;
          }
          if (nhex === 0) return fail();
          return done(r);
        }
        const x = unhex(d);
        if (t === '') return fail();
        const e = String.fromCodePoint(t.codePointAt(0) ?? 0);
        t = t.slice(e.length);
        const y = unhex(e);
        if (x < 0 || y < 0) return fail();
        return done(x * 16 + y);
      }
      case 'a':
        return done(7);
      case 'f':
        return done(12);
      case 'n':
        return done(10);
      case 'r':
        return done(13);
      case 't':
        return done(9);
      case 'v':
        return done(11);
    }
    // Escaped ASCII punctuation is itself; anything else is an error.
    if (c.codePointAt(0)! < 0x80 && !isalnum(c)) return done(c.codePointAt(0)!);
    return fail();
  }

  /** A bracketed class (Go's parseClass). */
  private parseClass(): void {
    const whole = this.s;
    this.s = this.s.slice(1);
    let negate = false;
    if (this.s.startsWith('^')) {
      negate = true;
      this.s = this.s.slice(1);
    }
    const items: ClassItem[] = [];
    let first = true;
    while (this.s === '' || this.s[0] !== ']' || first) {
      first = false;
      const t = this.s;
      if (t.length > 2 && t[0] === '[' && t[1] === ':') {
        const end = t.indexOf(':]', 2);
        if (end >= 0) {
          const name = t.slice(0, end + 2);
          const neg = name[2] === '^';
          const g = POSIX_GROUPS[name.slice(neg ? 3 : 2, end)];
          if (!g) throw new RegexpSyntaxError(ERR_INVALID_CHAR_RANGE, name);
          items.push(...(neg ? negateRanges(g) : g));
          this.s = t.slice(end + 2);
          continue;
        }
      }
      const u = this.parseUnicodeClass();
      if (u) {
        // Go's C is a union of four categories; its complement inside a class is
        // approximated by \P{C} (they differ only on unassigned code points).
        const prop = u.prop.includes('}\\p') ? '\\p{C}' : u.prop;
        items.push(u.negate ? prop.replace('\\p', '\\P') : u.prop);
        continue;
      }
      const perl = this.parsePerlClassEscape();
      if (perl) {
        items.push(...perl);
        continue;
      }
      const rng = this.s;
      const lo = this.parseClassChar(whole);
      let hi = lo;
      if (this.s.length >= 2 && this.s[0] === '-' && this.s[1] !== ']') {
        this.s = this.s.slice(1);
        hi = this.parseClassChar(whole);
        if (hi < lo)
          throw new RegexpSyntaxError(ERR_INVALID_CHAR_RANGE, rng.slice(0, rng.length - this.s.length));
      }
      items.push([lo, hi]);
    }
    this.s = this.s.slice(1);
    this.push({ t: 'class', items, negate, fold: this.flags.fold });
  }

  private parseClassChar(wholeClass: string): number {
    if (this.s === '') throw new RegexpSyntaxError(ERR_MISSING_BRACKET, wholeClass);
    if (this.s[0] === '\\') return this.parseEscape();
    return this.next().codePointAt(0) ?? 0;
  }
}

/** Go's parseRepeat: {n}, {n,} or {n,m}; undefined when `{` is a literal. min -1: too big. */
function parseRepeat(s: string): [number, number, string] | undefined {
  const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(s);
  if (!m) return undefined;
  const num = (d: string): number | undefined => {
    if (d.length >= 2 && d[0] === '0') return undefined; // Go disallows leading zeros
    return d.length > 8 ? -1 : Number(d);
  };
  let min = num(m[1]);
  if (min === undefined) return undefined;
  let max: number;
  if (m[2] === undefined) max = min;
  else if (m[3] === '') max = -1;
  else {
    const x = num(m[3]);
    if (x === undefined) return undefined;
    max = x;
    if (max < 0) min = -1;
  }
  return [min, max, s.slice(m[0].length)];
}

// ---------------------------------------------------------------------------------------
// Case folding for patterns that mix case-sensitive and case-insensitive parts
// ---------------------------------------------------------------------------------------

let foldOrbits: Map<number, number[]> | undefined;

const simpleUpper = (r: number): number => {
  const u = [...String.fromCodePoint(r).toUpperCase()];
  return u.length === 1 ? (u[0].codePointAt(0) ?? r) : r;
};
const simpleLower = (r: number): number => {
  const l = [...String.fromCodePoint(r).toLowerCase()];
  return l.length === 1 ? (l[0].codePointAt(0) ?? r) : r;
};

/** The runes Go's unicode.SimpleFold cycles through from r (including r). */
function foldOrbit(r: number): number[] {
  if (!foldOrbits) {
    foldOrbits = new Map();
    for (let c = 0x41; c <= 0x1e943; c++) {
      if (c === 0x130 || c === 0x131) continue; // İ and ı fold only to themselves
      const key = simpleLower(simpleUpper(c));
      if (key === c && simpleUpper(c) === c) continue;
      const orbit = foldOrbits.get(key) ?? [key];
      if (!orbit.includes(c)) orbit.push(c);
      foldOrbits.set(key, orbit);
    }
    for (const orbit of foldOrbits.values()) for (const c of orbit) foldOrbits.set(c, orbit);
  }
  return foldOrbits.get(r) ?? [r];
}

const propertyFolds = new Map<string, ClassItem[]>();

/** The runes outside a Unicode property whose fold orbit meets it (`(?i)\p{Lu}` matches `s`). */
function propertyFoldExtras(prop: string): ClassItem[] {
  let extras = propertyFolds.get(prop);
  if (extras === undefined) {
    foldOrbit(0x41);
    const re = new RegExp(`^[${prop}]$`, 'u');
    const inProp = (c: number): boolean => re.test(String.fromCodePoint(c));
    extras = [];
    const seen = new Set<number[]>();
    for (const orbit of (foldOrbits as Map<number, number[]>).values()) {
      if (seen.has(orbit)) continue;
      seen.add(orbit);
      if (!orbit.some(inProp)) continue;
      for (const c of orbit) if (!inProp(c)) extras.push([c, c]);
    }
    propertyFolds.set(prop, extras);
  }
  return extras;
}

function foldItems(items: readonly ClassItem[]): ClassItem[] {
  const out: ClassItem[] = [...items];
  for (const it of items) {
    if (typeof it === 'string') {
      // A negated property (\P{…}) is left as it is: its complement is folded by negation.
      if (it.startsWith('\\p')) out.push(...propertyFoldExtras(it));
      continue;
    }
    const [lo, hi] = it;
    if (hi - lo > 0x4000) continue; // wide ranges: folding adds (almost) nothing new
    for (let c = Math.max(lo, 0x41); c <= Math.min(hi, 0x1e943); c++) {
      for (const f of foldOrbit(c)) if (f !== c) out.push([f, f]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Emitting JavaScript
// ---------------------------------------------------------------------------------------

function escapeRune(r: number): string {
  if ((r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a))
    return String.fromCharCode(r);
  return `\\u{${r.toString(16)}}`;
}

function classBody(items: readonly ClassItem[]): string {
  return items
    .map((it) =>
      typeof it === 'string'
        ? it
        : it[0] === it[1]
          ? escapeRune(it[0])
          : `${escapeRune(it[0])}-${escapeRune(it[1])}`,
    )
    .join('');
}

function isCaseSensitive(n: Node): boolean {
  if (n.t === 'lit')
    return simpleUpper(n.r) !== n.r || simpleLower(n.r) !== n.r || n.r === 0x3c2 || n.r === 0x17f;
  if (n.t === 'class') {
    return n.items.some((it) => typeof it === 'string' || it[1] >= 0x41);
  }
  return false;
}

/** Fold flags of the case-sensitive atoms: whether the pattern can use JS's `i` flag. */
function foldMode(root: Node): 'none' | 'all' | 'mixed' {
  let on = false;
  let off = false;
  const walk = (n: Node): void => {
    switch (n.t) {
      case 'lit':
      case 'class':
        if (isCaseSensitive(n)) {
          if (n.fold) on = true;
          else off = true;
        }
        return;
      case 'group':
      case 'repeat':
        walk(n.sub);
        return;
      case 'concat':
      case 'alt':
        n.subs.forEach(walk);
        return;
    }
  };
  walk(root);
  return on && off ? 'mixed' : on ? 'all' : 'none';
}

/** Whether a node can match the empty string. */
function nullable(n: Node): boolean {
  switch (n.t) {
    case 'lit':
    case 'class':
    case 'any':
      return false;
    case 'assert':
    case 'empty':
      return true;
    case 'group':
      return nullable(n.sub);
    case 'concat':
      return n.subs.every(nullable);
    case 'alt':
      return n.subs.some(nullable);
    case 'repeat':
      return n.min === 0 || nullable(n.sub);
  }
}

/**
 * Emits JavaScript source for a parse tree. `groups[i]` is the Go group number of JS
 * capture group i + 1 (a Go group may be emitted more than once, see emitRepeat).
 */
class Emitter {
  readonly groups: number[] = [];
  private readonly mixed: boolean;

  constructor(mixed: boolean) {
    this.mixed = mixed;
  }

  emit(n: Node): string {
    switch (n.t) {
      case 'lit':
        if (this.mixed && n.fold && isCaseSensitive(n)) {
          const orbit = foldOrbit(n.r);
          return orbit.length > 1 ? `[${orbit.map(escapeRune).join('')}]` : escapeRune(n.r);
        }
        return escapeRune(n.r);
      case 'class': {
        const items = this.mixed && n.fold ? foldItems(n.items) : n.items;
        if (items.length === 0) return n.negate ? '[^]' : '[]';
        return `[${n.negate ? '^' : ''}${classBody(items)}]`;
      }
      case 'any':
        return n.nl ? '[^]' : '[^\\n]';
      case 'assert':
        return n.js;
      case 'empty':
        return '(?:)';
      case 'group': {
        if (n.cap === 0) return `(?:${this.emit(n.sub)})`;
        this.groups.push(n.cap);
        return `(${this.emit(n.sub)})`;
      }
      case 'concat':
        return n.subs.map((s) => (s.t === 'alt' ? `(?:${this.emit(s)})` : this.emit(s))).join('');
      case 'alt':
        return n.subs.map((s) => this.emit(s)).join('|');
      case 'repeat':
        return nullable(n.sub) ? this.emitNullableRepeat(n) : this.emitRepeat(n);
    }
  }

  private atom(sub: Node): string {
    const atomic =
      sub.t === 'lit' || sub.t === 'class' || sub.t === 'any' || (sub.t === 'group' && sub.cap > 0);
    return atomic ? this.emit(sub) : `(?:${this.emit(sub)})`;
  }

  private emitRepeat(n: Node & { t: 'repeat' }): string {
    let op: string;
    if (n.min === 0 && n.max === -1) op = '*';
    else if (n.min === 1 && n.max === -1) op = '+';
    else if (n.min === 0 && n.max === 1) op = '?';
    else if (n.max === -1) op = `{${n.min},}`;
    else if (n.min === n.max) op = `{${n.min}}`;
    else op = `{${n.min},${n.max}}`;
    return this.atom(n.sub) + op + (n.greedy ? '' : '?');
  }

  /**
   * A repetition whose body can match the empty string. JavaScript rejects an optional
   * iteration that matches empty and backtracks into the body for a longer one; RE2 accepts
   * it. So the repetition is spelled the way Go's simplifier and compiler see it — x? as an
   * alternation, x* as (x+)?, x{n,m} as n copies and nested optional ones — where only the
   * later iterations of a + loop are checked for emptiness, as in RE2.
   */
  private emitNullableRepeat(n: Node & { t: 'repeat' }): string {
    const opt = (body: string): string => (n.greedy ? `(?:${body}|)` : `(?:|${body})`);
    const plus = (): string => this.atom(n.sub) + (n.greedy ? '+' : '+?');
    const { min, max } = n;
    if (max === -1) {
      if (min === 0) return opt(plus());
      let out = '';
      for (let i = 0; i < min - 1; i++) out += this.atom(n.sub);
      return out + plus();
    }
    if (max === 0) return '(?:)';
    let out = '';
    for (let i = 0; i < min; i++) out += this.atom(n.sub);
    if (max > min) {
      // Built inside out: x{2,5} = xx(x(x(x)?)?)?; emit outermost first for group order.
      const depth = max - min;
      let open = '';
      for (let i = 0; i < depth; i++) {
        open += n.greedy ? '(?:' : '(?:|';
        open += this.atom(n.sub);
      }
      out += open + (n.greedy ? '|)' : ')').repeat(depth);
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// The Regexp type
// ---------------------------------------------------------------------------------------

const SPECIAL = new Set('\\.+*?()|[]{}^$');

/** regexp.QuoteMeta: escapes every regexp metacharacter. */
export function quoteMeta(s: string): string {
  let out = '';
  for (const c of s) out += SPECIAL.has(c) ? '\\' + c : c;
  return out;
}

/** strconv.CanBackquote. */
function canBackquote(s: string): boolean {
  for (const c of s) {
    const r = c.codePointAt(0) ?? 0;
    if (r === 0x60 || r === 0xfeff || r === 0x7f || (r < 0x20 && r !== 0x09) || (r >= 0xd800 && r <= 0xdfff))
      return false;
  }
  return true;
}

/** How regexp's MustCompile quotes a pattern in its panic message. */
function quotePattern(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : sprintf('%q', [s]);
}

/** A match: UTF-16 offsets into the subject and the submatch texts (undefined: unset). */
interface Match {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

/** A compiled Go regular expression. */
export class Regexp {
  /** The source text (String()). */
  readonly expr: string;
  /** NumSubexp(). */
  readonly numSubexp: number;
  /** SubexpNames(): index 0 is "", unnamed groups are "". */
  readonly subexpNames: readonly string[];
  private readonly re: RegExp;
  /** The Go group number of each JavaScript capture group. */
  private readonly groupMap: readonly number[];

  private constructor(expr: string, source: string, flags: string, names: string[], groupMap: number[]) {
    this.expr = expr;
    this.re = new RegExp(source, flags);
    this.groupMap = groupMap;
    this.numSubexp = names.length - 1;
    this.subexpNames = names;
  }

  /** regexp.Compile: throws {@link RegexpSyntaxError} with Go's message. */
  static compile(expr: string): Regexp {
    const p = new Parser(expr);
    const root = p.parse();
    // Case-insensitive parts are always spelled out rune by rune: JavaScript's `i` flag folds
    // \w, \W and \b by Unicode rules (ſ and the Kelvin sign become word characters), which Go's
    // ASCII classes and assertions never do.
    const emitter = new Emitter(foldMode(root) !== 'none');
    const source = emitter.emit(root);
    return new Regexp(expr, source, 'gu', p.names, emitter.groups);
  }

  /** regexp.MustCompile: the panic text is `regexp: Compile(`expr`): <error>`. */
  static mustCompile(expr: string): Regexp {
    try {
      return Regexp.compile(expr);
    } catch (e) {
      if (e instanceof RegexpSyntaxError) {
        throw new GoError(`regexp: Compile(${quotePattern(expr)}): ${e.message}`);
      }
      throw e;
    }
  }

  /** The leftmost match starting at or after `pos`. */
  private execAt(s: string, pos: number): Match | undefined {
    let m: RegExpExecArray | null;
    for (;;) {
      this.re.lastIndex = pos;
      m = this.re.exec(s);
      if (!m) return undefined;
      // An empty assertion can match between the halves of a surrogate pair; Go's positions
      // are rune boundaries, so look again from the next one.
      if (!Regexp.insidePair(s, m.index)) break;
      pos = m.index + 1;
    }
    // A Go group emitted several times takes its value from the last copy that matched.
    const groups = new Array<string | undefined>(this.numSubexp).fill(undefined);
    for (let i = 1; i < m.length; i++) if (m[i] !== undefined) groups[this.groupMap[i - 1] - 1] = m[i];
    return { start: m.index, end: m.index + m[0].length, groups };
  }

  private static insidePair(s: string, i: number): boolean {
    if (i <= 0 || i >= s.length) return false;
    const lo = s.charCodeAt(i);
    const hi = s.charCodeAt(i - 1);
    return lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff;
  }

  private static runeWidth(s: string, pos: number): number {
    if (pos >= s.length) return 0;
    const c = s.charCodeAt(pos);
    return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
  }

  /** Go's allMatches: up to n non-overlapping matches (n < 0: all), Go's empty-match rules. */
  private allMatches(s: string, n: number): Match[] {
    if (n < 0) n = s.length + 1;
    const out: Match[] = [];
    let pos = 0;
    let prevMatchEnd = -1;
    while (out.length < n && pos <= s.length) {
      const m = this.execAt(s, pos);
      if (!m) break;
      let accept = true;
      if (m.end === pos) {
        // An empty match right after the previous match is not reported.
        if (m.start === prevMatchEnd) accept = false;
        pos += pos < s.length ? Regexp.runeWidth(s, pos) : 1;
      } else {
        pos = m.end;
      }
      prevMatchEnd = m.end;
      if (accept) out.push(m);
    }
    return out;
  }

  /** MatchString. */
  matchString(s: string): boolean {
    return this.execAt(s, 0) !== undefined;
  }

  /** FindString: the leftmost match, or "" when there is none. */
  findString(s: string): string {
    const m = this.execAt(s, 0);
    return m ? s.slice(m.start, m.end) : '';
  }

  /** FindStringSubmatch: the match and its groups ("" for unset groups), or undefined. */
  findStringSubmatch(s: string): string[] | undefined {
    const m = this.execAt(s, 0);
    if (!m) return undefined;
    return [s.slice(m.start, m.end), ...m.groups.map((g) => g ?? '')];
  }

  /** FindAllString (n < 0: all matches); an empty array where Go returns nil. */
  findAllString(s: string, n: number): string[] {
    return this.allMatches(s, n).map((m) => s.slice(m.start, m.end));
  }

  /** Split: the substrings between matches, at most n (n < 0: all, n = 0: none). */
  split(s: string, n: number): string[] {
    if (n === 0) return [];
    if (this.expr.length > 0 && s.length === 0) return [''];
    const matches = this.allMatches(s, n);
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of matches) {
      if (n > 0 && out.length === n - 1) break;
      end = m.start;
      if (m.end !== 0) out.push(s.slice(beg, end));
      beg = m.end;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }

  /** ReplaceAllString: `$1`, `${name}` in repl are expanded as Go's Expand does. */
  replaceAllString(src: string, repl: string): string {
    return this.replaceAll(src, (m) => this.expand(repl, src, m));
  }

  /** ReplaceAllLiteralString: repl is inserted as is. */
  replaceAllLiteralString(src: string, repl: string): string {
    return this.replaceAll(src, () => repl);
  }

  /** Go's replaceAll loop (its own empty-match rule differs from allMatches). */
  private replaceAll(src: string, repl: (m: Match) => string): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    while (searchPos <= src.length) {
      const m = this.execAt(src, searchPos);
      if (!m) break;
      out += src.slice(lastMatchEnd, m.start);
      // No replacement for an empty match right after the previous match.
      if (m.end > lastMatchEnd || m.start === 0) out += repl(m);
      lastMatchEnd = m.end;
      const width = Regexp.runeWidth(src, searchPos);
      if (searchPos + width > m.end) searchPos += width;
      else if (searchPos + 1 > m.end) searchPos++;
      else searchPos = m.end;
    }
    return out + src.slice(lastMatchEnd);
  }

  /** Go's Regexp.expand of a template for one match. */
  private expand(template: string, src: string, m: Match): string {
    const group = (i: number): string | undefined => (i === 0 ? src.slice(m.start, m.end) : m.groups[i - 1]);
    let out = '';
    for (;;) {
      const i = template.indexOf('$');
      if (i < 0) break;
      out += template.slice(0, i);
      template = template.slice(i + 1);
      if (template.startsWith('$')) {
        out += '$';
        template = template.slice(1);
        continue;
      }
      const ref = extractRef(template);
      if (!ref) {
        out += '$';
        continue;
      }
      template = ref.rest;
      if (ref.num >= 0) {
        if (ref.num <= this.numSubexp) out += group(ref.num) ?? '';
      } else {
        const idx = this.subexpNames.indexOf(ref.name);
        if (idx > 0) out += group(idx) ?? '';
      }
    }
    return out + template;
  }
}

const NAME_RUNE = /^[\p{L}\p{Nd}_]$/u;

/** Go's extract: a `name` or `{name}` after `$`; num is the group number or -1. */
function extractRef(str: string): { name: string; num: number; rest: string } | undefined {
  if (str === '') return undefined;
  let brace = false;
  if (str[0] === '{') {
    brace = true;
    str = str.slice(1);
  }
  let i = 0;
  while (i < str.length) {
    const c = String.fromCodePoint(str.codePointAt(i) ?? 0);
    if (!NAME_RUNE.test(c)) break;
    i += c.length;
  }
  if (i === 0) return undefined;
  const name = str.slice(0, i);
  if (brace) {
    if (i >= str.length || str[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 9 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: str.slice(i) };
}

/** regexp.MatchString(pattern, s). */
export function matchString(pattern: string, s: string): boolean {
  return Regexp.compile(pattern).matchString(s);
}
