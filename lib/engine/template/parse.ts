/**
 * The template parser, after Go's text/template/parse (parse.go, node.go; Go 1.23).
 *
 * Recursive descent over the lexer's items with Go's three-token look-ahead, kept exactly
 * because Go's error lines come from the most recently lexed token. Node positions are
 * offsets into the JS source string; errorContext converts them to Go's byte columns.
 */
import { byteLength, GoError } from '../../go/value.ts';
import { NumError, parseFloat, parseInt, parseUint, quote, unquote, unquoteChar } from '../../go/strconv.ts';
import { itemString, Lexer, type Item, type ItemType } from './lex.ts';
import type {
  ArgNode,
  BreakNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  FieldNode,
  IfNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  WithNode,
} from './node.ts';

/** One parsed template: a `define`d block or a file's top level. */
export interface Tree {
  /** The template's name (`define` name, or the file name for the top level). */
  readonly name: string;
  /** The name of the file the text came from (Go's ParseName), used in error positions. */
  readonly parseName: string;
  readonly root: ListNode;
  /** The full source text of the file, to turn a node's pos into line:col. */
  readonly text: string;
}

export interface ParseOptions {
  /** Is `name` a known function? Unknown functions are a parse error, as in Go. */
  readonly hasFunction: (name: string) => boolean;
  readonly leftDelim?: string;
  readonly rightDelim?: string;
  /** Go's SkipFuncCheck mode. */
  readonly skipFuncCheck?: boolean;
  /** Go's ParseComments mode: keep template comments as CommentNodes (text/template leaves it off). */
  readonly parseComments?: boolean;
}

/**
 * Parses `text` (from file `name`) into its top-level tree and every `define`/`block` in it.
 * The result maps template name → tree; the top level is under `name`.
 * Throws TemplateParseError with Go's message (`template: NAME:LINE: …`).
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = new Lexer(name, text, options.leftDelim ?? '', options.rightDelim ?? '');
  const top = new TreeParser(name, name, text, options, lexer, treeSet);
  top.parseTopLevel();
  top.add();
  return treeSet;
}

/**
 * Go's Tree.ErrorContext: `PARSENAME:LINE:COL` and the node's text. As in Go, COL is the
 * 0-based byte offset of the node within its line, and the context is not shortened.
 */
export function errorContext(tree: Tree, node: Node): { location: string; context: string } {
  const before = tree.text.slice(0, node.pos);
  const lastNewline = before.lastIndexOf('\n');
  const col = byteLength(lastNewline < 0 ? before : before.slice(lastNewline + 1));
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { location: `${tree.parseName}:${line}:${col}`, context: nodeString(node) };
}

/** Go's `Node.String()` for any node, as printed in `executing "x" at <…>`. */
export function nodeString(node: Node): string {
  switch (node.type) {
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'text':
      return node.text;
    case 'comment':
      return `{{${node.text}}}`;
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'pipe': {
      const cmds = node.cmds.map(nodeString).join(' | ');
      if (node.decl.length === 0) return cmds;
      return `${node.decl.map(nodeString).join(', ')} := ${cmds}`;
    }
    case 'command':
      return node.args
        .map((arg) => (arg.type === 'pipe' ? `(${nodeString(arg)})` : nodeString(arg)))
        .join(' ');
    case 'identifier':
      return node.ident;
    case 'variable':
      return node.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'field':
      return node.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const head = node.node.type === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return head + node.field.map((f) => '.' + f).join('');
    }
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
    case 'if':
    case 'range':
    case 'with': {
      const elsePart = node.elseList === null ? '' : `{{else}}${nodeString(node.elseList)}`;
      return `{{${node.type} ${nodeString(node.pipe)}}}${nodeString(node.list)}${elsePart}{{end}}`;
    }
    case 'template':
      return `{{template ${quote(node.name)}${node.pipe === null ? '' : ' ' + nodeString(node.pipe)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
  }
}

/** Go's parse.IsEmptyTree: is this tree empty of everything but space and comments? */
export function isEmptyTree(node: Node | null): boolean {
  if (node === null) return true;
  switch (node.type) {
    case 'list':
      return node.nodes.every(isEmptyTree);
    case 'text':
      return isAllGoSpace(node.text);
    case 'comment':
      return true;
    default:
      return false;
  }
}

/** A parse error, with Go's message text. */
export class TemplateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/** `{{end}}` and `{{else}}`: returned by itemList to end a list, never put in a tree. */
interface ListEnd {
  readonly type: 'end' | 'else';
  readonly pos: number;
  readonly line: number;
}

type ParsedNode = Node | ListEnd;

function listEndString(n: ListEnd): string {
  return `{{${n.type}}}`;
}

function isListEnd(n: ParsedNode): n is ListEnd {
  return n.type === 'end' || n.type === 'else';
}

/** Item types that can start a command in a pipeline. */
const OPERAND_START: ReadonlySet<ItemType> = new Set<ItemType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

/**
 * Nesting limit for parenthesized expressions. Go allows 10000, but uses 1000 where stacks are
 * small (wasm), as a JS stack is: 10000 levels of this recursion would overflow it.
 */
const MAX_STACK_DEPTH = 1000;

const NO_ITEM: Item = { typ: 'eof', pos: 0, val: '', line: 0 };

/** The parsing state of one tree (Go's Tree while parsing); defines and blocks get their own. */
class TreeParser {
  private name: string;
  private readonly parseName: string;
  private readonly text: string;
  private readonly options: ParseOptions;
  private readonly lex: Lexer;
  private readonly treeSet: Map<string, Tree>;
  private root: ListNode | null = null;
  private readonly token: Item[] = [NO_ITEM, NO_ITEM, NO_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    name: string,
    parseName: string,
    text: string,
    options: ParseOptions,
    lex: Lexer,
    treeSet: Map<string, Tree>,
  ) {
    this.name = name;
    this.parseName = parseName;
    this.text = text;
    this.options = options;
    this.lex = lex;
    this.treeSet = treeSet;
    lex.options = {
      emitComment: options.parseComments === true,
      breakOK: !options.hasFunction('break'),
      continueOK: !options.hasFunction('continue'),
    };
  }

  private subTree(name: string): TreeParser {
    return new TreeParser(name, this.parseName, this.text, this.options, this.lex, this.treeSet);
  }

  // --- token buffer (three-token look-ahead) ---

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  /** Backs up two tokens; token[0] is already there. */
  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  /** Backs up three tokens; token[0] is already there. Reverse order: we're pushing back. */
  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    for (;;) {
      const token = this.next();
      if (token.typ !== 'space') return token;
    }
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // --- errors ---

  /** Go reports the line of the most recently lexed token, whatever the message is about. */
  private errorf(message: string): never {
    throw new TemplateParseError(`template: ${this.parseName}:${this.token[0].line}: ${message}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: ItemType, expected2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length); // no "action in action"
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // --- trees ---

  /** Adds this tree to the set; a second non-empty definition of a name is an error. */
  add(): void {
    const root = this.root ?? newList(0);
    const existing = this.treeSet.get(this.name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, { name: this.name, parseName: this.parseName, root, text: this.text });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  /** The top level: like itemList, but runs to EOF and also parses {{define}}. */
  parseTopLevel(): void {
    const root = newList(this.peek().pos);
    this.root = root;
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          const definition = this.subTree('definition'); // named once the name is read
          definition.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (isListEnd(n)) this.errorf(`unexpected ${listEndString(n)}`);
      root.nodes.push(n);
    }
  }

  /** {{define "name"}} … {{end}}; the `define` keyword is past. */
  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf('string', 'rawString', context);
    this.name = this.unquote(name.val);
    this.expect('rightDelim', context);
    const [root, end] = this.itemList();
    this.root = root;
    if (end.type !== 'end') this.errorf(`unexpected ${listEndString(end)} in ${context}`);
    this.add();
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned separately. */
  private itemList(): [ListNode, ListEnd] {
    const list = newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (isListEnd(n)) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): ParsedNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.val } satisfies TextNode;
      case 'leftDelim':
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      case 'comment':
        return { type: 'comment', pos: token.pos, text: token.val } satisfies CommentNode;
      default:
        this.unexpected(token, 'input');
    }
  }

  /** After the left delimiter: a control keyword or a pipeline. */
  private action(): ParsedNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
        return this.breakOrContinue('break', token);
      case 'continue':
        return this.breakOrContinue('continue', token);
      case 'else':
        return this.elseControl();
      case 'end':
        return this.endControl();
      case 'if':
      case 'range':
      case 'with':
        return this.control(token.typ);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const first = this.peek();
    // Variables declared here persist until the enclosing {{end}}.
    const pipe = this.pipeline('command', 'rightDelim');
    return { type: 'action', pos: first.pos, line: first.line, pipe };
  }

  private breakOrContinue(kind: 'break' | 'continue', keyword: Item): BreakNode | ContinueNode {
    const token = this.nextNonSpace();
    if (token.typ !== 'rightDelim') this.unexpected(token, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos: keyword.pos, line: keyword.line };
  }

  /** declarations? command ('|' command)* */
  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const decl: VariableNode[] = [];
    const cmds: CommandNode[] = [];
    let isAssign = false;
    // Declarations or assignments? "$x foo" needs three tokens of look-ahead to tell.
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        isAssign = next.typ === 'assign';
        this.nextNonSpace();
        decl.push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        decl.push(newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === 'variable' || t === 'rightDelim' || t === 'rightParen') continue; // second range variable
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === 'space') {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(cmds, context);
        return { type: 'pipe', pos: start.pos, line: start.line, isAssign, decl, cmds };
      }
      if (!OPERAND_START.has(token.typ)) this.unexpected(token, context);
      this.backup();
      cmds.push(this.command());
    }
  }

  private checkPipeline(cmds: CommandNode[], context: string): void {
    if (cmds.length === 0) this.errorf(`missing value for ${context}`);
    // Only the first command of a pipeline may start with a non-executable operand.
    for (let i = 1; i < cmds.length; i++) {
      switch (cmds[i].args[0].type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  /** {{if|range|with pipeline}} itemList ({{else}} itemList)? {{end}}; the keyword is past. */
  private control(context: 'if' | 'range' | 'with'): IfNode | RangeNode | WithNode {
    const varsLength = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        // {{else if b}} / {{else with b}} read as {{else}}{{if b}}…{{end}}{{end}} with one {{end}}.
        if ((context === 'if' || context === 'with') && this.peek().typ === context) {
          this.next();
          elseList = newList(next.pos);
          elseList.nodes.push(this.control(context));
        } else {
          const [list2, next2] = this.itemList();
          elseList = list2;
          if (next2.type !== 'end') this.errorf(`expected end; found ${listEndString(next2)}`);
        }
      }
      return { type: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = varsLength; // variables declared inside end with the control
    }
  }

  private endControl(): ListEnd {
    const token = this.expect('rightDelim', 'end');
    return { type: 'end', pos: token.pos, line: token.line };
  }

  private elseControl(): ListEnd {
    // "{{else if" and "{{else with": leave the keyword pending for parseControl.
    const peek = this.peekNonSpace();
    if (peek.typ === 'if' || peek.typ === 'with') return { type: 'else', pos: peek.pos, line: peek.line };
    const token = this.expect('rightDelim', 'else');
    return { type: 'else', pos: token.pos, line: token.line };
  }

  /** {{block "name" pipeline}} … {{end}}: a define plus a template call. */
  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const block = this.subTree(name);
    const [root, end] = block.itemList();
    block.root = root;
    // Go reports this with the enclosing tree's (older) token line.
    if (end.type !== 'end') this.errorf(`unexpected ${listEndString(end)} in ${context}`);
    block.add();
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ !== 'string' && token.typ !== 'rawString') this.unexpected(token, context);
    return this.unquote(token.val);
  }

  /** operand (space operand)*, up to a pipe (consumed) or a right delimiter/paren (left). */
  private command(): CommandNode {
    const pos = this.peekNonSpace().pos;
    const args: ArgNode[] = [];
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand !== null) args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (args.length === 0) this.errorf('empty command');
    return { type: 'command', pos, args };
  }

  /** term .Field*; null when the next item is not an operand. */
  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null || this.peek().typ !== 'field') return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      // Fields after a field or variable extend it; the node then starts at the first added field.
      case 'field':
        return { type: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
    }
    return { type: 'chain', pos: chainPos, node, field: fields };
  }

  /** A literal, function name, ., .Field, $var or '(' pipeline ')'; null if none is next. */
  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (this.options.skipFuncCheck !== true && !this.options.hasFunction(token.val)) {
          this.errorf(`function ${quote(token.val)} not defined`);
        }
        return { type: 'identifier', pos: token.pos, ident: token.val };
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable':
        return this.useVar(token.pos, token.val);
      case 'field':
        return newField(token.pos, token.val);
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number': {
        const number = newNumber(token.pos, token.val, token.typ);
        if (typeof number === 'string') this.errorf(number);
        return number;
      }
      case 'leftParen':
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } catch (e) {
          // A JS stack smaller than usual (deep caller): fail as Go does at its limit.
          if (e instanceof RangeError && e.message.includes('call stack')) {
            this.errorf('max expression depth exceeded');
          }
          throw e;
        } finally {
          this.stackDepth--;
        }
      case 'string':
      case 'rawString':
        return {
          type: 'string',
          pos: token.pos,
          quoted: token.val,
          text: this.unquote(token.val),
        } satisfies StringNode;
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quote(v.ident[0])}`);
    return v;
  }

  /** strconv.Unquote, failing as Go does with "invalid syntax". */
  private unquote(quoted: string): string {
    try {
      return unquote(quoted);
    } catch (e) {
      if (e instanceof GoError) this.errorf(e.message);
      throw e;
    }
  }
}

// --- node constructors ---

function newList(pos: number): ListNode {
  return { type: 'list', pos, nodes: [] };
}

function newVariable(pos: number, ident: string): VariableNode {
  return { type: 'variable', pos, ident: ident.split('.') };
}

function newField(pos: number, ident: string): FieldNode {
  return { type: 'field', pos, ident: ident.slice(1).split('.') }; // drop the leading period
}

/** Go's unicode.IsSpace over a whole string (bytes.TrimSpace(x) == ""). */
function isAllGoSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (
      c === 0x85 ||
      c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000
    ) {
      continue;
    }
    return false;
  }
  return true;
}

// --- numbers (Go's newNumber and the strconv parsers it relies on) ---

const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

/** Go's float64(int64(f)) == f on amd64. */
function floatIsInt64(f: number): boolean {
  return Number.isInteger(f) && f >= -TWO_63 && f < TWO_63;
}

function floatIsUint64(f: number): boolean {
  return Number.isInteger(f) && f >= 0 && f < TWO_64;
}

interface NumberValue {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}

/** The int/uint/float views of a complex constant whose imaginary part is zero. */
function simplifyComplex(n: NumberValue, re: number, im: number): void {
  n.isFloat = im === 0;
  if (!n.isFloat) return;
  n.float64 = re;
  n.isInt = floatIsInt64(re);
  if (n.isInt) n.int64 = BigInt(re);
  n.isUint = floatIsUint64(re);
  if (n.isUint) n.uint64 = BigInt(re);
}

/** Go's Tree.newNumber: the node, or the error message. */
export function newNumber(pos: number, text: string, typ: ItemType): NumberNode | string {
  const n: NumberValue = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
  };
  const done = (): NumberNode => ({
    type: 'number',
    pos,
    isInt: n.isInt,
    isUint: n.isUint,
    isFloat: n.isFloat,
    isComplex: n.isComplex,
    int64: n.int64,
    uint64: n.uint64,
    float64: n.float64,
    text,
  });
  if (typ === 'charConstant') {
    let c: { value: number; next: number };
    try {
      c = unquoteChar(text, 1, 0x27);
    } catch (e) {
      if (e instanceof GoError) return e.message;
      throw e;
    }
    if (text.slice(c.next) !== "'") return `malformed character constant: ${text}`;
    n.int64 = BigInt(c.value);
    n.uint64 = BigInt(c.value);
    n.float64 = c.value; // odd, but those are Go's rules
    n.isInt = n.isUint = n.isFloat = true;
    return done();
  }
  if (typ === 'complex') {
    const c = parseComplex(text);
    if (typeof c === 'string') return c;
    n.isComplex = true;
    simplifyComplex(n, c.re, c.im);
    return done();
  }
  // Imaginary constants can only be complex unless they are zero.
  if (text.endsWith('i')) {
    const f = tryParse(() => parseFloat(text.slice(0, -1), 64));
    if (typeof f === 'number') {
      n.isComplex = true;
      simplifyComplex(n, 0, f);
      return done();
    }
  }
  const u = tryParse(() => parseUint(text, 0, 64));
  if (typeof u === 'bigint') {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = tryParse(() => parseInt(text, 0, 64));
  if (typeof i === 'bigint') {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true; // in case of -0
      n.uint64 = typeof u === 'bigint' ? u : 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = tryParse(() => parseFloat(text, 64));
    if (typeof f === 'number') {
      // Parsed as a float but looks like an integer: too large for any integer type.
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${quote(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (floatIsInt64(f)) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (floatIsUint64(f)) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${quote(text)}`;
  return done();
}

/**
 * The value of a complex or imaginary constant (`1+2i`, `2i`), which NumberNode keeps only
 * as text: fmt.Sscan's reading of it, or Go's error message for it.
 */
export function parseComplex(text: string): { re: number; im: number } | string {
  if (!text.endsWith('i')) return `illegal number syntax: ${quote(text)}`;
  // The split is the last sign that does not belong to an exponent; none for plain imaginaries.
  let k = text.length - 2;
  while (k > 0 && !((text[k] === '+' || text[k] === '-') && !'eEpP'.includes(text[k - 1]))) k--;
  const parts = k > 0 ? [text.slice(0, k), text.slice(k, -1)] : ['0', text.slice(0, -1)];
  const values: number[] = [];
  for (const part of parts) {
    const f = tryParse(() => parseFloat(part, 64));
    if (f instanceof NumError) return f.message;
    values.push(f);
  }
  return { re: values[0], im: values[1] };
}

/** Runs a strconv parser, returning its NumError instead of throwing it. */
function tryParse<T>(parser: () => T): T | NumError {
  try {
    return parser();
  } catch (e) {
    if (e instanceof NumError) return e;
    throw e;
  }
}
