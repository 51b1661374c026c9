/**
 * The float formats the YAML and JSON encoders need: Go's strconv.FormatFloat(f, 'g', -1, 64|32)
 * and encoding/json's float64 layout. Shortest round-trip digits come from JS (whose
 * Number#toString / toExponential() produce the same shortest digits as Go's Ryu-based 'g' -1).
 */

/** Shortest decimal digits and exponent of a finite non-zero |f| (value = 0.d1d2… × 10^exp). */
function shortestDigits(f: number, bits: 32 | 64): { digits: string; exp: number } {
  let e: string;
  if (bits === 64) {
    e = Math.abs(f).toExponential();
  } else {
    // Smallest precision whose decimal rounds back to the same float32.
    const target = Math.fround(Math.abs(f));
    e = target.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const candidate = target.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === target) {
        e = candidate;
        break;
      }
    }
  }
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  if (!m) throw new Error(`unexpected float layout ${e}`);
  const digits = (m[1] + (m[2] ?? '')).replace(/0+$/, '') || '0';
  return { digits, exp: Number(m[3]) + 1 };
}

/** Go's strconv.FormatFloat(f, 'g', -1, bits). */
export function formatFloatG(f: number, bits: 32 | 64 = 64): string {
  if (bits === 32) f = Math.fround(f);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  if (f === 0) return sign + '0';
  const { digits, exp } = shortestDigits(f, bits);
  const x = exp - 1; // exponent in d.ddd form
  // 'g' with shortest precision switches to exponent form outside [1e-4, 1e6) (eprec = 6).
  if (x < -4 || x >= 6) return sign + expForm(digits, x, 2);
  return sign + plainForm(digits, exp);
}

function expForm(digits: string, x: number, minExpDigits: number): string {
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ax = Math.abs(x);
  let es = String(ax);
  while (es.length < minExpDigits) es = '0' + es;
  return `${mant}e${x < 0 ? '-' : '+'}${es}`;
}

function plainForm(digits: string, exp: number): string {
  if (exp <= 0) return '0.' + '0'.repeat(-exp) + digits;
  if (exp >= digits.length) return digits + '0'.repeat(exp - digits.length);
  return digits.slice(0, exp) + '.' + digits.slice(exp);
}

/** encoding/json's float64 layout ('f' unless the exponent is < -6 or >= 21, then 'e' with cleanup). */
export function formatFloatJSON(f: number): string {
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  if (f === 0) return sign + '0';
  const abs = Math.abs(f);
  const { digits, exp } = shortestDigits(f, 64);
  if (abs < 1e-6 || abs >= 1e21) {
    // 'e' format, then Go trims "e-07" to "e-7".
    const x = exp - 1;
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${x < 0 ? '-' : '+'}${Math.abs(x)}`;
  }
  return sign + plainForm(digits, exp);
}

/** Go's strconv.FormatFloat(f, 'f', -1, bits) for finite f. */
export function formatFloatF(f: number, bits: 32 | 64 = 64): string {
  if (bits === 32) f = Math.fround(f);
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  if (f === 0) return sign + '0';
  const { digits, exp } = shortestDigits(f, bits);
  return sign + plainForm(digits, exp);
}
