/**
 * The template parser, after Go's text/template/parse (parse.go).
 * (Interface fixed here; implementation in progress.)
 */
import type { ListNode, Node } from './node.ts';

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
}

/**
 * Parses `text` (from file `name`) into its top-level tree and every `define`/`block` in it.
 * The result maps template name → tree; the top level is under `name`.
 * Throws TemplateParseError with Go's message (`template: NAME:LINE: …`).
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  void name;
  void text;
  void options;
  throw new Error('parse: not implemented');
}

/** Go's Tree.ErrorContext: `name:line:col` and the node's text, for execution errors. */
export function errorContext(tree: Tree, node: Node): { location: string; context: string } {
  void tree;
  void node;
  throw new Error('errorContext: not implemented');
}

/** Go's `Node.String()` for any node, as printed in `executing "x" at <…>`. */
export function nodeString(node: Node): string {
  void node;
  throw new Error('nodeString: not implemented');
}

/** A parse error, with Go's message text. */
export class TemplateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}
