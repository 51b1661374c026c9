import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkFuncs as f } from '../../../lib/engine/funcs/sprig/network.ts';

test('getHostByName returns "" while DNS lookups are disabled (Helm default)', () => {
  assert.equal(f.getHostByName.fn('localhost'), '');
  assert.equal(f.getHostByName.goType, 'func(string) string');
});
