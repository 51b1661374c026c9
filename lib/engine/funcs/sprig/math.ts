/**
 * Sprig's math functions (numeric.go and the arithmetic entries of functions.go, v3.3.0).
 *
 * Integer math coerces operands with spf13/cast's ToInt64 (unparsable → 0) and wraps like Go's
 * int64. The `…f` functions go through shopspring/decimal: each operand becomes the exact
 * decimal of its shortest float representation, the arithmetic is exact (division rounds half
 * away from zero at 16 places) and the result is the nearest float64 — so `addf 0.1 0.2` is 0.3.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  GoError,
  GoFunc,
  GoInt,
  SLICE_OF_INT,
  goInt,
  goInt64,
  withType,
  type FuncMap,
  type GoValue,
} from '../../../go/value.ts';
import { toFloat64, toInt64Value } from './cast.ts';

const ANY = 'interface {}';
const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const DIVIDE_BY_ZERO = 'runtime error: integer divide by zero';

// ---------------------------------------------------------------------------------------------
// Decimal arithmetic (the subset of shopspring/decimal Sprig uses)

/** value = coef × 10^exp */
interface Decimal {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that round-trips to the float. */
function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) {
    throw new GoError(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  }
  // JS prints the shortest round-trip digits, like strconv's 'g' with precision -1.
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f));
  if (!m) throw new GoError(`Cannot create a Decimal from ${f}`);
  const frac = m[3] ?? '';
  const coef = BigInt(m[2] + frac) * (m[1] === '-' ? -1n : 1n);
  return { coef, exp: Number(m[4] ?? 0) - frac.length };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

function decAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

function decSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

function decMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

const DIVISION_PRECISION = 16;

/** Decimal.Div: DivRound at 16 places (half away from zero). */
function decDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new GoError('decimal division by 0');
  // a/b = (a.coef / b.coef) × 10^(a.exp - b.exp); scale to 10^-16 units.
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  let q = num / den; // truncates toward zero
  const r = num - q * den;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  if (2n * abs(r) >= abs(den)) q += num < 0n !== den < 0n ? -1n : 1n;
  return { coef: q, exp: -DIVISION_PRECISION };
}

/** Decimal.Float64: the float64 nearest to the exact value. */
function decToFloat(d: Decimal): number {
  // JS string-to-number conversion is correctly rounded.
  return Number(`${d.coef}e${d.exp}`);
}

/** Sprig's execDecimalOp: fold the operands left to right in decimal arithmetic. */
function decimalFold(
  first: GoValue,
  rest: readonly GoValue[],
  op: (a: Decimal, b: Decimal) => Decimal,
): number {
  let acc = decimalFromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decimalFromFloat(toFloat64(x)));
  return decToFloat(acc);
}

// ---------------------------------------------------------------------------------------------
// Go's math.Pow for the integer exponents `round` uses (bit-exact with Go, unlike Math.pow).

function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(f))) + 1);
  let m = f * 2 ** -e;
  while (Math.abs(m) < 0.5) {
    m *= 2;
    e--;
  }
  while (Math.abs(m) >= 1) {
    m /= 2;
    e++;
  }
  return [m, e];
}

function ldexp(frac: number, exp: number): number {
  // Apply the exponent in steps so intermediate powers of two stay representable.
  while (exp > 1000) {
    frac *= 2 ** 1000;
    exp -= 1000;
  }
  while (exp < -1000) {
    frac *= 2 ** -1000;
    exp += 1000;
  }
  return frac * 2 ** exp;
}

/** math.Pow(x, y) for integral y, following Go's repeated-squaring algorithm. */
function goPowInt(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) return y < 0 ? Infinity : 0;
  if (!Number.isFinite(y)) return Math.pow(x, y);
  const yi = Math.abs(y);
  if (yi >= 2 ** 63) return Math.pow(x, y);
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

/** Sprig's round: scale, compare the fraction with roundOn, ceil or floor, scale back. */
function round(a: GoValue, places: GoInt, roundOn = 0.5): number {
  const val = toFloat64(a);
  const pow = goPowInt(10, Number(places.value));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit); // math.Modf's fractional part (NaN for ±Inf)
  const rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return rounded / pow;
}

// ---------------------------------------------------------------------------------------------
// Integer sequences

/** Sprig's untilStep (Go ints). */
function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return out;
    for (let i = start; i > stop; i = wrap64(i + step)) out.push(i);
    return out;
  }
  if (step <= 0n) return out;
  for (let i = start; i < stop; i = wrap64(i + step)) out.push(i);
  return out;
}

const intSlice = (values: bigint[]): GoValue[] =>
  withType(
    values.map((v) => goInt(v)),
    SLICE_OF_INT,
  );

/** Sprig's seq: 1..n, start..end, or start..end by step, as space-separated text. */
function seq(params: bigint[]): string {
  const join = (v: bigint[]) => v.join(' ');
  switch (params.length) {
    case 1: {
      const end = params[0];
      const inc = end < 1n ? -1n : 1n;
      return join(untilStep(1n, wrap64(end + inc), inc));
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      return join(untilStep(start, wrap64(end + step), step));
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      return join(untilStep(start, wrap64(end + inc), step));
    }
    default:
      return '';
  }
}

/** rand.Intn(n) for n > 0; Go panics with this message otherwise. */
function randIntn(n: bigint): bigint {
  if (n <= 0n) throw new GoError('invalid argument to Intn');
  if (n <= 2n ** 47n) return BigInt(randomInt(Number(n)));
  // Rejection sampling over 64 random bits for the rare huge range.
  const limit = (2n ** 64n / n) * n;
  for (;;) {
    const r = randomBytes(8).readBigUInt64BE();
    if (r < limit) return r % n;
  }
}

// ---------------------------------------------------------------------------------------------

const intValue = (v: GoValue): bigint => (v instanceof GoInt ? BigInt.asIntN(64, v.value) : 0n);

const int64Func = (name: string, params: string[], fn: (...args: GoValue[]) => bigint, variadic?: string) =>
  new GoFunc({ name, params, variadic, result: 'int64', fn: (...args) => goInt64(wrap64(fn(...args))) });

const floatFunc = (name: string, params: string[], fn: (...args: GoValue[]) => number, variadic?: string) =>
  new GoFunc({ name, params, variadic, result: 'float64', fn });

const max = (a: GoValue, ...rest: GoValue[]): bigint =>
  rest.reduce<bigint>((acc, b) => {
    const v = toInt64Value(b);
    return v > acc ? v : acc;
  }, toInt64Value(a));

const min = (a: GoValue, ...rest: GoValue[]): bigint =>
  rest.reduce<bigint>((acc, b) => {
    const v = toInt64Value(b);
    return v < acc ? v : acc;
  }, toInt64Value(a));

function divide(a: GoValue, b: GoValue, op: 'div' | 'mod'): bigint {
  const x = toInt64Value(a);
  const y = toInt64Value(b);
  if (y === 0n) throw new GoError(DIVIDE_BY_ZERO);
  // BigInt division truncates toward zero like Go's; MinInt64 / -1 wraps like Go's.
  return op === 'div' ? x / y : x % y;
}

export const mathFuncs: FuncMap = {
  add1: int64Func('add1', [ANY], (i) => toInt64Value(i) + 1n),
  add: int64Func('add', [], (...xs) => xs.reduce<bigint>((acc, x) => wrap64(acc + toInt64Value(x)), 0n), ANY),
  sub: int64Func('sub', [ANY, ANY], (a, b) => toInt64Value(a) - toInt64Value(b)),
  div: int64Func('div', [ANY, ANY], (a, b) => divide(a, b, 'div')),
  mod: int64Func('mod', [ANY, ANY], (a, b) => divide(a, b, 'mod')),
  mul: int64Func(
    'mul',
    [ANY],
    (a, ...xs) => xs.reduce<bigint>((acc, x) => wrap64(acc * toInt64Value(x)), toInt64Value(a)),
    ANY,
  ),
  randInt: new GoFunc({
    name: 'randInt',
    params: ['int', 'int'],
    result: 'int',
    fn: (lo, hi) => {
      const min = intValue(lo);
      return goInt(wrap64(randIntn(wrap64(intValue(hi) - min)) + min));
    },
  }),
  add1f: floatFunc('add1f', [ANY], (i) => decimalFold(i, [goInt(1)], decAdd)),
  addf: floatFunc('addf', [], (...xs) => decimalFold(0, xs, decAdd), ANY),
  subf: floatFunc('subf', [ANY], (a, ...xs) => decimalFold(a, xs, decSub), ANY),
  divf: floatFunc('divf', [ANY], (a, ...xs) => decimalFold(a, xs, decDiv), ANY),
  mulf: floatFunc('mulf', [ANY], (a, ...xs) => decimalFold(a, xs, decMul), ANY),
  biggest: int64Func('biggest', [ANY], max, ANY),
  max: int64Func('max', [ANY], max, ANY),
  min: int64Func('min', [ANY], min, ANY),
  maxf: floatFunc(
    'maxf',
    [ANY],
    (a, ...xs) => xs.reduce<number>((acc, b) => Math.max(acc, toFloat64(b)), toFloat64(a)),
    ANY,
  ),
  minf: floatFunc(
    'minf',
    [ANY],
    (a, ...xs) => xs.reduce<number>((acc, b) => Math.min(acc, toFloat64(b)), toFloat64(a)),
    ANY,
  ),
  ceil: floatFunc('ceil', [ANY], (a) => Math.ceil(toFloat64(a))),
  floor: floatFunc('floor', [ANY], (a) => Math.floor(toFloat64(a))),
  round: floatFunc(
    'round',
    [ANY, 'int'],
    (a, p, ...rOpt) => round(a, p instanceof GoInt ? p : goInt(0), rOpt.length > 0 ? Number(rOpt[0]) : 0.5),
    'float64',
  ),
  seq: new GoFunc({
    name: 'seq',
    params: [],
    variadic: 'int',
    result: 'string',
    fn: (...ps) => seq(ps.map(intValue)),
  }),
  until: new GoFunc({
    name: 'until',
    params: ['int'],
    result: '[]int',
    fn: (count) => {
      const n = intValue(count);
      return intSlice(untilStep(0n, n, n < 0n ? -1n : 1n));
    },
  }),
  untilStep: new GoFunc({
    name: 'untilStep',
    params: ['int', 'int', 'int'],
    result: '[]int',
    fn: (start, stop, step) => intSlice(untilStep(intValue(start), intValue(stop), intValue(step))),
  }),
};
