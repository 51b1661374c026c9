/**
 * Helm's Build: a multi-document manifest → objects with their REST mappings (kubectl's resource builder:
 * YAML documents split on `---` lines, empty documents skipped, lists flattened, namespaced objects
 * defaulted into the release namespace). Documents are read with Helm's YAML rules (lib/yaml: go-yaml v2
 * typing, as sigs.k8s.io/yaml gives the builder).
 */
import { parseDocument } from 'yaml';
import { decodeYaml, YamlError } from '../yaml/index.ts';
import type { GoValue } from '../go/value.ts';
import { mappingNotFound, splitApiVersion, type Discovery } from './discovery.ts';
import type { JsonObject, JsonValue, KubeObject, ResourceInfo } from './types.ts';

/** apimachinery's YAMLReader: a document ends at a line that starts with `---` followed only by blanks or a comment. */
export function splitYamlDocuments(manifest: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of manifest.split('\n')) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        docs.push(current.join('\n'));
        current = [];
        continue;
      }
    }
    current.push(line);
  }
  docs.push(current.join('\n'));
  return docs;
}

function toJson(v: GoValue): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (v instanceof Map) {
    const out: JsonObject = {};
    for (const [k, x] of v) out[k] = toJson(x);
    return out;
  }
  if (Array.isArray(v)) return v.map(toJson);
  const n = Number(v);
  return Number.isNaN(n) ? String(v) : n;
}

/** Node 22's JSON.rawJSON (not yet in TypeScript's lib): a value JSON.stringify writes verbatim. */
const { rawJSON, isRawJSON } = JSON as unknown as {
  rawJSON(text: string): unknown;
  isRawJSON(v: unknown): boolean;
};

/** A deep copy that keeps raw JSON numbers (structuredClone refuses them). */
function cloneJson<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  if (v !== null && typeof v === 'object' && !isRawJSON(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneJson(x);
    return out as T;
  }
  return v;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Text that may hold an integer beyond 2^53 (long decimal, hex or octal digit runs). */
const MAYBE_BIG_INT = /\d{16,}|0x[0-9a-fA-F]{14,}|0o?[0-7]{18,}/;

/**
 * Integers between 2^53 and 2^63 lose precision as JS numbers; the API server reads them as exact int64
 * (sigs.k8s.io/yaml keeps them). Where the document has one, a second parse with bigints supplies the
 * exact value, carried as JSON.rawJSON so request bodies print it digit for digit (structuredClone
 * refuses such objects: copy them with JSON or spreads).
 */
function restoreBigInts(value: JsonValue, exact: unknown): JsonValue {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && typeof exact === 'bigint') {
      if (exact >= INT64_MIN && exact <= INT64_MAX) return rawJSON(exact.toString()) as JsonValue;
    }
    return value;
  }
  if (Array.isArray(value)) {
    return Array.isArray(exact) ? value.map((v, i) => restoreBigInts(v, exact[i])) : value;
  }
  if (isObject(value)) {
    if (exact === null || typeof exact !== 'object') return value;
    const source = exact as Record<string, unknown>;
    for (const k of Object.keys(value)) value[k] = restoreBigInts(value[k], source[k]);
  }
  return value;
}

function exactInts(doc: string): unknown {
  try {
    return parseDocument(doc, { version: '1.1', intAsBigInt: true, merge: true }).toJS({ maxAliasCount: -1 });
  } catch {
    return undefined;
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Documents → plain objects: empty ones skipped, `List`s flattened (items inherit the list's item kind). */
export function decodeManifest(manifest: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const doc of splitYamlDocuments(manifest)) {
    if (doc.trim() === '') continue;
    let value: JsonValue;
    try {
      value = toJson(decodeYaml(doc));
    } catch (err) {
      if (err instanceof YamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
      throw err;
    }
    if (value === null) continue;
    if (MAYBE_BIG_INT.test(doc)) value = restoreBigInts(value, exactInts(doc));
    if (!isObject(value)) {
      throw new Error(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      );
    }
    if (Array.isArray(value.items) && typeof value.kind === 'string' && value.kind.endsWith('List')) {
      const itemKind = value.kind.slice(0, -'List'.length);
      for (const item of value.items) {
        if (!isObject(item)) continue;
        if (item.kind === undefined && item.apiVersion === undefined && itemKind !== '') {
          out.push({ apiVersion: value.apiVersion ?? '', kind: itemKind, ...item });
        } else out.push(item);
      }
      continue;
    }
    out.push(value);
  }
  return out;
}

function metadataOf(o: JsonObject): JsonObject {
  if (!isObject(o.metadata)) o.metadata = {};
  return o.metadata as JsonObject;
}

/** One object → ResourceInfo, mapping its kind through discovery (re-discovered once on a miss). */
export async function infoFor(
  raw: JsonObject,
  namespace: string,
  discovery: Discovery,
): Promise<ResourceInfo> {
  const object = cloneJson(raw);
  const missing = missingTypeFields(object);
  if (missing) throw new BuildValidationError(missing);
  if (typeof object.kind !== 'string' || typeof object.apiVersion !== 'string')
    throw new BuildValidationError('kind not set');
  const meta = metadataOf(object);
  const name = typeof meta.name === 'string' ? meta.name : '';
  const givenNs = typeof meta.namespace === 'string' ? meta.namespace : '';
  const mapping = await discovery.mapping(object.apiVersion, object.kind);
  if (!mapping) throw mappingNotFound(name, givenNs, object.apiVersion, object.kind);
  let ns = '';
  if (mapping.namespaced) {
    ns = givenNs || namespace;
    meta.namespace = ns;
  } else delete meta.namespace;
  const { group, version } = splitApiVersion(object.apiVersion);
  return {
    object: object as KubeObject,
    group,
    version,
    kind: object.kind,
    resource: mapping.name,
    namespaced: mapping.namespaced,
    name,
    namespace: ns,
  };
}

/** kubectl's schema check of the type fields (`error validating data: [apiVersion not set, kind not set]`). */
function missingTypeFields(o: JsonObject): string | undefined {
  const problems: string[] = [];
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') problems.push('apiVersion not set');
  if (typeof o.kind !== 'string' || o.kind === '') problems.push('kind not set');
  if (problems.length === 0) return undefined;
  return problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
}

/** A document the builder refuses before mapping it: it ends the build at once. */
class BuildValidationError extends Error {
  constructor(problem: string) {
    super(`error validating "": error validating data: ${problem}`);
    this.name = 'BuildValidationError';
  }
}

/** k8s.io/apimachinery's aggregate error text: one message alone, several as `[a, b]` (duplicates once). */
function aggregate(errors: readonly Error[]): Error {
  const messages = [...new Set(errors.map((e) => e.message))];
  if (errors.length === 1) return errors[0];
  return new Error(messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`);
}

/**
 * The builder continues past mapping failures and reports them together; a document without
 * apiVersion/kind stops it where it stands.
 */
export async function buildInfos(
  manifest: string,
  namespace: string,
  discovery: Discovery,
): Promise<ResourceInfo[]> {
  const infos: ResourceInfo[] = [];
  const errors: Error[] = [];
  for (const o of decodeManifest(manifest)) {
    try {
      infos.push(await infoFor(o, namespace, discovery));
    } catch (err) {
      errors.push(err as Error);
      if (err instanceof BuildValidationError) break;
    }
  }
  if (errors.length > 0) throw aggregate(errors);
  return infos;
}
