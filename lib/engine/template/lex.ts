/**
 * The template lexer, after Go's text/template/parse (lex.go, Go 1.23).
 *
 * A pull lexer made of state functions: `nextItem()` runs states until one emits an item.
 * Positions are offsets into the JS string (UTF-16 units); `line` counts `\n` as Go does.
 * Trim markers (`{{- `, ` -}}`) and comments are resolved here, so the parser never sees them.
 */
import { isPrint, quote } from '../../go/strconv.ts';
import { byteLength } from '../../go/value.ts';

export type ItemType =
  | 'error' // value is the text of the error
  | 'bool'
  | 'char' // printable ASCII character; grab bag for comma etc.
  | 'charConstant'
  | 'comment'
  | 'complex' // 1+2i
  | 'assign' // '='
  | 'declare' // ':='
  | 'eof'
  | 'field' // .Alphanumeric
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString' // with its backquotes
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string' // with its double quotes
  | 'text'
  | 'variable' // $, $x
  // Keywords (Go: item types above itemKeyword).
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Item {
  readonly typ: ItemType;
  /** Offset of the item's start in the input. */
  readonly pos: number;
  readonly val: string;
  /** Line number (1-based) at the start of the item. */
  readonly line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map<string, ItemType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set(KEYWORDS.values());

export function isKeyword(typ: ItemType): boolean {
  return KEYWORD_TYPES.has(typ);
}

/** Go's `item.String()`, used in "unexpected X in Y" messages. */
export function itemString(item: Item): string {
  if (item.typ === 'eof') return 'EOF';
  if (item.typ === 'error') return item.val;
  if (isKeyword(item.typ)) return `<${item.val}>`;
  // Go checks the byte length, then %.10q keeps the first 10 runes.
  if (byteLength(item.val) > 10) return quote(Array.from(item.val).slice(0, 10).join('')) + '...';
  return quote(item.val);
}

export interface LexOptions {
  /** Emit comment items (Go's ParseComments mode). */
  readonly emitComment?: boolean;
  /** `break` is a keyword (false when a function named "break" exists). */
  readonly breakOK?: boolean;
  readonly continueOK?: boolean;
}

const EOF = -1;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
/** A trim marker is '-' plus one ASCII space character: 2 units either way. */
const TRIM_MARKER_LEN = 2;

type StateFn = (l: Lexer) => StateFn | null;

const NO_RIGHT_DELIM = 0;
const RIGHT_DELIM = 1;
const RIGHT_DELIM_TRIM = 2;
type RightDelim = typeof NO_RIGHT_DELIM | typeof RIGHT_DELIM | typeof RIGHT_DELIM_TRIM;

export class Lexer {
  readonly name: string;
  private input: string;
  readonly leftDelim: string;
  readonly rightDelim: string;
  options: LexOptions;
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private item: Item = { typ: 'eof', pos: 0, val: 'EOF', line: 1 };
  private insideAction = false;

  constructor(name: string, input: string, leftDelim = '', rightDelim = '', options: LexOptions = {}) {
    this.name = name;
    this.input = input;
    this.leftDelim = leftDelim === '' ? '{{' : leftDelim;
    this.rightDelim = rightDelim === '' ? '}}' : rightDelim;
    this.options = options;
  }

  /** Returns the next item. An error item ends the scan: the input is dropped, as in Go. */
  nextItem(): Item {
    // Every path to a null state sets this.item (emit or errorf), so no default item is needed.
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  // --- rune-level scanning (code points, like Go's runes) ---

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) as number;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 10) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (this.atEOF || this.pos <= 0) return;
    const c = this.input.charCodeAt(this.pos - 1);
    const isPairTail =
      c >= 0xdc00 && c <= 0xdfff && this.pos >= 2 && isHighSurrogate(this.input.charCodeAt(this.pos - 2));
    this.pos -= isPairTail ? 2 : 1;
    if (c === 10) this.line--;
  }

  private thisItem(typ: ItemType): Item {
    const item: Item = {
      typ,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.startLine,
    };
    this.start = this.pos;
    this.startLine = this.line;
    return item;
  }

  emit(typ: ItemType): null {
    return this.emitItem(this.thisItem(typ));
  }

  private emitItem(item: Item): null {
    this.item = item;
    return null;
  }

  /** Skips the pending input, counting its newlines (only for text not read with next()). */
  private ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  /** Emits an error item and drops the input, which ends the scan (as Go does). */
  errorf(message: string): null {
    this.item = { typ: 'error', pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  // --- state functions (static so the state table stays flat) ---

  static lexText(l: Lexer): StateFn | null {
    const x = l.input.indexOf(l.leftDelim, l.pos);
    if (x >= 0) {
      if (x > l.pos) {
        l.pos = x;
        let trimLength = 0;
        const delimEnd = l.pos + l.leftDelim.length;
        if (hasLeftTrimMarker(l.input, delimEnd)) {
          trimLength = rightTrimLength(l.input, l.start, l.pos);
        }
        l.pos -= trimLength;
        l.line += countNewlines(l.input, l.start, l.pos);
        const item = l.thisItem('text');
        l.pos += trimLength;
        l.ignore();
        if (item.val.length > 0) return l.emitItem(item);
      }
      return lexLeftDelim;
    }
    l.pos = l.input.length;
    if (l.pos > l.start) {
      l.line += countNewlines(l.input, l.start, l.pos);
      return l.emit('text');
    }
    return l.emit('eof');
  }

  /** Is the input at a right delimiter, possibly preceded by a trim marker (" -}}")? */
  atRightDelim(): RightDelim {
    if (
      hasRightTrimMarker(this.input, this.pos) &&
      this.input.startsWith(this.rightDelim, this.pos + TRIM_MARKER_LEN)
    ) {
      return RIGHT_DELIM_TRIM;
    }
    return this.input.startsWith(this.rightDelim, this.pos) ? RIGHT_DELIM : NO_RIGHT_DELIM;
  }

  static lexLeftDelim(l: Lexer): StateFn | null {
    l.pos += l.leftDelim.length;
    const trimSpace = hasLeftTrimMarker(l.input, l.pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
      l.pos += afterMarker;
      l.ignore();
      return lexComment;
    }
    const item = l.thisItem('leftDelim');
    l.insideAction = true;
    l.pos += afterMarker;
    l.ignore();
    l.parenDepth = 0;
    return l.emitItem(item);
  }

  static lexComment(l: Lexer): StateFn | null {
    l.pos += LEFT_COMMENT.length;
    const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
    if (x < 0) return l.errorf('unclosed comment');
    l.pos = x + RIGHT_COMMENT.length;
    const delim = l.atRightDelim();
    if (delim === NO_RIGHT_DELIM) return l.errorf('comment ends before closing delimiter');
    const trimSpaces = delim === RIGHT_DELIM_TRIM;
    l.line += countNewlines(l.input, l.start, l.pos);
    const item = l.thisItem('comment');
    if (trimSpaces) l.pos += TRIM_MARKER_LEN;
    l.pos += l.rightDelim.length;
    if (trimSpaces) l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
    if (l.options.emitComment) return l.emitItem(item);
    return lexText;
  }

  static lexRightDelim(l: Lexer): StateFn | null {
    const trimSpaces = l.atRightDelim() === RIGHT_DELIM_TRIM;
    if (trimSpaces) {
      l.pos += TRIM_MARKER_LEN;
      l.ignore();
    }
    l.pos += l.rightDelim.length;
    const item = l.thisItem('rightDelim');
    if (trimSpaces) {
      l.pos += leftTrimLength(l.input, l.pos);
      l.ignore();
    }
    l.insideAction = false;
    return l.emitItem(item);
  }

  static lexInsideAction(l: Lexer): StateFn | null {
    if (l.atRightDelim() !== NO_RIGHT_DELIM) {
      if (l.parenDepth === 0) return lexRightDelim;
      return l.errorf('unclosed left paren');
    }
    const r = l.next();
    switch (r) {
      case EOF:
        return l.errorf('unclosed action');
      case 0x20: // ' '
      case 0x09: // '\t'
      case 0x0d: // '\r'
      case 0x0a: // '\n'
        l.backup(); // Put the space back in case this is " -}}".
        return lexSpace;
      case 0x3d: // '='
        return l.emit('assign');
      case 0x3a: // ':'
        if (l.next() !== 0x3d) return l.errorf('expected :=');
        return l.emit('declare');
      case 0x7c: // '|'
        return l.emit('pipe');
      case 0x22: // '"'
        return lexQuote;
      case 0x60: // '`'
        return lexRawQuote;
      case 0x24: // '$'
        return lexVariable;
      case 0x27: // '\''
        return lexChar;
      case 0x28: // '('
        l.parenDepth++;
        return l.emit('leftParen');
      case 0x29: // ')'
        l.parenDepth--;
        if (l.parenDepth < 0) return l.errorf('unexpected right paren');
        return l.emit('rightParen');
      case 0x2e: {
        // '.': a field unless a digit follows (then it starts a number).
        if (l.pos < l.input.length) {
          const c = l.input.charCodeAt(l.pos);
          if (c < 0x30 || c > 0x39) return lexField;
        }
        l.backup();
        return lexNumber;
      }
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      l.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      l.backup();
      return lexIdentifier;
    }
    if (r >= 0x20 && r < 0x7f) return l.emit('char');
    return l.errorf(`unrecognized character in action: ${formatRune(r)}`);
  }

  /** A run of spaces; the first is known to be present and not yet consumed. */
  static lexSpace(l: Lexer): StateFn | null {
    let numSpaces = 0;
    while (isSpace(l.peek())) {
      l.next();
      numSpaces++;
    }
    // A trim-marked right delimiter starts with a space: leave that space to it.
    if (
      hasRightTrimMarker(l.input, l.pos - 1) &&
      l.input.startsWith(l.rightDelim, l.pos - 1 + TRIM_MARKER_LEN)
    ) {
      l.backup();
      if (numSpaces === 1) return lexRightDelim;
    }
    return l.emit('space');
  }

  static lexIdentifier(l: Lexer): StateFn | null {
    for (;;) {
      const r = l.next();
      if (isAlphaNumeric(r)) continue;
      l.backup();
      const word = l.input.slice(l.start, l.pos);
      if (!l.atTerminator()) return l.errorf(`bad character ${formatRune(r)}`);
      const keyword = KEYWORDS.get(word);
      if (keyword !== undefined) {
        if (
          (keyword === 'break' && !l.options.breakOK) ||
          (keyword === 'continue' && !l.options.continueOK)
        ) {
          return l.emit('identifier');
        }
        return l.emit(keyword);
      }
      if (word === 'true' || word === 'false') return l.emit('bool');
      return l.emit('identifier');
    }
  }

  static lexField(l: Lexer): StateFn | null {
    return l.lexFieldOrVariable('field');
  }

  static lexVariable(l: Lexer): StateFn | null {
    if (l.atTerminator()) return l.emit('variable'); // Just "$".
    return l.lexFieldOrVariable('variable');
  }

  private lexFieldOrVariable(typ: 'field' | 'variable'): StateFn | null {
    if (this.atTerminator()) return this.emit(typ === 'variable' ? 'variable' : 'dot');
    let r: number;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${formatRune(r)}`);
    return this.emit(typ);
  }

  /** Can the current identifier end here? (Splits .X.Y; rejects $x+2.) */
  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  /** A character constant; the opening quote is consumed. Syntax is checked by the parser. */
  static lexChar(l: Lexer): StateFn | null {
    for (;;) {
      let r = l.next();
      if (r === 0x5c) {
        r = l.next();
        if (r !== EOF && r !== 10) continue;
        return l.errorf('unterminated character constant');
      }
      if (r === EOF || r === 10) return l.errorf('unterminated character constant');
      if (r === 0x27) break;
    }
    return l.emit('charConstant');
  }

  /** A number; deliberately permissive ("089", "0x0.2"): strconv in the parser rejects bad ones. */
  static lexNumber(l: Lexer): StateFn | null {
    if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
    const sign = l.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!l.scanNumber() || l.input.charCodeAt(l.pos - 1) !== 0x69) {
        return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
      }
      return l.emit('complex');
    }
    return l.emit('number');
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = DECIMAL_DIGITS;
    if (this.accept('0')) {
      // A leading 0 alone does not mean octal in floats, so only prefixes change the digit set.
      if (this.accept('xX')) digits = HEX_DIGITS;
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits === DECIMAL_DIGITS && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun(DECIMAL_DIGITS);
    }
    if (digits === HEX_DIGITS && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun(DECIMAL_DIGITS);
    }
    this.accept('i'); // imaginary
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  static lexQuote(l: Lexer): StateFn | null {
    for (;;) {
      let r = l.next();
      if (r === 0x5c) {
        r = l.next();
        if (r !== EOF && r !== 10) continue;
        return l.errorf('unterminated quoted string');
      }
      if (r === EOF || r === 10) return l.errorf('unterminated quoted string');
      if (r === 0x22) break;
    }
    return l.emit('string');
  }

  static lexRawQuote(l: Lexer): StateFn | null {
    for (;;) {
      const r = l.next();
      if (r === EOF) return l.errorf('unterminated raw quoted string');
      if (r === 0x60) break;
    }
    return l.emit('rawString');
  }
}

const DECIMAL_DIGITS = '0123456789_';
const HEX_DIGITS = '0123456789abcdefABCDEF_';

const lexText = Lexer.lexText;
const lexLeftDelim = Lexer.lexLeftDelim;
const lexComment = Lexer.lexComment;
const lexRightDelim = Lexer.lexRightDelim;
const lexInsideAction = Lexer.lexInsideAction;
const lexSpace = Lexer.lexSpace;
const lexIdentifier = Lexer.lexIdentifier;
const lexField = Lexer.lexField;
const lexVariable = Lexer.lexVariable;
const lexChar = Lexer.lexChar;
const lexNumber = Lexer.lexNumber;
const lexQuote = Lexer.lexQuote;
const lexRawQuote = Lexer.lexRawQuote;

/** Lexes the whole input (for tests and tools): every item up to and including EOF or an error. */
export function lexAll(input: string, leftDelim = '', rightDelim = '', options: LexOptions = {}): Item[] {
  const l = new Lexer('lex', input, leftDelim, rightDelim, { breakOK: true, continueOK: true, ...options });
  const items: Item[] = [];
  for (;;) {
    const item = l.nextItem();
    items.push(item);
    if (item.typ === 'eof' || item.typ === 'error') return items;
  }
}

// --- character classes ---

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Go's lexer isSpace: the ASCII space characters ' ', \t, \r, \n. */
function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

const LETTER = /^\p{L}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

/** Go's isAlphaNumeric: '_', unicode.IsLetter or unicode.IsDigit. */
export function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) {
    return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  }
  const ch = String.fromCodePoint(r);
  return LETTER.test(ch) || DECIMAL_DIGIT.test(ch);
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === 0x2d;
}

/** Length of the run of space characters ending at `end` (not before `start`). */
function rightTrimLength(s: string, start: number, end: number): number {
  let i = end;
  while (i > start && isSpace(s.charCodeAt(i - 1))) i--;
  return end - i;
}

function leftTrimLength(s: string, start: number): number {
  let i = start;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - start;
}

export function countNewlines(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', start); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// --- Go formatting used in lexer messages ---

/** Go's %#U: `U+002D '-'` (the character only when printable). */
export function formatRune(r: number): string {
  const code = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `${code} '${String.fromCodePoint(r)}'` : code;
}
