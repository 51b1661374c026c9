/**
 * Release <-> JSON exactly as Helm's json.Marshal writes it: Go struct field order, omitempty
 * as Go applies it (Helm's time wrapper is never omitted and writes the zero time as ""),
 * nil slices/maps/pointers as `null` where not omitempty, map keys sorted, `<>&` escaped.
 * Unknown keys are kept with their source text and re-emitted at the same place.
 */
import { marshalJSON, quoteJSONString, unmarshalJSON } from '../go/json.ts';
import { compareBytewise, isMap } from '../go/value.ts';
import type { GoMap, GoValue } from '../go/value.ts';
import { scanJSON } from './json-scan.ts';
import type { JsonNode } from './json-scan.ts';
import { GO_ZERO_TIME, ZERO_TIME } from './time.ts';
import { OMITTED_ZERO_TIMES, UNKNOWN_FIELDS } from './model.ts';
import type { Release, UnknownField } from './model.ts';

type FieldKind =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  | 'strings'
  | 'stringMap'
  | 'anyMap'
  | 'any'
  | 'anyList'
  | { time: string }
  | { struct: Schema; ptr: boolean }
  | { list: Schema };

interface Field {
  key: string;
  kind: FieldKind;
  omitempty: boolean;
}
interface Schema {
  goName: string;
  fields: Field[];
}

const f = (key: string, kind: FieldKind, omitempty = true): Field => ({ key, kind, omitempty });
const HELM_TIME = { time: ZERO_TIME };

const maintainer: Schema = {
  goName: 'Maintainer',
  fields: [f('name', 'string'), f('email', 'string'), f('url', 'string')],
};
const dependency: Schema = {
  goName: 'Dependency',
  fields: [
    f('name', 'string', false),
    f('version', 'string'),
    f('repository', 'string', false),
    f('condition', 'string'),
    f('tags', 'strings'),
    f('enabled', 'bool'),
    f('import-values', 'anyList'),
    f('alias', 'string'),
  ],
};
const metadata: Schema = {
  goName: 'Metadata',
  fields: [
    f('name', 'string'),
    f('home', 'string'),
    f('sources', 'strings'),
    f('version', 'string'),
    f('description', 'string'),
    f('keywords', 'strings'),
    f('maintainers', { list: maintainer }),
    f('icon', 'string'),
    f('apiVersion', 'string'),
    f('condition', 'string'),
    f('tags', 'string'),
    f('appVersion', 'string'),
    f('deprecated', 'bool'),
    f('annotations', 'stringMap'),
    f('kubeVersion', 'string'),
    f('dependencies', { list: dependency }),
    f('type', 'string'),
  ],
};
const lock: Schema = {
  goName: 'Lock',
  fields: [
    f('generated', { time: GO_ZERO_TIME }, false),
    f('digest', 'string', false),
    f('dependencies', { list: dependency }, false),
  ],
};
const file: Schema = { goName: 'File', fields: [f('name', 'string', false), f('data', 'bytes', false)] };
const chart: Schema = {
  goName: 'Chart',
  fields: [
    f('metadata', { struct: metadata, ptr: true }, false),
    f('lock', { struct: lock, ptr: true }, false),
    f('templates', { list: file }, false),
    f('values', 'anyMap', false),
    f('schema', 'bytes', false),
    f('files', { list: file }, false),
  ],
};
const hookExecution: Schema = {
  goName: 'HookExecution',
  fields: [f('started_at', HELM_TIME), f('completed_at', HELM_TIME), f('phase', 'string', false)],
};
const hook: Schema = {
  goName: 'Hook',
  fields: [
    f('name', 'string'),
    f('kind', 'string'),
    f('path', 'string'),
    f('manifest', 'string'),
    f('events', 'strings'),
    f('last_run', { struct: hookExecution, ptr: false }),
    f('weight', 'int'),
    f('delete_policies', 'strings'),
  ],
};
const info: Schema = {
  goName: 'Info',
  fields: [
    f('first_deployed', HELM_TIME),
    f('last_deployed', HELM_TIME),
    f('deleted', HELM_TIME, false),
    f('description', 'string'),
    f('status', 'string'),
    f('notes', 'string'),
    f('resources', 'any'),
  ],
};
const release: Schema = {
  goName: 'Release',
  fields: [
    f('name', 'string'),
    f('info', { struct: info, ptr: true }),
    f('chart', { struct: chart, ptr: true }),
    f('config', 'anyMap'),
    f('manifest', 'string'),
    f('hooks', { list: hook }),
    f('version', 'int'),
    f('namespace', 'string'),
  ],
};

type Obj = Record<string, unknown> & { [UNKNOWN_FIELDS]?: UnknownField[]; [OMITTED_ZERO_TIMES]?: string[] };

// ---------------------------------------------------------------------------------------------
// Encoding

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** The field's JSON text, or undefined when Go would omit it. */
function encodeField(fd: Field, v: unknown): string | undefined {
  const k = fd.kind;
  const omit = fd.omitempty;
  if (typeof k === 'object' && 'time' in k) return quoteJSONString(typeof v === 'string' ? v : k.time);
  if (typeof k === 'object' && 'struct' in k) {
    if (v === null || v === undefined)
      return k.ptr ? (omit ? undefined : 'null') : encodeStruct(k.struct, {});
    return encodeStruct(k.struct, v as Obj);
  }
  if (typeof k === 'object' && 'list' in k) {
    if (!Array.isArray(v)) return omit ? undefined : 'null';
    if (v.length === 0 && omit) return undefined;
    return (
      '[' +
      v
        .map((item: unknown) =>
          item === null || item === undefined ? 'null' : encodeStruct(k.list, item as Obj),
        )
        .join(',') +
      ']'
    );
  }
  switch (k) {
    case 'string': {
      const s = typeof v === 'string' ? v : '';
      return s === '' && omit ? undefined : quoteJSONString(s);
    }
    case 'int': {
      const n = typeof v === 'number' ? v : 0;
      return n === 0 && omit ? undefined : String(Math.trunc(n));
    }
    case 'bool':
      return v !== true && omit ? undefined : String(v === true);
    case 'bytes':
      if (!(v instanceof Uint8Array)) return omit ? undefined : 'null';
      return v.length === 0 && omit ? undefined : quoteJSONString(base64(v));
    case 'strings':
      if (!Array.isArray(v)) return omit ? undefined : 'null';
      return v.length === 0 && omit
        ? undefined
        : '[' + v.map((s: unknown) => quoteJSONString(String(s))).join(',') + ']';
    case 'stringMap': {
      if (v === null || v === undefined) return omit ? undefined : 'null';
      const entries = Object.entries(v as Record<string, string>).sort((a, b) => compareBytewise(a[0], b[0]));
      if (entries.length === 0 && omit) return undefined;
      return '{' + entries.map(([key, s]) => quoteJSONString(key) + ':' + quoteJSONString(s)).join(',') + '}';
    }
    case 'anyMap':
      if (!isMapValue(v)) return omit ? undefined : 'null';
      return v.size === 0 && omit ? undefined : marshalJSON(v);
    case 'anyList':
      if (!Array.isArray(v)) return omit ? undefined : 'null';
      return v.length === 0 && omit ? undefined : marshalJSON(v as GoValue[]);
    case 'any':
      if (v === null || v === undefined) return omit ? undefined : 'null';
      if (omit && isMapValue(v) && v.size === 0) return undefined;
      return marshalJSON(v as GoValue);
  }
}

function isMapValue(v: unknown): v is GoMap {
  return v instanceof Map && isMap(v as GoMap);
}

function encodeStruct(schema: Schema, obj: Obj): string {
  const unknown = obj[UNKNOWN_FIELDS] ?? [];
  const parts: string[] = [];
  const emitUnknown = (after: string | null): void => {
    for (const u of unknown) if (u.after === after) parts.push(quoteJSONString(u.key) + ':' + u.raw);
  };
  emitUnknown(null);
  const omittedTimes = obj[OMITTED_ZERO_TIMES] ?? [];
  for (const fd of schema.fields) {
    const v = obj[fd.key];
    const keepOmitted = omittedTimes.includes(fd.key) && (v === undefined || v === '' || v === GO_ZERO_TIME);
    const text = keepOmitted ? undefined : encodeField(fd, v);
    if (text !== undefined) parts.push(quoteJSONString(fd.key) + ':' + text);
    emitUnknown(fd.key);
  }
  return '{' + parts.join(',') + '}';
}

/** The release as Helm's json.Marshal writes it. */
export function releaseToJSON(rel: Release): string {
  return encodeStruct(release, rel as unknown as Obj);
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Decoder {
  readonly src: string;
  constructor(src: string) {
    this.src = src;
  }
  mismatch(schema: Schema, fd: Field, n: JsonNode, goType: string): never {
    const what = n.kind === 'bool' ? 'bool' : n.kind === 'number' ? `number ${n.text}` : n.kind;
    throw new Error(
      `json: cannot unmarshal ${what} into Go struct field ${schema.goName}.${fd.key} of type ${goType}`,
    );
  }
  raw(n: JsonNode): string {
    return this.src.slice(n.start, n.end);
  }
  field(schema: Schema, fd: Field, n: JsonNode): unknown {
    const k = fd.kind;
    if (typeof k === 'object' && 'time' in k) {
      if (n.kind === 'null') return k.time;
      if (n.kind !== 'string') this.mismatch(schema, fd, n, 'time.Time');
      return n.value === '' ? k.time : n.value;
    }
    if (typeof k === 'object' && 'struct' in k) {
      if (n.kind === 'null')
        return k.ptr ? null : this.struct(k.struct, { kind: 'object', entries: [], start: 0, end: 0 });
      if (n.kind !== 'object') this.mismatch(schema, fd, n, k.struct.goName);
      return this.struct(k.struct, n);
    }
    if (typeof k === 'object' && 'list' in k) {
      if (n.kind === 'null') return null;
      if (n.kind !== 'array') this.mismatch(schema, fd, n, `[]*${k.list.goName}`);
      return n.items.map((item) => {
        if (item.kind === 'null') return null;
        if (item.kind !== 'object') this.mismatch(schema, fd, item, k.list.goName);
        return this.struct(k.list, item);
      });
    }
    switch (k) {
      case 'string':
        if (n.kind === 'null') return '';
        if (n.kind !== 'string') this.mismatch(schema, fd, n, 'string');
        return n.value;
      case 'int': {
        if (n.kind === 'null') return 0;
        if (n.kind !== 'number' || !/^-?\d+$/.test(n.text)) this.mismatch(schema, fd, n, 'int');
        return Number(n.text);
      }
      case 'bool':
        if (n.kind === 'null') return false;
        if (n.kind !== 'bool') this.mismatch(schema, fd, n, 'bool');
        return n.value;
      case 'bytes':
        if (n.kind === 'null') return null;
        if (n.kind !== 'string') this.mismatch(schema, fd, n, '[]uint8');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(n.value) || n.value.length % 4 !== 0) {
          throw new Error(`illegal base64 data in ${schema.goName}.${fd.key}`);
        }
        return new Uint8Array(Buffer.from(n.value, 'base64'));
      case 'strings':
        if (n.kind === 'null') return null;
        if (n.kind !== 'array') this.mismatch(schema, fd, n, '[]string');
        return n.items.map((item) => {
          if (item.kind === 'null') return '';
          if (item.kind !== 'string') this.mismatch(schema, fd, item, 'string');
          return item.value;
        });
      case 'stringMap': {
        if (n.kind === 'null') return null;
        if (n.kind !== 'object') this.mismatch(schema, fd, n, 'map[string]string');
        const out: Record<string, string> = {};
        for (const e of n.entries) {
          if (e.value.kind === 'null') out[e.key] = '';
          else if (e.value.kind !== 'string') this.mismatch(schema, fd, e.value, 'string');
          else out[e.key] = e.value.value;
        }
        return out;
      }
      case 'anyMap':
        if (n.kind === 'null') return null;
        if (n.kind !== 'object') this.mismatch(schema, fd, n, 'map[string]interface {}');
        return unmarshalJSON(this.raw(n));
      case 'anyList':
        if (n.kind === 'null') return null;
        if (n.kind !== 'array') this.mismatch(schema, fd, n, '[]interface {}');
        return unmarshalJSON(this.raw(n));
      case 'any':
        return n.kind === 'null' ? undefined : unmarshalJSON(this.raw(n));
    }
  }
  struct(schema: Schema, n: Extract<JsonNode, { kind: 'object' }>): Obj {
    const obj: Obj = {};
    const unknown: UnknownField[] = [];
    let lastKnown: string | null = null;
    for (const fd of schema.fields) {
      // Fields Go never omits are always present in the model, so the types hold.
      if (
        !fd.omitempty ||
        (typeof fd.kind === 'object' && 'time' in fd.kind) ||
        (typeof fd.kind === 'object' && 'struct' in fd.kind && !fd.kind.ptr)
      ) {
        obj[fd.key] = this.field(schema, fd, { kind: 'null', start: 0, end: 0 });
      }
    }
    for (const e of n.entries) {
      const fd = schema.fields.find((x) => x.key === e.key);
      if (!fd) {
        unknown.push({ after: lastKnown, key: e.key, raw: this.raw(e.value) });
        continue;
      }
      lastKnown = fd.key;
      const v = this.field(schema, fd, e.value);
      if (v === undefined) delete obj[fd.key];
      else obj[fd.key] = v;
    }
    if (unknown.length > 0) obj[UNKNOWN_FIELDS] = unknown;
    const omittedTimes = schema.fields
      .filter(
        (fd) => typeof fd.kind === 'object' && 'time' in fd.kind && !n.entries.some((e) => e.key === fd.key),
      )
      .map((fd) => fd.key);
    if (omittedTimes.length > 0 && n.end > n.start) obj[OMITTED_ZERO_TIMES] = omittedTimes;
    return obj;
  }
}

/** Parses a release JSON document (json.Unmarshal into release.Release). */
export function releaseFromJSON(text: string): Release {
  const root = scanJSON(text);
  if (root.kind === 'null') return {};
  if (root.kind !== 'object')
    throw new Error(`json: cannot unmarshal ${root.kind} into Go value of type release.Release`);
  return new Decoder(text).struct(release, root) as Release;
}

export type { GoMap };
