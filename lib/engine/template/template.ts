/**
 * A set of associated templates sharing one function map, after Go's text/template
 * template.go: files are parsed into trees, trees are added by name (AddParseTree's rule),
 * and any template of the set can be executed by name (ExecuteTemplate).
 */
import type { FuncMap, GoValue } from '../../go/value.ts';
import type { Node } from './node.ts';
import { parse } from './parse.ts';
import type { Tree } from './parse.ts';
import { builtins } from './builtins.ts';
import { TemplateExecError, executeTemplate, goQuote } from './exec.ts';
import type { ExecEnv, MissingKey, TemplateEntry } from './exec.ts';

export interface TemplateSetOptions {
  /** Go's `missingkey` option (Helm renders with `zero`; Go's default is `default`). */
  readonly missingKey?: MissingKey;
  /**
   * The name of the Go template the set hangs off (Helm's `template.New("gotpl")`); it only
   * appears in `no template "x" associated with template "gotpl"`.
   */
  readonly name?: string;
}

export class TemplateSet {
  /** User functions; they take precedence over builtins of the same name (as in Go). */
  readonly funcs: FuncMap;
  readonly #options: { missingKey: MissingKey; name: string };
  #templates: Map<string, TemplateEntry>;

  constructor(funcs: FuncMap, options?: TemplateSetOptions) {
    this.funcs = funcs;
    this.#options = { missingKey: options?.missingKey ?? 'default', name: options?.name ?? 'gotpl' };
    this.#templates = new Map();
  }

  /** Is `name` callable from a template (a user function or a builtin)? For the parser. */
  hasFunction(name: string): boolean {
    return Object.hasOwn(this.funcs, name) || Object.hasOwn(builtins, name);
  }

  /**
   * Parses `text` (from file `name`) and adds its top level (under `name`) and every template
   * it defines. Throws TemplateParseError.
   */
  addFile(name: string, text: string): Tree {
    const trees = parseCached(name, text, (fn) => this.hasFunction(fn));
    for (const [treeName, tree] of trees) this.addTree(treeName, tree);
    return trees.get(name) as Tree;
  }

  /**
   * Go's AddParseTree: `tree` becomes template `name`, unless it is empty (only whitespace and
   * comments) and a non-empty template of that name already exists.
   */
  addTree(name: string, tree: Tree): void {
    const old = this.#templates.get(name);
    if (old !== undefined && isEmptyTree(tree.root) && !isEmptyTree(old.tree.root)) return;
    this.#templates.set(name, { name, tree });
  }

  has(name: string): boolean {
    return this.#templates.has(name);
  }

  names(): string[] {
    return [...this.#templates.keys()];
  }

  /** The parse tree of template `name`. */
  tree(name: string): Tree | undefined {
    return this.#templates.get(name)?.tree;
  }

  /**
   * Go's ExecuteTemplate: runs template `name` with `data` as dot and returns its output.
   * Re-entrant: functions called during execution may execute templates of this set again.
   * Throws TemplateExecError with Go's message.
   */
  execute(name: string, data: GoValue): string {
    const tmpl = this.#templates.get(name);
    if (tmpl === undefined) {
      throw new TemplateExecError(
        `template: no template ${goQuote(name)} associated with template ${goQuote(this.#options.name)}`,
      );
    }
    return executeTemplate(this.#env(), tmpl, data);
  }

  /**
   * Executes `tree` itself with this set's templates and functions. Go's `t.New(n).Parse(s)`
   * followed by `t.Execute` runs the freshly parsed tree even when AddParseTree kept an older
   * non-empty template of the same name in the set (Helm's tpl relies on this).
   */
  executeTree(tree: Tree, data: GoValue): string {
    return executeTemplate(this.#env(), { name: tree.name, tree }, data);
  }

  /**
   * Go's Clone: a copy of the template map and of the function map (so functions added to the
   * clone, like tpl's rebound include, do not leak back), with the same options.
   */
  clone(): TemplateSet {
    const copy = new TemplateSet({ ...this.funcs }, this.#options);
    copy.#templates = new Map(this.#templates);
    return copy;
  }

  #env(): ExecEnv {
    const templates = this.#templates;
    return {
      lookup: (name) => templates.get(name),
      funcs: this.funcs,
      builtins,
      missingKey: this.#options.missingKey,
    };
  }
}

/**
 * Parse results by file name and text. Trees are immutable, so warm renders (and tpl calls
 * with the same text) share them. An entry records which function names the parser asked
 * about and the answers; it is reused only while the set answers the same way.
 */
interface ParsedFile {
  readonly trees: Map<string, Tree>;
  readonly functionsAsked: Map<string, boolean>;
}
const parsedFiles = new Map<string, ParsedFile>();
const MAX_PARSED_FILES = 4096;

function parseCached(name: string, text: string, hasFunction: (fn: string) => boolean): Map<string, Tree> {
  const key = `${name}\0${text}`;
  const hit = parsedFiles.get(key);
  if (hit !== undefined && [...hit.functionsAsked].every(([fn, known]) => hasFunction(fn) === known)) return hit.trees;
  const functionsAsked = new Map<string, boolean>();
  const trees = parse(name, text, {
    hasFunction: (fn) => {
      const known = hasFunction(fn);
      functionsAsked.set(fn, known);
      return known;
    },
  });
  if (parsedFiles.size >= MAX_PARSED_FILES) parsedFiles.clear();
  parsedFiles.set(key, { trees, functionsAsked });
  return trees;
}

/** Go's unicode.IsSpace set, which bytes.TrimSpace trims. */
const ONLY_SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$/;

/** Go's parse.IsEmptyTree: a tree of only whitespace text and comments. */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return ONLY_SPACE.test(n.text);
    default:
      return false;
  }
}
