/**
 * Sprig's random-value functions: randAlphaNum, randAlpha, randNumeric, randAscii (goutils'
 * Crypto* generators), randBytes and uuidv4. All draw from the OS CSPRNG, as Sprig does.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { GoError, GoFunc, GoInt } from '../../../go/value.ts';
import type { FuncMap, GoValue } from '../../../go/value.ts';
import { base64Encode } from './encoding.ts';

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Printable ASCII, 32..126: goutils' CryptoRandomAscii range. */
const ASCII = Array.from({ length: 127 - 32 }, (_, i) => String.fromCharCode(32 + i)).join('');

/**
 * goutils.CryptoRandom over a character set: each character is uniform over the set.
 * Sprig discards goutils' error for a negative count, so that yields "".
 */
export function cryptoRandomString(count: number, charset: string): string {
  let out = '';
  for (let i = 0; i < count; i++) out += charset[randomInt(charset.length)];
  return out;
}

function countOf(v: GoValue): number {
  return (v as GoInt).toNumber();
}

function randStringFunc(name: string, charset: string): GoFunc {
  return new GoFunc({
    name,
    params: ['int'],
    result: 'string',
    fn: (count) => cryptoRandomString(countOf(count), charset),
  });
}

/** Sprig's randBytes: base64 of `count` random bytes; Go's make() panics on a negative count. */
function randBytesOf(count: number): string {
  if (count < 0) throw new GoError('runtime error: makeslice: len out of range');
  return base64Encode(randomBytes(count));
}

export const randomFuncs: FuncMap = {
  randAlphaNum: randStringFunc('randAlphaNum', LETTERS + DIGITS),
  randAlpha: randStringFunc('randAlpha', LETTERS),
  randNumeric: randStringFunc('randNumeric', DIGITS),
  randAscii: randStringFunc('randAscii', ASCII),
  randBytes: new GoFunc({
    name: 'randBytes',
    params: ['int'],
    result: 'string',
    fn: (count) => randBytesOf(countOf(count)),
  }),
  // google/uuid's New(): a random (version 4, RFC 4122 variant) UUID in lowercase.
  uuidv4: new GoFunc({ name: 'uuidv4', params: [], result: 'string', fn: () => randomUUID() }),
};
