/**
 * The Go value model the template engine works on.
 *
 * Helm's templates see Go values through reflection, and almost every observable detail
 * (how `1000000` prints, whether `eq 1 1.0` fails, what `typeOf` says) depends on the Go
 * type of a value. JavaScript has fewer types, so the mapping is:
 *
 * | Go                                  | JavaScript                                   |
 * | ----------------------------------- | -------------------------------------------- |
 * | nil (untyped / nil interface)       | `null`                                       |
 * | bool                                | `boolean`                                    |
 * | string                              | `string`                                     |
 * | float64 (every YAML/JSON number)    | `number`                                     |
 * | int, int64, uint8, … (any integer)  | {@link GoInt} (a kind plus a bigint)         |
 * | float32                             | {@link GoFloat32}                            |
 * | []byte                              | `Uint8Array`                                 |
 * | []T (slice)                         | `GoValue[]`, element type via {@link typeInfo}|
 * | map[string]T                        | `Map<string, GoValue>`, type via typeInfo    |
 * | struct / *struct                    | {@link GoStruct}                             |
 * | func                                | {@link GoFunc}                               |
 *
 * Slices and maps default to `[]interface {}` and `map[string]interface {}`; any other Go
 * type (`[]string`, `chartutil.Values`, `map[string]string`, …) is attached with
 * {@link withType} and read back with {@link typeInfo}.
 */

/** A Go value as the engine sees it. */
export type GoValue =
  null | boolean | string | number | GoInt | GoFloat32 | Uint8Array | GoList | GoMap | GoStruct | GoFunc;

export type GoList = GoValue[];
export type GoMap = Map<string, GoValue>;

/** reflect.Kind names, as `kindOf` prints them. */
export type Kind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr'
  | 'float32'
  | 'float64'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'func'
  | 'interface';

export type IntKind =
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr';

const INT_BITS: Record<IntKind, { bits: number; signed: boolean }> = {
  int: { bits: 64, signed: true },
  int8: { bits: 8, signed: true },
  int16: { bits: 16, signed: true },
  int32: { bits: 32, signed: true },
  int64: { bits: 64, signed: true },
  uint: { bits: 64, signed: false },
  uint8: { bits: 8, signed: false },
  uint16: { bits: 16, signed: false },
  uint32: { bits: 32, signed: false },
  uint64: { bits: 64, signed: false },
  uintptr: { bits: 64, signed: false },
};

/**
 * A Go integer of a given kind. The value is always wrapped to the kind's width, as Go's
 * arithmetic and conversions do. `type` names a named integer type (`time.Duration`,
 * `time.Month`, `rune` prints as int32) when it is not the kind itself.
 */
export class GoInt {
  readonly kind: IntKind;
  readonly value: bigint;
  readonly type: string;
  /** The methods of a named integer type (time.Duration's Hours, Round…), callable from templates. */
  readonly methods: Readonly<Record<string, GoFunc>> | undefined;
  constructor(kind: IntKind, value: bigint, type?: string, methods?: Readonly<Record<string, GoFunc>>) {
    this.kind = kind;
    this.value = wrapInt(kind, value);
    this.type = type ?? kind;
    this.methods = methods;
  }
  get signed(): boolean {
    return INT_BITS[this.kind].signed;
  }
  /** The value as a JS number (may lose precision beyond 2^53, like Go's float64(x)). */
  toNumber(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.value.toString();
  }
}

/** A Go float32 (rare: only some conversions produce one). */
export class GoFloat32 {
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
}

/** Wraps `v` into the range of `kind`, as Go's integer conversion does. */
export function wrapInt(kind: IntKind, v: bigint): bigint {
  const { bits, signed } = INT_BITS[kind];
  return signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
}

export function intKindBits(kind: IntKind): { bits: number; signed: boolean } {
  return INT_BITS[kind];
}

/** Go `int` (the type of integer literals in templates and of `len`). */
export function goInt(v: number | bigint): GoInt {
  return new GoInt('int', typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
}

/** Go `int64` (what Sprig's math and `--set` integers produce). */
export function goInt64(v: number | bigint): GoInt {
  return new GoInt('int64', typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
}

/**
 * A Go function or method callable from a template.
 *
 * `params` are the Go parameter types; the executor converts and checks arguments against
 * them exactly as text/template does (`wrong type for value; expected int; got string`).
 * `variadic`, when set, is the element type of the final `...T` parameter. The function
 * signals a Go error (second return value, or a recovered panic) by throwing
 * {@link GoError}; the executor reports it as `error calling NAME: MESSAGE`.
 */
export class GoFunc {
  readonly name: string;
  readonly params: readonly string[];
  readonly variadic: string | undefined;
  readonly result: string;
  readonly fn: (...args: GoValue[]) => GoValue;
  /** Builtins that need unevaluated/raw reflect semantics (and, or, eq…) are marked special. */
  readonly special: boolean;
  /**
   * Set for a Go method whose results text/template cannot use (Go's goodFunc), e.g.
   * `function Clock has 3 return values; should be 1 or 2`: calling it is that error.
   */
  readonly signatureError: string | undefined;
  constructor(spec: {
    name: string;
    params: readonly string[];
    variadic?: string;
    result?: string;
    fn: (...args: GoValue[]) => GoValue;
    special?: boolean;
    signatureError?: string;
  }) {
    this.name = spec.name;
    this.params = spec.params;
    this.variadic = spec.variadic;
    this.result = spec.result ?? 'interface {}';
    this.fn = spec.fn;
    this.special = spec.special ?? false;
    this.signatureError = spec.signatureError;
  }
  /** The Go type string (`%T`), e.g. `func(string) string`. */
  get goType(): string {
    const ps = [...this.params];
    if (this.variadic !== undefined) ps.push(`...${this.variadic}`);
    return `func(${ps.join(', ')}) ${this.result}`;
  }
}

/** Functions by name, as text/template's FuncMap. */
export type FuncMap = Record<string, GoFunc>;

/** A Go error raised by a function (its message is what Go's `err.Error()` returns). */
export class GoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoError';
  }
}

/** One field of a Go struct. */
export interface GoField {
  readonly name: string;
  /** The field's declared Go type (used for `%T`-style messages and nil handling). */
  readonly type: string;
  value: GoValue;
  /** encoding/json name (`json:"name"` tag); undefined = the Go field name; '-' = skipped. */
  readonly json?: string;
  readonly omitempty?: boolean;
}

/**
 * A Go struct value, or a pointer to one (`pointer: true`, the common case for Helm's
 * objects: `*chart.Metadata`, `*semver.Version`).
 */
export class GoStruct {
  readonly type: string;
  readonly fields: GoField[];
  readonly methods: Readonly<Record<string, GoFunc>>;
  readonly pointer: boolean;
  /** Go's fmt.Stringer / error: when set, `%v` and `print` use it (see stringerOnPointer). */
  readonly stringer: (() => string) | undefined;
  /**
   * The String method has a pointer receiver (`func (*T) String()`), so a struct *value* is
   * no fmt.Stringer: fmt prints its fields (`{v1.32.0 1 32}`). Only text/template's printing
   * of an addressable value (`{{ .Capabilities.KubeVersion }}`) takes its address and calls
   * String. See {@link valueStringer}.
   */
  readonly stringerOnPointer: boolean;
  /** Opaque host data for functions that need it (e.g. a parsed certificate). */
  readonly native: unknown;
  constructor(spec: {
    type: string;
    fields?: GoField[];
    methods?: Record<string, GoFunc>;
    pointer?: boolean;
    stringer?: () => string;
    stringerOnPointer?: boolean;
    native?: unknown;
  }) {
    this.type = spec.type;
    this.fields = spec.fields ?? [];
    this.methods = spec.methods ?? {};
    this.pointer = spec.pointer ?? true;
    this.stringer = spec.stringer;
    this.stringerOnPointer = spec.stringerOnPointer ?? false;
    this.native = spec.native;
  }
  field(name: string): GoField | undefined {
    return this.fields.find((f) => f.name === name);
  }
}

const embeddedTypes = new Map<string, Set<string>>();

/**
 * Whether field `f` of `s` is an embedded struct. Embedding is only visible in the type of an
 * anonymous struct (Helm's `.Chart` is `struct { chart.Metadata; IsRoot bool }`): a member
 * without a field name is embedded, and its field is named after the type.
 */
export function isEmbeddedField(s: GoStruct, f: GoField): boolean {
  if (!s.type.startsWith('struct {') || !(f.value instanceof GoStruct)) return false;
  let types = embeddedTypes.get(s.type);
  if (types === undefined) {
    types = new Set(
      s.type
        .slice('struct {'.length, s.type.lastIndexOf('}'))
        .split(';')
        .map((m) => m.trim())
        .filter((m) => m !== '' && !/\s/.test(m)),
    );
    embeddedTypes.set(s.type, types);
  }
  return types.has(f.type);
}

/** The embedded struct values of `s` (their fields are promoted). */
export function embeddedStructs(s: GoStruct): GoStruct[] {
  return s.fields.filter((f) => isEmbeddedField(s, f)).map((f) => f.value as GoStruct);
}

/** The String method fmt sees on `s` as an interface value (none when it needs a pointer). */
export function valueStringer(s: GoStruct): (() => string) | undefined {
  return s.stringerOnPointer && !s.pointer ? undefined : s.stringer;
}

/** Go type information attached to a slice or map whose type is not the default. */
export interface TypeInfo {
  /** The type as `%T` prints it, e.g. `[]string`, `chartutil.Values`. */
  readonly name: string;
  /** The element type, e.g. `string` for `[]string`, `interface {}` for `chartutil.Values`. */
  readonly elem: string;
  /** For a named type, its underlying unnamed type (`map[string]interface {}` for `chartutil.Values`). */
  readonly underlying?: string;
  /** Methods callable on the value (`.Values.Table`, `.Files.Get`). */
  readonly methods?: Readonly<Record<string, (self: GoValue) => GoFunc>>;
}

const TYPE = Symbol('goType');

type Tagged = { [TYPE]?: TypeInfo };

export const SLICE_OF_ANY: TypeInfo = { name: '[]interface {}', elem: 'interface {}' };
export const MAP_OF_ANY: TypeInfo = { name: 'map[string]interface {}', elem: 'interface {}' };
export const SLICE_OF_STRING: TypeInfo = { name: '[]string', elem: 'string' };
export const SLICE_OF_INT: TypeInfo = { name: '[]int', elem: 'int' };
export const MAP_OF_STRING: TypeInfo = { name: 'map[string]string', elem: 'string' };

/** Attaches a Go type to a slice or map (returns the same object). */
export function withType<T extends GoList | GoMap>(v: T, info: TypeInfo): T {
  Object.defineProperty(v, TYPE, { value: info, enumerable: false, writable: true, configurable: true });
  return v;
}

/** The Go type of a slice or map. */
export function typeInfo(v: GoList | GoMap): TypeInfo {
  const t = (v as Tagged)[TYPE];
  if (t) return t;
  return Array.isArray(v) ? SLICE_OF_ANY : MAP_OF_ANY;
}

export function isList(v: GoValue): v is GoList {
  return Array.isArray(v);
}

export function isMap(v: GoValue): v is GoMap {
  return v instanceof Map;
}

/** The reflect.Kind of a value (`invalid` for nil). */
export function kindOf(v: GoValue): Kind {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof GoFloat32) return 'float32';
  if (v instanceof Uint8Array) return 'slice';
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoStruct) return v.pointer ? 'ptr' : 'struct';
  return 'func';
}

/** The Go type as `%T` prints it (`<nil>` for nil). */
export function typeName(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.type;
  if (v instanceof GoFloat32) return 'float32';
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v) || v instanceof Map) return typeInfo(v).name;
  if (v instanceof GoStruct) return v.type;
  return v.goType;
}

/** Go's truth (text/template `isTrue`): the zero value of its type is false. */
export function isTrue(v: GoValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (v instanceof GoFloat32) return v.value !== 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  // Non-nil pointers, structs and funcs are true.
  return true;
}

/** A new `map[string]interface {}` from entries. */
export function goMap(entries?: Iterable<readonly [string, GoValue]>): GoMap {
  return new Map(entries);
}

/** Map keys in Go's sorted order for string keys (bytewise, as `range` and fmt sort them). */
export function sortedKeys(m: GoMap): string[] {
  return [...m.keys()].sort(compareBytewise);
}

/** Compares two strings by their UTF-8 bytes, as Go's `<` on strings does. */
export function compareBytewise(a: string, b: string): number {
  // For strings without surrogate pairs, UTF-16 code-unit order equals UTF-8 byte order
  // except for code points >= U+E000 vs surrogates; compare by code points to be exact.
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const pa = a.codePointAt(i) ?? ca;
      const pb = b.codePointAt(i) ?? cb;
      return pa < pb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const encoder = new TextEncoder();
// ignoreBOM: a Go string keeps a leading U+FEFF (TextDecoder would drop it).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/*
 * Go strings are byte sequences and may hold bytes that are not UTF-8 (a `trunc` through a
 * multi-byte character, `b64dec` of binary data). JavaScript strings cannot, so such a byte b
 * is carried as the lone surrogate U+DC00+b (Python's "surrogateescape"); utf8Bytes turns it
 * back into the byte, so it survives to the output unchanged.
 */
const ESCAPE_BASE = 0xdc00;

/** The bytes of a Go string (UTF-8, with escaped raw bytes restored). */
/** Any UTF-16 surrogate code unit (no `u` flag: pairs are two matches' worth of units). */
const SURROGATE = /[\ud800-\udfff]/;

export function utf8Bytes(s: string): Uint8Array {
  // The regex engine scans natively; a charCodeAt loop over a whole render runs cold.
  if (!SURROGATE.test(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out.push(
          0xf0 | (cp >> 18),
          0x80 | ((cp >> 12) & 0x3f),
          0x80 | ((cp >> 6) & 0x3f),
          0x80 | (cp & 0x3f),
        );
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      out.push(c - ESCAPE_BASE);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out.push(0xef, 0xbf, 0xbd);
    } else if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Uint8Array.from(out);
}

/** A Go string from bytes: valid UTF-8 decodes as is; each invalid byte is escaped (see above). */
export function utf8String(b: Uint8Array): string {
  try {
    return strictDecoder.decode(b);
  } catch {
    return decodeEscaping(b);
  }
}

/** Go's utf8.DecodeRune rules: an invalid or truncated sequence consumes one byte. */
function decodeEscaping(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c0 = b[i];
    if (c0 < 0x80) {
      out += String.fromCharCode(c0);
      i++;
      continue;
    }
    const need = c0 >= 0xf0 && c0 <= 0xf4 ? 3 : c0 >= 0xe0 ? 2 : c0 >= 0xc2 && c0 <= 0xdf ? 1 : -1;
    let cp = -1;
    if (need > 0) {
      let ok = true;
      let v = need === 1 ? c0 & 0x1f : need === 2 ? c0 & 0x0f : c0 & 0x07;
      for (let k = 1; k <= need && ok; k++) {
        const ck = b[i + k];
        if (ck === undefined || (ck & 0xc0) !== 0x80) ok = false;
        else v = (v << 6) | (ck & 0x3f);
      }
      const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
      if (ok && v >= min && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff)) cp = v;
    }
    if (cp < 0) {
      out += String.fromCharCode(ESCAPE_BASE + c0);
      i++;
    } else {
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
  }
  return out;
}

/** Go's len(string): the number of UTF-8 bytes. */
export function byteLength(s: string): number {
  // Fast path for ASCII.
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? s.length : utf8Bytes(s).length;
}
