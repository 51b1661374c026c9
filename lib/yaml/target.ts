/**
 * sigs.k8s.io/yaml decoding into a typed Go struct: a YAML number or boolean whose target
 * field is a string becomes that string (so `appVersion: 1.10` reads as "1.1" and a manifest's
 * `name: n`, a YAML 1.1 boolean, as "false") instead of failing JSON decoding.
 */
import { formatFloat } from '../go/strconv.ts';
import type { GoValue } from '../go/value.ts';

/** The string sigs.k8s.io/yaml substitutes for a scalar decoded into a string field, or undefined. */
export function scalarAsTargetString(v: GoValue): string | undefined {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    // go-yaml decodes integers as int (FormatInt) and the rest as float64 (FormatFloat 'g', 32 bits).
    if (Number.isSafeInteger(v)) return BigInt(v).toString();
    return formatFloat(v, 'g', -1, 32);
  }
  return undefined;
}
