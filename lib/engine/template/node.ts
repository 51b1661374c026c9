/**
 * The template syntax tree, after Go's text/template/parse (node.go).
 *
 * Every node carries `pos`, the byte offset of its start in the template source (as Go's
 * `Pos`), so errors can name `name:line:col`. `nodeString()` (in parse) reproduces Go's `String()`
 * of each node, which text/template prints in error messages (`at <.Values.x>`).
 */

export type Pos = number;

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | IfNode
  | RangeNode
  | WithNode
  | TemplateNode
  | BreakNode
  | ContinueNode;

/** A node that can appear as an operand of a command. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export interface ListNode {
  readonly type: 'list';
  readonly pos: Pos;
  readonly nodes: Node[];
}

export interface TextNode {
  readonly type: 'text';
  readonly pos: Pos;
  readonly text: string;
}

export interface CommentNode {
  readonly type: 'comment';
  readonly pos: Pos;
  readonly text: string;
}

/** `{{pipeline}}`: a non-control action. */
export interface ActionNode {
  readonly type: 'action';
  readonly pos: Pos;
  readonly line: number;
  readonly pipe: PipeNode;
}

export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: Pos;
  readonly line: number;
  /** `$x = …` (assignment to an existing variable) rather than `$x := …`. */
  readonly isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface CommandNode {
  readonly type: 'command';
  readonly pos: Pos;
  readonly args: ArgNode[];
}

/** A function name. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: Pos;
  readonly ident: string;
}

/** `$x.Field1.Field2`: ident[0] is the variable name including `$`. */
export interface VariableNode {
  readonly type: 'variable';
  readonly pos: Pos;
  readonly ident: string[];
}

export interface DotNode {
  readonly type: 'dot';
  readonly pos: Pos;
}

export interface NilNode {
  readonly type: 'nil';
  readonly pos: Pos;
}

/** `.Field1.Field2`: ident holds the names without dots. */
export interface FieldNode {
  readonly type: 'field';
  readonly pos: Pos;
  readonly ident: string[];
}

/** `(pipeline).Field1.Field2` or `$x.a` after a non-field term. */
export interface ChainNode {
  readonly type: 'chain';
  readonly pos: Pos;
  readonly node: ArgNode;
  readonly field: string[];
}

export interface BoolNode {
  readonly type: 'bool';
  readonly pos: Pos;
  readonly value: boolean;
}

/**
 * A numeric constant. As in Go, one literal may be representable as several kinds; the
 * executor picks the one the context needs (`isInt` → `int`, else `float64`, …).
 */
export interface NumberNode {
  readonly type: 'number';
  readonly pos: Pos;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: bigint;
  readonly uint64: bigint;
  readonly float64: number;
  /** The original text of the literal. */
  readonly text: string;
}

export interface StringNode {
  readonly type: 'string';
  readonly pos: Pos;
  /** The original text, with quotes. */
  readonly quoted: string;
  /** The unquoted string. */
  readonly text: string;
}

interface BranchFields {
  readonly pos: Pos;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface IfNode extends BranchFields {
  readonly type: 'if';
}

export interface RangeNode extends BranchFields {
  readonly type: 'range';
}

export interface WithNode extends BranchFields {
  readonly type: 'with';
}

/** `{{template "name" pipeline}}`. */
export interface TemplateNode {
  readonly type: 'template';
  readonly pos: Pos;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface BreakNode {
  readonly type: 'break';
  readonly pos: Pos;
  readonly line: number;
}

export interface ContinueNode {
  readonly type: 'continue';
  readonly pos: Pos;
  readonly line: number;
}
