/**
 * values.schema.json validation as Helm v3.17 (chartutil/jsonschema.go) performs it with
 * xeipuuv/gojsonschema: the root chart against all coalesced values, every subchart against
 * its own section, errors listed per chart in gojsonschema's wording. Validation follows ajv's
 * rules (draft-07, draft-04 boolean exclusive bounds rewritten; 2019-09/2020-12 schemas are
 * treated like gojsonschema's "hybrid" mode treats unknown drafts): schema-interpreter.ts
 * reproduces ajv's errors without generating code, ajv compiles what it does not model. Remote `$ref`s are never
 * fetched, and oversized or overly deep schemas are refused.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isUtf8 } from 'node:buffer';
import type { Chart } from '../chart/index.ts';
import { sprintf } from '../go/fmt.ts';
import { GoFloat32, GoInt, isList, isMap, utf8String, type GoValue } from '../go/value.ts';
import { interpretSchema, type Json, type SchemaError } from './schema-interpreter.ts';

export const MAX_SCHEMA_BYTES = 1024 * 1024;
export const MAX_SCHEMA_DEPTH = 100;

const SCHEMA_ERROR_HEADER =
  "values don't meet the specifications of the schema(s) in the following chart(s):\n";

/** A compiled schema: null when the instance is valid, else ajv's errors in ajv's order. */
type Validator = (instance: Json) => readonly SchemaError[] | null;

/**
 * ajv-formats is CommonJS; its default export arrives wrapped under ESM interop. Read on
 * first use, so the bundle initialises ajv only for charts with a schema.
 */
function addFormats(ajv: Ajv): Ajv {
  const plugin = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    ajv: Ajv,
  ) => Ajv;
  return plugin(ajv);
}

/**
 * chartutil.ValidateAgainstSchema with ToRenderValues' message: throws when the values of
 * any chart in the tree violate that chart's schema.
 */
export function validateValuesAgainstSchemas(chart: Chart, values: Map<string, GoValue>): void {
  const report = chartReport(chart, values);
  if (report !== '') throw new Error(SCHEMA_ERROR_HEADER + report);
}

function chartReport(chart: Chart, values: Map<string, GoValue>): string {
  let out = '';
  if (chart.schema !== null) {
    const problems = validateAgainstSingleSchema(values, schemaText(chart.schema));
    if (problems !== '') out += `${chart.metadata.name ?? ''}:\n${problems}`;
  }
  for (const sub of chart.dependencies) {
    const section = values.get(sub.metadata.name ?? '');
    out += chartReport(
      sub,
      section !== undefined && section !== null && isMap(section) ? section : new Map(),
    );
  }
  return out;
}

const utf8Decoder = new TextDecoder();

/** The schema file's text; valid UTF-8 (the usual case) takes the native decoder. */
function schemaText(bytes: Uint8Array): string {
  return isUtf8(bytes) ? utf8Decoder.decode(bytes) : utf8String(bytes);
}

/**
 * chartutil.ValidateAgainstSingleSchema: '' when valid, else one `- field: description` line
 * per violation (or the schema's own problem, unprefixed, as gojsonschema reports it).
 */
export function validateAgainstSingleSchema(values: Map<string, GoValue>, schemaText: string): string {
  let validate: Validator;
  try {
    validate = compileSchema(schemaText);
  } catch (err) {
    return `${(err as Error).message}\n`;
  }
  const errors = validate(toJson(values));
  if (errors === null) return '';
  return shapeErrors(errors)
    .map((e) => `- ${e.field}: ${e.description}\n`)
    .join('');
}

/**
 * Compiled validators by schema text: warm renders and subcharts sharing one schema skip
 * the work again. A failed compile is remembered as its error.
 */
const compiledSchemas = new Map<string, Validator | Error>();
const MAX_CACHED_SCHEMAS = 64;

function compileSchema(text: string): Validator {
  let entry = compiledSchemas.get(text);
  if (entry === undefined) {
    try {
      entry = compileSchemaUncached(text);
    } catch (err) {
      entry = err as Error;
    }
    if (compiledSchemas.size >= MAX_CACHED_SCHEMAS) compiledSchemas.clear();
    compiledSchemas.set(text, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}

function compileSchemaUncached(text: string): Validator {
  const schema = parseSchema(text);
  // Most schemas are interpreted; ajv compiles the rest (and words their compile errors).
  return interpretSchema(schema) ?? compileWithAjv(schema);
}

/** The schema document as validation sees it: size and depth checked, draft differences normalised. */
export function parseSchema(text: string): Json {
  if (Buffer.byteLength(text, 'utf8') > MAX_SCHEMA_BYTES) {
    throw new Error(
      `values.schema.json is larger than ${MAX_SCHEMA_BYTES} bytes; refusing to validate against it`,
    );
  }
  checkDepth(text);
  let schema: Json;
  try {
    schema = JSON.parse(text) as Json;
  } catch (err) {
    throw new Error(`invalid values.schema.json: ${(err as Error).message}`);
  }
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
    schema = normalizeDraft(schema);
  }
  rejectRemoteRefs(schema);
  return schema;
}

/** ajv with slipway's options; exported for the interpreter's differential test. */
export function compileWithAjv(schema: Json): Validator {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    logger: false,
    validateSchema: false,
    // Go's RE2 patterns: the `u` flag would reject escapes RE2 allows (`\-`, `\_`).
    unicodeRegExp: false,
    // Most schemas are compiled once per process: ajv's optimisation passes cost more than they save.
    code: { optimize: false },
    // describe() words every error itself; generating ajv's messages doubles compile time.
    messages: false,
  });
  addFormats(ajv);
  const validate = ajv.compile(schema as object | boolean);
  return (instance) => (validate(instance) ? null : (validate.errors ?? []));
}

/** Refuses nesting deeper than MAX_SCHEMA_DEPTH, scanning the text (no recursion). */
function checkDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_SCHEMA_DEPTH) {
        throw new Error(
          `values.schema.json nests deeper than ${MAX_SCHEMA_DEPTH} levels; refusing to validate against it`,
        );
      }
    } else if (c === '}' || c === ']') depth--;
  }
}

/**
 * Drafts ajv's draft-07 validator would reject: `$schema` URIs ajv does not know are dropped
 * (gojsonschema falls back to its hybrid mode for them), draft-04 boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become draft-06 numbers.
 */
function normalizeDraft(schema: { [key: string]: Json }): Json {
  const root = { ...schema };
  delete root.$schema;
  return rewriteExclusive(root, 0);
}

function rewriteExclusive(node: Json, depth: number): Json {
  if (depth > MAX_SCHEMA_DEPTH || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => rewriteExclusive(n, depth + 1));
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteExclusive(v, depth + 1);
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

function rejectRemoteRefs(node: Json): void {
  const stack: Json[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Json;
    if (n === null || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const ref = n.$ref;
    if (typeof ref === 'string' && /^https?:\/\//i.test(ref)) {
      throw new Error(
        `values.schema.json references the remote schema ${JSON.stringify(ref)}, which slipway does not fetch; use --skip-schema-validation`,
      );
    }
    stack.push(...Object.values(n));
  }
}

/** The values as JSON (what yaml.Marshal + YAMLToJSON yield): every number a JSON number. */
export function toJson(v: GoValue): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v instanceof GoInt) return v.toNumber();
  if (v instanceof GoFloat32) return v.value;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (isList(v)) return v.map(toJson);
  if (isMap(v)) {
    const out: { [key: string]: Json } = {};
    for (const [k, item] of v)
      Object.defineProperty(out, k, {
        value: toJson(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return null;
}

interface Problem {
  field: string;
  description: string;
}

interface Tagged {
  error: SchemaError;
  problem: Problem;
}

/** gojsonschema's field: `(root)`, else the dotted instance path. */
function fieldOf(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * Orders and filters ajv's errors as gojsonschema reports them: a failed anyOf/oneOf is
 * followed by the errors of its closest branch only; `if` failures come before their
 * then/else errors.
 */
function shapeErrors(errors: readonly SchemaError[]): Problem[] {
  let out: Tagged[] = [];
  for (const error of gojsonschemaOrder(errors)) {
    const problem = describe(error);
    if (problem === null) continue;
    const tagged: Tagged = { error, problem };
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const prefix = `${error.schemaPath}/`;
      const inside = out.filter((t) => t.error.schemaPath.startsWith(prefix));
      out = out.filter((t) => !t.error.schemaPath.startsWith(prefix));
      const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
      const chosen =
        error.keyword === 'oneOf' && passing !== null && passing !== undefined
          ? []
          : bestBranch(inside, prefix);
      out.push(tagged, ...chosen);
    } else if (error.keyword === 'contains') {
      // Like gojsonschema: the error, then the errors of the first closest-matching item.
      const prefix = `${error.schemaPath}/`;
      const inside = out.filter((t) => t.error.schemaPath.startsWith(prefix));
      out = out.filter((t) => !t.error.schemaPath.startsWith(prefix));
      out.push(tagged, ...closestItem(inside, error.instancePath));
    } else if (error.keyword === 'if') {
      const keyword = (error.params as { failingKeyword?: string }).failingKeyword ?? 'then';
      const prefix = `${error.schemaPath.slice(0, -'if'.length)}${keyword}/`;
      const inside = out.filter((t) => t.error.schemaPath.startsWith(prefix));
      out = out.filter((t) => !t.error.schemaPath.startsWith(prefix));
      out.push(tagged, ...inside);
    } else {
      out.push(tagged);
    }
  }
  return withAllOfErrors(out).map((t) => t.problem);
}

/** Is `path` the JSON pointer `base` or below it? */
const under = (path: string, base: string): boolean => path === base || path.startsWith(`${base}/`);

/**
 * ajv's errors as gojsonschema meets them at one value: a type mismatch ends that schema's
 * checks of the value (nothing else of it, nor of its children, is reported); an array's item
 * errors come before additionalItems; an object's patternProperties and additionalProperties
 * errors come before propertyNames, whose own error precedes the name's errors.
 */
function gojsonschemaOrder(errors: readonly SchemaError[]): SchemaError[] {
  const typeMisses = errors.filter((e) => e.keyword === 'type');
  let list = errors.filter(
    (e) =>
      !typeMisses.some((t) => {
        const base = t.schemaPath.slice(0, -'/type'.length);
        return t !== e && e.schemaPath.startsWith(`${base}/`) && under(e.instancePath, t.instancePath);
      }),
  );
  // Moves `group` (in its given order) after the last error `follows` selects, or leaves it
  // where its first member was.
  const moveAfter = (group: SchemaError[], follows: (e: SchemaError) => boolean): void => {
    const first = Math.min(...group.map((g) => list.indexOf(g)));
    const rest = list.filter((e) => !group.includes(e));
    let at = rest.findLastIndex(follows);
    if (at < 0) at = list.slice(0, first).filter((e) => !group.includes(e)).length - 1;
    list = [...rest.slice(0, at + 1), ...group, ...rest.slice(at + 1)];
  };
  for (const e of errors) {
    if (!list.includes(e)) continue;
    const base = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    if (e.keyword === 'additionalItems') {
      moveAfter(
        [e],
        (x) => x.schemaPath.startsWith(`${base}/items/`) && under(x.instancePath, e.instancePath),
      );
    } else if (e.keyword === 'propertyNames') {
      const names = list.filter((x) => x !== e && x.schemaPath.startsWith(`${e.schemaPath}/`));
      moveAfter(
        [e, ...names],
        (x) =>
          (x.schemaPath.startsWith(`${base}/patternProperties/`) ||
            x.schemaPath.startsWith(`${base}/additionalProperties`)) &&
          under(x.instancePath, e.instancePath),
      );
    }
  }
  return list;
}

/** The errors of the item with the fewest errors (the first of equals). */
function closestItem(inside: Tagged[], arrayPath: string): Tagged[] {
  const items = new Map<string, Tagged[]>();
  for (const t of inside) {
    const index = t.error.instancePath.slice(arrayPath.length + 1).split('/')[0];
    const list = items.get(index) ?? [];
    list.push(t);
    items.set(index, list);
  }
  let best: Tagged[] = [];
  for (const list of items.values()) if (best.length === 0 || list.length < best.length) best = list;
  return best;
}

/** Schema keywords that descend one level into the instance, with how many path parts they take. */
const DESCENDING: Readonly<Record<string, number>> = {
  properties: 2,
  patternProperties: 2,
  additionalProperties: 1,
  items: 1,
  additionalItems: 1,
  contains: 1,
};

/**
 * ajv reports no error of its own for a failed allOf; gojsonschema adds
 * `Must validate all the schemas (allOf)` after the failing branches' errors.
 */
function withAllOfErrors(list: Tagged[]): Tagged[] {
  const out: Tagged[] = [];
  const pending = new Map<string, { after: number; field: string }>();
  list.forEach((t, i) => {
    const parts = t.error.schemaPath.split('/');
    for (let k = parts.length - 2; k >= 0; k--) {
      if (parts[k] !== 'allOf' || !/^\d+$/.test(parts[k + 1])) continue;
      const ownerSchema = parts.slice(0, k + 1).join('/');
      let depth = 0;
      for (let j = k + 2; j < parts.length; j++) {
        const take = DESCENDING[parts[j]];
        if (take === undefined) continue;
        depth++;
        if (parts[j] === 'items' && /^\d+$/.test(parts[j + 1] ?? '')) j++;
        else j += take - 1;
      }
      const pathParts = t.error.instancePath.split('/');
      const ownerPath = pathParts.slice(0, Math.max(1, pathParts.length - depth)).join('/');
      const key = `${ownerSchema} ${ownerPath}`;
      pending.set(key, { after: i, field: fieldOf(ownerPath) });
    }
  });
  const byIndex = new Map<number, Problem[]>();
  for (const { after, field } of pending.values()) {
    const at = byIndex.get(after) ?? [];
    at.push({ field, description: 'Must validate all the schemas (allOf)' });
    byIndex.set(after, at);
  }
  list.forEach((t, i) => {
    out.push(t);
    for (const problem of byIndex.get(i) ?? []) out.push({ error: t.error, problem });
  });
  return out;
}

/** The branch gojsonschema would call best: fewest errors, preferring one whose type matched. */
function bestBranch(inside: Tagged[], prefix: string): Tagged[] {
  const branches = new Map<string, Tagged[]>();
  for (const t of inside) {
    const index = t.error.schemaPath.slice(prefix.length).split('/')[0];
    const list = branches.get(index) ?? [];
    list.push(t);
    branches.set(index, list);
  }
  let best: Tagged[] = [];
  let bestScore = Infinity;
  for (const list of branches.values()) {
    const typeMiss = list.some(
      (t) =>
        t.error.keyword === 'type' &&
        t.error.schemaPath === `${prefix}${t.error.schemaPath.slice(prefix.length).split('/')[0]}/type`,
    );
    const score = list.length + (typeMiss ? 0.5 : 0);
    // gojsonschema keeps the first branch of equal merit.
    if (score < bestScore) {
      best = list;
      bestScore = score;
    }
  }
  return best;
}

function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Go's encoding/json text of a schema value (object keys sorted). */
function goJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return `{${entries.map(([k, item]) => `${JSON.stringify(k)}:${goJson(item)}`).join(',')}}`;
}

/** gojsonschema prints numeric limits as Go float64s with `%v` (1000000 → 1e+06). */
function num(v: unknown): string {
  return typeof v === 'number' ? sprintf('%v', [v]) : String(v);
}

function describe(e: SchemaError): Problem | null {
  const field = fieldOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const at = (description: string): Problem => ({ field, description });
  switch (e.keyword) {
    case 'required':
      return at(`${String(p.missingProperty)} is required`);
    case 'type': {
      const expected = Array.isArray(e.schema) ? `[${(e.schema as string[]).join(',')}]` : String(e.schema);
      return at(`Invalid type. Expected: ${expected}, given: ${jsonTypeOf(e.data)}`);
    }
    case 'enum':
      return at(`${field} must be one of the following: ${(e.schema as unknown[]).map(goJson).join(', ')}`);
    case 'const':
      return at(`${field} does not match: ${goJson(e.schema)}`);
    case 'pattern':
      return at(`Does not match pattern '${String(p.pattern)}'`);
    case 'format':
      return at(`Does not match format '${String(p.format)}'`);
    case 'minLength':
      return at(`String length must be greater than or equal to ${num(p.limit)}`);
    case 'maxLength':
      return at(`String length must be less than or equal to ${num(p.limit)}`);
    case 'minimum':
      return at(`Must be greater than or equal to ${num(p.limit)}`);
    case 'maximum':
      return at(`Must be less than or equal to ${num(p.limit)}`);
    case 'exclusiveMinimum':
      return at(`Must be greater than ${num(p.limit)}`);
    case 'exclusiveMaximum':
      return at(`Must be less than ${num(p.limit)}`);
    case 'multipleOf':
      return at(`Must be a multiple of ${num(p.multipleOf)}`);
    case 'minItems':
      return at(`Array must have at least ${num(p.limit)} items`);
    case 'maxItems':
      return at(`Array must have at most ${num(p.limit)} items`);
    case 'uniqueItems':
      return at(
        `array items[${num(Math.min(Number(p.i), Number(p.j)))},${num(Math.max(Number(p.i), Number(p.j)))}] must be unique`,
      );
    case 'minProperties':
      return at(`Must have at least ${num(p.limit)} properties`);
    case 'maxProperties':
      return at(`Must have at most ${num(p.limit)} properties`);
    case 'additionalProperties':
      return at(`Additional property ${String(p.additionalProperty)} is not allowed`);
    case 'additionalItems':
      return at('No additional items allowed on array');
    case 'anyOf':
      return at('Must validate at least one schema (anyOf)');
    case 'oneOf':
      return at('Must validate one and only one schema (oneOf)');
    case 'not':
      return at('Must not validate the schema (not)');
    case 'if':
      return at(
        p.failingKeyword === 'else'
          ? 'Must validate "else" as "if" was not valid'
          : 'Must validate "then" as "if" was valid',
      );
    case 'dependencies':
    case 'dependentRequired':
      return at(`Has a dependency on ${String(p.missingProperty)}`);
    case 'contains':
      return at('At least one of the items must match');
    case 'propertyNames':
      return at(`Property name of "${String(p.propertyName)}" does not match`);
    case 'false schema':
      return at('False always fails validation');
    default:
      return at(e.keyword);
  }
}
