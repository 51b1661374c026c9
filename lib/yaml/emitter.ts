/**
 * A block-style YAML emitter reproducing go-yaml's emitterc.go byte for byte for the node
 * shapes the encoders produce (block mappings and sequences, `{}`/`[]` for empty ones, and
 * scalars in plain, single-quoted, double-quoted or literal style).
 *
 * `v2` (gopkg.in/yaml.v2, used by sigs.k8s.io/yaml and so by `toYaml`): sequences inside
 * mappings are not indented, scalars fold at 80 columns, tabs force double quotes.
 * `v3` (gopkg.in/yaml.v3, `toYamlPretty`): sequences indented under their key, no folding.
 *
 * The state (column, whitespace, indention, indent stack) follows the C-derived emitter so the
 * subtle cases (folding points, `|2-` hints, `? ` complex keys) come out identical.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export type YamlNode =
  | { readonly kind: 'scalar'; readonly value: string; readonly style: ScalarStyle }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [YamlNode, YamlNode])[] }
  | { readonly kind: 'seq'; readonly items: readonly YamlNode[] };

export interface EmitterOptions {
  readonly v3: boolean;
  readonly indent: number;
  /** Preferred line width; -1 = never fold. */
  readonly width: number;
}

export const V2_OPTIONS: EmitterOptions = { v3: false, indent: 2, width: 80 };
export const V3_OPTIONS: EmitterOptions = { v3: true, indent: 2, width: -1 };

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isBreakCp(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isPrintableCp(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

/** The code points of a string (emitter columns count characters, not bytes). */
function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** yaml_emitter_analyze_scalar. */
function analyzeScalar(cps: readonly number[], v3: boolean): Analysis {
  const n = cps.length;
  if (n === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (
    n >= 3 &&
    ((cps[0] === 0x2d && cps[1] === 0x2d && cps[2] === 0x2d) ||
      (cps[0] === 0x2e && cps[1] === 0x2e && cps[2] === 0x2e))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < n; i++) {
    const c = cps[i];
    const followedByWhitespace = i + 1 >= n || cps[i + 1] === 0x20 || cps[i + 1] === 0x09;
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (c === 0x09 && v3) tabCharacters = true;
    else if (!isPrintableCp(c)) specialCharacters = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreakCp(c) || c === 0;
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const HEX_UPPER = '0123456789ABCDEF';

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** What follows the backslash when go-yaml escapes a character in double quotes. */
function escapeFor(c: number): string {
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return simple;
  const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
  let esc = letter as string;
  for (let k = ((width as number) - 1) * 4; k >= 0; k -= 4) esc += HEX_UPPER[(c >> k) & 0xf];
  return esc;
}

interface Context {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

class Emitter {
  readonly opts: EmitterOptions;
  readonly bestWidth: number;
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  readonly indents: number[] = [];

  constructor(opts: EmitterOptions) {
    this.opts = opts;
    this.bestWidth = opts.width < 0 ? Number.MAX_SAFE_INTEGER : opts.width;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.opts.indent : 0;
    else if (!indentless) this.indent += this.opts.indent;
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) {
      this.out += ' ';
      this.column++;
    }
    this.out += indicator;
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Writes one code point (write()). */
  writeCp(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  /** write_break(): `\n` is a line break; other break characters are copied. */
  writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
    }
  }

  emit(node: YamlNode, ctx: Context): void {
    if (node.kind === 'scalar') {
      this.emitScalar(node.value, node.style, ctx);
    } else if (node.kind === 'seq') {
      if (node.items.length === 0) this.emitEmptyFlow('[', ']');
      else this.emitBlockSequence(node.items, ctx);
    } else if (node.entries.length === 0) {
      this.emitEmptyFlow('{', '}');
    } else {
      this.emitBlockMapping(node.entries);
    }
  }

  emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  emitBlockSequence(items: readonly YamlNode[], ctx: Context): void {
    const indentless = !this.opts.v3 && ctx.mapping && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emit(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  emitBlockMapping(entries: readonly (readonly [YamlNode, YamlNode])[]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.emit(key, { root: false, sequence: false, mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emit(key, { root: false, sequence: false, mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emit(value, { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  emitScalar(value: string, requested: ScalarStyle, ctx: Context): void {
    const cps = codePoints(value);
    const a = analyzeScalar(cps, this.opts.v3);
    let style = requested;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if (!a.blockPlainAllowed) style = 'single';
      if (cps.length === 0 && ctx.simpleKey) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || ctx.simpleKey)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    // Strings without surrogate pairs (one UTF-16 unit per character) are written in runs.
    const runs = cps.length === value.length && !a.multiline;
    switch (style) {
      case 'plain':
        if (runs) this.writePlainRuns(value, allowBreaks);
        else this.writePlain(cps, allowBreaks);
        break;
      case 'single':
        if (runs) this.writeSingleRuns(value, allowBreaks);
        else this.writeSingle(cps, allowBreaks);
        break;
      case 'double':
        if (cps.length === value.length && cps[0] !== 0xfeff) this.writeDoubleRuns(value, allowBreaks);
        else this.writeDouble(cps, allowBreaks);
        break;
      case 'literal':
        if (cps.length === value.length) this.writeLiteralRuns(value);
        else this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  /** writePlain for a single-line value of one UTF-16 unit per character. */
  writePlainRuns(s: string, allowBreaks: boolean): void {
    const n = s.length;
    if (n > 0 && !this.whitespace) {
      this.out += ' ';
      this.column++;
    }
    let run = 0;
    let spaces = false;
    if (allowBreaks && this.column + n > this.bestWidth) {
      for (let i = 0; i < n; i++) {
        if (s.charCodeAt(i) === 0x20) {
          if (!spaces && this.column + (i - run) > this.bestWidth && s.charCodeAt(i + 1) !== 0x20) {
            this.out += s.slice(run, i);
            this.column += i - run;
            this.writeIndent();
            run = i + 1;
          }
          spaces = true;
        } else {
          spaces = false;
        }
      }
    }
    this.out += run === 0 ? s : s.slice(run);
    this.column += n - run;
    if (n > 0) this.whitespace = false;
    this.indention = false;
  }

  /** writeSingle for a single-line value of one UTF-16 unit per character. */
  writeSingleRuns(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const n = s.length;
    let run = 0;
    let spaces = false;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column + (i - run) > this.bestWidth &&
          i > 0 &&
          i < n - 1 &&
          s.charCodeAt(i + 1) !== 0x20
        ) {
          this.out += s.slice(run, i);
          this.column += i - run;
          this.writeIndent();
          run = i + 1;
        }
        spaces = true;
      } else {
        if (c === 0x27) {
          this.out += s.slice(run, i) + "''";
          this.column += i - run + 2;
          run = i + 1;
        }
        spaces = false;
      }
    }
    this.out += s.slice(run);
    this.column += n - run;
    if (n > 0) this.indention = false;
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** writeDouble for values of one UTF-16 unit per character (no leading BOM). */
  writeDoubleRuns(s: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const n = s.length;
    let run = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (!isPrintableCp(c) || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        this.out += s.slice(run, i);
        this.column += i - run;
        const esc = escapeFor(c);
        this.out += '\\' + esc;
        this.column += 1 + esc.length;
        run = i + 1;
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column + (i - run) > this.bestWidth && i > 0 && i < n - 1) {
          this.out += s.slice(run, i);
          this.column += i - run;
          this.writeIndent();
          if (s.charCodeAt(i + 1) === 0x20) {
            this.out += '\\';
            this.column++;
          }
          run = i + 1;
        }
        spaces = true;
      } else {
        spaces = false;
      }
    }
    this.out += s.slice(run);
    this.column += n - run;
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** writeLiteral for values of one UTF-16 unit per character. */
  writeLiteralRuns(s: string): void {
    this.writeIndicator('|', true, false, false);
    const cps = codePoints(s);
    this.writeBlockScalarHints(cps);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    let run = -1;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (isBreakCp(c)) {
        if (run >= 0) {
          this.out += s.slice(run, i);
          this.column += i - run;
          run = -1;
        }
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else if (breaks) {
        this.writeIndent();
        run = i;
        this.indention = false;
        breaks = false;
      }
    }
    if (run >= 0) {
      this.out += s.slice(run);
      this.column += n - run;
    }
  }

  writePlain(cps: readonly number[], allowBreaks: boolean): void {
    if (cps.length > 0 && !this.whitespace) {
      this.out += ' ';
      this.column++;
    }
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i];
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && cps[i + 1] !== 0x20) {
          this.writeIndent();
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (cps.length > 0) this.whitespace = false;
    this.indention = false;
  }

  writeSingle(cps: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = cps.length;
    for (let i = 0; i < n; i++) {
      const c = cps[i];
      if (c === 0x20) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > this.bestWidth &&
          i > 0 &&
          i < n - 1 &&
          cps[i + 1] !== 0x20
        ) {
          this.writeIndent();
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) {
          this.out += "'";
          this.column++;
        }
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDouble(cps: readonly number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const n = cps.length;
    // go-yaml's is_bom() looks at the start of the value, not at position i: a value starting
    // with a BOM gets every character escaped.
    const bom = cps[0] === 0xfeff;
    for (let i = 0; i < n; i++) {
      const c = cps[i];
      if (bom || !isPrintableCp(c) || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        const esc = escapeFor(c);
        this.out += '\\' + esc;
        this.column += 1 + esc.length;
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < n - 1) {
          this.writeIndent();
          if (cps[i + 1] === 0x20) {
            this.out += '\\';
            this.column++;
          }
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeBlockScalarHints(cps: readonly number[]): void {
    if (cps.length > 0 && (cps[0] === 0x20 || isBreakCp(cps[0]))) {
      this.writeIndicator(String(this.opts.indent), false, false, false);
    }
    let chomp = '';
    const n = cps.length;
    if (n === 0) {
      chomp = '-';
    } else if (!isBreakCp(cps[n - 1])) {
      chomp = '-';
    } else if (n === 1) {
      chomp = '+';
    } else if (isBreakCp(cps[n - 2])) {
      chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  writeLiteral(cps: readonly number[]): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(cps);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreakCp(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** yaml_emitter_check_simple_key for the nodes we emit. */
function isSimpleKey(key: YamlNode): boolean {
  if (key.kind === 'scalar') {
    // At most 128 UTF-8 bytes and on one line.
    const v = key.value;
    if (v.length > 128 || /[\n\r\u0085\u2028\u2029]/.test(v)) return false;
    return v.length * 3 <= 128 || Buffer.byteLength(v, 'utf8') <= 128;
  }
  if (key.kind === 'seq') return key.items.length === 0;
  return key.entries.length === 0;
}

/** Emits one document (no `---`), ending with the newline go-yaml writes at document end. */
export function emitDocument(root: YamlNode, opts: EmitterOptions): string {
  const e = new Emitter(opts);
  e.emit(root, { root: true, sequence: false, mapping: false, simpleKey: false });
  // Document end: write_indent at indent 0 terminates the last line.
  e.indent = -1;
  e.writeIndent();
  return e.out;
}
