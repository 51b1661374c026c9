/**
 * Value → YAML text, as Helm's two YAML encoders do it:
 *
 * - {@link marshalYamlV2} = sigs.k8s.io/yaml.Marshal: encoding/json first, then go-yaml v2 decodes
 *   that JSON (so numbers get re-typed: JSON `1000000` is an int, `1e+21` a float) and re-encodes
 *   it. Done here in one pass with the same observable result.
 * - {@link marshalYamlV3} = go-yaml v3 Encoder with indent 2 on the Go value itself
 *   (`toYamlPretty`): float64 prints with %g-style `1e+06`, struct fields use lower-cased names.
 */
import { GoError, GoFloat32, GoFunc, GoInt, GoStruct } from '../go/value.ts';
import type { GoValue } from '../go/value.ts';
import { marshalJSON, structJSONFields, unmarshalJSON } from '../go/json.ts';
import { emitDocument, V2_OPTIONS, V3_OPTIONS } from './emitter.ts';
import type { ScalarStyle, YamlNode } from './emitter.ts';
import { formatFloatG, formatFloatJSON } from './float.ts';
import { canUsePlain, resolvePlain } from './resolve.ts';
import { compareYamlKeys, compareYamlKeysV3 } from './sort.ts';

const NULL_NODE: YamlNode = { kind: 'scalar', value: 'null', style: 'plain' };
const TRUE_NODE: YamlNode = { kind: 'scalar', value: 'true', style: 'plain' };
const FALSE_NODE: YamlNode = { kind: 'scalar', value: 'false', style: 'plain' };

function plain(value: string): YamlNode {
  return { kind: 'scalar', value, style: 'plain' };
}

/** encode.go stringv: literal for multi-line, plain when it stays a string, else double quotes. */
function stringNode(s: string, v3: boolean): YamlNode {
  let style: ScalarStyle;
  if (s.includes('\n')) style = 'literal';
  else if (canUsePlain(s, v3)) style = 'plain';
  else style = 'double';
  return { kind: 'scalar', value: s, style };
}

/**
 * Characters go-yaml's reader refuses in its input (it re-reads the JSON text): DEL, C1
 * controls other than NEL, U+FFFE/U+FFFF.
 */
const NOT_READABLE = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

function checkReadable(s: string): void {
  if (NOT_READABLE.test(s)) throw new JsonToYamlError('yaml: control characters are not allowed');
}

/** A failure of sigs.k8s.io/yaml's JSONToYAML step (go-yaml v2 re-reading the JSON). */
class JsonToYamlError extends GoError {}

/**
 * A raw NEL inside a JSON string is a line break to go-yaml's scanner, which folds it (with
 * the blanks around it) like any line break in a double-quoted scalar.
 */
function foldRawBreaks(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (m) => {
    const breaks = m.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** A JSON number's text as go-yaml v2 types and re-prints it. */
function jsonNumberNode(text: string): YamlNode {
  const r = resolvePlain(text);
  if (r.tag === 'int') return plain(r.value.toString());
  if (r.tag === 'float') return plain(v2Float(r.value));
  return plain(text);
}

function v2Float(f: number): string {
  const s = formatFloatG(f, 64);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

function sortedEntries(entries: [string, YamlNode][]): [YamlNode, YamlNode][] {
  entries.sort((a, b) => compareYamlKeys(a[0], b[0]));
  return entries.map(([k, v]) => [stringNodeKey(k), v]);
}

const keyNodeCacheV2 = new Map<string, YamlNode>();

function stringNodeKey(k: string): YamlNode {
  let n = keyNodeCacheV2.get(k);
  if (!n) {
    checkReadable(k);
    // A raw line break inside a flow key makes it a multi-line implicit key.
    if (k.includes('\u0085')) throw new JsonToYamlError('yaml: line 1: did not find expected key');
    n = stringNode(foldRawBreaks(k), false);
    if (keyNodeCacheV2.size > 10000) keyNodeCacheV2.clear();
    keyNodeCacheV2.set(k, n);
  }
  return n;
}

function unsupported(v: number): never {
  throw new GoError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
}

/** The node go-yaml v2 builds from `json.Marshal(v)`. Throws GoError for json errors. */
function v2Node(v: GoValue): YamlNode {
  if (v === null) return NULL_NODE;
  switch (typeof v) {
    case 'boolean':
      return v ? TRUE_NODE : FALSE_NODE;
    case 'string':
      checkReadable(v);
      return stringNode(foldRawBreaks(v), false);
    case 'number':
      if (!Number.isFinite(v)) unsupported(v);
      return jsonNumberNode(formatFloatJSON(v));
  }
  if (v instanceof GoInt) return plain(v.value.toString());
  if (v instanceof GoFloat32) {
    if (!Number.isFinite(v.value)) unsupported(v.value);
    return jsonNumberNode(marshalJSON(v));
  }
  if (v instanceof Uint8Array) return stringNode(Buffer.from(v).toString('base64'), false);
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(v2Node) };
  if (v instanceof Map) {
    const entries: [string, YamlNode][] = [];
    for (const [k, val] of v) entries.push([k, v2Node(val)]);
    return { kind: 'map', entries: sortedEntries(entries) };
  }
  if (v instanceof GoStruct) {
    if (v.methods.MarshalJSON) return v2Node(unmarshalJSON(marshalJSON(v)));
    const seen = new Map<string, YamlNode>();
    for (const f of structJSONFields(v)) seen.set(f.name, v2Node(f.value));
    return { kind: 'map', entries: sortedEntries([...seen]) };
  }
  if (v instanceof GoFunc) throw new GoError(`json: unsupported type: ${v.goType}`);
  return NULL_NODE;
}

/**
 * sigs.k8s.io/yaml.Marshal(v): the YAML text with its trailing newline.
 * Throws GoError(`error marshaling into JSON: ...`) like Marshal's error.
 */
export function marshalYamlV2(v: GoValue): string {
  let node: YamlNode;
  try {
    node = v2Node(v);
  } catch (e) {
    if (e instanceof JsonToYamlError) throw new GoError(`error converting JSON to YAML: ${e.message}`);
    if (e instanceof GoError) throw new GoError(`error marshaling into JSON: ${e.message}`);
    throw e;
  }
  return emitDocument(node, V2_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// go-yaml v3 on Go values

function v3Node(v: GoValue): YamlNode {
  if (v === null) return NULL_NODE;
  switch (typeof v) {
    case 'boolean':
      return v ? TRUE_NODE : FALSE_NODE;
    case 'string':
      return stringNode(v, true);
    case 'number':
      return plain(v2Float(v));
  }
  if (v instanceof GoInt) {
    if (v.type === 'time.Duration') return stringNode(formatDurationNs(v.value), true);
    return plain(v.value.toString());
  }
  if (v instanceof GoFloat32) {
    const s = formatFloatG(v.value, 32);
    return plain(s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s);
  }
  if (v instanceof Uint8Array) return { kind: 'seq', items: [...v].map((b) => plain(String(b))) };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(v3Node) };
  if (v instanceof Map) {
    const keys = [...v.keys()].sort(compareYamlKeysV3);
    return {
      kind: 'map',
      entries: keys.map((k) => [stringNode(k, true), v3Node(v.get(k) ?? null)] as const),
    };
  }
  if (v instanceof GoStruct) {
    if ((v.type === 'time.Time' || v.type === '*time.Time') && v.methods.Format) {
      // timev: RFC 3339 with nanoseconds, written plain.
      return plain(String(v.methods.Format.fn('2006-01-02T15:04:05.999999999Z07:00')));
    }
    const text = v.methods.MarshalText;
    if (text) {
      const out = text.fn();
      return stringNode(out instanceof Uint8Array ? Buffer.from(out).toString('utf8') : String(out), true);
    }
    const entries: [YamlNode, YamlNode][] = [];
    const tagged = YAML_TAGS_AS_JSON.has(v.type.replace(/^\*/, ''));
    for (const f of v.fields) {
      const c = f.name.codePointAt(0) ?? 0;
      const ch = String.fromCodePoint(c);
      if (ch.toUpperCase() !== ch || ch.toLowerCase() === ch) continue; // unexported
      if (tagged && f.json !== undefined) {
        if (f.json === '-' || (f.omitempty && isZero(f.value))) continue;
        entries.push([stringNode(f.json, true), f.value === null ? nilNode(f.type) : v3Node(f.value)]);
        continue;
      }
      // go-yaml v3 keys struct fields by their lower-cased Go name (no yaml tags).
      entries.push([
        stringNode(f.name.toLowerCase(), true),
        f.value === null ? nilNode(f.type) : v3Node(f.value),
      ]);
    }
    return { kind: 'map', entries };
  }
  throw new GoError(`cannot marshal type: ${v.goType}`);
}

/**
 * Struct types whose fields carry `yaml` tags spelled like their `json` tags (name and
 * omitempty): Helm's chart.Dependency. Other Helm structs have json tags only, which go-yaml
 * v3 ignores.
 */
const YAML_TAGS_AS_JSON = new Set(['chart.Dependency']);

/** go-yaml v3's isZero for omitempty. */
function isZero(v: GoValue): boolean {
  if (v === null || v === '' || v === false || v === 0) return true;
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat32) return v.value === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

/** go-yaml v3 writes a nil slice as `[]` and a nil map as `{}`; only nil pointers and interfaces are null. */
function nilNode(type: string): YamlNode {
  if (type.startsWith('[]')) return { kind: 'seq', items: [] };
  if (type.startsWith('map[')) return { kind: 'map', entries: [] };
  return NULL_NODE;
}

function formatDurationNs(ns: bigint): string {
  // time.Duration.String for the rare duration value.
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1000000000n) {
    const units: [bigint, string][] = [
      [1000000n, 'ms'],
      [1000n, 'µs'],
      [1n, 'ns'],
    ];
    const [d, name] = units.find(([d]) => u >= d) ?? [1n, 'ns'];
    out = trimFrac(u, d) + name;
  } else {
    const h = u / 3600000000000n;
    u %= 3600000000000n;
    const m = u / 60000000000n;
    u %= 60000000000n;
    out = (h > 0n ? `${h}h${m}m` : m > 0n ? `${m}m` : '') + trimFrac(u, 1000000000n) + 's';
  }
  return (neg ? '-' : '') + out;
}

function trimFrac(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const frac = v % unit;
  if (frac === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** go-yaml v3 `Encoder` with `SetIndent(2)`: the YAML text with its trailing newline. */
export function marshalYamlV3(v: GoValue): string {
  return emitDocument(v3Node(v), V3_OPTIONS);
}
