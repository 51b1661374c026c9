/**
 * The function library templates see: Sprig v3's text functions minus `env` and `expandenv`,
 * with Helm's own functions over them (Helm's toYaml/toJson/… replace Sprig's). The
 * render-bound functions (include, tpl, required, fail, lookup) come from helm.ts per render.
 */
import type { FuncMap } from '../../go/value.ts';
import { serializationFuncs } from './serialization.ts';
import { conversionFuncs } from './sprig/conversion.ts';
import { cryptoFuncs } from './sprig/crypto.ts';
import { dateFuncs } from './sprig/dates.ts';
import { dictFuncs } from './sprig/dicts.ts';
import { encodingFuncs } from './sprig/encoding.ts';
import { listFuncs } from './sprig/lists.ts';
import { mathFuncs } from './sprig/math.ts';
import { networkFuncs } from './sprig/network.ts';
import { pathFuncs } from './sprig/paths.ts';
import { randomFuncs } from './sprig/random.ts';
import { reflectFuncs } from './sprig/reflect.ts';
import { regexFuncs } from './sprig/regex.ts';
import { semverFuncs } from './sprig/semver.ts';
import { stringFuncs } from './sprig/strings.ts';
import { urlFuncs } from './sprig/urls.ts';

const sprigFuncs: FuncMap = {
  ...stringFuncs,
  ...regexFuncs,
  ...conversionFuncs,
  ...listFuncs,
  ...dictFuncs,
  ...reflectFuncs,
  ...pathFuncs,
  ...urlFuncs,
  ...mathFuncs,
  ...dateFuncs,
  ...semverFuncs,
  ...cryptoFuncs,
  ...encodingFuncs,
  ...randomFuncs,
  ...networkFuncs,
};
delete sprigFuncs.env;
delete sprigFuncs.expandenv;

/** Every function that does not depend on the render in progress. */
export const baseFuncs: Readonly<FuncMap> = Object.freeze({ ...sprigFuncs, ...serializationFuncs });

/**
 * Sprig's TxtFuncMap as slipway has it (no env/expandenv) with Sprig's JSON encoders: what Helm
 * gives `--name-template`, which is parsed outside the engine (so no toYaml, include or tpl).
 */
export const sprigTextFuncs: Readonly<FuncMap> = Object.freeze({
  ...sprigFuncs,
  ...Object.fromEntries(
    ['toJson', 'mustToJson', 'toPrettyJson', 'mustToPrettyJson', 'toRawJson', 'mustToRawJson'].map((n) => [
      n,
      serializationFuncs[n],
    ]),
  ),
});
