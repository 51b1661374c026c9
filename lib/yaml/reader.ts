/**
 * YAML → Go values the way Helm reads YAML: sigs.k8s.io/yaml.Unmarshal, i.e. go-yaml v2 decodes
 * into interface{} (YAML 1.1 typing, merge keys, aliases), non-string keys become strings, then
 * a JSON round trip turns every number into float64 and every mapping into
 * map[string]interface{}.
 *
 * The `yaml` package tokenizes and composes the node tree (failsafe schema: every scalar stays
 * text); typing follows go-yaml v2's resolve rules (see resolve.ts). Syntax errors are reported
 * with go-yaml's wording and line convention where the two parsers agree on the problem.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Document, Node as YNode, YAMLError } from 'yaml';
import { GoError, utf8String } from '../go/value.ts';
import type { GoList, GoMap, GoValue } from '../go/value.ts';
import { formatFloatG } from './float.ts';
import { resolvePlain } from './resolve.ts';
import { fastDecodeYaml } from './fast.ts';
import type { Resolved } from './resolve.ts';

/** A YAML error with go-yaml / sigs.k8s.io/yaml wording (`error converting YAML to JSON: yaml: ...`). */
export class YamlError extends GoError {
  /** 1-based line the problem was found on, when known. */
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'YamlError';
    this.line = line;
  }
}

const TAG_PREFIX = 'tag:yaml.org,2002:';

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? '!!' + tag.slice(TAG_PREFIX.length) : tag;
}

/** Go's %+#v of a decoded value, as sigs.k8s.io/yaml prints it in key errors. */
function goSyntax(v: GoValue | Resolved): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Map) return 'map[interface {}]interface {}{...}';
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x)).join(', ')}}`;
  return String(v);
}

interface State {
  readonly src: string;
  readonly doc: Document;
  readonly anchors: Map<string, YNode>;
  depth: number;
}

function fail(message: string): never {
  throw new YamlError(`yaml: ${message}`);
}

export type ScalarValue = Resolved | { tag: 'string'; value: string };

/** A scalar's go-yaml v2 value (plain ones resolved, quoted/block ones are strings). */
function scalarValue(node: Scalar, st: State): ScalarValue {
  // With the failsafe schema values are strings, except for tags the library always resolves
  // (!!binary); `source` keeps the scalar's text then.
  const source = (node as { source?: unknown }).source;
  let text =
    typeof node.value === 'string'
      ? node.value
      : typeof source === 'string'
        ? source
        : String(node.value ?? '');
  if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && text.endsWith('\n')) {
    // A block scalar running into the end of input without a line break: go-yaml has no final
    // break to keep (the yaml package adds one).
    const end = node.range?.[1] ?? 0;
    if (end >= st.src.length && !st.src.endsWith('\n')) text = text.slice(0, -1);
  }
  const plain = node.type === Scalar.PLAIN || node.type === undefined;
  return typedScalar(text, plain, node.tag);
}

/** go-yaml v2's decoding of a scalar's text: resolution for plain ones, explicit tags applied. */
export function typedScalar(text: string, plain: boolean, tag: string | undefined): ScalarValue {
  if (!tag) {
    if (!plain) return { tag: 'string', value: text };
    const r = resolvePlain(text);
    if (r.tag === 'str' || r.tag === 'timestamp') return { tag: 'string', value: text };
    // Integers beyond 64 bits (only reachable in hex/octal/binary) stay text through the JSON step.
    if (r.tag === 'int' && (r.value < -(1n << 63n) || r.value >= 1n << 64n))
      return { tag: 'string', value: text };
    return r;
  }
  const short = shortTag(tag);
  switch (short) {
    case '!!str':
    case '!!timestamp':
      return { tag: 'string', value: text };
    case '!!binary': {
      const clean = text.replace(/[\s]/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1)
        fail('!!binary value contains invalid base64 data');
      return { tag: 'string', value: utf8String(Buffer.from(clean, 'base64')) };
    }
    case '!!int':
    case '!!float':
    case '!!bool':
    case '!!null': {
      const r = resolvePlain(text);
      const want = short.slice(2);
      if (r.tag === want) return r;
      if (want === 'float' && r.tag === 'int') return { tag: 'float', value: Number(r.value) };
      const got = r.tag === 'timestamp' ? '!!timestamp' : `!!${r.tag}`;
      return fail(`cannot decode ${got} \`${text}\` as a ${short}`);
    }
    default:
      // Unknown and non-specific tags leave the text as a string.
      return { tag: 'string', value: text };
  }
}

/** The JSON-compatible value of a resolved scalar (after sigs.k8s.io/yaml's JSON round trip). */
export function jsonValue(r: ScalarValue): GoValue {
  switch (r.tag) {
    case 'null':
      return null;
    case 'bool':
      return r.value;
    case 'int':
      return Number(r.value);
    case 'float':
      if (!Number.isFinite(r.value)) {
        throw new YamlError(
          `json: unsupported value: ${Number.isNaN(r.value) ? 'NaN' : r.value > 0 ? '+Inf' : '-Inf'}`,
        );
      }
      return r.value;
    case 'string':
      return r.value;
    default:
      return null;
  }
}

function resolveAlias(node: YNode, st: State): YNode {
  if (!isAlias(node)) return node;
  const target = st.anchors.get(node.source);
  if (!target) fail(`unknown anchor '${node.source}' referenced`);
  return target;
}

function register(node: YNode, st: State): void {
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) st.anchors.set(anchor, node);
}

/** The JSON key of a bool, int64 or float key (undefined for keys sigs.k8s.io/yaml rejects). */
export function simpleKeyString(r: Resolved): string | undefined {
  switch (r.tag) {
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'int':
      return r.value >= -(1n << 63n) && r.value < 1n << 63n ? r.value.toString() : undefined;
    case 'float': {
      const s = formatFloatG(r.value, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    default:
      return undefined;
  }
}

/** Converts a key node to the string sigs.k8s.io/yaml uses for it. */
function keyString(node: YNode | null, value: YNode | null, st: State): string {
  if (node === null) return keyOfResolved({ tag: 'null' }, value, st);
  register(node, st);
  const n = resolveAlias(node, st);
  if (isScalar(n)) {
    const r = scalarValue(n, st);
    if (r.tag === 'string') return r.value;
    return keyOfResolved(r, value, st);
  }
  const v = convert(n, st);
  return fail(`invalid map key: ${goSyntax(v)}`);
}

function keyOfResolved(r: Resolved, value: YNode | null, st: State): string {
  const simple = simpleKeyString(r);
  if (simple !== undefined) return simple;
  switch (r.tag) {
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'int': {
      if (r.value >= -(1n << 63n) && r.value < 1n << 63n) return r.value.toString();
      const v = value === null ? null : convert(value, st);
      if (r.value < 1n << 64n && r.value >= 0n) {
        throw new YamlError(
          `unsupported map key of type: uint64, key: 0x${r.value.toString(16)}, value: ${goSyntax(v)}`,
        );
      }
      throw new YamlError(`unsupported map key of type: *big.Int, key: ${r.value}, value: ${goSyntax(v)}`);
    }
    case 'float': {
      const s = formatFloatG(r.value, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    default: {
      const v = value === null ? null : convert(value, st);
      throw new YamlError(`unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(v)}`);
    }
  }
}

function isMergeKey(node: YNode | null): boolean {
  if (node === null || !isScalar(node) || node.value !== '<<') return false;
  return node.tag ? node.tag === TAG_PREFIX + 'merge' : node.type === Scalar.PLAIN;
}

function mergeInto(out: GoMap, node: YNode, st: State): void {
  const wantMap = (): never => fail('map merge requires map or sequence of maps as the value');
  register(node, st);
  const n = resolveAlias(node, st);
  if (isMap(n)) {
    fillMap(out, n.items, st);
    return;
  }
  if (isSeq(n)) {
    // Earlier maps take precedence, so apply them last.
    for (let i = n.items.length - 1; i >= 0; i--) {
      const item = n.items[i] as YNode;
      register(item, st);
      const m = resolveAlias(item, st);
      if (!isMap(m)) wantMap();
      fillMap(out, (m as { items: unknown[] }).items, st);
    }
    return;
  }
  wantMap();
}

function fillMap(out: GoMap, items: readonly unknown[], st: State): void {
  for (const item of items) {
    if (!isPair(item)) continue;
    const key = (item.key ?? null) as YNode | null;
    const value = (item.value ?? null) as YNode | null;
    if (isMergeKey(key)) {
      if (value === null) fail('map merge requires map or sequence of maps as the value');
      mergeInto(out, value, st);
      continue;
    }
    const k = keyString(key, value, st);
    out.set(k, value === null ? null : convert(value, st));
  }
}

/** go-yaml v2 decode + JSON round trip of one node. */
function convert(node: YNode, st: State): GoValue {
  register(node, st);
  const n = resolveAlias(node, st);
  if (isScalar(n)) return jsonValue(scalarValue(n, st));
  if (++st.depth > 10000) fail('exceeded max depth of 10000');
  try {
    if (isMap(n)) {
      const out: GoMap = new Map();
      fillMap(out, n.items, st);
      return out;
    }
    if (isSeq(n)) {
      const out: GoList = [];
      for (const item of n.items) out.push(item === null ? null : convert(item as YNode, st));
      return out;
    }
  } finally {
    st.depth--;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Errors

function lineIndexAt(src: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, src.length);
  for (let i = 0; i < end; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}

/** The 0-based line of the stream end as go-yaml's scanner marks it. */
function eofLineIndex(src: string): number {
  const lines = lineIndexAt(src, src.length);
  return src.length > 0 && !src.endsWith('\n') ? lines + 1 : lines;
}

/** Formats like go-yaml's parser.fail(): scanner lines are 1-based, parser lines 0-based. */
function goYamlError(message: string, lineIndex: number, scanner: boolean): YamlError {
  if (lineIndex === 0) return new YamlError(`yaml: ${message}`);
  const line = scanner ? lineIndex + 1 : lineIndex;
  return new YamlError(`yaml: line ${line}: ${message}`, line);
}

function translateError(src: string, err: YAMLError): YamlError {
  const at = lineIndexAt(src, err.pos[0]);
  const msg = err.message;
  switch (err.code) {
    case 'TAB_AS_INDENT': {
      // A tab starting the line after a plain scalar is seen while scanning that scalar.
      const prev = previousContentLine(src, err.pos[0]);
      if (/(^|:\s|-\s)\s*[^\s|>&*!'"[{#-][^#]*$/.test(prev) && !/:\s*$/.test(prev)) {
        return goYamlError('found a tab character that violates indentation', at, true);
      }
      return goYamlError('found character that cannot start any token', at, true);
    }
    case 'BAD_SCALAR_START':
      return goYamlError('found character that cannot start any token', at, true);
    case 'BAD_DQ_ESCAPE':
      return goYamlError('found unknown escape character', at, true);
    case 'BAD_ALIAS':
      return goYamlError('did not find expected alphabetic or numeric character', at, true);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // A `- ` entry or an empty key where a mapping key belongs: go-yaml's parser stops there.
      if (/^ *-(\s|$)/.test(src.slice(err.pos[0], err.pos[0] + 80))) {
        // A `- ` after other content on its line cannot start a block sequence.
        const before = src.slice(src.lastIndexOf('\n', err.pos[0] - 1) + 1, err.pos[0]);
        if (before.trim() !== '')
          return goYamlError('block sequence entries are not allowed in this context', at, true);
        return goYamlError('did not find expected key', at, false);
      }
      if (/^\s*:/.test(lineAt(src, err.pos[0]))) return goYamlError('did not find expected key', at, false);
      // go-yaml's scanner notices at the offending ':' itself.
      const colon = /:(?=[ \t\r\n]|$)/g;
      colon.lastIndex = err.pos[0];
      const m = colon.exec(src);
      return goYamlError(
        'mapping values are not allowed in this context',
        m ? lineIndexAt(src, m.index) : at,
        true,
      );
    }
    case 'MISSING_CHAR':
      // A plain scalar where a key belongs: the scanner notices on the following line.
      if (/Implicit map keys need to be followed/.test(msg))
        return goYamlError("could not find expected ':'", at + 1, true);
      if (/quote/i.test(msg))
        return goYamlError(
          'found unexpected end of stream',
          eofLineIndex(src) - (src.endsWith('\n') ? 0 : 1),
          true,
        );
      if (/Flow map/.test(msg))
        return goYamlError("did not find expected ',' or '}'", eofLineIndex(src), false);
      if (/Flow sequence/.test(msg))
        return goYamlError("did not find expected ',' or ']'", eofLineIndex(src), false);
      return goYamlError('did not find expected key', at, false);
    case 'BAD_INDENT':
      // An unterminated flow collection: plain scalars run on until a `: ` or the end.
      if (/Flow sequence/.test(msg))
        return goYamlError("did not find expected ',' or ']'", colonOrEndLine(src, err.pos[0]), false);
      if (/Flow map|Flow mapping/.test(msg))
        return goYamlError("did not find expected ',' or '}'", colonOrEndLine(src, err.pos[0]), false);
      if (/sequence items/.test(msg) || precededBySequenceItem(src, err.pos[0])) {
        return goYamlError("did not find expected '-' indicator", at, false);
      }
      return goYamlError('did not find expected key', at, false);
    case 'UNEXPECTED_TOKEN':
      if (/block-seq-ind on same line/.test(msg))
        return goYamlError('block sequence entries are not allowed in this context', at, true);
      if (/^Unexpected , in flow/.test(msg))
        return goYamlError('did not find expected node content', at, false);
      if (/node end/.test(msg) && precededBySequenceItem(src, err.pos[0])) {
        return goYamlError("did not find expected '-' indicator", at, false);
      }
      return goYamlError('did not find expected key', at, false);
    default:
      return goYamlError(msg.split('\n')[0].replace(/ at line \d+, column \d+.*$/, ''), at, false);
  }
}

/** The last non-blank line before the one containing `offset`. */
function previousContentLine(src: string, offset: number): string {
  const lines = src.slice(0, src.lastIndexOf('\n', offset - 1) + 1).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return lines[i];
  return '';
}

/** The 0-based line of the first `: ` at or after `offset`, else of the end of input. */
function colonOrEndLine(src: string, offset: number): number {
  const m = /:(?=[ \n]|$)/g;
  m.lastIndex = offset;
  const hit = m.exec(src);
  return hit ? lineIndexAt(src, hit.index) : eofLineIndex(src);
}

function lineAt(src: string, offset: number): string {
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  const end = src.indexOf('\n', offset);
  return src.slice(start, end < 0 ? src.length : end);
}

/** Whether the line before `offset` is a `- ` item at the same indentation as the offending line. */
function precededBySequenceItem(src: string, offset: number): boolean {
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ ]*/.exec(lineAt(src, offset))?.[0].length ?? 0;
  const before = src.slice(0, start).replace(/\n+$/, '');
  const lastLine = before.slice(before.lastIndexOf('\n') + 1);
  const m = /^([ ]*)-(?:[ ]|$)/.exec(lastLine);
  return m !== null && m[1].length === indent;
}

// ---------------------------------------------------------------------------------------------
// Public API

const PARSE_OPTIONS = {
  schema: 'failsafe',
  uniqueKeys: false,
  merge: false,
  strict: false,
  prettyErrors: false,
  keepSourceTokens: false,
  stringKeys: false,
} as const;

function firstDocument(src: string): Document | undefined {
  const docs = parseAllDocuments(src, PARSE_OPTIONS);
  if (!Array.isArray(docs)) return undefined;
  return docs[0] as Document | undefined;
}

/**
 * go-yaml reads only up to the end of the first document's root node: content after a flow or
 * scalar root, or less indented than a block root, is never parsed, so its errors do not count.
 */
function afterDocumentEnd(src: string, root: YNode | null, errors: readonly YAMLError[]): boolean {
  const range = (root as { range?: [number, number, number] } | null)?.range;
  if (!root || !range || errors.some((e) => e.pos[0] < range[1])) return false;
  if (isScalar(root)) return true;
  if ((isMap(root) || isSeq(root)) && (root as { flow?: boolean }).flow) {
    // Only a closed flow collection ends the document.
    return !errors.some((e) => /must end with/.test(e.message));
  }
  const rootIndent = range[0] - (src.lastIndexOf('\n', range[0] - 1) + 1);
  const first = errors[0].pos[0];
  const errorIndent = /^ */.exec(lineAt(src, first))?.[0].length ?? 0;
  return rootIndent > 0 && errorIndent < rootIndent;
}

/**
 * Parses the first YAML document of `src` into a Go value: what sigs.k8s.io/yaml.Unmarshal
 * into an interface{} yields (maps with string keys, float64 numbers). Empty input is nil.
 * Throws YamlError with the message after sigs.k8s.io's `error converting YAML to JSON: ` prefix.
 */
export function decodeYaml(src: string): GoValue {
  const fast = fastDecodeYaml(src);
  if (fast !== undefined) return fast;
  return slowDecodeYaml(src);
}

/** {@link decodeYaml} with the complete parser only (the reference for the fast path). */
export function slowDecodeYaml(src: string): GoValue {
  const doc = firstDocument(src);
  if (!doc) return null;
  const root = doc.contents as YNode | null;
  const errors = doc.errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED');
  if (errors.length > 0 && !afterDocumentEnd(src, root, errors)) throw translateError(src, errors[0]);
  if (root === null) return null;
  return convert(root, { src, doc, anchors: new Map(), depth: 0 });
}

/** The error text sigs.k8s.io/yaml.Unmarshal returns for a target type, or the value. */
function unmarshalInto(src: string, target: 'map' | 'slice'): GoValue {
  let v: GoValue;
  try {
    v = decodeYaml(src);
  } catch (e) {
    if (e instanceof YamlError) throw new YamlError(`error converting YAML to JSON: ${e.message}`, e.line);
    throw e;
  }
  if (v === null) return target === 'map' ? new Map() : [];
  const ok = target === 'map' ? v instanceof Map : Array.isArray(v);
  if (!ok) {
    const kind = Array.isArray(v)
      ? 'array'
      : v instanceof Map
        ? 'object'
        : typeof v === 'string'
          ? 'string'
          : typeof v === 'number'
            ? 'number'
            : 'bool';
    const type = target === 'map' ? 'map[string]interface {}' : '[]interface {}';
    throw new YamlError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type ${type}`,
    );
  }
  return v;
}

/**
 * sigs.k8s.io/yaml.Unmarshal into map[string]interface{} (values.yaml, Chart.yaml, fromYaml).
 * Errors carry sigs.k8s.io/yaml's full text, e.g.
 * `error converting YAML to JSON: yaml: line 2: found character that cannot start any token`.
 */
export function parseYaml(src: string, fileName?: string): GoMap {
  void fileName;
  return unmarshalInto(src, 'map') as GoMap;
}

/** sigs.k8s.io/yaml.Unmarshal into []interface{} (fromYamlArray). */
export function parseYamlArray(src: string): GoList {
  return unmarshalInto(src, 'slice') as GoList;
}
