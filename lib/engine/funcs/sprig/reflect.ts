/**
 * Sprig v3.3.0's reflection functions (reflect.go): typeOf/typeIs/typeIsLike compare Go's
 * `%T` type names, kindOf/kindIs reflect.Kind names, deepEqual is reflect.DeepEqual.
 */
import { deepEqual } from '../../../go/deepequal.ts';
import { GoFunc, kindOf, typeName } from '../../../go/value.ts';
import type { FuncMap, GoValue } from '../../../go/value.ts';

const ANY = 'interface {}';

/** fmt.Sprintf("%T", v): `<nil>` for nil. */
function typeOf(v: GoValue): string {
  return typeName(v);
}

export const reflectFuncs: FuncMap = {
  typeOf: new GoFunc({ name: 'typeOf', params: [ANY], result: 'string', fn: typeOf }),
  typeIs: new GoFunc({
    name: 'typeIs',
    params: ['string', ANY],
    result: 'bool',
    fn: (target, src) => target === typeOf(src),
  }),
  // Matches the type itself or a pointer to it (`typeIsLike "semver.Version"` for *semver.Version).
  typeIsLike: new GoFunc({
    name: 'typeIsLike',
    params: ['string', ANY],
    result: 'bool',
    fn: (target, src) => {
      const t = typeOf(src);
      return target === t || `*${String(target)}` === t;
    },
  }),
  kindOf: new GoFunc({ name: 'kindOf', params: [ANY], result: 'string', fn: (src) => kindOf(src) }),
  kindIs: new GoFunc({
    name: 'kindIs',
    params: ['string', ANY],
    result: 'bool',
    fn: (target, src) => target === kindOf(src),
  }),
  deepEqual: new GoFunc({
    name: 'deepEqual',
    params: [ANY, ANY],
    result: 'bool',
    fn: (x, y) => deepEqual(x, y),
  }),
};
