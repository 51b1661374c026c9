/**
 * Chart.yaml (and requirements.yaml / Chart.lock) decoding and validation with Helm's rules
 * and messages (pkg/chart/metadata.go, dependency.go).
 */
import { parseTime, RFC3339 } from '../go/time.ts';
import { isList, isMap, type GoMap, type GoValue } from '../go/value.ts';
import { parseVersion } from '../semver/index.ts';
import { scalarAsTargetString } from '../yaml/target.ts';
import { ChartLoadError } from './errors.ts';
import type { Dependency, Lock, Maintainer, Metadata } from './model.ts';

type Decoded = Record<string, unknown>;

/** Finds a key as encoding/json does: exact match first, then case-insensitively. */
function lookup(m: GoMap, key: string): GoValue | undefined {
  if (m.has(key)) return m.get(key);
  const lower = key.toLowerCase();
  for (const [k, v] of m) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** encoding/json's name for the JSON kind of a value in its UnmarshalTypeError. */
function jsonKind(v: GoValue): string {
  if (v === null) return 'null';
  if (isList(v)) return 'array';
  if (isMap(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : 'number';
}

const JSON_ERROR = 'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal';

/**
 * encoding/json's UnmarshalTypeError for a struct field: the innermost struct's type name, then
 * the field's dotted path from the document root (`Dependency.dependencies.tags`).
 */
function typeError(struct: string, field: string, want: string, got: GoValue): ChartLoadError {
  return new ChartLoadError(
    `${JSON_ERROR} ${jsonKind(got)} into Go struct field ${struct}.${field} of type ${want}`,
  );
}

/** The error for a document that is not a mapping (`chart.Metadata`, `chart.Lock`). */
function documentTypeError(type: string, got: GoValue): ChartLoadError {
  return new ChartLoadError(`${JSON_ERROR} ${jsonKind(got)} into Go value of type ${type}`);
}

/** A field's path for messages: `key`, or `path.key` inside a nested struct. */
const fieldPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function str(m: GoMap, key: string, struct: string, path = ''): string | undefined {
  const v = lookup(m, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  const s = scalarAsTargetString(v);
  if (s !== undefined) return s;
  throw typeError(struct, fieldPath(path, key), 'string', v);
}

function bool(m: GoMap, key: string, struct: string, path = ''): boolean | undefined {
  const v = lookup(m, key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  throw typeError(struct, fieldPath(path, key), 'bool', v);
}

function strList(m: GoMap, key: string, struct: string, path = ''): string[] | undefined {
  const v = lookup(m, key);
  if (v === undefined || v === null) return undefined;
  if (!isList(v)) throw typeError(struct, fieldPath(path, key), '[]string', v);
  return v.map((item) => {
    if (typeof item === 'string') return item;
    if (item === null) return '';
    const s = scalarAsTargetString(item);
    if (s !== undefined) return s;
    throw typeError(struct, fieldPath(path, key), 'string', item);
  });
}

function strMap(m: GoMap, key: string, struct: string): Record<string, string> | undefined {
  const v = lookup(m, key);
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) throw typeError(struct, key, 'map[string]string', v);
  const out: Record<string, string> = {};
  for (const [k, item] of v) {
    const s = typeof item === 'string' || item === null ? (item ?? '') : scalarAsTargetString(item);
    if (s === undefined) throw typeError(struct, key, 'string', item);
    out[k] = s;
  }
  return out;
}

function set<T extends object>(target: T, key: keyof T, value: unknown): void {
  if (value !== undefined) (target as Decoded)[key as string] = value;
}

/** One entry of `dependencies` in Chart.yaml, requirements.yaml (`owner` Metadata) or a lock file (Lock). */
export function decodeDependency(v: GoValue, owner = 'Metadata'): Dependency | null {
  if (v === null) return null;
  if (!isMap(v)) throw typeError(owner, 'dependencies', 'chart.Dependency', v);
  const path = 'dependencies';
  const d: Dependency = { name: str(v, 'name', 'Dependency', path) ?? '', repository: '' };
  set(d, 'version', str(v, 'version', 'Dependency', path));
  d.repository = str(v, 'repository', 'Dependency', path) ?? '';
  set(d, 'condition', str(v, 'condition', 'Dependency', path));
  set(d, 'tags', strList(v, 'tags', 'Dependency', path));
  set(d, 'enabled', bool(v, 'enabled', 'Dependency', path));
  const iv = lookup(v, 'import-values');
  if (iv !== undefined && iv !== null) {
    if (!isList(iv)) throw typeError('Dependency', fieldPath(path, 'import-values'), '[]interface {}', iv);
    d['import-values'] = iv;
  }
  set(d, 'alias', str(v, 'alias', 'Dependency', path));
  return d;
}

function decodeMaintainer(v: GoValue): Maintainer | null {
  if (v === null) return null;
  if (!isMap(v)) throw typeError('Metadata', 'maintainers', 'chart.Maintainer', v);
  const m: Maintainer = {};
  set(m, 'name', str(v, 'name', 'Maintainer', 'maintainers'));
  set(m, 'email', str(v, 'email', 'Maintainer', 'maintainers'));
  set(m, 'url', str(v, 'url', 'Maintainer', 'maintainers'));
  return m;
}

/** Decodes Chart.yaml content (already parsed) into Metadata, field by field as Go's json does. */
export function decodeMetadata(v: GoValue, into: Metadata = {}): Metadata {
  if (v === null) return into;
  if (!isMap(v)) throw documentTypeError('chart.Metadata', v);
  const md = into;
  set(md, 'name', str(v, 'name', 'Metadata'));
  set(md, 'home', str(v, 'home', 'Metadata'));
  set(md, 'sources', strList(v, 'sources', 'Metadata'));
  set(md, 'version', str(v, 'version', 'Metadata'));
  set(md, 'description', str(v, 'description', 'Metadata'));
  set(md, 'keywords', strList(v, 'keywords', 'Metadata'));
  const maint = lookup(v, 'maintainers');
  if (maint !== undefined && maint !== null) {
    if (!isList(maint)) throw typeError('Metadata', 'maintainers', '[]*chart.Maintainer', maint);
    md.maintainers = maint.map(decodeMaintainer);
  }
  set(md, 'icon', str(v, 'icon', 'Metadata'));
  set(md, 'apiVersion', str(v, 'apiVersion', 'Metadata'));
  set(md, 'condition', str(v, 'condition', 'Metadata'));
  set(md, 'tags', str(v, 'tags', 'Metadata'));
  set(md, 'appVersion', str(v, 'appVersion', 'Metadata'));
  set(md, 'deprecated', bool(v, 'deprecated', 'Metadata'));
  set(md, 'annotations', strMap(v, 'annotations', 'Metadata'));
  set(md, 'kubeVersion', str(v, 'kubeVersion', 'Metadata'));
  const deps = lookup(v, 'dependencies');
  if (deps !== undefined && deps !== null) {
    if (!isList(deps)) throw typeError('Metadata', 'dependencies', '[]*chart.Dependency', deps);
    md.dependencies = deps.map((d) => decodeDependency(d));
  }
  set(md, 'type', str(v, 'type', 'Metadata'));
  return md;
}

export function decodeLock(v: GoValue): Lock {
  const lock: Lock = { generated: '', digest: '', dependencies: [] };
  if (v === null) return lock;
  if (!isMap(v)) throw documentTypeError('chart.Lock', v);
  const gen = lookup(v, 'generated');
  if (gen !== undefined && gen !== null) {
    // A time.Time: JSON strings in RFC 3339 only, with Go's parse errors.
    if (typeof gen !== 'string') {
      throw new ChartLoadError(
        'error unmarshaling JSON: while decoding JSON: Time.UnmarshalJSON: input is not a JSON string',
      );
    }
    try {
      parseTime(RFC3339, gen);
    } catch (err) {
      throw new ChartLoadError(`error unmarshaling JSON: while decoding JSON: ${(err as Error).message}`);
    }
    lock.generated = gen;
  }
  lock.digest = str(v, 'digest', 'Lock') ?? '';
  const deps = lookup(v, 'dependencies');
  if (deps !== undefined && deps !== null) {
    if (!isList(deps)) throw typeError('Lock', 'dependencies', '[]*chart.Dependency', deps);
    lock.dependencies = deps
      .map((d) => decodeDependency(d, 'Lock'))
      .filter((d): d is Dependency => d !== null);
  }
  return lock;
}

/** Helm's sanitizeString: whitespace runes become spaces, non-printable runes are dropped. */
export function sanitizeString(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/\s/u.test(ch)) out += ' ';
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch) || ch === ' ') out += ch;
  }
  return out;
}

const ALIAS = /^[a-zA-Z0-9_-]+$/;

function validationError(message: string): ChartLoadError {
  return new ChartLoadError(`validation: ${message}`);
}

/** Metadata.Validate, with Helm's messages. Sanitizes string fields in place. */
export function validateMetadata(md: Metadata): void {
  for (const key of [
    'name',
    'description',
    'home',
    'icon',
    'version',
    'apiVersion',
    'condition',
    'tags',
    'appVersion',
    'kubeVersion',
    'type',
  ] as const) {
    const v = md[key];
    if (typeof v === 'string') md[key] = sanitizeString(v);
  }
  if (md.sources) md.sources = md.sources.map(sanitizeString);
  if (md.keywords) md.keywords = md.keywords.map(sanitizeString);
  if (!md.apiVersion) throw validationError('chart.metadata.apiVersion is required');
  if (!md.name) throw validationError('chart.metadata.name is required');
  if (md.name !== md.name.slice(md.name.lastIndexOf('/') + 1) || md.name === '.' || md.name === '..') {
    throw validationError(`chart.metadata.name "${md.name}" is invalid`);
  }
  if (!md.version) throw validationError('chart.metadata.version is required');
  try {
    parseVersion(md.version);
  } catch {
    throw validationError(`chart.metadata.version "${md.version}" is invalid`);
  }
  if (md.type !== undefined && md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw validationError('chart.metadata.type must be application or library');
  }
  for (const m of md.maintainers ?? []) {
    if (m === null) throw validationError('maintainers must not contain empty or null nodes');
    for (const k of ['name', 'email', 'url'] as const) if (m[k] !== undefined) m[k] = sanitizeString(m[k]);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (d === null) throw validationError('dependencies must not contain empty or null nodes');
    d.name = sanitizeString(d.name);
    if (d.version !== undefined) d.version = sanitizeString(d.version);
    d.repository = sanitizeString(d.repository);
    if (d.condition !== undefined) d.condition = sanitizeString(d.condition);
    if (d.tags) d.tags = d.tags.map(sanitizeString);
    if (d.alias !== undefined && d.alias !== '' && !ALIAS.test(d.alias)) {
      throw validationError(`dependency "${d.name}" has disallowed characters in the alias`);
    }
    const key = d.alias ? d.alias : d.name;
    if (seen.has(key)) throw validationError(`more than one dependency with name or alias "${key}"`);
    seen.add(key);
  }
}
