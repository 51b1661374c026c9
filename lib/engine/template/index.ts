/** The Go text/template engine: parse templates into a set and execute them with Go's semantics. */
export { TemplateSet, isEmptyTree } from './template.ts';
export type { TemplateSetOptions } from './template.ts';
export { TemplateExecError, MAX_EXEC_DEPTH } from './exec.ts';
export type { MissingKey } from './exec.ts';
export { TemplateParseError, parse } from './parse.ts';
export type { Tree, ParseOptions } from './parse.ts';
export { builtins } from './builtins.ts';
