/**
 * go-yaml's implicit typing of plain scalars (resolve.go), YAML 1.1 flavour as gopkg.in/yaml.v2
 * implements it: `yes/no/on/off/y/n` booleans, `0x`/`0o`/`0b`/leading-zero octal integers with
 * `_` separators, `.inf`/`.nan`, and timestamps (which stay strings for interface{} targets).
 *
 * The same function decides quoting on the way out: a string whose plain form would resolve to
 * anything but a string gets double quotes.
 */

export type Resolved =
  | { readonly tag: 'null' }
  | { readonly tag: 'bool'; readonly value: boolean }
  | { readonly tag: 'int'; readonly value: bigint }
  | { readonly tag: 'float'; readonly value: number }
  | { readonly tag: 'timestamp' }
  | { readonly tag: 'str' };

const NULL: Resolved = { tag: 'null' };
const TRUE: Resolved = { tag: 'bool', value: true };
const FALSE: Resolved = { tag: 'bool', value: false };
const STR: Resolved = { tag: 'str' };
const TIMESTAMP: Resolved = { tag: 'timestamp' };

const V2_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  V2_MAP.set(s, TRUE);
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  V2_MAP.set(s, FALSE);
for (const s of ['', '~', 'null', 'Null', 'NULL']) V2_MAP.set(s, NULL);
for (const s of ['.nan', '.NaN', '.NAN']) V2_MAP.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
  V2_MAP.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) V2_MAP.set(s, { tag: 'float', value: -Infinity });

/** go-yaml v3 only knows the YAML 1.2 core booleans. */
const V3_MAP = new Map(V2_MAP);
for (const s of [
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]) {
  V3_MAP.delete(s);
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** The first-byte hints of resolve.go's resolveTable. */
function hint(c: string): 'S' | 'D' | 'M' | '.' | '' {
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** Integer syntax of strconv.ParseInt/ParseUint with base 0 (after go-yaml dropped `_`). */
function parseGoInt(s: string, signed: boolean): { value: bigint } | 'syntax' | 'range' {
  let i = 0;
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    i = 1;
  }
  let base = 10;
  if (s[i] === '0' && i + 1 < s.length) {
    const p = s[i + 1];
    if (p === 'x' || p === 'X') {
      base = 16;
      i += 2;
    } else if (p === 'o' || p === 'O') {
      base = 8;
      i += 2;
    } else if (p === 'b' || p === 'B') {
      base = 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  const body = s.slice(i);
  if (body === '') return 'syntax';
  const re = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!re.test(body)) return 'syntax';
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let v = BigInt(prefix + body);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return 'range';
  return { value: v };
}

const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})| (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$/;

/** Whether time.Parse accepts `s` with one of go-yaml's timestamp layouts. */
export function isTimestamp(s: string): boolean {
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > days) return false;
  const h = m[4] ?? m[7];
  if (h !== undefined) {
    const mi = m[5] ?? m[8];
    const se = m[6] ?? m[9];
    if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return false;
  }
  return true;
}

function resolveWith(map: ReadonlyMap<string, Resolved>, s: string): Resolved {
  const h = s === '' ? 'N' : hint(s[0]);
  if (h === '') return STR;
  const known = map.get(s);
  if (known) return known;
  if (h === 'M' || h === 'N') return STR;
  if (h === '.') {
    if (DOT_FLOAT.test(s)) return { tag: 'float', value: Number(s) };
    return STR;
  }
  // 'D' or 'S': timestamp, int, float.
  if (h === 'D' && s[4] === '-' && isTimestamp(s)) return TIMESTAMP;
  const plain = s.includes('_') ? s.replaceAll('_', '') : s;
  const asInt = parseGoInt(plain, true);
  if (typeof asInt === 'object') return { tag: 'int', value: asInt.value };
  const asUint = parseGoInt(plain, false);
  if (typeof asUint === 'object') return { tag: 'int', value: asUint.value };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return { tag: 'float', value: f };
  }
  if (plain.startsWith('0b') || plain.startsWith('-0b')) {
    const neg = plain[0] === '-';
    const body = plain.slice(neg ? 3 : 2);
    if (/^[01]+$/.test(body)) {
      const v = BigInt('0b' + body) * (neg ? -1n : 1n);
      if (v >= INT64_MIN && v <= UINT64_MAX) return { tag: 'int', value: v };
    }
  }
  if (asUint === 'range') {
    // math/big SetString(plain, 0): the too-big integer survives as a big.Int.
    return { tag: 'int', value: parseBig(plain) };
  }
  return STR;
}

function parseBig(s: string): bigint {
  const neg = s[0] === '-';
  let body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const v = BigInt(body.replace(/^0O/, '0o').replace(/^0X/, '0x').replace(/^0B/, '0b'));
  return neg ? -v : v;
}

/** go-yaml v2's resolve("", s) for a plain scalar. */
export function resolvePlain(s: string): Resolved {
  return resolveWith(V2_MAP, s);
}

/** go-yaml v3's resolve("", s) (YAML 1.2 booleans). */
export function resolvePlainV3(s: string): Resolved {
  return resolveWith(V3_MAP, s);
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** encode.go's isBase60Float: YAML 1.1 sexagesimal numbers are quoted for other parsers. */
export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);

/** Whether go-yaml's encoder may write `s` as a plain scalar (v2 or v3 rules). */
export function canUsePlain(s: string, v3: boolean): boolean {
  if (v3) return resolvePlainV3(s).tag === 'str' && !isBase60Float(s) && !OLD_BOOLS.has(s);
  return resolvePlain(s).tag === 'str' && !isBase60Float(s);
}
