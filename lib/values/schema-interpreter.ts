/**
 * An interpreting JSON-schema validator that reports exactly the error objects ajv's generated
 * code reports for slipway's options (draft-07 rules, allErrors, verbose, ajv-formats' full
 * formats, no strict mode): same keywords, order, instance and schema paths, params, schema and
 * data. ajv spends ~100 ms generating and compiling code for a large values.schema.json that is
 * used once per process; walking the schema costs a few milliseconds.
 *
 * Only schemas whose compilation is plain are accepted (see `interpretable`): remote or
 * recursive `$ref`s, nested `$id`s, anchors, `nullable`, ajv-formats' format limits and any
 * keyword value ajv would refuse at compile time make `interpretSchema` return null, and the
 * caller compiles with ajv as before, so ajv's own compile errors stay ajv's.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: Json };

/** The fields of ajv's ErrorObject that slipway's reporting reads. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  schema?: unknown;
  data?: unknown;
}

/** null when valid, else the errors in ajv's order. */
export type InterpretedValidator = (data: Json) => SchemaError[] | null;

/** ajv's RULES.all for slipway's Ajv instance: keywords that generate validation code. */
const RULE_KEYWORDS = new Set([
  '$comment',
  'id',
  '$ref',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'maxLength',
  'minLength',
  'pattern',
  'maxProperties',
  'minProperties',
  'required',
  'maxItems',
  'minItems',
  'uniqueItems',
  'type',
  'nullable',
  'const',
  'enum',
  'not',
  'anyOf',
  'oneOf',
  'allOf',
  'if',
  'then',
  'else',
  'propertyNames',
  'additionalProperties',
  'dependencies',
  'properties',
  'patternProperties',
  'additionalItems',
  'items',
  'contains',
  'format',
  'formatMaximum',
  'formatMinimum',
  'formatExclusiveMaximum',
  'formatExclusiveMinimum',
]);

/** ajv's rule groups in evaluation order: keywords for any type, then per data type. */
const NUMBER_KEYWORDS = [
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'format',
];
const STRING_KEYWORDS = ['maxLength', 'minLength', 'pattern', 'format'];
const ARRAY_KEYWORDS = ['maxItems', 'minItems', 'additionalItems', 'items', 'contains', 'uniqueItems'];
const OBJECT_KEYWORDS = [
  'maxProperties',
  'minProperties',
  'required',
  'propertyNames',
  'additionalProperties',
  'dependencies',
  'properties',
  'patternProperties',
];
const GROUPS: readonly { type: 'number' | 'string' | 'array' | 'object'; keywords: readonly string[] }[] = [
  { type: 'number', keywords: NUMBER_KEYWORDS },
  { type: 'string', keywords: STRING_KEYWORDS },
  { type: 'array', keywords: ARRAY_KEYWORDS },
  { type: 'object', keywords: OBJECT_KEYWORDS },
];
const JSON_TYPES = new Set(['number', 'integer', 'string', 'boolean', 'array', 'object', 'null']);
const LIMIT_OPS: Readonly<Record<string, string>> = {
  maximum: '<=',
  minimum: '>=',
  exclusiveMaximum: '<',
  exclusiveMinimum: '>',
};
/**
 * Keys (anywhere in the document) that make ajv resolve or register schemas in ways this
 * interpreter does not model; rule keywords it does not model (`id`, `nullable`, format
 * limits) are refused where they appear as keywords.
 */
const UNMODELLED_KEYS = new Set([
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$dynamicRef',
  '$recursiveRef',
  '$async',
]);
const REF_KEYWORDS = new Set(['$ref', '$recursiveRef', '$recursiveAnchor', '$dynamicRef', '$dynamicAnchor']);

type Format =
  | RegExp
  | ((data: never) => boolean)
  | { type?: string; validate: RegExp | ((data: never) => boolean); async?: boolean }
  | true;
/** ajv-formats' definitions, read on first use (the bundle loads that module lazily). */
function formatDefinition(name: string): Format | undefined {
  const formats = fullFormats as unknown as Record<string, Format | undefined>;
  return Object.prototype.hasOwnProperty.call(formats, name) ? formats[name] : undefined;
}

class Unsupported extends Error {}

/** A resolved `$ref`: its target and the schema path its errors start from. */
interface Ref {
  readonly target: Json;
  readonly at: string;
}

/** A validator for `schema`, or null when ajv must compile it. */
export function interpretSchema(schema: Json): InterpretedValidator | null {
  const interpreter = new Interpreter(schema);
  try {
    interpreter.check(schema, true);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  return (data) => interpreter.run(data);
}

function isObject(v: unknown): v is SchemaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ajv's alwaysValidSchema: true, {} or an object without rule keywords. */
function alwaysValid(schema: Json): boolean {
  if (typeof schema === 'boolean') return schema;
  for (const key in schema as SchemaObject) if (RULE_KEYWORDS.has(key)) return false;
  return true;
}

function hasRef(schema: Json): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some(hasRef);
  for (const key in schema) {
    if (REF_KEYWORDS.has(key)) return true;
    if (hasRef(schema[key])) return true;
  }
  return false;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function escapeFragment(s: string): string {
  return encodeURIComponent(escapePointer(s));
}

/** ajv's ucs2length: surrogate pairs count once. */
function ucs2length(s: string): number {
  let length = 0;
  for (let pos = 0; pos < s.length;) {
    length++;
    const c = s.charCodeAt(pos++);
    if (c >= 0xd800 && c <= 0xdbff && pos < s.length && (s.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

/** fast-deep-equal on JSON values. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      if (a.length !== bb.length) return false;
      for (let i = 0; i < a.length; i++) if (!equal(a[i], bb[i])) return false;
      return true;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = Object.keys(ao);
    if (keys.length !== Object.keys(bo).length) return false;
    for (const k of keys) if (!Object.prototype.hasOwnProperty.call(bo, k)) return false;
    for (const k of keys) if (!equal(ao[k], bo[k])) return false;
    return true;
  }
  return a !== a && b !== b;
}

/** ajv's checkDataType (strictNumbers off). */
function isType(type: string, data: unknown): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return Array.isArray(data);
    case 'object':
      return isObject(data);
    case 'integer':
      return typeof data === 'number' && !(data % 1) && !Number.isNaN(data);
    default:
      return typeof data === type;
  }
}

function schemaTypes(schema: SchemaObject): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' && t !== '' ? [t] : [];
}

function usesGroup(schema: SchemaObject, keywords: readonly string[]): boolean {
  for (const k of keywords) if (schema[k] !== undefined) return true;
  return false;
}

class Interpreter {
  private readonly root: Json;
  private readonly patterns = new Map<string, RegExp>();
  private readonly refs = new Map<string, Ref>();
  private errors: SchemaError[] = [];

  constructor(root: Json) {
    this.root = root;
  }

  run(data: Json): SchemaError[] | null {
    this.errors = [];
    this.validate(this.root, data, '', '#');
    return this.errors.length === 0 ? null : this.errors;
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (re === undefined) {
      re = new RegExp(pattern);
      this.patterns.set(pattern, re);
    }
    return re;
  }

  // ---- compile-time checks: anything ajv would treat specially makes the schema unsupported ----

  check(schema: Json, isRoot = false): void {
    if (isRoot) this.scanKeys(schema, true);
    this.checkSchema(schema, isRoot);
  }

  private scanKeys(node: Json, isRoot: boolean): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) this.scanKeys(n, false);
      return;
    }
    for (const key in node) {
      if (UNMODELLED_KEYS.has(key) && !(isRoot && key === '$id' && typeof node[key] === 'string'))
        throw new Unsupported();
      this.scanKeys(node[key], false);
    }
  }

  private checkSchema(schema: Json, isRoot = false): void {
    if (typeof schema === 'boolean') return;
    if (!isObject(schema)) throw new Unsupported();
    if (!isRoot && alwaysValid(schema)) return;
    const need = (ok: boolean): void => {
      if (!ok) throw new Unsupported();
    };
    for (const key in schema) {
      if (!RULE_KEYWORDS.has(key)) continue;
      const v = schema[key];
      switch (key) {
        case '$comment':
          break;
        case '$ref':
          need(typeof v === 'string');
          this.resolveRef(v as string);
          break;
        case 'maximum':
        case 'minimum':
        case 'exclusiveMaximum':
        case 'exclusiveMinimum':
        case 'multipleOf':
        case 'maxLength':
        case 'minLength':
        case 'maxProperties':
        case 'minProperties':
        case 'maxItems':
        case 'minItems':
          need(typeof v === 'number');
          break;
        case 'pattern':
          need(typeof v === 'string');
          this.compiles(v as string);
          break;
        case 'format':
          need(typeof v === 'string');
          break;
        case 'required':
          need(Array.isArray(v) && v.every((r) => typeof r === 'string'));
          break;
        case 'uniqueItems':
          need(typeof v === 'boolean');
          break;
        case 'type': {
          const types = Array.isArray(v) ? v : [v];
          need(
            (typeof v === 'string' || Array.isArray(v)) &&
              types.every((t) => typeof t === 'string' && JSON_TYPES.has(t)),
          );
          break;
        }
        case 'const':
          break;
        case 'enum':
          need(Array.isArray(v) && v.length > 0);
          break;
        case 'not':
        case 'if':
        case 'then':
        case 'else':
        case 'propertyNames':
        case 'contains':
        case 'additionalProperties':
        case 'additionalItems':
          need(typeof v === 'boolean' || isObject(v));
          this.checkSchema(v);
          break;
        case 'anyOf':
        case 'oneOf':
        case 'allOf':
          need(Array.isArray(v));
          for (const s of v as Json[]) this.checkSchema(s);
          break;
        case 'items':
          need(typeof v === 'boolean' || isObject(v) || Array.isArray(v));
          if (Array.isArray(v)) for (const s of v) this.checkSchema(s);
          else this.checkSchema(v);
          break;
        case 'properties':
          need(isObject(v));
          for (const p of Object.keys(v as SchemaObject)) this.checkSchema((v as SchemaObject)[p]);
          break;
        case 'patternProperties':
          need(isObject(v));
          for (const p of Object.keys(v as SchemaObject)) {
            this.compiles(p);
            this.checkSchema((v as SchemaObject)[p]);
          }
          break;
        case 'dependencies':
          need(isObject(v));
          for (const p of Object.keys(v as SchemaObject)) {
            const dep = (v as SchemaObject)[p];
            if (Array.isArray(dep)) need(dep.every((d) => typeof d === 'string'));
            else this.checkSchema(dep);
          }
          break;
        default:
          throw new Unsupported();
      }
    }
  }

  private compiles(pattern: string): void {
    try {
      this.regex(pattern);
    } catch {
      throw new Unsupported();
    }
  }

  /**
   * A local JSON-pointer `$ref`. ajv inlines a target without `$ref`s inside, its errors'
   * schema paths continuing from the `$ref` text; any other target (recursive ones, the root)
   * becomes a function of its own whose schema paths start again at `#`.
   */
  private resolveRef(ref: string): Ref {
    const known = this.refs.get(ref);
    if (known !== undefined) return known;
    let target: Json = this.root;
    if (ref !== '#' && ref !== '#/') {
      if (!/^#(\/[A-Za-z0-9_.$~-]+)+$/.test(ref)) throw new Unsupported();
      for (const part of ref.slice(2).split('/')) {
        if (!isObject(target)) throw new Unsupported();
        const next: Json | undefined = target[part.replace(/~1/g, '/').replace(/~0/g, '~')];
        if (next === undefined) throw new Unsupported();
        target = next;
      }
      if (target === this.root) throw new Unsupported();
    }
    if (typeof target !== 'boolean' && !isObject(target)) throw new Unsupported();
    // ajv follows a target that is itself only a `$ref` to that one's target.
    if (isObject(target) && target.$ref !== undefined && !this.hasRulesButRef(target))
      throw new Unsupported();
    const entry: Ref = { target, at: target !== this.root && !hasRef(target) ? ref : '#' };
    this.refs.set(ref, entry);
    this.checkSchema(target, target === this.root);
    return entry;
  }

  // ---- validation ----

  private error(
    keyword: string,
    instancePath: string,
    schemaPath: string,
    params: Record<string, unknown>,
    schema: unknown,
    data: unknown,
  ): void {
    this.errors.push({ keyword, instancePath, schemaPath, params, schema, data });
  }

  /** Validates `data`; returns whether no error was added (ajv's subschema validity). */
  private validate(schema: Json, data: Json, path: string, at: string): boolean {
    const before = this.errors.length;
    if (typeof schema === 'boolean') {
      if (!schema) this.error('false schema', path, `${at}/false schema`, {}, false, data);
      return this.errors.length === before;
    }
    const s = schema as SchemaObject;
    const types = schemaTypes(s);
    const typeChecked = types.length > 0 && !(types.length === 1 && this.hasGroupRules(s, types[0]));
    if (typeChecked && !types.some((t) => isType(t, data))) this.typeError(s, data, path, at);
    if (s.$ref !== undefined) {
      const ref = this.refs.get(s.$ref as string) as Ref;
      this.validate(ref.target, data, path, ref.at);
      if (!this.hasRulesButRef(s)) return this.errors.length === before;
    }
    if (s.const !== undefined) this.checkConst(s.const, data, path, at);
    if (s.enum !== undefined) this.checkEnum(s.enum as Json[], data, path, at);
    if (s.not !== undefined) this.checkNot(s.not, data, path, at);
    if (s.anyOf !== undefined) this.checkAnyOf(s.anyOf as Json[], data, path, at);
    if (s.oneOf !== undefined) this.checkOneOf(s.oneOf as Json[], data, path, at);
    if (s.allOf !== undefined) {
      const branches = s.allOf as Json[];
      for (let i = 0; i < branches.length; i++)
        if (!alwaysValid(branches[i])) this.validate(branches[i], data, path, `${at}/allOf/${i}`);
    }
    if (s.if !== undefined) this.checkIf(s, data, path, at);
    for (const group of GROUPS) {
      if (!usesGroup(s, group.keywords)) continue;
      if (isType(group.type, data)) {
        for (const keyword of group.keywords)
          if (s[keyword] !== undefined) this.keyword(group.type, keyword, s, data, path, at);
      } else if (!typeChecked && types.length === 1 && types[0] === group.type) {
        this.typeError(s, data, path, at);
      }
    }
    return this.errors.length === before;
  }

  private hasGroupRules(s: SchemaObject, type: string): boolean {
    const group = GROUPS.find((g) => g.type === type);
    return group !== undefined && usesGroup(s, group.keywords);
  }

  private hasRulesButRef(s: SchemaObject): boolean {
    for (const key in s) if (key !== '$ref' && RULE_KEYWORDS.has(key)) return true;
    return false;
  }

  private typeError(s: SchemaObject, data: Json, path: string, at: string): void {
    this.error('type', path, `${at}/type`, { type: s.type }, s.type, data);
  }

  private checkConst(value: Json, data: Json, path: string, at: string): void {
    const ok = value !== null && typeof value === 'object' ? equal(data, value) : value === data;
    if (!ok) this.error('const', path, `${at}/const`, { allowedValue: value }, value, data);
  }

  private checkEnum(values: Json[], data: Json, path: string, at: string): void {
    const ok = values.some((v) => (v !== null && typeof v === 'object' ? equal(data, v) : data === v));
    if (!ok) this.error('enum', path, `${at}/enum`, { allowedValues: values }, values, data);
  }

  /** Validity only: the subschema's errors are dropped, as ajv's createErrors: false does. */
  private passes(schema: Json, data: Json, path: string, at: string): boolean {
    const before = this.errors.length;
    const ok = this.validate(schema, data, path, at);
    this.errors.length = before;
    return ok;
  }

  private checkNot(schema: Json, data: Json, path: string, at: string): void {
    if (alwaysValid(schema) || this.passes(schema, data, path, `${at}/not`))
      this.error('not', path, `${at}/not`, {}, schema, data);
  }

  private checkAnyOf(branches: Json[], data: Json, path: string, at: string): void {
    if (branches.some(alwaysValid)) return;
    const before = this.errors.length;
    for (let i = 0; i < branches.length; i++) {
      if (this.validate(branches[i], data, path, `${at}/anyOf/${i}`)) {
        this.errors.length = before;
        return;
      }
    }
    this.error('anyOf', path, `${at}/anyOf`, {}, branches, data);
  }

  private checkOneOf(branches: Json[], data: Json, path: string, at: string): void {
    const before = this.errors.length;
    let valid = false;
    let passing: number | [unknown, number] | null = null;
    for (let i = 0; i < branches.length; i++) {
      const ok = alwaysValid(branches[i]) || this.validate(branches[i], data, path, `${at}/oneOf/${i}`);
      if (ok && valid) {
        valid = false;
        passing = [passing, i];
        break;
      }
      if (ok) {
        valid = true;
        passing = i;
      }
    }
    if (valid) this.errors.length = before;
    else this.error('oneOf', path, `${at}/oneOf`, { passingSchemas: passing }, branches, data);
  }

  private checkIf(s: SchemaObject, data: Json, path: string, at: string): void {
    const hasThen = s.then !== undefined && !alwaysValid(s.then);
    const hasElse = s.else !== undefined && !alwaysValid(s.else);
    if (!hasThen && !hasElse) return;
    const clause = this.passes(s.if, data, path, `${at}/if`)
      ? hasThen
        ? 'then'
        : null
      : hasElse
        ? 'else'
        : null;
    if (clause === null) return;
    if (!this.validate(s[clause], data, path, `${at}/${clause}`)) {
      this.error('if', path, `${at}/if`, { failingKeyword: clause }, s.if, data);
    }
  }

  private keyword(
    group: string,
    keyword: string,
    s: SchemaObject,
    data: Json,
    path: string,
    at: string,
  ): void {
    const v = s[keyword];
    const fail = (params: Record<string, unknown>): void =>
      this.error(keyword, path, `${at}/${keyword}`, params, v, data);
    switch (keyword) {
      case 'maximum':
      case 'minimum':
      case 'exclusiveMaximum':
      case 'exclusiveMinimum': {
        const n = data as number;
        const limit = v as number;
        const bad =
          keyword === 'maximum'
            ? n > limit
            : keyword === 'minimum'
              ? n < limit
              : keyword === 'exclusiveMaximum'
                ? n >= limit
                : n <= limit;
        if (bad || Number.isNaN(n)) fail({ comparison: LIMIT_OPS[keyword], limit });
        break;
      }
      case 'multipleOf': {
        const res = (data as number) / (v as number);
        if (v === 0 || res !== Number.parseInt(String(res))) fail({ multipleOf: v });
        break;
      }
      case 'format':
        this.checkFormat(group, v as string, data, fail);
        break;
      case 'maxLength':
        if (ucs2length(data as string) > (v as number)) fail({ limit: v });
        break;
      case 'minLength':
        if (ucs2length(data as string) < (v as number)) fail({ limit: v });
        break;
      case 'pattern':
        if (!this.regex(v as string).test(data as string)) fail({ pattern: v });
        break;
      case 'maxItems':
        if ((data as Json[]).length > (v as number)) fail({ limit: v });
        break;
      case 'minItems':
        if ((data as Json[]).length < (v as number)) fail({ limit: v });
        break;
      case 'additionalItems':
        this.checkAdditionalItems(s, data as Json[], path, at, fail);
        break;
      case 'items':
        this.checkItems(v, data as Json[], path, at);
        break;
      case 'contains':
        this.checkContains(v, data as Json[], path, at, fail);
        break;
      case 'uniqueItems':
        if (v === true) this.checkUnique(s, data as Json[], fail);
        break;
      case 'maxProperties':
        if (Object.keys(data as SchemaObject).length > (v as number)) fail({ limit: v });
        break;
      case 'minProperties':
        if (Object.keys(data as SchemaObject).length < (v as number)) fail({ limit: v });
        break;
      case 'required':
        for (const prop of v as string[])
          if ((data as SchemaObject)[prop] === undefined) fail({ missingProperty: prop });
        break;
      case 'propertyNames':
        if (alwaysValid(v)) break;
        for (const key in data as SchemaObject) {
          if (!this.validate(v, key, path, `${at}/propertyNames`)) fail({ propertyName: key });
        }
        break;
      case 'additionalProperties':
        this.checkAdditionalProperties(s, data as SchemaObject, path, at, fail);
        break;
      case 'dependencies':
        this.checkDependencies(v as SchemaObject, data as SchemaObject, path, at, fail);
        break;
      case 'properties': {
        const props = v as SchemaObject;
        for (const p of Object.keys(props)) {
          if (p === '__proto__' || alwaysValid(props[p])) continue;
          const item = (data as SchemaObject)[p];
          if (item !== undefined)
            this.validate(
              props[p],
              item,
              `${path}/${escapePointer(p)}`,
              `${at}/properties/${escapeFragment(p)}`,
            );
        }
        break;
      }
      case 'patternProperties': {
        const pats = v as SchemaObject;
        const patterns = Object.keys(pats).filter((p) => p !== '__proto__');
        if (patterns.every((p) => alwaysValid(pats[p]))) break;
        for (const pat of patterns) {
          if (alwaysValid(pats[pat])) continue;
          const re = this.regex(pat);
          for (const key in data as SchemaObject) {
            if (re.test(key))
              this.validate(
                pats[pat],
                (data as SchemaObject)[key],
                `${path}/${escapePointer(key)}`,
                `${at}/patternProperties/${escapeFragment(pat)}`,
              );
          }
        }
        break;
      }
    }
  }

  private checkFormat(
    group: string,
    name: string,
    data: Json,
    fail: (params: Record<string, unknown>) => void,
  ): void {
    const def = formatDefinition(name);
    if (def === undefined || def === true) return; // unknown formats are ignored without strict mode
    let type = 'string';
    let check: RegExp | ((data: never) => boolean);
    if (typeof def === 'object' && !(def instanceof RegExp)) {
      type = def.type ?? 'string';
      check = def.validate;
    } else {
      check = def;
    }
    if (type !== group) return;
    const ok = typeof check === 'function' ? check(data as never) : check.test(data as string);
    if (!ok) fail({ format: name });
  }

  private checkItems(items: Json, data: Json[], path: string, at: string): void {
    if (Array.isArray(items)) {
      items.forEach((sub, i) => {
        if (!alwaysValid(sub) && data.length > i)
          this.validate(sub, data[i], `${path}/${i}`, `${at}/items/${i}`);
      });
      return;
    }
    if (alwaysValid(items)) return;
    for (let i = 0; i < data.length; i++) this.validate(items, data[i], `${path}/${i}`, `${at}/items`);
  }

  private checkAdditionalItems(
    s: SchemaObject,
    data: Json[],
    path: string,
    at: string,
    fail: (params: Record<string, unknown>) => void,
  ): void {
    const items = s.items;
    if (!Array.isArray(items)) return;
    const extra = s.additionalItems;
    if (extra === false) {
      if (data.length > items.length) fail({ limit: items.length });
    } else if (!alwaysValid(extra)) {
      for (let i = items.length; i < data.length; i++)
        this.validate(extra, data[i], `${path}/${i}`, `${at}/additionalItems`);
    }
  }

  private checkContains(
    schema: Json,
    data: Json[],
    path: string,
    at: string,
    fail: (params: Record<string, unknown>) => void,
  ): void {
    if (alwaysValid(schema)) {
      if (data.length < 1) fail({ minContains: 1 });
      return;
    }
    const before = this.errors.length;
    for (let i = 0; i < data.length; i++) {
      if (this.validate(schema, data[i], `${path}/${i}`, `${at}/contains`)) {
        this.errors.length = before;
        return;
      }
    }
    fail({ minContains: 1 });
  }

  /** ajv's two duplicate searches: a hash walk when the item types are scalar, else pairwise. */
  private checkUnique(s: SchemaObject, data: Json[], fail: (params: Record<string, unknown>) => void): void {
    if (data.length <= 1) return;
    const itemTypes = isObject(s.items) ? schemaTypes(s.items) : [];
    if (itemTypes.length > 0 && !itemTypes.some((t) => t === 'object' || t === 'array')) {
      const indices: Record<string, unknown> = {};
      for (let i = data.length; i--;) {
        let item: unknown = data[i];
        if (!itemTypes.some((t) => isType(t, item))) continue;
        if (itemTypes.length > 1 && typeof item === 'string') item += '_';
        const key = String(item);
        if (typeof indices[key] === 'number') {
          fail({ i, j: indices[key] });
          return;
        }
        indices[key] = i;
      }
      return;
    }
    for (let i = data.length; i--;) {
      for (let j = i; j--;) {
        if (equal(data[i], data[j])) {
          fail({ i, j });
          return;
        }
      }
    }
  }

  private checkAdditionalProperties(
    s: SchemaObject,
    data: SchemaObject,
    path: string,
    at: string,
    fail: (params: Record<string, unknown>) => void,
  ): void {
    const schema = s.additionalProperties;
    if (alwaysValid(schema)) return;
    const propsSchema = isObject(s.properties) ? s.properties : undefined;
    const props = propsSchema ? Object.keys(propsSchema).filter((p) => p !== '__proto__') : [];
    const patterns = isObject(s.patternProperties)
      ? Object.keys(s.patternProperties)
          .filter((p) => p !== '__proto__')
          .map((p) => this.regex(p))
      : [];
    for (const key in data) {
      const defined =
        (props.length > 8 ? Object.prototype.hasOwnProperty.call(propsSchema, key) : props.includes(key)) ||
        patterns.some((re) => re.test(key));
      if (defined) continue;
      if (schema === false) fail({ additionalProperty: key });
      else this.validate(schema, data[key], `${path}/${escapePointer(key)}`, `${at}/additionalProperties`);
    }
  }

  private checkDependencies(
    deps: SchemaObject,
    data: SchemaObject,
    path: string,
    at: string,
    fail: (params: Record<string, unknown>) => void,
  ): void {
    const keys: string[] = [];
    for (const key in deps) if (key !== '__proto__') keys.push(key);
    for (const prop of keys) {
      const dep = deps[prop];
      if (!Array.isArray(dep) || dep.length === 0 || data[prop] === undefined) continue;
      for (const missing of dep as string[]) {
        if (data[missing] === undefined)
          fail({ property: prop, missingProperty: missing, depsCount: dep.length, deps: dep.join(', ') });
      }
    }
    for (const prop of keys) {
      const dep = deps[prop];
      if (Array.isArray(dep) || alwaysValid(dep) || data[prop] === undefined) continue;
      this.validate(dep, data, path, `${at}/dependencies/${escapeFragment(prop)}`);
    }
  }
}
