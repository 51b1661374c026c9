/**
 * Sprig's encoding and checksum functions: b64enc/b64dec, b32enc/b32dec, sha1sum, sha256sum,
 * sha512sum, adler32sum.
 *
 * The decoders reproduce Go's encoding/base64 and encoding/base32 exactly, including the
 * byte offset in `illegal base64 data at input byte N`, because Sprig returns that error
 * text as the function's result.
 */
import { createHash } from 'node:crypto';
import { GoFunc, utf8Bytes, utf8String } from '../../../go/value.ts';
import type { FuncMap, GoValue } from '../../../go/value.ts';

/** Go's base64.CorruptInputError / base32.CorruptInputError, carrying the failing offset. */
export class CorruptInputError extends Error {
  readonly offset: number;
  constructor(encoding: 'base64' | 'base32', offset: number) {
    super(`illegal ${encoding} data at input byte ${offset}`);
    this.name = 'CorruptInputError';
    this.offset = offset;
  }
}

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const PAD = 0x3d; // '='
const LF = 0x0a;
const CR = 0x0d;

function decodeMap(alphabet: string): Uint8Array {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const B64_DECODE = decodeMap(B64_ALPHABET);
const B32_DECODE = decodeMap(B32_ALPHABET);

/** base64.StdEncoding.EncodeToString. */
export function base64Encode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/**
 * base64.StdEncoding.DecodeString: padding required, `\r`/`\n` skipped anywhere, non-zero
 * trailing bits tolerated (StdEncoding is not Strict). Throws {@link CorruptInputError}.
 */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    // One quantum of up to four symbols (Go's decodeQuantum).
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingGarbageAt = -1;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        // StdEncoding has padding, so a short final quantum is always an error.
        throw new CorruptInputError('base64', si - j);
      }
      const c = src[si++];
      const v = B64_DECODE[c];
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD) throw new CorruptInputError('base64', si - 1);
      // Padding: the quantum ends here.
      if (j < 2) throw new CorruptInputError('base64', si - 1);
      if (j === 2) {
        // "==" expected; the first '=' is consumed already.
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new CorruptInputError('base64', src.length);
        if (src[si] !== PAD) throw new CorruptInputError('base64', si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailingGarbageAt = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]);
    if (trailingGarbageAt >= 0) throw new CorruptInputError('base64', trailingGarbageAt);
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.EncodeToString. */
export function base32Encode(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 5) {
    const chunk = data.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    // Symbols carrying data: 2, 4, 5, 7 or 8 for 1..5 input bytes.
    const symbols = [0, 2, 4, 5, 7, 8][chunk.length];
    for (let s = 0; s < 8; s++) {
      out += s < symbols ? B32_ALPHABET[Number((bits >> BigInt(35 - 5 * s)) & 31n)] : '=';
    }
  }
  return out;
}

/**
 * base32.StdEncoding.DecodeString: newlines are stripped first (so offsets count the
 * stripped input), padding is required. Throws {@link CorruptInputError}.
 */
export function base32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => c !== LF && c !== CR);
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < olen && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8;) {
      if (pos === olen) throw new CorruptInputError('base32', olen - (olen - pos) - j);
      const c = src[pos++];
      const remaining = olen - pos;
      if (c === PAD && j >= 2 && remaining < 8) {
        if (remaining + j < 7) throw new CorruptInputError('base32', olen);
        for (let k = 0; k < 7 - j; k++) {
          if (remaining > k && src[pos + k] !== PAD) {
            throw new CorruptInputError('base32', olen - remaining + k - 1);
          }
        }
        dlen = j;
        end = true;
        // 1, 3 and 6 symbols cannot carry a whole byte (RFC 4648 section 6).
        if (dlen === 1 || dlen === 3 || dlen === 6) {
          throw new CorruptInputError('base32', olen - remaining - 1);
        }
        break;
      }
      const v = B32_DECODE[c];
      if (v === 0xff) throw new CorruptInputError('base32', olen - remaining - 1);
      dbuf[j++] = v;
    }
    const bytes = [
      ((dbuf[0] << 3) | (dbuf[1] >> 2)) & 0xff,
      ((dbuf[1] << 6) | (dbuf[2] << 1) | (dbuf[3] >> 4)) & 0xff,
      ((dbuf[3] << 4) | (dbuf[4] >> 1)) & 0xff,
      ((dbuf[4] << 7) | (dbuf[5] << 2) | (dbuf[6] >> 3)) & 0xff,
      ((dbuf[6] << 5) | dbuf[7]) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    for (let k = 0; k < n; k++) out.push(bytes[k]);
  }
  return Uint8Array.from(out);
}

/** hash/adler32.Checksum. */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % MOD;
    b = (b + a) % MOD;
  }
  return ((b << 16) | a) >>> 0;
}

/** Decodes with Sprig's b64dec/b32dec convention: the error text replaces the result. */
function decodeOrErrorText(decode: (b: Uint8Array) => Uint8Array, s: string): string {
  try {
    return utf8String(decode(utf8Bytes(s)));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}

function hexDigest(algorithm: 'sha1' | 'sha256' | 'sha512', s: string): string {
  return createHash(algorithm).update(utf8Bytes(s)).digest('hex');
}

function stringFunc(name: string, fn: (s: string) => string): GoFunc {
  return new GoFunc({ name, params: ['string'], result: 'string', fn: (s: GoValue) => fn(s as string) });
}

export const encodingFuncs: FuncMap = {
  b64enc: stringFunc('b64enc', (s) => base64Encode(utf8Bytes(s))),
  b64dec: stringFunc('b64dec', (s) => decodeOrErrorText(base64Decode, s)),
  b32enc: stringFunc('b32enc', (s) => base32Encode(utf8Bytes(s))),
  b32dec: stringFunc('b32dec', (s) => decodeOrErrorText(base32Decode, s)),
  sha1sum: stringFunc('sha1sum', (s) => hexDigest('sha1', s)),
  sha256sum: stringFunc('sha256sum', (s) => hexDigest('sha256', s)),
  sha512sum: stringFunc('sha512sum', (s) => hexDigest('sha512', s)),
  adler32sum: stringFunc('adler32sum', (s) => String(adler32(utf8Bytes(s)))),
};
