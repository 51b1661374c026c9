/**
 * A TOML 1.0 reader producing what BurntSushi/toml v1.4.0's Unmarshal into
 * map[string]interface{} yields (Helm's `fromToml`): int64 integers, float64 floats, strings,
 * bools, time.Time datetimes, []interface{} arrays, map[string]interface{} tables and
 * []map[string]interface{} for arrays of tables. Errors use the library's layout:
 * `toml: line N (last key "k"): message`.
 */
import { GoError, GoInt, withType } from '../go/value.ts';
import type { GoList, GoMap, GoValue } from '../go/value.ts';

/** How datetimes become Go values (time.Time); supplied by the caller's time model. */
export interface TomlDatetime {
  readonly kind: 'offset-datetime' | 'local-datetime' | 'local-date' | 'local-time';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanosecond: number;
  /** Offset east of UTC in seconds (offset datetimes only). */
  readonly offset: number;
  /** The text as written. */
  readonly text: string;
}

export type DatetimeFactory = (d: TomlDatetime) => GoValue;

export const ARRAY_OF_TABLES = {
  name: '[]map[string]interface {}',
  elem: 'map[string]interface {}',
} as const;

class TomlParseError extends GoError {}

const EOF = '';

/** Go's %q of a rune, as the library prints unexpected characters. */
function quoteRune(c: string): string {
  if (c === '\n') return "'\\n'";
  if (c === '\r') return "'\\r'";
  if (c === '\t') return "'\\t'";
  if (c === "'") return "'\\''";
  const cp = c.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

class Parser {
  readonly src: string;
  readonly makeDatetime: DatetimeFactory;
  pos = 0;
  lastKey = '';
  readonly root: GoMap = new Map();
  current: GoMap;
  currentPath: string[] = [];
  /** Tables created by [headers], keyed by their path. */
  readonly defined = new Set<GoMap>();
  /** Inline tables and static arrays are sealed. */
  readonly sealed = new Set<GoValue>();
  /** Tables created implicitly by dotted keys in a key/value pair. */
  readonly dotted = new Set<GoMap>();

  constructor(src: string, makeDatetime: DatetimeFactory) {
    this.src = src;
    this.makeDatetime = makeDatetime;
    this.current = this.root;
  }

  // --- errors ------------------------------------------------------------------------------

  /**
   * The library's line numbers: 1-based at the offending character (a newline there already
   * counts), but at EOF simply the number of newlines read.
   */
  lineOf(pos: number): number {
    let n = 0;
    const end = Math.min(pos, this.src.length);
    for (let i = 0; i < end; i++) if (this.src.charCodeAt(i) === 10) n++;
    if (pos >= this.src.length) return n;
    return n + 1 + (this.src[pos] === '\n' ? 1 : 0);
  }

  fail(message: string, at = this.pos): never {
    const line = this.lineOf(at);
    const where =
      this.lastKey === ''
        ? `toml: line ${line}: `
        : `toml: line ${line} (last key ${JSON.stringify(this.lastKey)}): `;
    throw new TomlParseError(where + message);
  }

  // --- scanning ----------------------------------------------------------------------------

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? EOF;
  }

  skipWhitespace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  skipComment(): void {
    if (this.peek() !== '#') return;
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') {
      const c = this.src.charCodeAt(this.pos);
      if ((c < 0x20 && c !== 0x09 && c !== 0x0d) || c === 0x7f)
        this.fail(`control characters are not allowed in comments: ${quoteRune(this.src[this.pos])}`);
      this.pos++;
    }
  }

  /** Skips blanks, comments and newlines (inside arrays). */
  skipAllSpace(): void {
    for (;;) {
      this.skipWhitespace();
      this.skipComment();
      const c = this.peek();
      if (c === '\n') this.pos++;
      else if (c === '\r' && this.peek(1) === '\n') this.pos += 2;
      else return;
    }
  }

  expectLineEnd(): void {
    this.skipWhitespace();
    this.skipComment();
    const c = this.peek();
    if (c === EOF) return;
    if (c === '\n') {
      this.pos++;
      return;
    }
    if (c === '\r' && this.peek(1) === '\n') {
      this.pos += 2;
      return;
    }
    this.fail(
      `expected a top-level item to end with a newline, comment, or EOF, but got ${quoteRune(c)} instead`,
    );
  }

  // --- document ----------------------------------------------------------------------------

  parse(): GoMap {
    for (;;) {
      this.skipAllSpace();
      const c = this.peek();
      if (c === EOF) return this.root;
      if (c === '[') {
        if (this.peek(1) === '[') this.arrayTableHeader();
        else this.tableHeader();
      } else {
        this.keyValue(this.current, true);
      }
      this.expectLineEnd();
    }
  }

  key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipWhitespace();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString(false));
      else if (c === "'") parts.push(this.literalString(false));
      else {
        const start = this.pos;
        while (/[A-Za-z0-9_-]/.test(this.peek())) this.pos++;
        if (this.pos === start) {
          if (c === EOF) this.fail('unexpected EOF; expected key name');
          this.fail(`bare keys cannot contain ${quoteRune(c)}`);
        }
        parts.push(this.src.slice(start, this.pos));
      }
      this.skipWhitespace();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  tableHeader(): void {
    this.pos++;
    const path = this.key();
    if (this.peek() !== ']') {
      const c = this.peek();
      if (c === EOF) this.fail("unexpected EOF; expected '.' or ']' to end table name");
      this.fail(`expected '.' or ']' to end table name, but got ${quoteRune(c)} instead`);
    }
    this.pos++;
    this.lastKey = path.join('.');
    let m = this.root;
    for (let i = 0; i < path.length; i++) {
      const existing = m.get(path[i]);
      const last = i === path.length - 1;
      if (existing === undefined) {
        const t: GoMap = new Map();
        m.set(path[i], t);
        m = t;
      } else if (existing instanceof Map) {
        if (last && (this.defined.has(existing) || this.dotted.has(existing))) {
          this.fail(`Key '${path.join('.')}' has already been defined.`);
        }
        if (this.sealed.has(existing))
          this.fail(`Key '${path.slice(0, i + 1).join('.')}' has already been defined.`);
        m = existing;
      } else if (
        Array.isArray(existing) &&
        !this.sealed.has(existing) &&
        existing.length > 0 &&
        existing[existing.length - 1] instanceof Map
      ) {
        if (last) this.fail(`Key '${path.join('.')}' has already been defined.`);
        m = existing[existing.length - 1] as GoMap;
      } else {
        this.fail(`Key '${path.slice(0, i + 1).join('.')}' has already been defined.`);
      }
    }
    this.defined.add(m);
    this.current = m;
    this.currentPath = path;
  }

  arrayTableHeader(): void {
    this.pos += 2;
    const path = this.key();
    if (!(this.peek() === ']' && this.peek(1) === ']')) {
      const c = this.peek();
      if (c === EOF) this.fail("unexpected EOF; expected '.' or ']]' to end table name");
      this.fail(`expected '.' or ']]' to end table name, but got ${quoteRune(c)} instead`);
    }
    this.pos += 2;
    this.lastKey = path.join('.');
    let m = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const existing = m.get(path[i]);
      if (existing === undefined) {
        const t: GoMap = new Map();
        m.set(path[i], t);
        m = t;
      } else if (existing instanceof Map && !this.sealed.has(existing)) {
        m = existing;
      } else if (
        Array.isArray(existing) &&
        !this.sealed.has(existing) &&
        existing[existing.length - 1] instanceof Map
      ) {
        m = existing[existing.length - 1] as GoMap;
      } else {
        this.fail(`Key '${path.slice(0, i + 1).join('.')}' has already been defined.`);
      }
    }
    const name = path[path.length - 1];
    let arr = m.get(name);
    if (arr === undefined) {
      arr = withType([] as GoList, ARRAY_OF_TABLES);
      m.set(name, arr);
    } else if (!Array.isArray(arr) || this.sealed.has(arr)) {
      this.fail(`Key '${path.join('.')}' has already been defined.`);
    }
    const t: GoMap = new Map();
    (arr as GoList).push(t);
    this.defined.add(t);
    this.current = t;
    this.currentPath = path;
  }

  keyValue(table: GoMap, topLevel: boolean): void {
    const path = this.key();
    const full = topLevel ? [...this.currentPath, ...path] : path;
    this.lastKey = full.join('.');
    if (this.peek() !== '=') {
      const c = this.peek();
      if (c === EOF) this.fail('unexpected EOF; expected key separator "="');
      this.fail(`expected key separator '=', but got ${quoteRune(c)} instead`);
    }
    this.pos++;
    this.skipWhitespace();
    let m = table;
    for (let i = 0; i < path.length - 1; i++) {
      const existing = m.get(path[i]);
      if (existing === undefined) {
        const t: GoMap = new Map();
        this.dotted.add(t);
        m.set(path[i], t);
        m = t;
      } else if (existing instanceof Map && !this.sealed.has(existing) && !this.defined.has(existing)) {
        m = existing;
      } else {
        this.fail(
          `Key '${full.slice(0, full.length - path.length + i + 1).join('.')}' has already been defined.`,
        );
      }
    }
    const name = path[path.length - 1];
    if (m.has(name)) this.fail(`Key '${this.lastKey}' has already been defined.`);
    const value = this.value();
    m.set(name, value);
  }

  // --- values ------------------------------------------------------------------------------

  value(): GoValue {
    const c = this.peek();
    if (c === '"') {
      if (this.src.startsWith('"""', this.pos)) return this.multilineBasic();
      return this.basicString(true);
    }
    if (c === "'") {
      if (this.src.startsWith("'''", this.pos)) return this.multilineLiteral();
      return this.literalString(true);
    }
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    if (this.src.startsWith('true', this.pos) && !/[A-Za-z0-9_]/.test(this.peek(4))) {
      this.pos += 4;
      return true;
    }
    if (this.src.startsWith('false', this.pos) && !/[A-Za-z0-9_]/.test(this.peek(5))) {
      this.pos += 5;
      return false;
    }
    if (c === EOF || c === '\n' || (c === '\r' && this.peek(1) === '\n')) {
      if (c === EOF) this.fail('unexpected EOF; expected value');
      this.fail(`expected value but found ${quoteRune(c)} instead`);
    }
    if (/[0-9+\-in]/.test(c)) return this.numberOrDate();
    return this.fail(`expected value but found ${quoteRune(c)} instead`);
  }

  basicString(isValue: boolean): string {
    void isValue;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === EOF) this.fail(`unexpected EOF; expected '"'`);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\n') this.fail('strings cannot contain newlines');
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      const code = c.charCodeAt(0);
      if ((code < 0x20 && c !== '\t') || code === 0x7f)
        this.fail(`control characters are not allowed in strings: ${quoteRune(c)}`);
      out += c;
      this.pos++;
    }
  }

  escape(): string {
    this.pos++;
    const e = this.peek();
    this.pos++;
    switch (e) {
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case 'e':
        return '\x1b';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const hex = this.src.slice(this.pos, this.pos + n);
        if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) this.fail(`invalid escape: '\\${e}${hex}'`);
        this.pos += n;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`invalid escape: '\\${e}${hex}'`);
        return String.fromCodePoint(cp);
      }
      default:
        if (e === EOF) this.fail(`unexpected EOF; expected '"'`);
        return this.fail(
          `invalid escape character ${quoteRune(e)}; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\", \\\\, \\uXXXX, and \\UXXXXXXXX`,
          this.pos - 1,
        );
    }
  }

  literalString(isValue: boolean): string {
    void isValue;
    this.pos++;
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === EOF) this.fail(`unexpected EOF; expected "'"`);
      if (c === "'") {
        const s = this.src.slice(start, this.pos);
        this.pos++;
        return s;
      }
      if (c === '\n') this.fail('strings cannot contain newlines');
      this.pos++;
    }
  }

  multilineBasic(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    else if (this.peek() === '\r' && this.peek(1) === '\n') this.pos += 2;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === EOF) this.fail(`unexpected EOF; expected '"""'`);
      if (this.src.startsWith('"""', this.pos)) {
        // Up to two extra quotes belong to the content.
        let extra = 0;
        while (extra < 2 && this.peek(3 + extra) === '"') extra++;
        out += '"'.repeat(extra);
        this.pos += 3 + extra;
        return out;
      }
      if (c === '\\') {
        // Line-ending backslash trims the newline and following whitespace.
        const rest = /^\\[ \t]*\r?\n/.exec(this.src.slice(this.pos, this.pos + 200));
        if (rest) {
          this.pos += rest[0].length;
          while (/[ \t\r\n]/.test(this.peek())) this.pos++;
          continue;
        }
        out += this.escape();
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  multilineLiteral(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    else if (this.peek() === '\r' && this.peek(1) === '\n') this.pos += 2;
    const start = this.pos;
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`unexpected EOF; expected "'''"`);
      if (this.src.startsWith("'''", this.pos)) {
        let extra = 0;
        while (extra < 2 && this.peek(3 + extra) === "'") extra++;
        const s = this.src.slice(start, this.pos + extra);
        this.pos += 3 + extra;
        return s;
      }
      this.pos++;
    }
  }

  array(): GoList {
    this.pos++;
    const out: GoList = [];
    for (;;) {
      this.skipAllSpace();
      if (this.peek() === ']') {
        this.pos++;
        this.sealed.add(out);
        return out;
      }
      out.push(this.value());
      this.skipAllSpace();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') continue;
      if (c === EOF) this.fail('unexpected EOF; expected value');
      this.fail(`expected a comma (',') or array terminator (']'), but got ${quoteRune(c)}`);
    }
  }

  inlineTable(): GoMap {
    this.pos++;
    const out: GoMap = new Map();
    const savedKey = this.lastKey;
    this.skipWhitespace();
    if (this.peek() === '}') {
      this.pos++;
      this.sealed.add(out);
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      this.keyValue(out, false);
      this.skipWhitespace();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        this.sealed.add(out);
        this.lastKey = savedKey;
        return out;
      }
      if (c === EOF) this.fail("unexpected EOF; expected '}'");
      this.fail(`expected a comma or an inline table terminator '}', but got ${quoteRune(c)} instead`);
    }
  }

  numberOrDate(): GoValue {
    const start = this.pos;
    // Datetimes may contain one space between date and time.
    const m =
      /^(\d{4})-(\d{2})-(\d{2})(?:([Tt ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}:\d{2})?)?/.exec(
        this.src.slice(start, start + 64),
      );
    if (m && (m[4] !== ' ' || m[5] !== undefined)) {
      this.pos += m[0].length;
      return this.datetime(m[0], {
        year: +m[1],
        month: +m[2],
        day: +m[3],
        hasTime: m[5] !== undefined,
        hour: +(m[5] ?? 0),
        minute: +(m[6] ?? 0),
        second: +(m[7] ?? 0),
        frac: m[8] ?? '',
        offset: m[9],
      });
    }
    const t = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(this.src.slice(start, start + 32));
    if (t) {
      this.pos += t[0].length;
      return this.datetime(t[0], {
        year: 0,
        month: 1,
        day: 1,
        hasTime: true,
        hour: +t[1],
        minute: +t[2],
        second: +t[3],
        frac: t[4] ?? '',
        offset: undefined,
        timeOnly: true,
      });
    }
    let end = this.pos;
    while (end < this.src.length && /[0-9A-Za-z_+\-.]/.test(this.src[end])) end++;
    const text = this.src.slice(start, end);
    this.pos = end;
    return this.number(text, start);
  }

  datetime(
    text: string,
    d: {
      year: number;
      month: number;
      day: number;
      hasTime: boolean;
      hour: number;
      minute: number;
      second: number;
      frac: string;
      offset: string | undefined;
      timeOnly?: boolean;
    },
  ): GoValue {
    const nanos = d.frac ? Number((d.frac.slice(1) + '000000000').slice(0, 9)) : 0;
    let offset = 0;
    if (d.offset && d.offset !== 'Z' && d.offset !== 'z') {
      const sign = d.offset[0] === '-' ? -1 : 1;
      offset = sign * (Number(d.offset.slice(1, 3)) * 3600 + Number(d.offset.slice(4, 6)) * 60);
    }
    const kind: TomlDatetime['kind'] = d.timeOnly
      ? 'local-time'
      : !d.hasTime
        ? 'local-date'
        : d.offset
          ? 'offset-datetime'
          : 'local-datetime';
    if (
      d.month < 1 ||
      d.month > 12 ||
      d.day < 1 ||
      d.day > 31 ||
      d.hour > 23 ||
      d.minute > 59 ||
      d.second > 60
    ) {
      this.fail(`invalid datetime: ${JSON.stringify(text)}`);
    }
    return this.makeDatetime({
      kind,
      year: d.year,
      month: d.month,
      day: d.day,
      hour: d.hour,
      minute: d.minute,
      second: d.second,
      nanosecond: nanos,
      offset,
      text,
    });
  }

  number(text: string, at: number): GoValue {
    const infNan = /^([+-])?(inf|nan)$/.exec(text);
    if (infNan) return infNan[2] === 'nan' ? NaN : infNan[1] === '-' ? -Infinity : Infinity;
    const prefixed = /^0([xob])([0-9A-Fa-f_]+)$/.exec(text);
    if (prefixed) {
      const digits = prefixed[2];
      const valid =
        prefixed[1] === 'x'
          ? /^[0-9A-Fa-f]+(_[0-9A-Fa-f]+)*$/
          : prefixed[1] === 'o'
            ? /^[0-7]+(_[0-7]+)*$/
            : /^[01]+(_[01]+)*$/;
      if (!valid.test(digits)) this.fail(`invalid integer: ${JSON.stringify(text)}`, at);
      const v = BigInt(`0${prefixed[1]}${digits.replaceAll('_', '')}`);
      if (v > (1n << 63n) - 1n) this.fail(`${JSON.stringify(text)} is out of range for int64`, at);
      return new GoInt('int64', v);
    }
    if (/^[+-]?(0|[1-9](_?[0-9])*)$/.test(text)) {
      const v = BigInt(text.replaceAll('_', ''));
      if (v > (1n << 63n) - 1n || v < -(1n << 63n))
        this.fail(`${JSON.stringify(text)} is out of range for int64`, at);
      return new GoInt('int64', v);
    }
    if (
      /^[+-]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?$/.test(text) &&
      /[.eE]/.test(text)
    ) {
      return Number(text.replaceAll('_', ''));
    }
    if (text === '') this.fail(`expected value but found ${quoteRune(this.peek())} instead`, at);
    return this.fail(`invalid number: ${JSON.stringify(text)}`, at);
  }
}

/**
 * toml.Unmarshal(src, &map[string]interface{}). Throws GoError with BurntSushi/toml's message.
 */
export function decodeToml(src: string, makeDatetime: DatetimeFactory): GoMap {
  return new Parser(src.replace(/^\uFEFF/, ''), makeDatetime).parse();
}
