/**
 * Go's encoding/json for the engine's value model: Marshal / MarshalIndent / Unmarshal with the
 * exact output and error texts Go produces (sorted map keys, HTML-safe escaping, float layout,
 * `invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`).
 */
import { formatFloatJSON } from '../yaml/float.ts';
import {
  GoError,
  GoFloat32,
  GoFunc,
  GoInt,
  GoStruct,
  compareBytewise,
  typeName,
  utf8Bytes,
} from './value.ts';
import type { GoList, GoMap, GoValue } from './value.ts';

export interface MarshalOptions {
  /** json.Encoder.SetEscapeHTML: escape `<`, `>`, `&` (default true, as json.Marshal does). */
  escapeHTML?: boolean;
}

const HEX = '0123456789abcdef';

/** encoding/json's string encoding (encode.go appendString). */
export function quoteJSONString(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      switch (c) {
        case 0x22:
          rep = '\\"';
          break;
        case 0x5c:
          rep = '\\\\';
          break;
        case 0x0a:
          rep = '\\n';
          break;
        case 0x0d:
          rep = '\\r';
          break;
        case 0x09:
          rep = '\\t';
          break;
        case 0x08:
          rep = '\\b';
          break;
        case 0x0c:
          rep = '\\f';
          break;
        default:
          rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) {
      rep = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    } else if (c === 0x2028 || c === 0x2029) {
      rep = c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8 in Go's eyes: written as U+FFFD.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

function isEmptyValue(v: GoValue): boolean {
  if (v === null || v === false || v === '' || v === 0) return true;
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat32) return v.value === 0;
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

function isExported(name: string): boolean {
  const c = name.codePointAt(0) ?? 0;
  return (
    String.fromCodePoint(c).toUpperCase() === String.fromCodePoint(c) &&
    String.fromCodePoint(c).toLowerCase() !== String.fromCodePoint(c)
  );
}

/** The JSON members of a struct: exported fields with their json names, in declaration order. */
export function structJSONFields(s: GoStruct): { name: string; value: GoValue }[] {
  const out: { name: string; value: GoValue }[] = [];
  for (const f of s.fields) {
    if (f.json === '-' || !isExported(f.name)) continue;
    if (f.omitempty && isEmptyValue(f.value)) continue;
    out.push({ name: f.json ?? f.name, value: f.value });
  }
  return out;
}

/** Appends the JSON encoding of `v`; throws GoError with Go's message on unsupported values. */
function encode(v: GoValue, escapeHTML: boolean, parts: string[]): void {
  if (v === null) {
    parts.push('null');
    return;
  }
  switch (typeof v) {
    case 'boolean':
      parts.push(v ? 'true' : 'false');
      return;
    case 'string':
      parts.push(quoteJSONString(v, escapeHTML));
      return;
    case 'number':
      if (!Number.isFinite(v))
        throw new GoError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
      parts.push(formatFloatJSON(v));
      return;
  }
  if (v instanceof GoInt) {
    parts.push(v.value.toString());
  } else if (v instanceof GoFloat32) {
    if (!Number.isFinite(v.value)) {
      throw new GoError(
        `json: unsupported value: ${Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? '+Inf' : '-Inf'}`,
      );
    }
    parts.push(formatFloatJSON(v.value, 32));
  } else if (v instanceof Uint8Array) {
    parts.push('"' + base64(v) + '"');
  } else if (Array.isArray(v)) {
    encodeList(v, escapeHTML, parts);
  } else if (v instanceof Map) {
    encodeMap(v, escapeHTML, parts);
  } else if (v instanceof GoStruct) {
    const marshal = v.methods.MarshalJSON;
    if (marshal) {
      const out = marshal.fn();
      parts.push(
        typeof out === 'string'
          ? out
          : out instanceof Uint8Array
            ? Buffer.from(out).toString('utf8')
            : 'null',
      );
      return;
    }
    parts.push('{');
    let first = true;
    for (const f of structJSONFields(v)) {
      if (!first) parts.push(',');
      first = false;
      parts.push(quoteJSONString(f.name, escapeHTML), ':');
      encode(f.value, escapeHTML, parts);
    }
    parts.push('}');
  } else if (v instanceof GoFunc) {
    throw new GoError(`json: unsupported type: ${v.goType}`);
  }
}

function encodeList(v: GoList, escapeHTML: boolean, parts: string[]): void {
  parts.push('[');
  for (let i = 0; i < v.length; i++) {
    if (i > 0) parts.push(',');
    encode(v[i], escapeHTML, parts);
  }
  parts.push(']');
}

function encodeMap(v: GoMap, escapeHTML: boolean, parts: string[]): void {
  parts.push('{');
  const keys = [...v.keys()].sort(compareBytewise);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) parts.push(',');
    parts.push(quoteJSONString(keys[i], escapeHTML), ':');
    encode(v.get(keys[i]) ?? null, escapeHTML, parts);
  }
  parts.push('}');
}

/** json.Marshal (or an Encoder with SetEscapeHTML(escapeHTML), minus its trailing newline). */
export function marshalJSON(v: GoValue, opts: MarshalOptions = {}): string {
  const parts: string[] = [];
  encode(v, opts.escapeHTML ?? true, parts);
  return parts.join('');
}

/** json.Indent applied to compact JSON, as MarshalIndent does. */
export function indentJSON(src: string, prefix: string, indent: string): string {
  let out = '';
  let depth = 0;
  let needIndent = false;
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += src[++i];
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (needIndent && c !== ']' && c !== '}') {
      needIndent = false;
      depth++;
      out += '\n' + prefix + indent.repeat(depth);
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        needIndent = true;
        break;
      case ',':
        out += c + '\n' + prefix + indent.repeat(depth);
        break;
      case ':':
        out += ': ';
        break;
      case '}':
      case ']':
        if (needIndent) {
          // Empty object or array: stays compact.
          needIndent = false;
        } else {
          depth--;
          out += '\n' + prefix + indent.repeat(depth);
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** json.MarshalIndent. */
export function marshalIndentJSON(
  v: GoValue,
  prefix: string,
  indent: string,
  opts: MarshalOptions = {},
): string {
  return indentJSON(marshalJSON(v, opts), prefix, indent);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** scanner.go's quoteChar: how a byte appears in syntax error messages. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  const cp = c.codePointAt(0) ?? 0;
  let inner = q.slice(1, -1);
  if (cp < 0x20 || cp === 0x7f) {
    const named: Record<number, string> = {
      7: '\\a',
      8: '\\b',
      9: '\\t',
      10: '\\n',
      11: '\\v',
      12: '\\f',
      13: '\\r',
    };
    inner = named[cp] ?? '\\x' + HEX[cp >> 4] + HEX[cp & 0xf];
  }
  return `'${inner}'`;
}

class SyntaxError extends GoError {}

class Decoder {
  readonly src: string;
  pos = 0;
  constructor(src: string) {
    this.src = src;
  }
  /** The first error json.Unmarshal saves and goes on after (a number too large for float64). */
  saved: GoError | undefined;
  fail(context: string): never {
    if (this.pos >= this.src.length) throw new SyntaxError('unexpected end of JSON input');
    throw new SyntaxError(`invalid character ${quoteChar(this.byteAt(this.pos))} ${context}`);
  }
  /** Go's scanner reads bytes: a multi-byte character is named by its first byte, as a rune. */
  byteAt(pos: number): string {
    const cp = this.src.codePointAt(pos) ?? 0;
    return cp < 0x80 ? String.fromCharCode(cp) : String.fromCharCode(utf8Bytes(String.fromCodePoint(cp))[0]);
  }
  /**
   * For literals and numbers: at the end of input Go's scanner is fed one more space, so an
   * unfinished token reports `invalid character ' ' ...` rather than an unexpected end.
   */
  failToken(context: string): never {
    const c = this.pos >= this.src.length ? ' ' : this.byteAt(this.pos);
    throw new SyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }
  skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }
  value(): GoValue {
    this.skipSpace();
    const c = this.src[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return this.number();
        return this.fail('looking for beginning of value');
    }
  }
  literal(word: string, v: GoValue): GoValue {
    for (let i = 0; i < word.length; i++) {
      if (this.src[this.pos] !== word[i])
        this.failToken(`in literal ${word} (expecting ${quoteChar(word[i])})`);
      this.pos++;
    }
    return v;
  }
  number(): number | null {
    const s = this.src;
    const start = this.pos;
    if (s[this.pos] === '-') {
      this.pos++;
      if (!(s[this.pos] >= '0' && s[this.pos] <= '9')) this.failToken('in numeric literal');
    }
    if (s[this.pos] === '0') {
      this.pos++;
    } else {
      while (s[this.pos] >= '0' && s[this.pos] <= '9') this.pos++;
    }
    if (s[this.pos] === '.') {
      this.pos++;
      if (!(s[this.pos] >= '0' && s[this.pos] <= '9'))
        this.failToken('after decimal point in numeric literal');
      while (s[this.pos] >= '0' && s[this.pos] <= '9') this.pos++;
    }
    if (s[this.pos] === 'e' || s[this.pos] === 'E') {
      this.pos++;
      if (s[this.pos] === '+' || s[this.pos] === '-') this.pos++;
      if (!(s[this.pos] >= '0' && s[this.pos] <= '9')) this.failToken('in exponent of numeric literal');
      while (s[this.pos] >= '0' && s[this.pos] <= '9') this.pos++;
    }
    const text = s.slice(start, this.pos);
    const f = Number(text);
    if (!Number.isFinite(f)) {
      // Saved, and decoding goes on: the value is left nil.
      this.saved ??= new GoError(`json: cannot unmarshal number ${text} into Go value of type float64`);
      return null;
    }
    return f;
  }
  string(): string {
    const s = this.src;
    this.pos++; // opening quote
    let out = '';
    let start = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.fail('');
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += s.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += s.slice(start, this.pos);
      this.pos++;
      const e = s[this.pos];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.pos++;
      } else if (e === 'u') {
        this.pos++;
        const code = this.hex4();
        if (code >= 0xd800 && code < 0xdc00 && s.startsWith('\\u', this.pos)) {
          // A surrogate pair written as two escapes.
          const at = this.pos;
          this.pos += 2;
          const low = this.hex4();
          if (low >= 0xdc00 && low < 0xe000) out += String.fromCharCode(code, low);
          else {
            out += '\ufffd';
            this.pos = at;
          }
        } else {
          // A lone surrogate decodes to U+FFFD, as Go's decoder makes it.
          out += code >= 0xd800 && code < 0xe000 ? '\ufffd' : String.fromCharCode(code);
        }
      } else {
        this.fail('in string escape code');
      }
      start = this.pos;
    }
  }
  /** Four hex digits of a \\u escape. */
  hex4(): number {
    let code = 0;
    for (let k = 0; k < 4; k++) {
      const h = this.src[this.pos];
      if (h === undefined || !/[0-9a-fA-F]/.test(h)) this.fail('in \\u hexadecimal character escape');
      code = code * 16 + parseInt(h, 16);
      this.pos++;
    }
    return code;
  }
  array(): GoList {
    this.pos++;
    const out: GoList = [];
    this.skipSpace();
    if (this.src[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail('after array element');
    }
  }
  object(): GoMap {
    this.pos++;
    const out: GoMap = new Map();
    this.skipSpace();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.src[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      out.set(key, this.value());
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail('after object key:value pair');
    }
  }
}

/** Go's decoding of JSON into interface{}: objects become maps, numbers float64. */
function decodeAll(src: string): { value: GoValue; saved: GoError | undefined } {
  const d = new Decoder(src);
  const value = d.value();
  d.skipSpace();
  if (d.pos < src.length) d.fail('after top-level value');
  return { value, saved: d.saved };
}

export function unmarshalJSON(src: string): GoValue {
  const { value, saved } = decodeAll(src);
  if (saved) throw saved;
  return value;
}

/**
 * json.Unmarshal into a `map[string]interface {}` as helm's fromJson keeps it: a syntax error
 * throws (nothing is decoded), while a saved error (a number out of float64's range) comes back
 * beside everything decoded, that value nil.
 */
export function unmarshalJSONObjectKeeping(src: string): { map: GoMap; error: GoError | undefined } {
  const { value, saved } = decodeAll(src);
  if (value === null) return { map: new Map(), error: saved };
  if (!(value instanceof Map)) {
    const error = new GoError(
      `json: cannot unmarshal ${jsonKindName(value)} into Go value of type map[string]interface {}`,
    );
    return { map: new Map(), error };
  }
  return { map: value, error: saved };
}

/** The JSON kind Go names in UnmarshalTypeError (`array`, `object`, `string`, `number`, `bool`). */
export function jsonKindName(v: GoValue): string {
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeName(v);
}

/** json.Unmarshal into a `map[string]interface {}` (null leaves it empty). */
export function unmarshalJSONObject(src: string): GoMap {
  const v = unmarshalJSON(src);
  if (v === null) return new Map();
  if (!(v instanceof Map)) {
    throw new GoError(
      `json: cannot unmarshal ${jsonKindName(v)} into Go value of type map[string]interface {}`,
    );
  }
  return v;
}

/** json.Unmarshal into a `[]interface {}` (null leaves it empty). */
export function unmarshalJSONArray(src: string): GoList {
  const v = unmarshalJSON(src);
  if (v === null) return [];
  if (!Array.isArray(v)) {
    throw new GoError(`json: cannot unmarshal ${jsonKindName(v)} into Go value of type []interface {}`);
  }
  return v;
}
