/**
 * The float layouts the YAML, JSON and TOML encoders need, on top of Go's
 * strconv.FormatFloat (lib/go/strconv.ts).
 */
import { formatFloat } from '../go/strconv.ts';

/** strconv.FormatFloat(f, 'g', -1, bits). */
export function formatFloatG(f: number, bits: 32 | 64 = 64): string {
  return formatFloat(f, 'g', -1, bits);
}

/** strconv.FormatFloat(f, 'f', -1, bits). */
export function formatFloatF(f: number, bits: 32 | 64 = 64): string {
  return formatFloat(f, 'f', -1, bits);
}

/**
 * encoding/json's float layout (encode.go floatEncoder): 'f' unless the magnitude is below
 * 1e-6 or at least 1e21, then 'e' with a one-digit negative exponent cleaned up (`1e-7`).
 */
export function formatFloatJSON(f: number, bits: 32 | 64 = 64): string {
  const abs = Math.abs(bits === 32 ? Math.fround(f) : f);
  const useExp = abs !== 0 && (abs < 1e-6 || abs >= 1e21);
  let s = formatFloat(f, useExp ? 'e' : 'f', -1, bits);
  if (useExp) {
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}
