/**
 * The template executor, after Go's text/template exec.go (Go 1.23, as built into Helm v3.17).
 *
 * A plain walk over the parse tree with a state (dot, variable stack, depth, current template
 * and node for errors). Go's executor works on reflect.Values, and several observable details
 * depend on what reflect knows beyond the bare value:
 *
 * - the zero reflect.Value ("invalid": a missing map key under missingkey=default, `$` for
 *   nil data) is not the same as a nil interface (a `null` read from a map[string]interface{})
 *   — `len` and field access report them differently;
 * - the *static* type of a value (a value read from a map[string]interface{} has type
 *   `interface {}`) is what error messages name (`can't evaluate field x in type interface {}`).
 *
 * {@link RValue} models exactly that on top of the engine's GoValue.
 */
import {
  GoError,
  GoFloat32,
  GoFunc,
  embeddedStructs,
  GoInt,
  GoStruct,
  byteLength,
  kindOf,
  sortedKeys,
  typeInfo,
  typeName,
  withType,
  isTrue as goIsTrue,
} from '../../go/value.ts';
import type { FuncMap, GoField, GoList, GoMap, GoValue, IntKind, Kind } from '../../go/value.ts';
import { sprint } from '../../go/fmt.ts';
import type {
  ArgNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  TemplateNode,
  VariableNode,
} from './node.ts';
import { TemplateParseError, errorContext, nodeString } from './parse.ts';
import type { Tree } from './parse.ts';

// ---------------------------------------------------------------------------------------------
// The reflect.Value model
// ---------------------------------------------------------------------------------------------

/**
 * A value held under a static type that differs from its dynamic type: an interface value
 * (`interface {}` holding a string, or a nil interface when `value` is null), or a typed nil
 * (`[]interface {}(nil)`, a nil `*chart.Metadata`).
 */
export class Boxed {
  readonly value: GoValue;
  readonly type: string;
  constructor(value: GoValue, type: string) {
    this.value = value;
    this.type = type;
  }
}

/**
 * What the executor passes around where Go passes a reflect.Value: `undefined` is the zero
 * (invalid) reflect.Value, a {@link Boxed} carries a static type, anything else is a concrete
 * value whose static type is its own type.
 */
export type RValue = GoValue | Boxed | undefined;

const NO_ARGS: readonly ArgNode[] = [];

/** Marks "no value from a previous pipeline command" (Go's missingVal). */
const MISSING = new Boxed(null, '<missing>');

export function isInterfaceType(t: string): boolean {
  return (
    t === 'interface {}' || t === 'any' || t === 'error' || t === 'fmt.Stringer' || t.startsWith('interface')
  );
}

function isEmptyInterface(t: string): boolean {
  return t === 'interface {}' || t === 'any';
}

/** A value stored under static type `t` (a map element, struct field, function result). */
export function typed(v: GoValue, t: string): RValue {
  if (isInterfaceType(t)) return new Boxed(v, t);
  if (v === null) return new Boxed(null, t);
  return v;
}

export function isInvalid(rv: RValue): rv is undefined | null {
  return rv === undefined || rv === null;
}

/** reflect.Value.Type() as `%v` prints it. */
export function staticType(rv: RValue): string {
  if (rv instanceof Boxed) return rv.type;
  if (rv === undefined || rv === null) return '<nil>';
  return typeName(rv);
}

/** The reflect.Kind of a value as the executor sees it (`interface` for interface values). */
export function rkind(rv: RValue): Kind {
  if (rv instanceof Boxed) return isInterfaceType(rv.type) ? 'interface' : kindOfType(rv.type);
  if (rv === undefined || rv === null) return 'invalid';
  return kindOf(rv);
}

const NAMED_INT_KINDS = new Map<string, IntKind>([
  ['int', 'int'],
  ['int8', 'int8'],
  ['int16', 'int16'],
  ['int32', 'int32'],
  ['rune', 'int32'],
  ['int64', 'int64'],
  ['uint', 'uint'],
  ['uint8', 'uint8'],
  ['byte', 'uint8'],
  ['uint16', 'uint16'],
  ['uint32', 'uint32'],
  ['uint64', 'uint64'],
  ['uintptr', 'uintptr'],
  ['time.Duration', 'int64'],
  ['time.Month', 'int'],
  ['time.Weekday', 'int'],
]);

/** Named types whose underlying type the executor must know for assignability. */
const KNOWN_UNDERLYING = new Map<string, string>([['chartutil.Values', 'map[string]interface {}']]);

/** The reflect.Kind of a Go type spelled as a string. */
export function kindOfType(t: string): Kind {
  const ik = NAMED_INT_KINDS.get(t);
  if (ik) return ik;
  if (t === 'bool' || t === 'string' || t === 'float64' || t === 'float32') return t;
  if (t.startsWith('[]')) return 'slice';
  if (t.startsWith('map[')) return 'map';
  if (t.startsWith('*')) return 'ptr';
  if (t.startsWith('func')) return 'func';
  if (isInterfaceType(t)) return 'interface';
  const u = KNOWN_UNDERLYING.get(t);
  if (u) return kindOfType(u);
  return 'struct';
}

/** Can an untyped nil be assigned to type `t` (Go's canBeNil)? */
export function canBeNil(t: string): boolean {
  if (t === 'reflect.Value') return true;
  const k = kindOfType(t);
  return k === 'slice' || k === 'map' || k === 'ptr' || k === 'func' || k === 'interface';
}

/** Go's indirectInterface: the concrete value inside an interface value (invalid for nil). */
export function indirectInterface(rv: RValue): RValue {
  if (rv instanceof Boxed && isInterfaceType(rv.type)) return rv.value === null ? undefined : rv.value;
  return rv;
}

/**
 * Go's indirect: follows pointers and interfaces. Returns the value reached and whether a nil
 * pointer/interface stopped the walk (then the value is that nil, with its kind).
 */
export function indirect(rv: RValue): { v: RValue; isNil: boolean } {
  if (rv instanceof Boxed) {
    if (rv.value === null) {
      const k = rkind(rv);
      return { v: rv, isNil: k === 'interface' || k === 'ptr' };
    }
    if (isInterfaceType(rv.type)) return { v: rv.value, isNil: false };
  }
  return { v: rv, isNil: false };
}

/** The zero value of type `t` (reflect.Zero). */
export function zeroValue(t: string): RValue {
  const k = kindOfType(t);
  switch (k) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'float64':
      return 0;
    case 'float32':
      return new GoFloat32(0);
    case 'struct':
      return new Boxed(null, t);
  }
  const ik = NAMED_INT_KINDS.get(t);
  if (ik) return new GoInt(ik, 0n, t === ik ? undefined : t);
  return new Boxed(null, t);
}

/** Typed nil slices and maps behave as empty ones; this materialises them for functions. */
function emptyContainer(t: string): GoValue {
  const k = kindOfType(t);
  if (k === 'slice') {
    if (t === '[]uint8' || t === '[]byte') return new Uint8Array(0);
    return withTypeInfo([], t);
  }
  if (k === 'map') return withTypeInfo(new Map(), t);
  return null;
}

function withTypeInfo<T extends GoList | GoMap>(v: T, t: string): T {
  if (t === '[]interface {}' || t === 'map[string]interface {}') return v;
  const elem = t.startsWith('[]')
    ? t.slice(2)
    : t.startsWith('map[string]')
      ? t.slice('map[string]'.length)
      : 'interface {}';
  return withType(v, { name: t, elem, underlying: KNOWN_UNDERLYING.get(t) });
}

/** The GoValue a Go function receives for an argument (interfaces are transparent in JS). */
export function toGoValue(rv: RValue): GoValue {
  if (rv instanceof Boxed) {
    if (rv.value !== null || isInterfaceType(rv.type)) return rv.value;
    return emptyContainer(rv.type);
  }
  return rv === undefined ? null : rv;
}

/** Go's truth of a value (`if`, `and`, `or`, `not`). */
export function truth(rv: RValue): boolean {
  const v = indirectInterface(rv);
  if (v instanceof Boxed) return false; // typed nil
  if (v === undefined) return false;
  return goIsTrue(v);
}

/** A value's element type for slices and maps. */
function elemType(v: GoList | GoMap): string {
  return typeInfo(v).elem;
}

function normalizeType(t: string): string {
  if (t === 'any') return 'interface {}';
  if (t === '[]byte') return '[]uint8';
  if (t === 'byte') return 'uint8';
  if (t === 'rune') return 'int32';
  return t;
}

function isNamedType(t: string): boolean {
  return !(
    t.startsWith('[]') ||
    t.startsWith('map[') ||
    t.startsWith('*') ||
    t.startsWith('func') ||
    t.startsWith('struct') ||
    t.startsWith('interface') ||
    t.startsWith('chan')
  );
}

function underlyingOf(rv: RValue, st: string): string {
  if (Array.isArray(rv) || rv instanceof Map) return typeInfo(rv).underlying ?? st;
  if (rv instanceof GoInt) return rv.kind;
  return KNOWN_UNDERLYING.get(st) ?? st;
}

/** Go's Type.AssignableTo for the value's (static) type. */
export function assignable(rv: RValue, t: string): boolean {
  const want = normalizeType(t);
  if (isEmptyInterface(want)) return true;
  const have = normalizeType(staticType(rv));
  if (have === want) return true;
  if (isInterfaceType(want)) {
    if (want === 'fmt.Stringer') return rv instanceof GoStruct && rv.stringer !== undefined;
    return false;
  }
  if (isInterfaceType(have)) return false;
  // Identical underlying types, and at least one of the two is not a named type.
  if (isNamedType(have) && isNamedType(want)) return false;
  const hu = underlyingOf(rv, have);
  const wu = KNOWN_UNDERLYING.get(want) ?? want;
  return hu === wu;
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/**
 * A text/template builtin that works on reflect.Values (Go 1.18+: and, or, not, index, slice,
 * len, eq…, call). Parameters spelled `reflect.Value` receive the raw {@link RValue}.
 */
export class BuiltinFunc {
  readonly name: string;
  readonly params: readonly string[];
  readonly variadic: string | undefined;
  readonly result: string;
  readonly call: (args: RValue[], ctx: CallContext) => RValue;
  constructor(spec: {
    name: string;
    params: readonly string[];
    variadic?: string;
    result: string;
    call: (args: RValue[], ctx: CallContext) => RValue;
  }) {
    this.name = spec.name;
    this.params = spec.params;
    this.variadic = spec.variadic;
    this.result = spec.result;
    this.call = spec.call;
  }
}

/** What a builtin may need from the executor (the `call` builtin calls functions). */
export interface CallContext {
  /** The callee's name as written (for `call`: the first argument's text). */
  readonly calleeName: string;
}

export type Builtins = Readonly<Record<string, BuiltinFunc | GoFunc>>;

type Callable = GoFunc | BuiltinFunc;

/** Calls a Go function value with already-checked arguments; GoError = Go error result. */
export function callGoFunc(fn: GoFunc, args: RValue[]): RValue {
  const goArgs = new Array<GoValue>(args.length);
  for (let i = 0; i < args.length; i++) goArgs[i] = toGoValue(args[i]);
  return typed(fn.fn(...goArgs), fn.result);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** An execution error, with Go's exact message (`template: name:1:2: executing …`). */
export class TemplateExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** Go's maxExecDepth on 64-bit platforms. */
export const MAX_EXEC_DEPTH = 100000;

/**
 * Raised when the JS stack overflows inside nested `{{template}}` calls. Go would recurse until
 * maxExecDepth (100000) and report `exceeded maximum template depth (100000)` at the innermost
 * `{{template}}` node; JS runs out of stack far earlier, so the innermost template invocation
 * that sees the RangeError records its node here, and the top of the execution (where the
 * stack is shallow again) turns it into exactly Go's message.
 */
class DepthExceeded {
  readonly node: Node;
  readonly tmpl: TemplateEntry;
  constructor(node: Node, tmpl: TemplateEntry) {
    this.node = node;
    this.tmpl = tmpl;
  }
}

/**
 * Is `e` the engine running out of JS stack? Checked without calling functions first, because
 * the check itself runs close to the stack limit (a failing check just defers the decision to
 * the next enclosing template invocation). V8 reports exhaustion inside the regexp engine as a
 * SyntaxError.
 */
function isStackOverflow(e: unknown): boolean {
  if (e instanceof RangeError) return true;
  return e instanceof SyntaxError && e.message.includes('Maximum call stack size exceeded');
}

/** Go's strconv.Quote (what `%q` prints for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (c < 0x80 || isPrintRune(ch)) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

const PRINT_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint for a non-ASCII rune (letters, marks, numbers, punctuation, symbols). */
export function isPrintRune(ch: string): boolean {
  return PRINT_RE.test(ch);
}

/** `%v` of a value, with fast paths for the common scalar cases. */
export function formatValue(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoInt && v.type === v.kind) return v.value.toString();
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e6 && !Object.is(v, -0))
    return String(v);
  return sprint([v]);
}

// ---------------------------------------------------------------------------------------------
// State and walk
// ---------------------------------------------------------------------------------------------

/** One template of a set: its name (the key it was added under) and its tree. */
export interface TemplateEntry {
  readonly name: string;
  readonly tree: Tree;
}

export type MissingKey = 'default' | 'zero' | 'error';

/** What an execution needs from its template set. */
export interface ExecEnv {
  lookup(name: string): TemplateEntry | undefined;
  readonly funcs: FuncMap;
  readonly builtins: Builtins;
  readonly missingKey: MissingKey;
}

interface Variable {
  readonly name: string;
  value: RValue;
}

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
type Signal = typeof NORMAL | typeof BREAK | typeof CONTINUE;

class Output {
  text = '';
}

/** Executes template `tmpl` with `data` as dot and `$`; returns the output. */
export function executeTemplate(env: ExecEnv, tmpl: TemplateEntry, data: GoValue): string {
  const out = new Output();
  const value: RValue = data === null ? undefined : data;
  const state = new State(env, tmpl, out, [{ name: '$', value }], 0);
  try {
    state.walk(value, tmpl.tree.root);
  } catch (e) {
    if (e instanceof DepthExceeded) {
      const s = new State(env, e.tmpl, out, [], 0);
      s.at(e.node);
      s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    }
    if (isStackOverflow(e)) state.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    throw e;
  }
  return out.text;
}

class State {
  readonly env: ExecEnv;
  readonly tmpl: TemplateEntry;
  readonly out: Output;
  node: Node | null = null;
  vars: Variable[];
  readonly depth: number;

  constructor(env: ExecEnv, tmpl: TemplateEntry, out: Output, vars: Variable[], depth: number) {
    this.env = env;
    this.tmpl = tmpl;
    this.out = out;
    this.vars = vars;
    this.depth = depth;
  }

  // --- variables ---

  push(name: string, value: RValue): void {
    this.vars.push({ name, value });
  }

  mark(): number {
    return this.vars.length;
  }

  pop(mark: number): void {
    if (this.vars.length > mark) this.vars.length = mark;
  }

  setVar(name: string, value: RValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: RValue): void {
    this.vars[this.vars.length - n].value = value;
  }

  varValue(name: string): RValue {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  // --- errors ---

  at(node: Node): void {
    this.node = node;
  }

  /** Go's state.errorf: throws a TemplateExecError naming the current template and node. */
  errorf(message: string): never {
    const name = this.tmpl.name;
    if (this.node === null) throw new TemplateExecError(`template: ${name}: ${message}`);
    const { location, context } = errorContext(this.tmpl.tree, this.node);
    throw new TemplateExecError(
      `template: ${location}: executing ${goQuote(name)} at <${context}>: ${message}`,
    );
  }

  // --- walk ---

  walk(dot: RValue, node: Node): Signal {
    this.at(node);
    switch (node.type) {
      case 'action': {
        // Variables declared by an action persist until the enclosing end; a declaration
        // prints nothing.
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return NORMAL;
      }
      case 'text':
        this.out.text += node.text;
        return NORMAL;
      case 'list':
        return this.walkList(dot, node);
      case 'if':
        return this.walkIfOrWith(false, dot, node.pipe, node.list, node.elseList);
      case 'with':
        return this.walkIfOrWith(true, dot, node.pipe, node.list, node.elseList);
      case 'range':
        this.walkRange(dot, node);
        return NORMAL;
      case 'template':
        this.walkTemplate(dot, node);
        return NORMAL;
      case 'comment':
        return NORMAL;
      case 'break':
        return BREAK;
      case 'continue':
        return CONTINUE;
      default:
        return this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkList(dot: RValue, list: ListNode): Signal {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const sig = this.walk(dot, nodes[i]);
      if (sig !== NORMAL) return sig;
    }
    return NORMAL;
  }

  walkIfOrWith(
    isWith: boolean,
    dot: RValue,
    pipe: PipeNode,
    list: ListNode,
    elseList: ListNode | null,
  ): Signal {
    // Errors abandon the whole execution, so popping on the normal path is enough.
    const mark = this.mark();
    const val = this.evalPipeline(dot, pipe);
    let sig: Signal = NORMAL;
    if (truth(val)) sig = this.walk(isWith ? val : dot, list);
    else if (elseList !== null) sig = this.walk(dot, elseList);
    this.pop(mark);
    return sig;
  }

  walkRange(dot: RValue, r: RangeNode): void {
    this.at(r);
    // Variables declared by the range pipeline live until its end.
    const outer = this.mark();
    this.walkRangeBody(dot, r);
    this.pop(outer);
  }

  private walkRangeBody(dot: RValue, r: RangeNode): void {
    const val = indirect(this.evalPipeline(dot, r.pipe)).v;
    // The top of the stack before any variables of the body are pushed.
    const mark = this.mark();
    const decl = r.pipe.decl;
    const oneIteration = (index: RValue, elem: RValue): Signal => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) {
          // With two variables the index comes first; with one, it gets the element.
          this.setVar(decl[0].ident[0], decl.length > 1 ? index : elem);
        } else {
          this.setTopVar(1, elem);
        }
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem);
        else this.setTopVar(2, index);
      }
      const sig = this.walk(elem, r.list);
      this.pop(mark);
      return sig;
    };
    if (val instanceof Boxed && kindOfType(val.type) === 'ptr') this.errorf("range can't iterate over <nil>");
    const v = val instanceof Boxed ? toGoValue(val) : val;
    if (Array.isArray(v)) {
      if (v.length > 0) {
        const et = elemType(v);
        for (let i = 0; i < v.length; i++) {
          if (oneIteration(new GoInt('int', BigInt(i)), typed(v[i], et)) === BREAK) break;
        }
        return;
      }
    } else if (v instanceof Uint8Array) {
      if (v.length > 0) {
        for (let i = 0; i < v.length; i++) {
          if (oneIteration(new GoInt('int', BigInt(i)), new GoInt('uint8', BigInt(v[i]))) === BREAK) break;
        }
        return;
      }
    } else if (v instanceof Map) {
      if (v.size > 0) {
        const et = elemType(v);
        for (const k of sortedKeys(v)) {
          if (oneIteration(k, typed(v.get(k) ?? null, et)) === BREAK) break;
        }
        return;
      }
    } else if (v !== undefined && v !== null) {
      // Go 1.23 ranges over slices, arrays, maps and channels only (integers and iterator
      // functions came with Go 1.24).
      this.errorf(`range can't iterate over ${formatValue(printableGoValue(v))}`);
    }
    if (r.elseList !== null) this.walk(dot, r.elseList);
  }

  walkTemplate(dot: RValue, t: TemplateNode): void {
    this.at(t);
    const tmpl = this.env.lookup(t.name);
    if (tmpl === undefined) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    // Variables declared by the pipeline persist.
    const newDot = this.evalPipeline(dot, t.pipe);
    // No dynamic scoping: template invocations inherit no variables.
    const callee = new State(this.env, tmpl, this.out, [{ name: '$', value: newDot }], this.depth + 1);
    try {
      callee.walk(newDot, tmpl.tree.root);
    } catch (e) {
      if (isStackOverflow(e)) throw new DepthExceeded(t, this.tmpl);
      throw e;
    }
  }

  // --- evaluation ---

  evalPipeline(dot: RValue, pipe: PipeNode | null): RValue {
    if (pipe === null) return undefined;
    this.at(pipe);
    let value: RValue = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i], value);
      // A value of type interface{} is replaced by the value inside it.
      if (value instanceof Boxed && isEmptyInterface(value.type))
        value = value.value === null ? undefined : value.value;
    }
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], value);
      else this.push(variable.ident[0], value);
    }
    return value;
  }

  notAFunction(args: readonly ArgNode[], final: RValue): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  evalCommand(dot: RValue, cmd: CommandNode, final: RValue): RValue {
    const firstWord = cmd.args[0];
    switch (firstWord.type) {
      case 'field':
        return this.evalFieldNode(dot, firstWord, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, firstWord, cmd.args, final);
      case 'identifier':
        // Must be a function.
        return this.evalFunction(dot, firstWord, cmd, cmd.args, final);
      case 'pipe':
        // Parenthesized pipeline: its arguments are all inside; final must be absent.
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, firstWord);
      case 'variable':
        return this.evalVariableNode(dot, firstWord, cmd.args, final);
    }
    this.at(firstWord);
    this.notAFunction(cmd.args, final);
    switch (firstWord.type) {
      case 'bool':
        return firstWord.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(firstWord);
      case 'string':
        return firstWord.text;
    }
    return this.errorf(`can't evaluate command ${goQuote(nodeString(firstWord))}`);
  }

  /** A number in a context without a type: its syntax decides (int, float64). */
  idealConstant(constant: NumberNode): RValue {
    this.at(constant);
    const text = constant.text;
    if (constant.isComplex) return this.errorf(`complex constant ${text} is not supported`);
    if (constant.isFloat && !isHexInt(text) && !isRuneInt(text) && /[.eEpP]/.test(text))
      return constant.float64;
    if (constant.isInt) return new GoInt('int', constant.int64);
    if (constant.isUint) return this.errorf(`${text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: RValue, field: FieldNode, args: readonly ArgNode[] | null, final: RValue): RValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  evalChainNode(dot: RValue, chain: ChainNode, args: readonly ArgNode[] | null, final: RValue): RValue {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    // (pipe).Field1.Field2: evaluate the pipeline, then the fields.
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(
    dot: RValue,
    variable: VariableNode,
    args: readonly ArgNode[] | null,
    final: RValue,
  ): RValue {
    // $x.Field has $x as the first ident and Field as the second.
    this.at(variable);
    const value = this.varValue(variable.ident[0]);
    if (variable.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, variable, variable.ident, args, final, 1);
  }

  /** .X.Y.Z, possibly followed by arguments for the last element (a method). */
  evalFieldChain(
    dot: RValue,
    receiver: RValue,
    node: Node,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: RValue,
    from = 0,
  ): RValue {
    const n = ident.length;
    for (let i = from; i < n - 1; i++)
      receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver);
    return this.evalField(dot, ident[n - 1], node, args, final, receiver);
  }

  evalFunction(
    dot: RValue,
    node: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: RValue,
  ): RValue {
    this.at(node);
    const name = node.ident;
    const user = this.env.funcs[name];
    if (user !== undefined && Object.hasOwn(this.env.funcs, name))
      return this.evalCall(dot, user, false, cmd, name, args, final);
    const builtin = Object.hasOwn(this.env.builtins, name) ? this.env.builtins[name] : undefined;
    if (builtin === undefined) return this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, builtin, true, cmd, name, args, final);
  }

  /** .Field or .Field arg1 arg2 on `receiver`; `final` is the previous pipeline value. */
  evalField(
    dot: RValue,
    fieldName: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: RValue,
    receiver: RValue,
  ): RValue {
    if (isInvalid(receiver)) {
      if (this.env.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    // Go's indirect, inlined: the hot path is a map read out of an interface{}.
    let recv: RValue = receiver;
    let isNil = false;
    if (receiver instanceof Boxed) {
      if (receiver.value === null) {
        const k = rkind(receiver);
        isNil = k === 'interface' || k === 'ptr';
      } else if (isInterfaceType(receiver.type)) {
        recv = receiver.value;
      }
    }
    const kind = rkind(recv);
    if (kind === 'interface' && isNil) {
      return this.errorf(`nil pointer evaluating ${staticType(receiver)}.${fieldName}`);
    }

    const method = findMethod(recv, fieldName);
    if (method !== undefined) return this.evalCall(dot, method, false, node, fieldName, args, final);

    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (recv instanceof GoStruct) {
      const field = findField(recv, fieldName);
      if (field !== undefined) {
        if (!/^\p{Lu}/u.test(fieldName)) {
          this.errorf(`${fieldName} is an unexported field of struct type ${staticType(receiver)}`);
        }
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        const fv = field.value;
        if (fv instanceof GoStruct && fv.stringerOnPointer && (recv.pointer || ADDRESSABLE.has(recv)))
          return addressable(fv);
        return typed(fv, field.type);
      }
    } else if (recv instanceof Map) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const et = elemType(recv);
      const result = recv.get(fieldName);
      if (result === undefined) {
        switch (this.env.missingKey) {
          case 'default':
            return undefined;
          case 'zero':
            return zeroValue(et);
          case 'error':
            return this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
        }
      }
      return typed(result ?? null, et);
    } else if (recv instanceof Boxed && recv.value === null && kindOfType(recv.type) === 'map') {
      // A nil map: every key is missing.
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const et = recv.type.startsWith('map[string]') ? recv.type.slice('map[string]'.length) : 'interface {}';
      if (this.env.missingKey === 'error') this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
      return this.env.missingKey === 'zero' ? zeroValue(et) : undefined;
    } else if (kind === 'ptr' && isNil) {
      this.errorf(`nil pointer evaluating ${staticType(receiver)}.${fieldName}`);
    }
    return this.errorf(`can't evaluate field ${fieldName} in type ${staticType(receiver)}`);
  }

  /** Executes a function or method call (`args[0]`, when present, is the function's node). */
  evalCall(
    dot: RValue,
    fun: Callable,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: readonly ArgNode[] | null,
    final: RValue,
  ): RValue {
    // argNodes[0], when present, is the function's own node.
    const nodes: readonly ArgNode[] = argNodes ?? NO_ARGS;
    const nArgs = nodes.length === 0 ? 0 : nodes.length - 1;
    const params = fun.params;
    const variadic = fun.variadic;
    let numIn = nArgs;
    if (final !== MISSING) numIn++;
    let numFixed = nArgs;
    if (variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${nArgs}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }
    // Go's goodFunc: a method templates cannot call (more than one result, or a second that is
    // not an error) fails once its arguments are counted.
    if (fun instanceof GoFunc && fun.signatureError !== undefined) this.errorf(fun.signatureError);

    // and/or short-circuit: arguments are evaluated only until the result is decided.
    if (isBuiltin && (name === 'and' || name === 'or')) {
      const argType = params[0];
      let v: RValue = undefined;
      for (let j = 1; j <= nArgs; j++) {
        v = this.evalArg(dot, argType, nodes[j]);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, argType);
      return v;
    }

    const argv = new Array<RValue>(numIn);
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) argv[i] = this.evalArg(dot, params[i], nodes[i + 1]);
    if (variadic !== undefined) {
      for (; i < nArgs; i++) argv[i] = this.evalArg(dot, variadic, nodes[i + 1]);
    }
    if (final !== MISSING) {
      let t = params[params.length - 1];
      if (variadic !== undefined) t = numIn - 1 < numFixed ? params[numIn - 1] : variadic;
      argv[i] = this.validateType(final, t);
    }

    let calleeName = name;
    if (isBuiltin && name === 'call') {
      if (nArgs === 0) {
        const f = toGoValue(final);
        calleeName = typeof f === 'string' ? f : `<${staticType(final)} Value>`;
      } else {
        calleeName = nodeString(nodes[1]);
      }
    }

    let result: RValue;
    try {
      result = fun instanceof GoFunc ? callGoFunc(fun, argv) : fun.call(argv, { calleeName });
    } catch (e) {
      const message = goErrorMessage(e);
      if (message === undefined) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${message}`);
    }
    return result;
  }

  /** Checks that `value` can be passed as type `typ` (null: any), as Go's validateType. */
  validateType(value: RValue, typ: string | null): RValue {
    if (isInvalid(value)) {
      if (typ === null) return undefined;
      if (typ === 'reflect.Value') return undefined;
      if (canBeNil(typ)) return zeroValue(typ);
      return this.errorf(`invalid value; expected ${typ}`);
    }
    // An argument is a copy: no longer addressable.
    if (value instanceof GoStruct) value = ADDRESSABLE.get(value) ?? value;
    if (typ === null || typ === 'reflect.Value') return value;
    if (!assignable(value, typ)) {
      if (value instanceof Boxed && isInterfaceType(value.type) && value.value !== null) {
        value = value.value;
        if (assignable(value, typ)) return value;
      }
      // One dereference: a *T where a T is wanted.
      if (
        value instanceof GoStruct &&
        value.pointer &&
        normalizeType(typ) === value.type.replace(/^\*/, '')
      ) {
        return value;
      }
      return this.errorf(`wrong type for value; expected ${typ}; got ${staticType(value)}`);
    }
    return value;
  }

  evalArg(dot: RValue, typ: string | null, n: ArgNode): RValue {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ !== null && canBeNil(typ)) return typ === 'reflect.Value' ? undefined : zeroValue(typ);
        return this.errorf(`cannot assign nil to ${typ ?? '<nil>'}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    if (typ === null) return this.errorf(`can't handle ${nodeString(n)} for arg of type <nil>`);
    if (typ === 'reflect.Value' || isEmptyInterface(typ)) return this.evalEmptyInterface(dot, n);
    const k = kindOfType(typ);
    switch (k) {
      case 'bool':
        this.at(n);
        if (n.type === 'bool') return n.value;
        return this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'string':
        this.at(n);
        if (n.type === 'string') return n.text;
        return this.errorf(`expected string; found ${nodeString(n)}`);
      case 'float32':
      case 'float64':
        this.at(n);
        if (n.type === 'number' && n.isFloat) return k === 'float32' ? new GoFloat32(n.float64) : n.float64;
        return this.errorf(`expected float; found ${nodeString(n)}`);
      case 'int':
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        this.at(n);
        if (n.type === 'number' && n.isInt) return new GoInt(k, n.int64, typ === k ? undefined : typ);
        return this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'uint':
      case 'uint8':
      case 'uint16':
      case 'uint32':
      case 'uint64':
      case 'uintptr':
        this.at(n);
        if (n.type === 'number' && n.isUint)
          return new GoInt(k, n.uint64, normalizeType(typ) === k ? undefined : typ);
        return this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
    }
    return this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  evalEmptyInterface(dot: RValue, n: ArgNode): RValue {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'dot':
        return dot;
      case 'field':
        return this.evalFieldNode(dot, n, null, MISSING);
      case 'identifier':
        return this.evalFunction(dot, n, n, null, MISSING);
      case 'nil':
        return this.errorf("evalEmptyInterface: nil (can't happen)");
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
      case 'variable':
        return this.evalVariableNode(dot, n, null, MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
    }
    return this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  // --- printing ---

  printValue(n: Node, v: RValue): void {
    this.at(n);
    const p = printable(v);
    if (p === CANT_PRINT) this.errorf(`can't print ${nodeString(n)} of type ${staticType(v)}`);
    this.out.text += p;
  }
}

const CANT_PRINT = Symbol('cantPrint');

/** Go's printableValue + fmt.Fprint of one value (what an action prints). */
function printable(v: RValue): string | typeof CANT_PRINT {
  if (v instanceof Boxed) {
    if (v.value === null) {
      if (isInterfaceType(v.type)) return '<no value>';
      switch (kindOfType(v.type)) {
        case 'slice':
          return '[]';
        case 'map':
          return 'map[]';
        case 'func':
          return CANT_PRINT;
      }
      return '<nil>';
    }
    v = v.value;
  }
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (v instanceof GoFunc) return CANT_PRINT;
  // text/template takes the address of an addressable value whose String method needs one.
  if (v instanceof GoStruct && v.stringer !== undefined && ADDRESSABLE.has(v)) return v.stringer();
  return formatValue(printableGoValue(v));
}

/**
 * Struct values reached through a pointer's fields (`.Capabilities.KubeVersion`) are
 * addressable in Go: printed by an action, their pointer-receiver String method applies.
 * Such a value is carried as a copy mapped to the original; passing it to a function hands
 * over the original (a plain value again).
 */
const ADDRESSABLE = new WeakMap<GoStruct, GoStruct>();

function addressable(s: GoStruct): GoStruct {
  const copy = new GoStruct({
    type: s.type,
    fields: s.fields,
    methods: s.methods,
    pointer: s.pointer,
    stringer: s.stringer,
    stringerOnPointer: s.stringerOnPointer,
    native: s.native,
  });
  ADDRESSABLE.set(copy, s);
  return copy;
}

/** A pointer to a struct prints as the struct it points to (unless it has a String method). */
export function printableGoValue(v: GoValue): GoValue {
  if (v instanceof GoStruct && v.pointer && v.stringer === undefined) {
    return new GoStruct({
      type: v.type.replace(/^\*/, ''),
      fields: v.fields,
      methods: v.methods,
      pointer: false,
      native: v.native,
    });
  }
  return v;
}

/** Methods of a value: GoStruct methods, or methods of a named slice/map type. */
function findMethod(recv: RValue, name: string): GoFunc | undefined {
  if (recv instanceof GoStruct) {
    if (Object.hasOwn(recv.methods, name)) return recv.methods[name];
    for (const e of embeddedStructs(recv)) {
      const m = findMethod(e, name);
      if (m !== undefined) return m;
    }
    return undefined;
  }
  if (recv instanceof Map || Array.isArray(recv)) {
    const methods = typeInfo(recv).methods;
    if (methods !== undefined && Object.hasOwn(methods, name)) return methods[name](recv);
  }
  // A named integer type's methods (time.Duration).
  if (recv instanceof GoInt && recv.methods !== undefined && Object.hasOwn(recv.methods, name)) {
    return recv.methods[name];
  }
  return undefined;
}

/** A struct field by name, including fields promoted from embedded structs (FieldByName). */
function findField(s: GoStruct, name: string): GoField | undefined {
  const f = s.field(name);
  if (f !== undefined) return f;
  for (const e of embeddedStructs(s)) {
    const g = findField(e, name);
    if (g !== undefined) return g;
  }
  return undefined;
}

/**
 * The message of an error raised by a called function, when it is a Go error: a GoError, or
 * the error of a nested template execution or parse (Helm's include/tpl). Anything else is a
 * bug in the function (or a stack overflow) and is rethrown by the caller.
 */
function goErrorMessage(e: unknown): string | undefined {
  if (e instanceof GoError || e instanceof TemplateExecError || e instanceof TemplateParseError)
    return e.message;
  return undefined;
}

function isRuneInt(s: string): boolean {
  return s.length > 0 && s[0] === "'";
}

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

/** The byte length of a string or the length of a slice/map (len's core). */
export function lengthOf(v: GoValue): number | undefined {
  if (typeof v === 'string') return byteLength(v);
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  return undefined;
}
