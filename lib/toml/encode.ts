/**
 * BurntSushi/toml v1.4.0's Encoder (what Helm's `toToml` uses) for the engine's values: keys
 * sorted bytewise with plain values before sub-tables, two-space indentation per table level,
 * `[[array]]` for lists of maps, inline `{k = v}` tables inside other arrays, floats always
 * with a decimal point, and the library's error texts.
 */
import { formatFloatF } from '../yaml/float.ts';
import {
  GoError,
  GoFloat32,
  GoFunc,
  GoInt,
  GoStruct,
  compareBytewise,
  isEmbeddedField,
} from '../go/value.ts';
import type { GoMap, GoValue } from '../go/value.ts';

type TomlType = 'bool' | 'integer' | 'float' | 'string' | 'datetime' | 'array' | 'arrayHash' | 'hash' | null;

class TomlEncodeError extends GoError {}

const ERR_ARRAY_NIL = 'toml: cannot encode array with nil element';
const ERR_NO_KEY = 'toml: top-level values must be Go maps or structs';

function encPanic(message: string): never {
  throw new TomlEncodeError(message);
}

function isTime(v: GoValue): boolean {
  return v instanceof GoStruct && (v.type === 'time.Time' || v.type === '*time.Time');
}

/** TextMarshaler / toml.Marshaler values encode as strings. */
function isMarshaler(v: GoValue): boolean {
  return (
    v instanceof GoStruct &&
    (isTime(v) || v.methods.MarshalText !== undefined || v.methods.MarshalTOML !== undefined)
  );
}

function goKind(v: GoValue): string {
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoInt) return v.kind;
  return typeof v;
}

function tomlTypeOf(v: GoValue): TomlType {
  if (v === null) return null;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || v instanceof GoFloat32) return 'float';
  if (typeof v === 'string') return 'string';
  if (v instanceof GoInt) return 'integer';
  if (v instanceof Uint8Array) return v.length > 0 ? 'array' : 'array';
  if (Array.isArray(v)) return isTableArray(v) ? 'arrayHash' : 'array';
  if (v instanceof Map) return 'hash';
  if (v instanceof GoStruct) {
    if (isTime(v)) return 'datetime';
    if (isMarshaler(v)) return 'string';
    return 'hash';
  }
  return encPanic(`unsupported type: ${goKind(v)}`);
}

/** isTableArray: a non-empty list whose elements are all tables; nil elements are an error. */
function isTableArray(list: readonly GoValue[]): boolean {
  if (list.length === 0) return false;
  let all = true;
  for (const item of list) {
    const t = tomlTypeOf(item);
    if (t === null) encPanic(ERR_ARRAY_NIL);
    if (t !== 'hash') all = false;
  }
  return all;
}

function isTable(v: GoValue): boolean {
  const t = tomlTypeOf(v);
  return t === 'hash' || t === 'arrayHash';
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\r':
        out += '\\r';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function keyPiece(k: string): string {
  if (k === '') return '""';
  return BARE_KEY.test(k) ? k : quoteString(k);
}

type Key = readonly string[];

function keyString(key: Key): string {
  return key.map(keyPiece).join('.');
}

interface StructField {
  name: string;
  value: GoValue;
}

/** The exported fields, an embedded struct's promoted in its place (BurntSushi's addFields). */
function exportedFields(s: GoStruct): StructField[] {
  const out: StructField[] = [];
  for (const f of s.fields) {
    if (isEmbeddedField(s, f)) {
      out.push(...exportedFields(f.value as GoStruct));
      continue;
    }
    const ch = f.name[0] ?? '';
    if (ch.toUpperCase() === ch && ch.toLowerCase() !== ch) out.push({ name: f.name, value: f.value });
  }
  return out;
}

function floatText(f: number, bits: 32 | 64): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
  const s = formatFloatF(f, bits);
  return s.includes('.') ? s : s + '.0';
}

class Encoder {
  out = '';
  hasWritten = false;
  readonly indent = '  ';

  wf(s: string): void {
    this.out += s;
    this.hasWritten = true;
  }

  newline(): void {
    if (this.hasWritten) this.wf('\n');
  }

  indentStr(key: Key): string {
    return this.indent.repeat(Math.max(0, key.length - 1));
  }

  encode(key: Key, v: GoValue): void {
    if (isMarshaler(v)) {
      this.writeKeyValue(key, v, false);
      return;
    }
    if (v === null) return;
    switch (typeof v) {
      case 'boolean':
      case 'number':
      case 'string':
        this.writeKeyValue(key, v, false);
        return;
    }
    if (v instanceof GoInt || v instanceof GoFloat32) {
      this.writeKeyValue(key, v, false);
    } else if (v instanceof Uint8Array || Array.isArray(v)) {
      if (tomlTypeOf(v) === 'arrayHash') this.eArrayOfTables(key, v as GoValue[]);
      else this.writeKeyValue(key, v, false);
    } else if (v instanceof Map || v instanceof GoStruct) {
      this.eTable(key, v);
    } else {
      encPanic(`unsupported type for key '${keyString(key)}': ${goKind(v)}`);
    }
  }

  eElement(v: GoValue): void {
    if (v instanceof GoStruct && isTime(v)) {
      const format = v.methods.Format;
      if (!format) encPanic('unexpected primitive type: time.Time');
      // The library's local-date/time zones keep their TOML layout.
      const zone = String(format.fn('MST'));
      const layout =
        zone === 'datetime-local'
          ? '2006-01-02T15:04:05.999999999'
          : zone === 'date-local'
            ? '2006-01-02'
            : zone === 'time-local'
              ? '15:04:05.999999999'
              : '2006-01-02T15:04:05.999999999Z07:00';
      this.wf(String(format.fn(layout)));
      return;
    }
    if (v instanceof GoStruct && isMarshaler(v)) {
      const m = v.methods.MarshalTOML ?? v.methods.MarshalText;
      const out = m.fn();
      this.writeQuoted(out instanceof Uint8Array ? Buffer.from(out).toString('utf8') : String(out));
      return;
    }
    if (v === null) encPanic('unexpected primitive type: <nil>');
    switch (typeof v) {
      case 'string':
        this.writeQuoted(v);
        return;
      case 'boolean':
        this.wf(v ? 'true' : 'false');
        return;
      case 'number':
        this.wf(floatText(v, 64));
        return;
    }
    if (v instanceof GoInt) this.wf(v.value.toString());
    else if (v instanceof GoFloat32) this.wf(floatText(v.value, 32));
    else if (v instanceof Uint8Array) this.eArrayElement([...v].map((b) => new GoInt('uint8', BigInt(b))));
    else if (Array.isArray(v)) this.eArrayElement(v);
    else if (v instanceof GoStruct) this.eStruct([], v, true);
    else if (v instanceof Map) this.eMap([], v, true);
    else encPanic(`unexpected primitive type: ${v.goType}`);
  }

  writeQuoted(s: string): void {
    this.wf(quoteString(s));
  }

  eArrayElement(list: readonly GoValue[]): void {
    this.wf('[');
    for (let i = 0; i < list.length; i++) {
      this.eElement(list[i]);
      if (i !== list.length - 1) this.wf(', ');
    }
    this.wf(']');
  }

  eArrayOfTables(key: Key, list: readonly GoValue[]): void {
    if (key.length === 0) encPanic(ERR_NO_KEY);
    for (const item of list) {
      if (item === null) continue;
      this.newline();
      this.wf(`${this.indentStr(key)}[[${keyString(key)}]]`);
      this.newline();
      this.eMapOrStruct(key, item, false);
    }
  }

  eTable(key: Key, v: GoMap | GoStruct): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.wf(`${this.indentStr(key)}[${keyString(key)}]`);
      this.newline();
    }
    this.eMapOrStruct(key, v, false);
  }

  eMapOrStruct(key: Key, v: GoValue, inline: boolean): void {
    if (v instanceof Map) this.eMap(key, v, inline);
    else if (v instanceof GoStruct) this.eStruct(key, v, inline);
    else throw new GoError(`eTable: unhandled reflect.Value Kind: ${goKind(v)}`);
  }

  eMap(key: Key, m: GoMap, inline: boolean): void {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const [k, v] of m) (isTable(v) ? sub : direct).push(k);
    const writeKeys = (keys: string[], trailComma: boolean): void => {
      keys.sort(compareBytewise);
      for (let i = 0; i < keys.length; i++) {
        const val = m.get(keys[i]) ?? null;
        if (val === null) continue;
        if (inline) {
          this.writeKeyValue([keys[i]], val, true);
          if (trailComma || i !== keys.length - 1) this.wf(', ');
        } else {
          this.encode([...key, keys[i]], val);
        }
      }
    };
    if (inline) this.wf('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.wf('}');
  }

  eStruct(key: Key, s: GoStruct, inline: boolean): void {
    const fields = exportedFields(s);
    const direct = fields.filter((f) => !isTable(f.value));
    const sub = fields.filter((f) => isTable(f.value));
    const writeFields = (list: StructField[]): void => {
      for (let i = 0; i < list.length; i++) {
        const f = list[i];
        if (f.value === null) continue;
        if (inline) {
          this.writeKeyValue([f.name], f.value, true);
          if (i !== list.length - 1) this.wf(', ');
        } else {
          this.encode([...key, f.name], f.value);
        }
      }
    };
    if (inline) this.wf('{');
    writeFields(direct);
    writeFields(sub);
    if (inline) this.wf('}');
  }

  writeKeyValue(key: Key, v: GoValue, inline: boolean): void {
    if (key.length === 0) {
      this.eElement(v);
      return;
    }
    this.wf(`${this.indentStr(key)}${keyPiece(key[key.length - 1])} = `);
    this.eElement(v);
    if (!inline) this.newline();
  }
}

/**
 * toml.NewEncoder(w).Encode(v): the TOML text. Throws GoError with the library's message
 * (Helm's toToml returns that message as its result).
 */
export function encodeToml(v: GoValue): string {
  // Encode(nil) reaches reflect with a zero Value (a runtime panic in Go, not an encode error).
  if (v === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  const e = new Encoder();
  e.encode([], v);
  return e.out;
}

/** Whether an error from {@link encodeToml} is one the library reports as its error value. */
export function isTomlEncodeError(e: unknown): boolean {
  return e instanceof TomlEncodeError;
}
