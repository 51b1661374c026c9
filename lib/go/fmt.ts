/**
 * Go's fmt printing of engine values: Sprint, Sprintln, Sprintf with Go's exact output
 * (fmt/print.go and fmt/format.go semantics: verbs, flags, width/precision, argument indexes,
 * `%!verb(type=value)` errors, sorted maps, Stringer handling).
 *
 * Pointers print as deterministic fake addresses (0xc000010000 upward, one per object in the
 * order they are first printed): real Go addresses are arbitrary anyway.
 */
import {
  canBackquote,
  decodeRune,
  formatFloat,
  isPrint,
  quote,
  quoteBytes,
  quoteRune,
  quoteRuneToASCII,
  quoteToASCII,
} from './strconv.ts';
import type { FloatFormat } from './strconv.ts';
import {
  GoFloat32,
  GoFunc,
  GoInt,
  GoStruct,
  sortedKeys,
  typeInfo,
  typeName,
  utf8Bytes,
  utf8String,
  valueStringer,
} from './value.ts';
import type { GoValue } from './value.ts';

/**
 * String() methods of named integer types (Go's fmt calls them for %v %s %q %x %X), keyed by
 * the GoInt's `type`. time.Duration and time.Month are built in; others may register theirs.
 */
export const intStringers = new Map<string, (v: bigint) => string>();

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** Fake pointer values: stable per object within the process. */
const addresses = new WeakMap<object, bigint>();
let nextAddress = 0xc000010000n;

function addressOf(v: object): bigint {
  let a = addresses.get(v);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x10n;
    addresses.set(v, a);
  }
  return a;
}

const strictUTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as a string when they are valid UTF-8, else undefined. */
function validUTF8(b: Uint8Array): string | undefined {
  try {
    return strictUTF8.decode(b);
  } catch {
    return undefined;
  }
}

/** Number of runes (code points) in s, as utf8.RuneCountInString counts them. */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Whether the format's `*` width/precision is too large (Go caps at 1e6). */
function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

/**
 * %v of a float64 without flags: Go's strconv 'g' shortest. Between 1e-4 and 1e6 Go prints
 * plain decimal digits exactly as JS's String() does, so only the rest needs the full path.
 */
function formatFloatV(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e6) return String(v);
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return formatFloat(v, 'g', -1, 64);
}

/** The type a struct pointer points to (`*pkg.T` → `pkg.T`). */
function elemTypeName(t: string): string {
  return t.startsWith('*') ? t.slice(1) : t;
}

/** One Sprintf/Sprint call's state (Go's pp plus its fmt). */
class Printer {
  buf = '';
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  /** Set while printing a bad-verb operand, so String() methods are not called again. */
  erroring = false;
  reordered = false;
  goodArgNum = true;

  clearFlags(): void {
    this.widPresent = false;
    this.precPresent = false;
    this.minus = false;
    this.plus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
    this.wid = 0;
    this.prec = 0;
  }

  // ---- padding (format.go) ----

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  /** Appends s padded to the width (counted in runes), left or right per the minus flag. */
  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  /** U+0078, or with # U+0078 'x'. */
  fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  /** Formats an integer given as its Go value (signed kinds may be negative). */
  fmtInteger(v: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    const negative = isSigned && v < 0n;
    const u = negative ? -v : isSigned ? v : BigInt.asUintN(64, v);
    if (
      !this.widPresent &&
      !this.precPresent &&
      !this.plus &&
      !this.space &&
      !this.sharp &&
      base === 10 &&
      verb !== 'O'
    ) {
      this.buf += negative ? '-' + u.toString() : u.toString();
      return;
    }
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      // Precision 0 and value 0 print nothing but padding.
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--; // leave room for the sign
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    // Zero padding was done above as precision (or is overridden by an explicit precision).
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(u, 16, false, 'v', LDIGITS);
    this.sharp = sharp;
  }

  truncateString(s: string): string {
    if (this.precPresent) {
      let n = this.prec;
      for (let i = 0; i < s.length; i++) {
        n--;
        if (n < 0) return s.slice(0, i);
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d < 0xe000) i++;
        }
      }
    }
    return s;
  }

  fmtS(s: string): void {
    this.pad(this.truncateString(s));
  }

  /** Hex of a string's or byte slice's bytes (%x %X), with Go's space and # variants. */
  fmtSbx(b: Uint8Array, digits: string): void {
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = b[i];
      out += digits[c >> 4] + digits[c & 15];
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncateString(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  /** %q of a []byte: like a string, but invalid UTF-8 bytes are escaped as `\xNN` rather than replaced. */
  fmtQBytes(b: Uint8Array): void {
    const s = validUTF8(b);
    if (s !== undefined) {
      this.fmtQ(s);
      return;
    }
    let end = b.length;
    if (this.precPresent) {
      let n = this.prec;
      for (let i = 0; i < b.length; i += decodeRune(b, i)[1]) {
        if (--n < 0) {
          end = i;
          break;
        }
      }
    }
    const t = b.subarray(0, end);
    const ts = this.sharp ? validUTF8(t) : undefined;
    if (ts !== undefined && canBackquote(ts)) this.pad('`' + ts + '`');
    else this.pad(quoteBytes(t, this.plus));
  }

  /** The rune for %c/%q of an integer: out-of-range values and surrogates become U+FFFD. */
  static runeOf(u: bigint): number {
    if (u > 0x10ffffn) return 0xfffd;
    const r = Number(u);
    return r >= 0xd800 && r < 0xe000 ? 0xfffd : r;
  }

  fmtC(u: bigint): void {
    this.pad(String.fromCodePoint(Printer.runeOf(u)));
  }

  fmtQc(u: bigint): void {
    const r = Printer.runeOf(u);
    this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
  }

  /** format.go fmtFloat: sign handling, Inf/NaN padding, # trailing zeros, zero padding. */
  fmtFloatFmt(v: number, size: 32 | 64, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    const num = formatFloat(v, verb, prec, size);
    let sign = '+';
    let body = num;
    if (num[0] === '-' || num[0] === '+') {
      sign = num[0];
      body = num.slice(1);
    }
    if (this.space && sign === '+' && !this.plus) sign = ' ';
    // Infinities and NaN don't look like numbers, so they are never zero padded.
    if (body[0] === 'I' || body[0] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      this.pad(body[0] === 'N' && !this.space && !this.plus ? body : sign + body);
      this.zero = oldZero;
      return;
    }
    // # forces a decimal point and keeps trailing zeros for %g.
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c === '.') {
          hasDecimalPoint = true;
          continue;
        }
        if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        }
        if (c !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
      if (!hasDecimalPoint) {
        if (body === '0') digits--; // a lone leading 0 counts once
        body += '.';
      }
      if (digits > 0) body += '0'.repeat(digits);
      body += tail;
    }
    if (this.plus || sign !== '+') {
      // Zero padding goes between the sign and the digits.
      if (this.zero && !this.minus && this.widPresent && this.wid > body.length + 1) {
        this.buf += sign;
        this.writePadding(this.wid - body.length - 1);
        this.buf += body;
        return;
      }
      this.pad(sign + body);
      return;
    }
    this.pad(body);
  }

  // ---- verbs by operand kind (print.go) ----

  badVerb(verb: string, v: GoValue, typeOverride?: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (v === null && typeOverride === undefined) {
      this.buf += '<nil>';
    } else {
      this.buf += (typeOverride ?? typeName(v)) + '=';
      if (v === null) this.pad('<nil>');
      else this.printValue(v, 'v', 0);
    }
    this.buf += ')';
    this.erroring = false;
  }

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb, v);
  }

  fmtFloat(v: number, size: 32 | 64, verb: string, operand: GoValue): void {
    switch (verb) {
      case 'v':
        if (
          size === 64 &&
          !this.widPresent &&
          !this.precPresent &&
          !this.plus &&
          !this.space &&
          !this.sharp
        ) {
          this.buf += formatFloatV(v);
        } else {
          this.fmtFloatFmt(v, size, 'g', -1);
        }
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatFmt(v, size, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatFmt(v, size, verb, 6);
        return;
      case 'F':
        this.fmtFloatFmt(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb, operand);
    }
  }

  fmtInt(n: GoInt, verb: string): void {
    const signed = n.signed;
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) this.fmt0x64(n.value, true);
        else this.fmtInteger(n.value, 10, signed, verb, LDIGITS);
        return;
      case 'd':
        this.fmtInteger(n.value, 10, signed, verb, LDIGITS);
        return;
      case 'b':
        this.fmtInteger(n.value, 2, signed, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(n.value, 8, signed, verb, LDIGITS);
        return;
      case 'x':
        this.fmtInteger(n.value, 16, signed, verb, LDIGITS);
        return;
      case 'X':
        this.fmtInteger(n.value, 16, signed, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(BigInt.asUintN(64, n.value));
        return;
      case 'q':
        this.fmtQc(BigInt.asUintN(64, n.value));
        return;
      case 'U':
        this.fmtUnicode(BigInt.asUintN(64, n.value));
        return;
      default:
        this.badVerb(verb, n);
    }
  }

  fmtString(s: string, verb: string, operand: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
        this.fmtSbx(utf8Bytes(s), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(utf8Bytes(s), UDIGITS);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, operand);
    }
  }

  fmtBytes(b: Uint8Array, verb: string, typeString: string, depth: number): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(b[i]), true);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtInteger(BigInt(b[i]), 10, false, verb, LDIGITS);
          }
          this.buf += ']';
        }
        return;
      case 's':
        this.fmtS(utf8String(b));
        return;
      case 'x':
        this.fmtSbx(b, LDIGITS);
        return;
      case 'X':
        this.fmtSbx(b, UDIGITS);
        return;
      case 'q':
        this.fmtQBytes(b);
        return;
      default:
        this.printByteElements(b, verb, depth);
    }
  }

  /** A byte slice printed element by element (verbs other than v d s q x X). */
  printByteElements(b: Uint8Array, verb: string, depth: number): void {
    if (this.sharpV) this.buf += '[]uint8{';
    else this.buf += '[';
    for (let i = 0; i < b.length; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      this.printValue(new GoInt('uint8', BigInt(b[i])), verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  fmtPointer(v: GoValue, verb: string, type: string): void {
    const u = v === null ? 0n : addressOf(v as object);
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + type + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) {
          this.pad('<nil>');
        } else {
          this.fmt0x64(u, !this.sharp);
        }
        return;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(
          u,
          verb === 'b' ? 2 : verb === 'o' ? 8 : verb === 'd' ? 10 : 16,
          false,
          verb,
          verb === 'X' ? UDIGITS : LDIGITS,
        );
        return;
      default:
        this.badVerb(verb, v, type);
    }
  }

  /** Calls a Stringer/error's String() for the verbs that accept a string (print.go handleMethods). */
  handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring) return false;
    let str: (() => string) | undefined;
    if (v instanceof GoStruct) {
      str = valueStringer(v);
    } else if (v instanceof GoInt) {
      const f = intStringers.get(v.type);
      if (f) str = () => f(v.value);
    }
    if (str === undefined || this.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    let s: string;
    try {
      s = str();
    } catch (e) {
      // Go's catchPanic: report the panic in place of the value, with default flags.
      const wid = this.wid;
      const widPresent = this.widPresent;
      this.widPresent = false;
      this.buf += '%!' + verb + '(PANIC=String method: ' + (e instanceof Error ? e.message : String(e)) + ')';
      this.wid = wid;
      this.widPresent = widPresent;
      return true;
    }
    this.fmtString(s, verb, s);
    return true;
  }

  printArg(arg: GoValue, verb: string): void {
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, null);
      return;
    }
    // %T and %p are special: done first, whatever the operand.
    if (verb === 'T') {
      this.fmtS(typeName(arg));
      return;
    }
    if (verb === 'p') {
      if (
        arg instanceof Uint8Array ||
        Array.isArray(arg) ||
        arg instanceof Map ||
        arg instanceof GoFunc ||
        (arg instanceof GoStruct && arg.pointer)
      ) {
        this.fmtPointer(arg, 'p', typeName(arg));
      } else {
        this.badVerb('p', arg);
      }
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb, arg);
        return;
      case 'number':
        this.fmtFloat(arg, 64, verb, arg);
        return;
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte', 0);
      return;
    }
    // %w is only meaningful to fmt.Errorf; elsewhere it is a bad verb for the whole operand.
    if (verb === 'w') this.badVerb('w', arg);
    else if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  /** Prints a value found inside a composite (or at depth 0 after methods were checked). */
  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0 && v !== null && !this.erroring) {
      if (verb === 'w') {
        this.badVerb('w', v);
        return;
      }
      if ((v instanceof GoStruct || v instanceof GoInt) && this.handleMethods(v, verb)) return;
    }
    if (v === null) {
      this.printNil('interface {}', verb);
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb, v);
        return;
      case 'number':
        this.fmtFloat(v, 64, verb, v);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
    }
    if (v instanceof GoInt) {
      this.fmtInt(v, verb);
    } else if (v instanceof GoFloat32) {
      this.fmtFloat(v.value, 32, verb, v);
    } else if (v instanceof Uint8Array) {
      if (
        verb === 's' ||
        verb === 'q' ||
        verb === 'x' ||
        verb === 'X' ||
        ((verb === 'v' || verb === 'd') && depth > 0)
      ) {
        this.fmtBytes(v, verb, '[]uint8', depth);
      } else {
        this.printByteElements(v, verb, depth);
      }
    } else if (Array.isArray(v)) {
      const info = typeInfo(v);
      if (this.sharpV) this.buf += info.name + '{';
      else this.buf += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        this.printElem(v[i], verb, depth + 1, info.elem);
      }
      this.buf += this.sharpV ? '}' : ']';
    } else if (v instanceof Map) {
      const info = typeInfo(v);
      if (this.sharpV) this.buf += info.name + '{';
      else this.buf += 'map[';
      const keys = sortedKeys(v);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        this.fmtString(keys[i], verb, keys[i]);
        this.buf += ':';
        this.printElem(v.get(keys[i]) ?? null, verb, depth + 1, info.elem);
      }
      this.buf += this.sharpV ? '}' : ']';
    } else if (v instanceof GoStruct) {
      if (!v.pointer) {
        this.printStruct(v, verb, depth);
      } else if (depth === 0) {
        // A pointer to a struct is followed at top level only (avoids loops).
        this.buf += '&';
        this.printStruct(v, verb, depth + 1);
      } else {
        this.fmtPointer(v, verb, v.type);
      }
    } else {
      this.fmtPointer(v, verb, v.goType);
    }
  }

  printStruct(s: GoStruct, verb: string, depth: number): void {
    if (this.sharpV) this.buf += elemTypeName(s.type);
    this.buf += '{';
    for (let i = 0; i < s.fields.length; i++) {
      const f = s.fields[i];
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += f.name + ':';
      this.printElem(f.value, verb, depth + 1, f.type);
    }
    this.buf += '}';
  }

  /** An element of declared type `type`: nil prints per that type (interface, pointer, map, slice). */
  printElem(v: GoValue, verb: string, depth: number, type: string): void {
    if (v === null) this.printNil(type, verb);
    else this.printValue(v, verb, depth);
  }

  /** A nil of Go type `type` inside a composite. */
  printNil(type: string, verb: string): void {
    if (type.startsWith('*') || type.startsWith('func(')) {
      this.fmtPointer(null, verb, type);
    } else if (type.startsWith('map[')) {
      this.buf += this.sharpV ? type + '(nil)' : 'map[]';
    } else if (type.startsWith('[]')) {
      this.buf += this.sharpV ? type + '(nil)' : '[]';
    } else {
      // A nil interface prints <nil> whatever the verb.
      this.buf += this.sharpV ? type + '(nil)' : '<nil>';
    }
  }

  // ---- Printf driver ----

  /** parsenum: [value, isNumber, next index]; overflow consumes the rest of the format, as Go does. */
  static parseNum(s: string, start: number, end: number): [number, boolean, number] {
    if (start >= end) return [0, false, end];
    let num = 0;
    let isnum = false;
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (tooLarge(num)) return [0, false, end];
      num = num * 10 + (c - 48);
      isnum = true;
    }
    return [num, isnum, i];
  }

  /** An explicit argument index `[n]` at format[i]: [argNum, next index, found]. */
  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format.charCodeAt(i) !== 0x5b) return [argNum, i, false];
    this.reordered = true;
    let index = 0;
    let wid = 1;
    let ok = false;
    if (format.length - i >= 3) {
      for (let j = i + 1; j < format.length; j++) {
        if (format.charCodeAt(j) === 0x5d) {
          const [n, isnum, newi] = Printer.parseNum(format, i + 1, j);
          wid = j + 1 - i;
          if (isnum && newi === j) {
            index = n - 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  /** A `*` width or precision operand: [value, isInt, next argNum]. */
  static intFromArg(args: readonly GoValue[], argNum: number): [number, boolean, number] {
    if (argNum >= args.length) return [0, false, argNum];
    const a = args[argNum];
    let num = 0;
    let isInt = false;
    if (a instanceof GoInt) {
      const v = a.value;
      if (v <= 1000000n && v >= -1000000n) {
        num = Number(v);
        isInt = true;
      }
    }
    return [num, isInt, argNum + 1];
  }

  doPrintf(format: string, args: readonly GoValue[]): void {
    const end = format.length;
    let argNum = 0;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 37) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++; // skip %
      this.clearFlags();
      flags: for (; i < end; i++) {
        const c = format.charCodeAt(i);
        switch (c) {
          case 0x23: // #
            this.sharp = true;
            break;
          case 0x30: // 0: only pads to the left
            this.zero = !this.minus;
            break;
          case 0x2b: // +
            this.plus = true;
            break;
          case 0x2d: // -
            this.minus = true;
            this.zero = false;
            break;
          case 0x20: // space
            this.space = true;
            break;
          default:
            // Fast path: a lower-case verb with no width, precision or index.
            if (c >= 0x61 && c <= 0x7a && argNum < args.length) {
              if (c === 0x76 || c === 0x77) {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(args[argNum], format[i]);
              argNum++;
              i++;
              continue formatLoop;
            }
            break flags;
        }
      }

      let afterIndex: boolean;
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);

      if (i < end && format.charCodeAt(i) === 0x2a) {
        i++;
        [this.wid, this.widPresent, argNum] = Printer.intFromArg(args, argNum);
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = Printer.parseNum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false; // "%[3]2d"
      }

      if (i + 1 < end && format.charCodeAt(i) === 0x2e) {
        i++;
        if (afterIndex) this.goodArgNum = false; // "%[3].2d"
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, args.length);
        if (i < end && format.charCodeAt(i) === 0x2a) {
          i++;
          [this.prec, this.precPresent, argNum] = Printer.intFromArg(args, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = Printer.parseNum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) [argNum, i] = this.argNumber(argNum, format, i, args.length);

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }

      const cp = format.codePointAt(i) ?? 0;
      const verb = String.fromCodePoint(cp);
      i += verb.length;

      if (verb === '%') {
        this.buf += '%'; // takes no operand; width and precision are ignored
      } else if (!this.goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= args.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v' || verb === 'w') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(args[argNum], verb);
        argNum++;
      }
    }

    // Unused operands are reported, unless the format reordered them.
    if (!this.reordered && argNum < args.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < args.length; k++) {
        if (k > argNum) this.buf += ', ';
        const arg = args[k];
        if (arg === null) {
          this.buf += '<nil>';
        } else {
          this.buf += typeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      }
      this.buf += ')';
    }
  }
}

/** The default format of one value (Go's Sprint of a single operand); fast for scalars. */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloatV(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return '<nil>';
  if (v instanceof GoInt && !intStringers.has(v.type)) return v.value.toString();
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

/** fmt.Sprint: operands joined, with a space between operands when neither is a string. */
export function sprint(args: readonly GoValue[]): string {
  if (args.length === 1) return formatValue(args[0]);
  const p = new Printer();
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  }
  return p.buf;
}

/** fmt.Sprintln: operands always space-separated, with a trailing newline. */
export function sprintln(args: readonly GoValue[]): string {
  const p = new Printer();
  for (let i = 0; i < args.length; i++) {
    if (i > 0) p.buf += ' ';
    p.printArg(args[i], 'v');
  }
  return p.buf + '\n';
}

/** fmt.Sprintf with Go's verbs, flags, width and precision, and its `%!verb(type=value)` errors. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

// ---- String() of time.Duration and time.Month (named integer types the engine produces) ----

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** time.Month.String */
export function monthString(m: bigint): string {
  if (m >= 1n && m <= 12n) return MONTHS[Number(m) - 1];
  return '%!Month(' + m.toString() + ')';
}

/** Fraction digits of v/10^prec without trailing zeros (time's fmtFrac); returns [text, v/10^prec]. */
function durationFrac(v: bigint, prec: number): [string, bigint] {
  let s = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) s = digit.toString() + s;
    v /= 10n;
  }
  return [print ? '.' + s : '', v];
}

/** time.Duration.String: 1h2m3.5s, 1.5ms, 0s. */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = BigInt.asUintN(64, neg ? -d : d);
  let s: string;
  if (u < 1000000000n) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < 1000n) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1000000n) {
      prec = 3;
      unit = 'µs';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, whole] = durationFrac(u, prec);
    s = whole.toString() + frac + unit;
  } else {
    const [frac, secs] = durationFrac(u, 9);
    u = secs;
    s = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      s = (u % 60n).toString() + 'm' + s;
      u /= 60n;
      if (u > 0n) s = u.toString() + 'h' + s;
    }
  }
  return neg ? '-' + s : s;
}

intStringers.set('time.Duration', durationString);
intStringers.set('time.Month', monthString);
