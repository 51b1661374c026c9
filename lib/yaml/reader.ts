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
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Parser,
  Scalar,
  visit,
} from 'yaml';
import type { Document, Node as YNode, YAMLError } from 'yaml';
import { GoError, utf8Bytes, utf8String } from '../go/value.ts';
import { quote } from '../go/strconv.ts';
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

interface State {
  readonly src: string;
  readonly doc: Document;
  readonly anchors: Map<string, YNode>;
  /** Alias targets being expanded (an anchor's value that refers to itself). */
  readonly expanding: Set<YNode>;
  depth: number;
  /**
   * sigs.k8s.io/yaml works in phases: go-yaml decodes the whole document (its errors come
   * first), then the keys of the maps that survived are converted for JSON (unsupported key
   * types, collected here), then json.Marshal rejects NaN and infinities.
   */
  keyErrors: { readonly out: GoMap; readonly head: string; message: string }[];
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
  const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  if (isBlock && text.endsWith('\n')) {
    // A block scalar running into the end of input without a line break: go-yaml has no final
    // break to keep (the yaml package adds one).
    const end = node.range?.[1] ?? 0;
    if (end >= st.src.length && !st.src.endsWith('\n')) text = text.slice(0, -1);
  }
  if (
    node.type === Scalar.QUOTE_DOUBLE &&
    text.includes("\\'") &&
    !st.src.slice(...(node.range ?? [0, 0])).includes('\\\\')
  )
    // go-yaml v2 knows the escape \' (the yaml package keeps it verbatim).
    text = text.replaceAll("\\'", "'");
  const plain = node.type === Scalar.PLAIN || node.type === undefined;
  if (!isBlock && LINE_SEPARATOR.test(text)) {
    // U+2028/U+2029 are line breaks to go-yaml: kept, with the blanks around them folded away.
    text = text.replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
  }
  return typedScalar(text, plain, node.tag);
}

/**
 * The first escape of a double-quoted scalar go-yaml v2 refuses although the yaml package
 * takes it: `\/` (YAML 1.2 only) and `\u`/`\U` of surrogate halves (the package pairs them).
 */
function escapeProblem(src: string, node: Scalar): { offset: number; error: YamlError } | undefined {
  const [from, to] = node.range ?? [0, 0];
  for (let i = from; i < to; i++) {
    if (src[i] !== '\\') continue;
    const next = src[i + 1];
    if (next === '/') {
      return { offset: i, error: goYamlError('found unknown escape character', lineIndexAt(src, i), true) };
    }
    const width = next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const cp = parseInt(src.slice(i + 2, i + 2 + width), 16);
      if (cp >= 0xd800 && cp <= 0xdfff) {
        const error = goYamlError('found invalid Unicode character escape code', lineIndexAt(src, i), true);
        return { offset: i, error };
      }
    }
    i++;
  }
  return undefined;
}

/**
 * What go-yaml's parser (which builds the whole document before decoding it) stops at first,
 * besides the syntax errors the yaml package reports: refused escapes and aliases of anchors
 * not defined before them.
 */
function parseProblem(src: string, doc: Document): { offset: number; error: YamlError } | undefined {
  const hasEscape = src.includes('\\');
  const hasAlias = src.includes('*');
  if (!hasEscape && !hasAlias) return undefined;
  let first: { offset: number; error: YamlError } | undefined;
  const consider = (p: { offset: number; error: YamlError } | undefined): void => {
    if (p !== undefined && (first === undefined || p.offset < first.offset)) first = p;
  };
  const anchors: [number, string][] = [];
  const aliases: [number, string][] = [];
  visit(doc, (_key, node) => {
    if (isScalar(node) && node.type === Scalar.QUOTE_DOUBLE && hasEscape) consider(escapeProblem(src, node));
    if (isAlias(node)) aliases.push([node.range?.[0] ?? 0, node.source]);
    else if (isNode(node) && node.anchor) anchors.push([node.range?.[0] ?? 0, node.anchor]);
  });
  for (const [offset, name] of aliases) {
    if (!anchors.some(([at, a]) => a === name && at < offset))
      consider({ offset, error: new YamlError(`yaml: unknown anchor '${name}' referenced`) });
  }
  return first;
}

const LINE_SEPARATOR = /[\u2028\u2029]/;

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
      return { tag: 'string', value: text };
    case '!!timestamp': {
      // Only a text go-yaml reads as a timestamp fits (into interface{} it stays the text).
      const r = resolvePlain(text);
      if (r.tag === 'timestamp') return { tag: 'string', value: text };
      return fail(`cannot decode !!${r.tag} \`${text}\` as a !!timestamp`);
    }
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

function register(node: YNode, st: State): void {
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) st.anchors.set(anchor, node);
}

/**
 * Runs `body` on the node an alias stands for (the node itself when it is none); go-yaml
 * refuses an alias inside its own anchor's value instead of recursing forever.
 */
function withAlias<T>(node: YNode, st: State, body: (n: YNode) => T): T {
  register(node, st);
  if (!isAlias(node)) return body(node);
  const target = st.anchors.get(node.source);
  if (!target) fail(`unknown anchor '${node.source}' referenced`);
  if (st.expanding.has(target)) fail(`anchor '${node.source}' value contains itself`);
  st.expanding.add(target);
  try {
    return body(target);
  } finally {
    st.expanding.delete(target);
  }
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
function keyString(node: YNode | null, value: YNode | null, st: State, out: GoMap): string {
  if (node === null) return keyOfResolved({ tag: 'null' }, value, st, out);
  return withAlias(node, st, (n) => {
    if (isScalar(n)) {
      const r = scalarValue(n, st);
      if (r.tag === 'string') return r.value;
      return keyOfResolved(r, value, st, out);
    }
    return fail(`invalid map key: ${goSyntax(n, st, true)}`);
  });
}

function keyOfResolved(r: Resolved, value: YNode | null, st: State, out: GoMap): string {
  const simple = simpleKeyString(r);
  if (simple !== undefined) return simple;
  const head =
    r.tag === 'int' && r.value >= 0n && r.value < 1n << 64n
      ? `unsupported map key of type: uint64, key: 0x${r.value.toString(16)}`
      : r.tag === 'int'
        ? `unsupported map key of type: *big.Int, key: ${r.value}`
        : 'unsupported map key of type: %!s(<nil>), key: <nil>';
  const message = `${head}, value: ${value === null ? '<nil>' : goSyntax(value, st, true)}`;
  // A key repeated in one map holds its last value.
  const known = st.keyErrors.find((e) => e.out === out && e.head === head);
  if (known) known.message = message;
  else st.keyErrors.push({ out, head, message });
  // Never used: the key error is thrown once decoding is complete.
  return '';
}

function isMergeKey(node: YNode | null): boolean {
  if (node === null || !isScalar(node) || node.value !== '<<') return false;
  return node.tag ? node.tag === TAG_PREFIX + 'merge' : node.type === Scalar.PLAIN;
}

const wantMap = (): never => fail('map merge requires map or sequence of maps as the value');

/** The maps a merge key's value stands for, in the order go-yaml applies them. */
function mergeSources(node: YNode, st: State, apply: (items: readonly unknown[]) => void): void {
  withAlias(node, st, (n) => {
    if (isMap(n)) {
      apply(n.items);
    } else if (isSeq(n)) {
      // Earlier maps take precedence, so apply them last.
      for (let i = n.items.length - 1; i >= 0; i--) {
        withAlias(n.items[i] as YNode, st, (m) => {
          if (!isMap(m)) wantMap();
          apply((m as { items: unknown[] }).items);
        });
      }
    } else {
      wantMap();
    }
  });
}

function fillMap(out: GoMap, items: readonly unknown[], st: State): void {
  for (const item of items) {
    if (!isPair(item)) continue;
    const key = (item.key ?? null) as YNode | null;
    const value = (item.value ?? null) as YNode | null;
    if (isMergeKey(key)) {
      if (value === null) wantMap();
      mergeSources(value as YNode, st, (merged) => fillMap(out, merged, st));
      continue;
    }
    const k = keyString(key, value, st, out);
    out.set(k, value === null ? null : convert(value, st));
  }
}

/** go-yaml v2 decode + JSON round trip of one node. */
function convert(node: YNode, st: State): GoValue {
  return withAlias(node, st, (n) => {
    if (isScalar(n)) {
      const r = scalarValue(n, st);
      // json.Marshal rejects what is left of NaN and infinities once decoding is complete.
      if (r.tag === 'float' && !Number.isFinite(r.value)) return r.value;
      return jsonValue(r);
    }
    if (++st.depth > 10000) fail('exceeded max depth of 10000');
    try {
      if (isMap(n)) {
        const out: GoMap = new Map();
        fillMap(out, n.items, st);
        return out;
      }
      if (isSeq(n)) {
        const out: GoList = [];
        for (const item of n.items) {
          // !!omap and !!pairs sequences hold bare pairs: one-entry maps to go-yaml.
          if (isPair(item)) {
            const m: GoMap = new Map();
            fillMap(m, [item], st);
            out.push(m);
          } else {
            out.push(item === null ? null : convert(item as YNode, st));
          }
        }
        return out;
      }
    } finally {
      st.depth--;
    }
    return null;
  });
}

// ---------------------------------------------------------------------------------------------
// Go's %+#v of what go-yaml v2 decoded (in key error messages)

type RawKind = 0 | 1 | 2 | 3 | 4;
// fmt sorts interface keys nil first, then by type (helm's binary orders these types so).
const RAW_NIL = 0;
const RAW_STRING = 1;
const RAW_INT = 2;
const RAW_FLOAT = 3;
const RAW_BOOL = 4;

interface RawEntry {
  readonly kind: RawKind;
  readonly order: string | number | bigint;
  readonly key: string;
  readonly value: string;
}

/**
 * A decoded value as fmt's %#v prints it: go-yaml v2 gives int (or uint64, printed in hex),
 * float64, string, bool, []interface {} and map[interface {}]interface {} (keys sorted, by
 * type first); a nil is `<nil>` on its own and `interface {}(nil)` inside a container.
 */
function goSyntax(node: YNode | null, st: State, top: boolean): string {
  if (node === null) return top ? '<nil>' : 'interface {}(nil)';
  return withAlias(node, st, (n) => {
    if (isScalar(n)) return scalarSyntax(scalarValue(n, st), top).text;
    if (isSeq(n)) {
      const items = n.items.map((item) =>
        isPair(item) ? mapSyntax([item], st) : goSyntax(item as YNode | null, st, false),
      );
      return `[]interface {}{${items.join(', ')}}`;
    }
    if (isMap(n)) return mapSyntax(n.items, st);
    return top ? '<nil>' : 'interface {}(nil)';
  });
}

function scalarSyntax(
  r: ScalarValue,
  top: boolean,
): { kind: RawKind; order: string | number | bigint; text: string } {
  switch (r.tag) {
    case 'null':
      return { kind: RAW_NIL, order: 0, text: top ? '<nil>' : 'interface {}(nil)' };
    case 'bool':
      return { kind: RAW_BOOL, order: r.value ? 1 : 0, text: String(r.value) };
    case 'int':
      return {
        kind: RAW_INT,
        order: r.value,
        text: r.value < 1n << 63n ? r.value.toString() : `0x${r.value.toString(16)}`,
      };
    case 'float':
      return { kind: RAW_FLOAT, order: r.value, text: formatFloatG(r.value) };
    case 'string':
      return { kind: RAW_STRING, order: r.value, text: quote(r.value) };
    default:
      return { kind: RAW_STRING, order: '', text: '""' };
  }
}

function mapSyntax(items: readonly unknown[], st: State): string {
  const entries = new Map<string, RawEntry>();
  const fill = (list: readonly unknown[]): void => {
    for (const item of list) {
      if (!isPair(item)) continue;
      const key = (item.key ?? null) as YNode | null;
      const value = (item.value ?? null) as YNode | null;
      if (isMergeKey(key)) {
        if (value === null) wantMap();
        mergeSources(value as YNode, st, fill);
        continue;
      }
      const k =
        key === null
          ? scalarSyntax({ tag: 'null' }, false)
          : withAlias(key, st, (n) => {
              if (!isScalar(n)) fail(`invalid map key: ${goSyntax(n, st, true)}`);
              return scalarSyntax(scalarValue(n, st), false);
            });
      entries.set(`${k.kind}:${k.text}`, {
        kind: k.kind,
        order: k.order,
        key: k.text,
        value: goSyntax(value, st, false),
      });
    }
  };
  fill(items);
  const sorted = [...entries.values()].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind - b.kind;
    if (typeof a.order === 'string' && typeof b.order === 'string') return compareBytes(a.order, b.order);
    return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
  });
  return `map[interface {}]interface {}{${sorted.map((e) => `${e.key}:${e.value}`).join(', ')}}`;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
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
      return escapeError(src, err);
    case 'BAD_ALIAS':
      return goYamlError('did not find expected alphabetic or numeric character', at, true);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // Inside a flow collection go-yaml's scanner lets plain scalars span lines.
      const flow = flowCollectionStart(src, err.pos[0]);
      const inFlow = flow === undefined ? undefined : flowError(src, flow);
      if (inFlow !== undefined) return inFlow;
      if (err.code === 'MULTILINE_IMPLICIT_KEY' && isRequiredKeyWithoutColon(src, err.pos[0]))
        return goYamlError("could not find expected ':'", nextTokenLine(src, err.pos[0]), true);
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
      if (/Sequence item without - indicator/.test(msg)) return sequenceEntryError(src, err.pos[0]);
      // A plain scalar where a key belongs: the scanner notices on the following line.
      if (/Implicit map keys need to be followed/.test(msg))
        return goYamlError("could not find expected ':'", nextTokenLine(src, err.pos[0]), true);
      if (/"quote/.test(msg) && /(^|[^\\])(\\\\)*\\$/.test(src))
        // A backslash as the last character escapes go-yaml's end-of-input NUL.
        return goYamlError('found unknown escape character', lineIndexAt(src, src.length), true);
      if (/quote/i.test(msg)) {
        // go-yaml stops a quoted scalar at a document marker line.
        const from = src.lastIndexOf('\n', err.pos[0]) + 1;
        const hit = /^(---|\.\.\.)(?=[ \t\r\n]|$)/m.exec(src.slice(from));
        if (hit)
          return goYamlError('found unexpected document indicator', lineIndexAt(src, from + hit.index), true);
      }
      if (/quote/i.test(msg))
        return goYamlError(
          'found unexpected end of stream',
          eofLineIndex(src) - (src.endsWith('\n') ? 0 : 1),
          true,
        );
      if (/Flow map|Flow sequence/.test(msg)) return unclosedFlowError(src, err);
      return goYamlError('did not find expected key', at, false);
    case 'BAD_INDENT':
      // An unterminated flow collection: plain scalars run on until a `: ` or the end.
      if (/Flow sequence|Flow map|Flow mapping/.test(msg)) return unclosedFlowError(src, err);
      if (/sequence items/.test(msg) || precededBySequenceItem(src, err.pos[0])) {
        return sequenceEntryError(src, err.pos[0]);
      }
      return goYamlError('did not find expected key', at, false);
    case 'UNEXPECTED_TOKEN':
      // A flow end indicator where a value belongs (`a: }`, `- ]`).
      if (
        /^Unexpected flow-(map|seq)-end/.test(msg) &&
        /(^|[:-])[ \t]+$/.test(
          lineAt(src, err.pos[0]).slice(0, err.pos[0] - (src.lastIndexOf('\n', err.pos[0] - 1) + 1)),
        )
      )
        return goYamlError('did not find expected node content', at, false);
      if (/^Block scalar header includes extra characters/.test(msg))
        return blockHeaderError(src, err.pos[0]);
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

/** go-yaml's complaint about a double-quoted escape the yaml package rejected. */
function escapeError(src: string, err: YAMLError): YamlError {
  const m = /Invalid escape sequence (\\(.)(.*))$/.exec(err.message.split('\n')[0]);
  const at = m ? src.indexOf(m[1], err.pos[0]) : -1;
  const line = lineIndexAt(src, at < 0 ? err.pos[0] : at);
  const width = m ? { x: 2, u: 4, U: 8 }[m[2]] : undefined;
  if (m === null || width === undefined) return goYamlError('found unknown escape character', line, true);
  const digits = m[3].slice(0, width);
  if (!new RegExp(`^[0-9A-Fa-f]{${width}}$`).test(digits))
    return goYamlError('did not find expected hexdecimal number', line, true);
  return goYamlError('found invalid Unicode character escape code', line, true);
}

/** go-yaml's scan of a block scalar header (`|`, `>`, chomping and indentation indicators). */
function blockHeaderError(src: string, offset: number): YamlError {
  let indicator = offset;
  while (indicator > 0 && src[indicator] !== '|' && src[indicator] !== '>') indicator--;
  const line = lineIndexAt(src, indicator);
  let i = indicator + 1;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  if (src[i] === '+' || src[i] === '-') {
    i++;
    if (isDigit(src[i])) {
      if (src[i] === '0') return goYamlError('found an indentation indicator equal to 0', line, true);
      i++;
    }
  } else if (isDigit(src[i])) {
    if (src[i] === '0') return goYamlError('found an indentation indicator equal to 0', line, true);
    i++;
    if (src[i] === '+' || src[i] === '-') i++;
  }
  return goYamlError('did not find expected comment or line break', lineIndexAt(src, i), true);
}

interface CstToken {
  readonly type?: string;
  readonly offset?: number;
  readonly source?: string;
}

/**
 * The offset of the outermost flow collection of the first document that contains `offset`
 * (without one: that is never closed).
 */
function flowCollectionStart(src: string, offset?: number): number | undefined {
  let found: number | undefined;
  const visit = (v: unknown): void => {
    if (found !== undefined || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const t = v as CstToken & { end?: CstToken[]; start?: CstToken };
    if (t.type === 'flow-collection' && t.start && typeof t.start.offset === 'number') {
      const from = t.start.offset;
      const closeChar = t.start.source === '[' ? ']' : '}';
      const close = (t.end ?? []).find((e) => e.source === closeChar);
      const closedAt = close?.offset;
      const contains =
        offset === undefined
          ? closedAt === undefined
          : from <= offset && (closedAt === undefined || offset <= closedAt);
      if (contains) {
        found = from;
        return;
      }
    }
    for (const [k, x] of Object.entries(v)) if (k !== 'source') visit(x);
  };
  for (const token of new Parser().parse(src)) {
    visit(token);
    if (found !== undefined || (token as CstToken).type === 'document') break;
  }
  return found;
}

/**
 * An unclosed flow collection, as go-yaml's scanner and parser meet it: a plain scalar runs
 * across line breaks, so a `key: value` whose key began on an earlier line leaves a `:` the
 * parser cannot place; a key that begins on the colon's own line opens a pair, and the
 * collection then runs into the end of input.
 */
function unclosedFlowError(src: string, err: YAMLError): YamlError {
  const start = flowCollectionStart(src);
  const found = start === undefined ? undefined : flowError(src, start);
  if (found !== undefined) return found;
  const close = /Flow sequence/.test(err.message) ? ']' : '}';
  return goYamlError(`did not find expected ',' or '${close}'`, eofLineIndex(src), false);
}

/** go-yaml's error in the flow collection starting at `start` (undefined: it closes cleanly). */
function flowError(src: string, start: number): YamlError | undefined {
  const expected = (close: string): string => `did not find expected ',' or '${close}'`;
  const closers: string[] = [];
  let expectNode = true;
  let i = start;
  const n = src.length;
  const isBlank = (c: string | undefined): boolean =>
    c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || isBlank(src[i - 1]))) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    const close = closers[closers.length - 1] ?? ']';
    if (c === '[' || c === '{') {
      closers.push(c === '[' ? ']' : '}');
      expectNode = true;
      i++;
      continue;
    }
    if (c === ']' || c === '}') {
      if (c !== close) return goYamlError(expected(close), lineIndexAt(src, i), false);
      closers.pop();
      if (closers.length === 0) return undefined;
      expectNode = false;
      i++;
      continue;
    }
    if (c === ',') {
      expectNode = true;
      i++;
      continue;
    }
    if (c === ':' && isBlank(src[i + 1])) {
      expectNode = true;
      i++;
      continue;
    }
    if (c === '-' && isBlank(src[i + 1]) && expectNode)
      return goYamlError('did not find expected node content', lineIndexAt(src, i), false);
    if (!expectNode) return goYamlError(expected(close), lineIndexAt(src, i), false);
    if (c === '"' || c === "'") {
      i = quotedEnd(src, i);
      expectNode = false;
      continue;
    }
    // A plain scalar: up to `: `, a flow indicator or ` #`, across line breaks.
    const firstLine = lineIndexAt(src, i);
    while (i < n) {
      const d = src[i];
      if (d === ':' && isBlank(src[i + 1])) break;
      if (d === ',' || d === '[' || d === ']' || d === '{' || d === '}') break;
      if (d === '#' && isBlank(src[i - 1])) break;
      i++;
    }
    if (src[i] === ':' && lineIndexAt(src, i) !== firstLine)
      return goYamlError(expected(close), lineIndexAt(src, i), false);
    expectNode = false;
  }
  return goYamlError(expected(closers[closers.length - 1] ?? ']'), eofLineIndex(src), false);
}

/** The offset just after the quoted scalar starting at `i` (the end of input when unclosed). */
function quotedEnd(src: string, i: number): number {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (q === '"' && src[j] === '\\') {
      j++;
      continue;
    }
    if (src[j] === q) {
      if (q === "'" && src[j + 1] === "'") {
        j++;
        continue;
      }
      return j + 1;
    }
  }
  return src.length;
}

/** The last non-blank line before the one containing `offset`. */
function previousContentLine(src: string, offset: number): string {
  const lines = src.slice(0, src.lastIndexOf('\n', offset - 1) + 1).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return lines[i];
  return '';
}

function lineAt(src: string, offset: number): string {
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  const end = src.indexOf('\n', offset);
  return src.slice(start, end < 0 ? src.length : end);
}

/** Whether the line before `offset` is a `- ` item at the same indentation as the offending line. */
/**
 * A line inside a block sequence that is no `- ` entry: a `key: value` is an unexpected
 * mapping; a bare scalar is a required simple key whose `:` never comes (the scanner notices
 * at the next token).
 */
function sequenceEntryError(src: string, offset: number): YamlError {
  const line = lineAt(src, offset).trim();
  if (/^[^'"[{#&*!|>%@`][^#]*$/.test(line) && !/^-([ \t]|$)/.test(line) && !/:([ \t]|$)/.test(line))
    return goYamlError("could not find expected ':'", nextTokenLine(src, offset), true);
  return goYamlError("did not find expected '-' indicator", lineIndexAt(src, offset), false);
}

/**
 * The 0-based line where go-yaml's scanner takes its next token after the plain scalar at
 * `offset`: lines indented deeper continue the scalar (up to a `: ` or a comment), blank
 * lines are skipped, a comment line stops it.
 */
function nextTokenLine(src: string, offset: number): number {
  const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  const column = /^ */.exec(src.slice(lineStart))?.[0].length ?? 0;
  let eol = src.indexOf('\n', offset);
  while (eol >= 0) {
    const start = eol + 1;
    eol = src.indexOf('\n', start);
    const line = src.slice(start, eol < 0 ? src.length : eol);
    const trimmed = line.trimStart();
    if (trimmed === '') continue;
    // A `: ` or ` #` also ends the scalar on the line it continues to.
    if (
      trimmed.startsWith('#') ||
      line.length - trimmed.length <= column ||
      /:([ \t]|$)|[ \t]#/.test(trimmed)
    )
      return lineIndexAt(src, start);
  }
  return eofLineIndex(src);
}

/**
 * A plain scalar alone on its line where its block mapping wants a key: go-yaml's scanner
 * requires a `:` on that line and gives up at the next token.
 */
function isRequiredKeyWithoutColon(src: string, offset: number): boolean {
  const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  if (src.slice(lineStart, offset).trim() !== '') return false;
  const first = lineAt(src, offset).trim();
  if (/:([ \t]|$)/.test(first) || /^[-?]([ \t]|$)/.test(first) || /^['"[{&*!|>]/.test(first)) return false;
  const column = offset - lineStart;
  const lines = src.slice(0, lineStart).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const trimmed = lines[i].trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = lines[i].length - trimmed.length;
    if (at > column) continue;
    return at === column && !/^-([ \t]|$)/.test(trimmed) && /:([ \t]|$)/.test(trimmed);
  }
  return false;
}

function precededBySequenceItem(src: string, offset: number): boolean {
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ ]*/.exec(lineAt(src, offset))?.[0].length ?? 0;
  // The innermost block the line falls back to: the nearest content line indented no deeper.
  const lines = src.slice(0, start).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = line.length - trimmed.length;
    if (at > indent) continue;
    const m = /^-( +|$)/.exec(trimmed);
    // A `- ` item whose content starts right of the line: the line is in the sequence.
    return m !== null && (m[1] === '' || at + 1 + m[1].length > indent);
  }
  return false;
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
  // An unterminated quoted scalar runs to the end of input, whatever the parser made of it.
  if (errors.some((e) => e.code === 'MISSING_CHAR' && /quote/i.test(e.message))) return false;
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
  const problem = readerProblem(src);
  if (problem !== undefined) return decodeDespite(src, problem);
  let fast: GoValue | undefined;
  try {
    fast = fastDecodeYaml(src);
  } catch (e) {
    // Which error comes first depends on go-yaml's phases: the complete reader decides.
    if (e instanceof YamlError) return slowDecodeYaml(src);
    throw e;
  }
  if (fast !== undefined) return fast;
  return slowDecodeYaml(src);
}

/** Anything but tab, line breaks, printable ASCII and the allowed non-ASCII ranges. */
const SUSPECT_CHAR = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd]/;

interface ReaderProblem {
  readonly message: string;
  /** Byte offset of the offending character. */
  readonly offset: number;
  /** 0-based line of the offending character. */
  readonly line: number;
}

/**
 * go-yaml's reader: the input must be valid UTF-8 made of the characters YAML allows (a byte
 * order mark may lead). Non-UTF-8 bytes arrive as escaped surrogates (see utf8Bytes).
 */
function readerProblem(src: string): ReaderProblem | undefined {
  if (!SUSPECT_CHAR.test(src)) return undefined;
  const b = utf8Bytes(src);
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let line = 0;
  const problem = (message: string, offset: number): ReaderProblem => ({ message, offset, line });
  while (i < b.length) {
    const o = b[i];
    const width =
      (o & 0x80) === 0 ? 1 : (o & 0xe0) === 0xc0 ? 2 : (o & 0xf0) === 0xe0 ? 3 : (o & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return problem('invalid leading UTF-8 octet', i);
    if (i + width > b.length) return problem('incomplete UTF-8 octet sequence', i);
    let value = width === 1 ? o : width === 2 ? o & 0x1f : width === 3 ? o & 0x0f : o & 0x07;
    for (let k = 1; k < width; k++) {
      const t = b[i + k];
      if ((t & 0xc0) !== 0x80) return problem('invalid trailing UTF-8 octet', i + k);
      value = (value << 6) | (t & 0x3f);
    }
    const minimum = width === 1 ? 0 : width === 2 ? 0x80 : width === 3 ? 0x800 : 0x10000;
    if (value < minimum) return problem('invalid length of a UTF-8 sequence', i);
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
      return problem('invalid Unicode character', i);
    const allowed =
      value === 0x09 ||
      value === 0x0a ||
      value === 0x0d ||
      (value >= 0x20 && value <= 0x7e) ||
      value === 0x85 ||
      (value >= 0xa0 && value <= 0xd7ff) ||
      (value >= 0xe000 && value <= 0xfffd) ||
      value >= 0x10000;
    if (!allowed) return problem('control characters are not allowed', i);
    if (value === 0x0a) line++;
    i += width;
  }
  return undefined;
}

/** go-yaml reads its input in chunks of this many bytes, ahead of the scanner. */
const READ_CHUNK = 512;

/**
 * The reader's complaint comes first unless the scanner stops at an earlier line before the
 * reader reaches the bad character's chunk.
 */
function decodeDespite(src: string, problem: ReaderProblem): never {
  const readerError = new YamlError(`yaml: ${problem.message}`);
  if (problem.offset < READ_CHUNK) throw readerError;
  try {
    slowDecodeYaml(src);
  } catch (e) {
    if (e instanceof YamlError && e.line !== undefined && e.line - 1 < problem.line) throw e;
  }
  throw readerError;
}

/** {@link decodeYaml} with the complete parser only (the reference for the fast path). */
export function slowDecodeYaml(source: string): GoValue {
  const { doc, src } = parseLenient(source);
  if (!doc) return null;
  const root = doc.contents as YNode | null;
  const errors = doc.errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED' && !isQuoteEscape(e));
  const problem = parseProblem(src, doc);
  if (errors.length > 0 && !afterDocumentEnd(src, root, errors)) {
    if (problem !== undefined && problem.offset < errors[0].pos[0]) throw problem.error;
    throw translateError(src, errors[0]);
  }
  if (problem !== undefined) throw problem.error;
  const range = (doc as { range?: [number, number, number] }).range;
  if (
    !doc.directives?.docStart &&
    range &&
    range[0] === range[1] &&
    /^\.\.\.(\s|$)/.test(src.slice(range[1]))
  ) {
    // A document end marker before any content: go-yaml's implicit document finds no node.
    throw goYamlError('did not find expected node content', lineIndexAt(src, range[1]), false);
  }
  if (root === null) return null;
  const st: State = {
    src,
    doc,
    anchors: new Map(),
    expanding: new Set(),
    depth: 0,
    keyErrors: [],
  };
  const value = convert(root, st);
  if (st.keyErrors.length > 0) {
    // Only maps that survive decoding (a later duplicate key may replace one) are converted.
    const live = reachableMaps(value);
    const first = st.keyErrors.find((e) => live.has(e.out));
    if (first) throw new YamlError(first.message);
  }
  const bad = nonFinite(value);
  if (bad !== undefined)
    throw new YamlError(`json: unsupported value: ${Number.isNaN(bad) ? 'NaN' : bad > 0 ? '+Inf' : '-Inf'}`);
  return value;
}

/**
 * Parses the first document, first indenting lines of flow collections that the yaml package
 * finds under-indented but go-yaml reads (it has no indentation rules inside flow context).
 * Only spaces are added, so lines and values stay as they were.
 */
function parseLenient(source: string): { doc: Document | undefined; src: string } {
  let src = source;
  // Each repair parses again: bound the work on large inputs (this is an error path mostly).
  const attempts = Math.min(100, Math.ceil(2_000_000 / Math.max(1, source.length)));
  for (let attempt = 0; attempt < attempts; attempt++) {
    const doc = firstDocument(src);
    const e = doc?.errors[0];
    if (e && e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
      // A quoted scalar's continuation line at or below its block's indentation.
      const repaired = indentContinuation(src, e.pos[0]);
      if (repaired === undefined) return { doc, src };
      src = repaired;
      continue;
    }
    if (!e || e.code !== 'BAD_INDENT' || !/in block collection must be sufficiently indented/.test(e.message))
      return { doc, src };
    const start = flowCollectionStart(src);
    if (start === undefined || flowError(src, start) !== undefined) return { doc, src };
    const lineStart = src.lastIndexOf('\n', e.pos[0] - 1) + 1;
    const flowLine = src.slice(src.lastIndexOf('\n', start - 1) + 1, start);
    const need = (/^ */.exec(flowLine)?.[0].length ?? 0) + 1;
    const have = /^ */.exec(src.slice(lineStart))?.[0].length ?? 0;
    if (have >= need) return { doc, src };
    src = src.slice(0, lineStart) + ' '.repeat(need - have) + src.slice(lineStart);
  }
  return { doc: firstDocument(src), src };
}

/** `src` with the first non-blank line after `offset` indented past the line of `offset`. */
function indentContinuation(src: string, offset: number): string | undefined {
  // The indentation of the scalar's last non-blank line so far.
  let here = src.lastIndexOf('\n', offset - 1) + 1;
  while (here > 0 && src.slice(here, src.indexOf('\n', here) >>> 0).trim() === '')
    here = src.lastIndexOf('\n', here - 2) + 1;
  const need = (/^ */.exec(src.slice(here))?.[0].length ?? 0) + 1;
  let lineStart = src.indexOf('\n', offset) + 1;
  if (lineStart === 0) return undefined;
  while (lineStart < src.length) {
    const end = src.indexOf('\n', lineStart);
    const line = src.slice(lineStart, end < 0 ? src.length : end);
    if (line.trim() !== '') break;
    if (end < 0) return undefined;
    lineStart = end + 1;
  }
  if (lineStart >= src.length || /^(---|\.\.\.)(?=[ \t\r\n]|$)/.test(src.slice(lineStart, lineStart + 4)))
    return undefined;
  const have = /^ */.exec(src.slice(lineStart))?.[0].length ?? 0;
  if (have >= need) return undefined;
  return src.slice(0, lineStart) + ' '.repeat(need - have) + src.slice(lineStart);
}

/** The first NaN or infinity in json.Marshal's order (map keys sorted). */
function nonFinite(v: GoValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const bad = nonFinite(x);
      if (bad !== undefined) return bad;
    }
  } else if (v instanceof Map) {
    for (const k of [...v.keys()].sort()) {
      const bad = nonFinite(v.get(k) ?? null);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function reachableMaps(v: GoValue, out = new Set<GoMap>()): Set<GoMap> {
  if (v instanceof Map) {
    out.add(v);
    for (const x of v.values()) reachableMaps(x, out);
  } else if (Array.isArray(v)) {
    for (const x of v) reachableMaps(x, out);
  }
  return out;
}

/** The yaml package refuses `\'` in double quotes; go-yaml v2 reads it as a quote. */
function isQuoteEscape(e: YAMLError): boolean {
  return e.code === 'BAD_DQ_ESCAPE' && /Invalid escape sequence \\'$/.test(e.message.split('\n')[0]);
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
