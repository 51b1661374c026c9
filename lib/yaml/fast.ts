/**
 * A fast reader for the YAML that values files, Chart.yaml and manifests actually use: block
 * mappings and sequences, plain/quoted/block scalars, simple flow collections, comments,
 * anchors, aliases, merge keys and scalar tags. It builds Go values directly with the same
 * typing as the full reader (reader.ts).
 *
 * Anything it is not sure about — syntax errors included — makes it give up (returns
 * undefined), and the caller falls back to the complete, slower parser, which also produces
 * go-yaml's error messages. So this path only ever has to be right on valid, common input.
 */
import type { GoList, GoMap, GoValue } from '../go/value.ts';
import { jsonValue, simpleKeyString, typedScalar } from './reader.ts';

class GiveUp extends Error {}
// Created on first use, without a stack trace: it only unwinds to fastDecodeYaml's catch, and a
// module-level Error could not be part of a V8 startup snapshot.
let giveUpSignal: GiveUp | undefined;

function giveUp(): never {
  if (giveUpSignal === undefined) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    giveUpSignal = new GiveUp('unsupported');
    Error.stackTraceLimit = limit;
  }
  throw giveUpSignal;
}

const enum_EOF = -1;

function isSpaceOrEnd(c: number): boolean {
  return c === 0x20 || c === 0x0a || Number.isNaN(c);
}

function deepCopy(v: GoValue): GoValue {
  if (v instanceof Map) {
    const m: GoMap = new Map();
    for (const [k, x] of v) m.set(k, deepCopy(x));
    return m;
  }
  if (Array.isArray(v)) return v.map(deepCopy);
  return v;
}

interface Props {
  anchor: string | undefined;
  tag: string | undefined;
}

const TAG_PREFIX = 'tag:yaml.org,2002:';

class FastReader {
  readonly src: string;
  readonly n: number;
  pos = 0;
  /** Indentation of the line `pos` is on (its first content character); -1 at the end. */
  indent = 0;
  readonly anchors = new Map<string, GoValue>();

  constructor(src: string) {
    this.src = src;
    this.n = src.length;
  }

  code(i = this.pos): number {
    return this.src.charCodeAt(i);
  }

  column(): number {
    return this.pos - (this.src.lastIndexOf('\n', this.pos - 1) + 1);
  }

  /**
   * Moves from anywhere in a line to the first content character of the next line that has
   * content (skipping blank and comment lines); sets `indent` (-1 at end of document).
   */
  nextContentLine(): void {
    const s = this.src;
    let i = s.indexOf('\n', this.pos);
    for (;;) {
      if (i < 0) {
        this.pos = this.n;
        this.indent = enum_EOF;
        return;
      }
      const start = i + 1;
      let j = start;
      while (j < this.n && s.charCodeAt(j) === 0x20) j++;
      if (j >= this.n) {
        this.pos = this.n;
        this.indent = enum_EOF;
        return;
      }
      const c = s.charCodeAt(j);
      if (c === 0x0a) {
        i = j;
        continue;
      }
      if (c === 0x23) {
        i = s.indexOf('\n', j);
        continue;
      }
      if (c === 0x09) giveUp();
      if (j === start && this.isDocumentMarker(start)) {
        this.pos = start;
        this.indent = enum_EOF;
        return;
      }
      this.pos = j;
      this.indent = j - start;
      return;
    }
  }

  isDocumentMarker(i: number): boolean {
    const s = this.src;
    const c = s.charCodeAt(i);
    if ((c !== 0x2d && c !== 0x2e) || s.charCodeAt(i + 1) !== c || s.charCodeAt(i + 2) !== c) return false;
    return isSpaceOrEnd(s.charCodeAt(i + 3)) || s.charCodeAt(i + 3) === 0x09;
  }

  /** After a node on the current line: only spaces and a comment may follow. */
  endOfLine(): void {
    const s = this.src;
    let i = this.pos;
    while (s.charCodeAt(i) === 0x20) i++;
    const c = s.charCodeAt(i);
    if (c === 0x23 && s.charCodeAt(i - 1) === 0x20) {
      // a comment
    } else if (!(c === 0x0a || i >= this.n)) {
      giveUp();
    }
    this.pos = i;
    this.nextContentLine();
  }

  skipSpaces(): void {
    while (this.code() === 0x20) this.pos++;
    if (this.code() === 0x09) giveUp();
  }

  atLineEnd(): boolean {
    const c = this.code();
    return c === 0x0a || this.pos >= this.n || (c === 0x23 && this.code(this.pos - 1) === 0x20);
  }

  // --- documents ------------------------------------------------------------------------------

  document(): GoValue {
    const s = this.src;
    if (s.includes('\r') || s.includes('\t') || s.charCodeAt(0) === 0xfeff) giveUp();
    // YAML 1.1 line separators (go-yaml folds around them): the complete reader handles them.
    if (s.includes('\u2028') || s.includes('\u2029')) giveUp();
    this.pos = 0;
    // The first content line (the scan starts "before" line 0).
    this.pos = -1;
    this.nextContentLineFrom(0);
    if (this.indent === enum_EOF) {
      if (this.pos < this.n && s.startsWith('---', this.pos)) {
        // A leading `---` line.
        const after = this.pos + 3;
        let j = after;
        while (s.charCodeAt(j) === 0x20) j++;
        if (!(j >= this.n || s.charCodeAt(j) === 0x0a || s.charCodeAt(j) === 0x23)) giveUp();
        this.pos = j;
        this.nextContentLine();
        if (this.indent === enum_EOF) return null;
      } else if (this.pos < this.n && s.startsWith('...', this.pos)) {
        giveUp(); // a document end marker before any document
      } else {
        return null;
      }
    }
    if (this.code() === 0x25) giveUp(); // directives
    const v = this.blockNode(-1, this.indent, false);
    if (this.indent !== enum_EOF) giveUp();
    return v;
  }

  nextContentLineFrom(lineStart: number): void {
    // Treat lineStart as the beginning of a line by scanning from the previous newline.
    this.pos = lineStart;
    const s = this.src;
    let j = lineStart;
    while (j < this.n && s.charCodeAt(j) === 0x20) j++;
    if (j >= this.n) {
      this.pos = this.n;
      this.indent = enum_EOF;
      return;
    }
    const c = s.charCodeAt(j);
    if (c === 0x0a || c === 0x23) {
      this.pos = j;
      this.nextContentLine();
      return;
    }
    if (j === lineStart && this.isDocumentMarker(j)) {
      this.pos = j;
      this.indent = enum_EOF;
      return;
    }
    this.pos = j;
    this.indent = j - lineStart;
  }

  // --- block nodes ----------------------------------------------------------------------------

  /**
   * A node starting at `pos` (column `col`) inside a collection indented at `parent`.
   * `afterKey`: the node follows `key:` on the same line (no block collection may start).
   * Returns positioned at the next content line.
   */
  blockNode(parent: number, col: number, afterKey: boolean): GoValue {
    const props = this.properties();
    if (props.anchor !== undefined || props.tag !== undefined) {
      if (this.atLineEnd()) {
        // Properties alone on the line: the node is on the following lines.
        if (props.tag !== undefined) giveUp();
        this.nextContentLine();
        if (this.indent <= parent) giveUp();
        const v = this.blockNode(parent, this.indent, false);
        this.anchors.set(props.anchor as string, v);
        return deepCopy(v);
      }
      col = this.column();
    }
    const v = this.nodeContent(parent, col, afterKey, props);
    if (props.anchor !== undefined) {
      this.anchors.set(props.anchor, v);
      return deepCopy(v);
    }
    return v;
  }

  properties(): Props {
    const props: Props = { anchor: undefined, tag: undefined };
    for (;;) {
      const c = this.code();
      if (c === 0x26 /* & */) {
        if (props.anchor !== undefined) giveUp();
        props.anchor = this.name(1);
      } else if (c === 0x21 /* ! */) {
        if (props.tag !== undefined) giveUp();
        const raw = this.name(0);
        props.tag = raw.startsWith('!!') ? TAG_PREFIX + raw.slice(2) : raw;
      } else {
        return props;
      }
      this.skipSpaces();
    }
  }

  /** An anchor/alias/tag name: up to whitespace or a flow indicator. */
  name(skip: number): string {
    const s = this.src;
    const start = this.pos + skip;
    let i = start;
    for (;;) {
      const c = s.charCodeAt(i);
      if (
        Number.isNaN(c) ||
        c === 0x20 ||
        c === 0x0a ||
        c === 0x2c ||
        c === 0x5b ||
        c === 0x5d ||
        c === 0x7b ||
        c === 0x7d
      )
        break;
      i++;
    }
    if (i === start) giveUp();
    this.pos = i;
    return s.slice(start, i);
  }

  nodeContent(parent: number, col: number, afterKey: boolean, props: Props): GoValue {
    const s = this.src;
    const c = this.code();
    const next = this.code(this.pos + 1);
    if (c === 0x2d /* - */ && isSpaceOrEnd(next)) {
      if (afterKey || props.tag !== undefined) giveUp();
      return this.blockSequence(col, false);
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const v = this.flowCollection(props);
      this.skipSpaces();
      if (this.code() === 0x3a) giveUp(); // flow collection as a key
      this.endOfLine();
      return v;
    }
    if (c === 0x7c /* | */ || c === 0x3e /* > */) {
      const text = this.blockScalar(parent);
      return jsonValue(typedScalar(text, false, props.tag));
    }
    if (c === 0x2a /* * */) {
      if (props.anchor !== undefined || props.tag !== undefined) giveUp();
      const name = this.name(1);
      this.skipSpaces();
      if (this.code() === 0x3a) giveUp();
      if (!this.anchors.has(name)) giveUp();
      this.endOfLine();
      return deepCopy(this.anchors.get(name) ?? null);
    }
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const start = this.pos;
      const text = c === 0x22 ? this.doubleQuoted() : this.singleQuoted();
      this.skipSpaces();
      if (this.code() === 0x3a && isSpaceOrEnd(this.code(this.pos + 1))) {
        // A quoted key: a block mapping starts here (implicit keys stay on one line).
        if (afterKey || props.anchor !== undefined || props.tag !== undefined) giveUp();
        if (s.lastIndexOf('\n', this.pos) >= start) giveUp();
        return this.blockMapping(col, { text, plain: false });
      }
      this.endOfLine();
      return jsonValue(typedScalar(text, false, props.tag));
    }
    // Indicators that cannot start a plain scalar here (or need the full parser).
    if (',]}#&!%@`'.includes(s[this.pos])) giveUp();
    // `-`, `?` and `:` start a plain scalar only when a non-space follows.
    if ((c === 0x2d || c === 0x3f || c === 0x3a) && isSpaceOrEnd(next)) giveUp();
    const keyEnd = this.plainKeyEnd();
    if (keyEnd >= 0) {
      if (afterKey || props.anchor !== undefined || props.tag !== undefined) giveUp();
      const text = s.slice(this.pos, keyEnd).replace(/ +$/, '');
      this.pos = keyEnd;
      return this.blockMapping(col, { text, plain: true });
    }
    const text = this.plainScalar(parent);
    return jsonValue(typedScalar(text, true, props.tag));
  }

  /** If the current line is `plain key: ...`, the position of its ':'; else -1. */
  plainKeyEnd(): number {
    const s = this.src;
    for (let i = this.pos; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) return -1;
      if (c === 0x3a && isSpaceOrEnd(s.charCodeAt(i + 1))) return i;
      if (c === 0x23 && s.charCodeAt(i - 1) === 0x20) return -1;
    }
    return -1;
  }

  /** A block mapping at column `col`; the first key has been read (pos at its ':'). */
  blockMapping(col: number, firstKey: { text: string; plain: boolean }): GoMap {
    const out: GoMap = new Map();
    let key: { text: string; plain: boolean } | undefined = firstKey;
    for (;;) {
      if (key === undefined) key = this.mappingKey();
      // pos is at ':'
      this.pos++;
      this.skipSpaces();
      let value: GoValue;
      if (this.atLineEnd()) {
        this.nextContentLine();
        if (this.indent > col) {
          value = this.blockNode(col, this.indent, false);
        } else if (this.indent === col && this.code() === 0x2d && isSpaceOrEnd(this.code(this.pos + 1))) {
          value = this.blockSequence(col, true);
        } else {
          value = null;
        }
      } else {
        value = this.blockNode(col, this.column(), true);
      }
      this.setEntry(out, key, value);
      key = undefined;
      if (this.indent < col) return out;
      if (this.indent > col) giveUp();
    }
  }

  mappingKey(): { text: string; plain: boolean } {
    const c = this.code();
    if (c === 0x22 || c === 0x27) {
      const start = this.pos;
      const text = c === 0x22 ? this.doubleQuoted() : this.singleQuoted();
      this.skipSpaces();
      if (!(this.code() === 0x3a && isSpaceOrEnd(this.code(this.pos + 1)))) giveUp();
      if (this.src.lastIndexOf('\n', this.pos) >= start) giveUp();
      return { text, plain: false };
    }
    if ('-?:,[]{}#&*!|>%@`'.includes(this.src[this.pos] ?? '')) giveUp();
    const end = this.plainKeyEnd();
    if (end < 0) giveUp();
    const text = this.src.slice(this.pos, end).replace(/ +$/, '');
    this.pos = end;
    return { text, plain: true };
  }

  setEntry(out: GoMap, key: { text: string; plain: boolean }, value: GoValue): void {
    if (key.plain && key.text === '<<') {
      if (value instanceof Map) {
        for (const [k, v] of value) out.set(k, v);
      } else if (Array.isArray(value) && value.every((m) => m instanceof Map)) {
        for (let i = value.length - 1; i >= 0; i--) for (const [k, v] of value[i] as GoMap) out.set(k, v);
      } else {
        giveUp();
      }
      return;
    }
    const r = typedScalar(key.text, key.plain, undefined);
    let k: string | undefined;
    if (r.tag === 'string') k = r.value;
    else k = simpleKeyString(r);
    if (k === undefined) giveUp();
    out.set(k, value);
  }

  /** A block sequence whose dashes sit at column `col`. */
  blockSequence(col: number, indentless: boolean): GoList {
    const out: GoList = [];
    for (;;) {
      // pos at '-'
      this.pos++;
      this.skipSpaces();
      if (this.atLineEnd()) {
        this.nextContentLine();
        if (this.indent > col) out.push(this.blockNode(col, this.indent, false));
        else out.push(null);
      } else {
        out.push(this.blockNode(col, this.column(), false));
      }
      if (this.indent < col) return out;
      if (this.indent > col) giveUp();
      if (!(this.code() === 0x2d && isSpaceOrEnd(this.code(this.pos + 1)))) {
        if (indentless) return out;
        giveUp();
      }
    }
  }

  // --- scalars --------------------------------------------------------------------------------

  /** A plain scalar in block context, possibly continued on more-indented lines. */
  plainScalar(parent: number): string {
    const s = this.src;
    let text = this.plainLine();
    for (;;) {
      // Look past blank lines for a continuation line indented deeper than the parent.
      let i = this.pos;
      if (s.charCodeAt(i) === 0x23) {
        // A comment ends the scalar.
        this.nextContentLine();
        return text;
      }
      let breaks = 0;
      let lineStart = -1;
      while (i < this.n && s.charCodeAt(i) === 0x0a) {
        breaks++;
        lineStart = i + 1;
        let j = lineStart;
        while (s.charCodeAt(j) === 0x20) j++;
        i = j;
        if (s.charCodeAt(j) !== 0x0a) break;
      }
      if (breaks === 0 || i >= this.n) {
        this.pos = i >= this.n ? this.n : this.pos;
        if (i >= this.n) this.indent = enum_EOF;
        else this.nextContentLine();
        return text;
      }
      const indent = i - lineStart;
      const c = s.charCodeAt(i);
      if (c === 0x09) giveUp();
      if (indent <= parent || c === 0x23 || (indent === 0 && this.isDocumentMarker(lineStart))) {
        this.pos = lineStart;
        this.nextContentLineFrom(lineStart);
        return text;
      }
      this.pos = i;
      const more = this.plainLine();
      if (this.src.charCodeAt(this.pos) === 0x3a) giveUp();
      text += breaks === 1 ? ' ' + more : '\n'.repeat(breaks - 1) + more;
    }
  }

  /** The rest of a plain scalar's line: up to a comment or the line end; trailing spaces trimmed. */
  plainLine(): string {
    const s = this.src;
    const start = this.pos;
    let i = start;
    let end = start;
    for (; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) break;
      if (c === 0x23 && s.charCodeAt(i - 1) === 0x20) break;
      if (c === 0x3a && isSpaceOrEnd(s.charCodeAt(i + 1))) giveUp();
      if (c !== 0x20) end = i + 1;
    }
    this.pos = i;
    return s.slice(start, end);
  }

  doubleQuoted(): string {
    const s = this.src;
    let i = this.pos + 1;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= this.n) giveUp();
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        out += s.slice(start, i);
        this.pos = i + 1;
        return out;
      }
      if (c === 0x0a) {
        // Line folding inside quotes.
        out += s.slice(start, i).replace(/ +$/, '');
        let breaks = 0;
        while (s.charCodeAt(i) === 0x0a) {
          breaks++;
          i++;
          while (s.charCodeAt(i) === 0x20) i++;
        }
        if (this.isDocumentMarker(i)) giveUp();
        out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
        start = i;
        continue;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(start, i);
      const e = s[i + 1];
      i += 2;
      switch (e) {
        case '0':
          out += '\0';
          break;
        case 'a':
          out += '\x07';
          break;
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'v':
          out += '\v';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'e':
          out += '\x1b';
          break;
        case ' ':
          out += ' ';
          break;
        case '"':
          out += '"';
          break;
        case '/':
          // YAML 1.2 only: go-yaml v2 refuses it (the complete reader reports where).
          giveUp();
          break;
        case '\\':
          out += '\\';
          break;
        case 'N':
          out += '\u0085';
          break;
        case '_':
          out += '\u00a0';
          break;
        case 'L':
          out += '\u2028';
          break;
        case 'P':
          out += '\u2029';
          break;
        case 'x':
        case 'u':
        case 'U': {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = s.slice(i, i + len);
          if (hex.length !== len || !/^[0-9A-Fa-f]+$/.test(hex)) giveUp();
          const cp = parseInt(hex, 16);
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) giveUp();
          out += String.fromCodePoint(cp);
          i += len;
          break;
        }
        case '\n': {
          // Escaped line break: joined without a space.
          while (s.charCodeAt(i) === 0x20) i++;
          break;
        }
        default:
          giveUp();
      }
      start = i;
    }
  }

  singleQuoted(): string {
    const s = this.src;
    let i = this.pos + 1;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= this.n) giveUp();
      const c = s.charCodeAt(i);
      if (c === 0x27) {
        if (s.charCodeAt(i + 1) === 0x27) {
          out += s.slice(start, i + 1);
          i += 2;
          start = i;
          continue;
        }
        out += s.slice(start, i);
        this.pos = i + 1;
        return out;
      }
      if (c === 0x0a) {
        out += s.slice(start, i).replace(/ +$/, '');
        let breaks = 0;
        while (s.charCodeAt(i) === 0x0a) {
          breaks++;
          i++;
          while (s.charCodeAt(i) === 0x20) i++;
        }
        if (this.isDocumentMarker(i)) giveUp();
        out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
        start = i;
        continue;
      }
      i++;
    }
  }

  /** A literal (`|`) or folded (`>`) block scalar inside a collection indented at `parent`. */
  blockScalar(parent: number): string {
    const s = this.src;
    const literal = this.code() === 0x7c;
    this.pos++;
    let chomp = 0;
    let increment = 0;
    for (let k = 0; k < 2; k++) {
      const c = this.code();
      if ((c === 0x2b || c === 0x2d) && chomp === 0) {
        chomp = c === 0x2b ? 1 : -1;
        this.pos++;
      } else if (c >= 0x31 && c <= 0x39 && increment === 0) {
        increment = c - 0x30;
        this.pos++;
      }
    }
    let i = this.pos;
    while (s.charCodeAt(i) === 0x20) i++;
    if (s.charCodeAt(i) === 0x23 && i > this.pos) i = s.indexOf('\n', i) < 0 ? this.n : s.indexOf('\n', i);
    if (!(i >= this.n || s.charCodeAt(i) === 0x0a)) giveUp();
    i++; // past the header's line break
    let indent = 0;
    if (increment > 0) indent = parent >= 0 ? parent + increment : increment;

    // Leading breaks and the indentation (yaml_parser_scan_block_scalar_breaks).
    let text = '';
    let leadingBreak = '';
    const scanBreaks = (): string => {
      let breaks = '';
      let maxIndent = 0;
      for (;;) {
        let col = 0;
        while ((indent === 0 || col < indent) && s.charCodeAt(i) === 0x20) {
          i++;
          col++;
        }
        if (col > maxIndent) maxIndent = col;
        if (s.charCodeAt(i) === 0x09 && (indent === 0 || col < indent)) giveUp();
        if (s.charCodeAt(i) !== 0x0a) {
          this.blockCol = col;
          break;
        }
        breaks += '\n';
        i++;
      }
      if (indent === 0) {
        indent = Math.max(maxIndent, parent + 1, 1);
      }
      return breaks;
    };
    if (i > this.n) {
      i = this.n;
    }
    let trailingBreaks = scanBreaks();
    let leadingBlank = false;
    while (this.blockCol === indent && i < this.n) {
      if (this.blockCol === 0 && this.isDocumentMarker(i)) break;
      const trailingBlank = s.charCodeAt(i) === 0x20;
      if (!literal && leadingBreak === '\n' && !leadingBlank && !trailingBlank) {
        if (trailingBreaks === '') text += ' ';
        leadingBreak = '';
      } else {
        text += leadingBreak;
        leadingBreak = '';
      }
      text += trailingBreaks;
      trailingBreaks = '';
      leadingBlank = s.charCodeAt(i) === 0x20;
      let e = s.indexOf('\n', i);
      if (e < 0) e = this.n;
      text += s.slice(i, e);
      if (e >= this.n) {
        i = this.n;
        break;
      }
      leadingBreak = '\n';
      i = e + 1;
      trailingBreaks = scanBreaks();
    }
    if (chomp !== -1) text += leadingBreak;
    if (chomp === 1) text += trailingBreaks;
    // Continue after the scalar: back to the start of the line where it ended.
    if (i >= this.n) {
      this.pos = this.n;
      this.indent = enum_EOF;
      return text;
    }
    this.nextContentLineFrom(s.lastIndexOf('\n', i - 1) + 1);
    return text;
  }

  /** Column reached by the last break scan in a block scalar. */
  blockCol = 0;

  // --- flow collections -----------------------------------------------------------------------

  flowSpace(): void {
    const s = this.src;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a) this.pos++;
      else if (c === 0x23 && (s.charCodeAt(this.pos - 1) === 0x20 || s.charCodeAt(this.pos - 1) === 0x0a)) {
        const e = s.indexOf('\n', this.pos);
        this.pos = e < 0 ? this.n : e;
      } else if (c === 0x09) giveUp();
      else return;
    }
  }

  flowCollection(props: Props): GoValue {
    if (props.tag !== undefined) giveUp();
    return this.code() === 0x5b ? this.flowSequence() : this.flowMapping();
  }

  flowNode(): GoValue {
    const props = this.properties();
    if (props.tag !== undefined) giveUp();
    const c = this.code();
    let v: GoValue;
    if (c === 0x5b) v = this.flowSequence();
    else if (c === 0x7b) v = this.flowMapping();
    else if (c === 0x2a) {
      if (props.anchor !== undefined) giveUp();
      const name = this.name(1);
      if (!this.anchors.has(name)) giveUp();
      v = deepCopy(this.anchors.get(name) ?? null);
    } else if (c === 0x22 || c === 0x27) {
      v = jsonValue(typedScalar(c === 0x22 ? this.doubleQuoted() : this.singleQuoted(), false, undefined));
    } else {
      v = jsonValue(typedScalar(this.flowPlain(), true, undefined));
    }
    if (props.anchor !== undefined) {
      this.anchors.set(props.anchor, v);
      v = deepCopy(v);
    }
    return v;
  }

  /** A single-line plain scalar in flow context. */
  flowPlain(): string {
    const s = this.src;
    const c0 = s[this.pos] ?? '';
    if (c0 === '' || '-?:,[]{}#&*!|>\'"%@`'.includes(c0)) {
      // `-x`-style scalars are fine; other indicators are left to the full parser.
      const next = s[this.pos + 1] ?? ' ';
      if (c0 !== '-' || ' \n,[]{}'.includes(next)) giveUp();
    }
    const start = this.pos;
    let end = start;
    let i = start;
    for (; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x0a) break;
      if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) break;
      if (c === 0x3a) {
        const d = s.charCodeAt(i + 1);
        if (isSpaceOrEnd(d) || d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) break;
      }
      if (c === 0x23 && s.charCodeAt(i - 1) === 0x20) break;
      if (c === 0x3f) giveUp(); // go-yaml ends flow plain scalars at '?'
      if (c !== 0x20) end = i + 1;
    }
    if (s.charCodeAt(i) === 0x0a) {
      // Multi-line plain scalars in flow context: leave them to the full parser.
      let j = i + 1;
      while (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x0a) j++;
      const d = s.charCodeAt(j);
      if (!(d === 0x2c || d === 0x5d || d === 0x7d || d === 0x23 || d === 0x3a)) giveUp();
    }
    this.pos = end;
    return s.slice(start, end);
  }

  flowSequence(): GoList {
    this.pos++;
    const out: GoList = [];
    for (;;) {
      this.flowSpace();
      const c = this.code();
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      if (Number.isNaN(c)) giveUp();
      out.push(this.flowNode());
      this.flowSpace();
      const d = this.code();
      if (d === 0x2c) {
        this.pos++;
        continue;
      }
      if (d === 0x5d) continue;
      giveUp(); // includes single-pair mappings `[a: b]`
    }
  }

  flowMapping(): GoMap {
    this.pos++;
    const out: GoMap = new Map();
    for (;;) {
      this.flowSpace();
      const c = this.code();
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      if (Number.isNaN(c) || c === 0x3f || c === 0x3a) giveUp();
      let key: { text: string; plain: boolean };
      const keyStart = this.pos;
      if (c === 0x22 || c === 0x27)
        key = { text: c === 0x22 ? this.doubleQuoted() : this.singleQuoted(), plain: false };
      else if (c === 0x5b || c === 0x7b || c === 0x2a || c === 0x26 || c === 0x21) giveUp();
      else key = { text: this.flowPlain(), plain: true };
      if (this.src.lastIndexOf('\n', this.pos - 1) >= keyStart) giveUp();
      this.flowSpace();
      let value: GoValue = null;
      if (this.code() === 0x3a) {
        this.pos++;
        this.flowSpace();
        const d = this.code();
        if (d !== 0x2c && d !== 0x7d) value = this.flowNode();
        this.flowSpace();
      }
      this.setEntry(out, key, value);
      const d = this.code();
      if (d === 0x2c) {
        this.pos++;
        continue;
      }
      if (d === 0x7d) continue;
      giveUp();
    }
  }
}

/**
 * The first document of `src` as sigs.k8s.io/yaml would decode it, or undefined when the
 * input needs the full parser (unusual syntax or any error).
 */
export function fastDecodeYaml(src: string): GoValue | undefined {
  try {
    return new FastReader(src).document();
  } catch {
    return undefined;
  }
}
