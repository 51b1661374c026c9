/**
 * Sprig's network functions as Helm exposes them.
 *
 * Helm's engine replaces Sprig's getHostByName with a function returning "" unless DNS
 * lookups are enabled (`--enable-dns`, off by default). slipway renders in a sandbox and
 * only implements the default, disabled behaviour.
 */
import { GoFunc } from '../../../go/value.ts';
import type { FuncMap } from '../../../go/value.ts';

export const networkFuncs: FuncMap = {
  getHostByName: new GoFunc({ name: 'getHostByName', params: ['string'], result: 'string', fn: () => '' }),
};
