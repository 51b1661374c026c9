/**
 * Helm's strvals: the `--set key=value,a.b[0]=c` grammar (pkg/strvals), with its type
 * inference (`--set` integers are int64, `true`/`false`/`null` typed), `--set-string` (all
 * strings), `--set-json` (JSON values, numbers float64), `--set-file` (file content) and
 * `--set-literal` (the rest of the text, verbatim). Errors carry Helm's messages.
 */
import { sprintf } from '../go/fmt.ts';
import { unmarshalJSON } from '../go/json.ts';
import { goInt64, isList, isMap, type GoList, type GoMap, type GoValue } from '../go/value.ts';

export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

/** unicode.IsSpace: Latin-1 spaces plus the Unicode White_Space property (no U+FEFF). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

class StrvalsError extends Error {}

/** Thrown for the end of input, as Go's io.EOF. */
const EOF = Symbol('EOF');
const NOT_LIST = Symbol('ErrNotList');

type ValueReader = (runes: string) => GoValue;

class Scanner {
  readonly runes: string[];
  pos = 0;
  constructor(text: string) {
    this.runes = [...text];
  }
  read(): string | typeof EOF {
    return this.pos < this.runes.length ? this.runes[this.pos++] : EOF;
  }
  unread(): void {
    this.pos--;
  }
  rest(): string {
    return this.runes.slice(this.pos).join('');
  }
}

interface Until {
  text: string;
  last: string | typeof EOF;
}

function runesUntil(sc: Scanner, stop: string, escapes: boolean): Until {
  let text = '';
  for (;;) {
    const r = sc.read();
    if (r === EOF) return { text, last: EOF };
    if (stop.includes(r)) return { text, last: r };
    if (escapes && r === '\\') {
      const next = sc.read();
      if (next === EOF) return { text, last: EOF };
      text += next;
      continue;
    }
    text += r;
  }
}

function typedVal(val: string, stringsOnly: boolean): GoValue {
  if (stringsOnly) return val;
  // strings.EqualFold: Unicode simple folding, where 'ſ' (U+017F) equals 's'.
  const lower = val.toLowerCase().replace(/\u017f/g, 's');
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return goInt64(0);
  if (val.length > 0 && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return goInt64(n);
  }
  return val;
}

function asMap(v: GoValue | undefined): GoMap {
  if (v === undefined) return new Map();
  if (v !== null && isMap(v)) return v;
  throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(v)}, not map[string]interface {}`);
}

function asList(v: GoValue | undefined): GoList {
  if (v === undefined) return [];
  if (v !== null && isList(v)) return v;
  throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goTypeName(v)}, not []interface {}`);
}

function goTypeName(v: GoValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (isMap(v)) return 'map[string]interface {}';
  if (isList(v)) return '[]interface {}';
  return 'int64';
}

function setKey(data: GoMap, key: string, value: GoValue): void {
  if (key.length > 0) data.set(key, value);
}

function setIndex(list: GoList, index: number, value: GoValue): GoList {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= index) list.push(null);
  list[index] = value;
  return list;
}

/** strconv.Atoi on a 64-bit platform, with its error texts (wrapped as Helm wraps them). */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) {
    throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  // Anything beyond MAX_INDEX is refused by setIndex; clamping keeps the number exact enough.
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : n < -BigInt(Number.MAX_SAFE_INTEGER) ? -Number.MAX_SAFE_INTEGER : Number(n);
}

function goQuote(s: string): string {
  return sprintf('%q', [s]);
}

type Mode = 'typed' | 'string' | 'json' | 'file' | 'literal';

class Parser {
  private readonly sc: Scanner;
  private readonly data: GoMap;
  private readonly mode: Mode;
  private readonly reader: ValueReader;

  constructor(text: string, data: GoMap, mode: Mode, reader: ValueReader) {
    this.sc = new Scanner(text);
    this.data = data;
    this.mode = mode;
    this.reader = reader;
  }

  parse(): void {
    for (;;) {
      if (this.key(this.data, 0) === EOF) return;
    }
  }

  private get literal(): boolean {
    return this.mode === 'literal';
  }

  /** Returns EOF at the end of input, undefined to continue. */
  private key(data: GoMap, level: number): typeof EOF | undefined {
    const stop = this.literal ? '=[.' : '=[,.';
    const { text: k, last } = runesUntil(this.sc, stop, !this.literal);
    if (last === EOF) {
      if (k.length === 0) return EOF;
      throw new StrvalsError(`key ${goQuote(k)} has no value`);
    }
    switch (last) {
      case '[': {
        const i = this.keyIndex();
        const list = this.listItem(asList(data.get(k)), i, level);
        setKey(data, k, list);
        return undefined;
      }
      case '=':
        return this.value((v) => setKey(data, k, v));
      case ',':
        setKey(data, k, '');
        throw new StrvalsError(`key ${goQuote(k)} has no value (cannot end with ,)`);
      case '.': {
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(
            `value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`,
          );
        }
        const inner = asMap(data.get(k));
        const r = this.key(inner, level);
        if (r === undefined && inner.size === 0) throw new StrvalsError(`key map ${goQuote(k)} has no value`);
        if (inner.size !== 0) setKey(data, k, inner);
        return r;
      }
    }
    return undefined;
  }

  /** After `=`: reads the value in the parser's mode and stores it. */
  private value(store: (v: GoValue) => void): typeof EOF | undefined {
    if (this.literal) {
      store(runesUntil(this.sc, '', false).text);
      return undefined;
    }
    if (this.mode === 'json') {
      if (this.emptyVal()) {
        store(null);
        return undefined;
      }
      const { value, consumed } = this.decodeJson();
      store(value);
      this.sc.pos += consumed;
      this.emptyVal();
      return undefined;
    }
    const list = this.valList();
    if (list === EOF) {
      store('');
      return EOF;
    }
    if (list !== NOT_LIST) {
      store(list);
      return undefined;
    }
    const { text } = runesUntil(this.sc, ',', true);
    store(this.reader(text));
    return undefined;
  }

  private decodeJson(): { value: GoValue; consumed: number } {
    const rest = this.sc.rest();
    const length = jsonValueLength(rest);
    const value = unmarshalJSON(rest.slice(0, length));
    return { value, consumed: [...rest.slice(0, length)].length };
  }

  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === EOF || r === ',') return true;
      if (!GO_SPACE.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  private keyIndex(): number {
    const { text, last } = runesUntil(this.sc, ']', !this.literal);
    if (last === EOF) throw new StrvalsError('error parsing index: EOF');
    return atoi(text);
  }

  private valList(): GoList | typeof EOF | typeof NOT_LIST {
    const r = this.sc.read();
    if (r === EOF) return EOF;
    if (r !== '{') {
      this.sc.unread();
      return NOT_LIST;
    }
    const list: GoList = [];
    for (;;) {
      const { text, last } = runesUntil(this.sc, ',}', true);
      if (last === EOF) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        const next = this.sc.read();
        if (next !== EOF && next !== ',') this.sc.unread();
        list.push(this.reader(text));
        return list;
      }
      list.push(this.reader(text));
    }
  }

  private listItem(list: GoList, i: number, level: number): GoList {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const { text, last } = runesUntil(this.sc, '[.=', !this.literal);
    if (text.length > 0) throw new StrvalsError(`unexpected data at end of array index: ${goQuote(text)}`);
    if (last === EOF) return list;
    switch (last) {
      case '=': {
        let result = list;
        this.value((v) => {
          result = setIndex(list, i, v);
        });
        return result;
      }
      case '[': {
        const next = this.keyIndex();
        const existing = list.length > i ? list[i] : null;
        const inner = existing === null ? [] : asList(existing);
        return setIndex(list, i, this.listItem(inner, next, level));
      }
      case '.': {
        let inner: GoMap = new Map();
        if (list.length > i) {
          const existing = list[i];
          if (existing !== null && isMap(existing)) inner = existing;
          else list[i] = inner;
        }
        this.key(inner, level);
        return setIndex(list, i, inner);
      }
    }
    throw new StrvalsError(`parse error: unexpected token ${last}`);
  }
}

/**
 * Where the first JSON value in `s` ends (json.Decoder's InputOffset after one Decode):
 * leading space, then a balanced object/array/string, or a scalar up to a delimiter.
 */
function jsonValueLength(s: string): number {
  let i = 0;
  while (i < s.length && /[ \t\r\n]/.test(s[i])) i++;
  const start = s[i];
  if (start === '{' || start === '[' || start === '"') {
    let depth = 0;
    let inString = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') {
          inString = false;
          if (depth === 0) return i + 1;
        }
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return s.length;
  }
  while (i < s.length && !/[ \t\r\n,\]}{[]/.test(s[i])) i++;
  return i;
}

export type StrvalsKind = 'set' | 'set-string' | 'set-json' | 'set-file' | 'set-literal';

const MODES: Record<StrvalsKind, Mode> = {
  set: 'typed',
  'set-string': 'string',
  'set-json': 'json',
  'set-file': 'file',
  'set-literal': 'literal',
};

/**
 * Parses one `--set…` argument into `into`. `readFile` reads `--set-file` paths. Errors read
 * `failed parsing --set data: …` as Helm's.
 */
export function parseStrvals(kind: StrvalsKind, text: string, into: GoMap, readFile?: (path: string) => string): void {
  const mode = MODES[kind];
  const reader: ValueReader =
    mode === 'file'
      ? (path) => {
          if (!readFile) throw new StrvalsError('--set-file is not available here');
          try {
            return readFile(path);
          } catch (err) {
            throw new StrvalsError(osErrorText(path, err));
          }
        }
      : (runes) => typedVal(runes, mode === 'string');
  try {
    new Parser(text, into, mode, reader).parse();
  } catch (err) {
    // Helm reports --set-json failures with the raw argument, the others with the cause.
    if (kind === 'set-json') throw new Error(`failed parsing --set-json data ${text}`);
    throw new Error(`failed parsing --${kind} data: ${(err as Error).message}`);
  }
}

/** Go's *PathError text for a failed os.ReadFile. */
function osErrorText(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return code !== undefined && code in reasons ? `open ${path}: ${reasons[code]}` : (err as Error).message;
}
