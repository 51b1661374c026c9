/**
 * Sprig math functions called directly; expectations from the sprig-math conformance vectors
 * (Helm v3.17.3) and further Helm-recorded cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mathFuncs } from '../../../lib/engine/funcs/sprig/math.ts';
import { GoInt, goInt, typeInfo, type GoValue } from '../../../lib/go/value.ts';

const call = (name: string, ...args: GoValue[]): GoValue => mathFuncs[name].fn(...args);
const i = (n: number | bigint) => goInt(n);

/** An int64 result's value. */
function int64(v: GoValue): bigint {
  assert.ok(v instanceof GoInt && v.kind === 'int64', `expected int64, got ${String(v)}`);
  return v.value;
}

test('integer math coerces operands and wraps like int64', () => {
  assert.equal(int64(call('add', i(1), i(2))), 3n);
  assert.equal(int64(call('add', i(1), i(2), i(3), i(4), i(5))), 15n);
  assert.equal(int64(call('add')), 0n);
  assert.equal(int64(call('add', '3', i(4))), 7n);
  assert.equal(int64(call('add', 'abc', i(4))), 4n);
  assert.equal(int64(call('add', null, i(4))), 4n);
  assert.equal(int64(call('add', true, true)), 2n);
  assert.equal(int64(call('add', i(9223372036854775807n), i(1))), -9223372036854775808n);
  assert.equal(int64(call('add1', i(41))), 42n);
  assert.equal(int64(call('add1', '9')), 10n);
  assert.equal(int64(call('sub', i(3), i(10))), -7n);
  assert.equal(int64(call('sub', 42, -7)), 49n); // values.yaml numbers are float64
  assert.equal(int64(call('mul', 1.5, i(2))), 2n);
  assert.equal(int64(call('mul', i(9223372036854775807n), i(2))), -2n);
  assert.equal(int64(call('mul', i(5))), 5n);
  assert.equal(int64(call('div', i(7), i(2))), 3n);
  assert.equal(int64(call('div', 42, i(5))), 8n);
  assert.equal(int64(call('mod', i(7), i(3))), 1n);
  assert.equal(int64(call('mod', i(-7), i(3))), -1n);
  assert.equal(int64(call('mod', i(7), i(-3))), 1n);
  assert.equal(int64(call('div', i(-9223372036854775808n), i(-1))), -9223372036854775808n);
  assert.equal(int64(call('mod', i(-9223372036854775808n), i(-1))), 0n);
  assert.equal(int64(call('div', call('mul', i(37), i(100)), i(50))), 74n);
});

test('integer division by zero is Go runtime panic', () => {
  assert.throws(() => call('div', i(1), i(0)), { message: 'runtime error: integer divide by zero' });
  assert.throws(() => call('mod', i(5), i(0)), { message: 'runtime error: integer divide by zero' });
});

test('max, min and biggest', () => {
  assert.equal(int64(call('max', i(1), i(5), i(3))), 5n);
  assert.equal(int64(call('max', i(7))), 7n);
  assert.equal(int64(call('max', i(-5), i(-2), i(-9))), -2n);
  assert.equal(int64(call('biggest', i(3), i(9), i(2))), 9n);
  assert.equal(int64(call('min', i(4), i(2), i(8))), 2n);
  assert.equal(int64(call('min', '10', '9')), 9n);
  assert.equal(call('maxf', i(1), 2.5, i(2)), 2.5);
  assert.equal(call('minf', 3.14, 42), 3.14);
  assert.ok(Number.isNaN(call('maxf', 'NaN', i(1)) as number));
});

test('float math goes through decimal arithmetic', () => {
  assert.equal(call('addf', 1.1, 2.2), 3.3);
  assert.equal(call('addf', 0.1, 0.2), 0.3);
  assert.equal(call('addf', '1.5', i(1)), 2.5);
  assert.equal(call('addf', i(1), i(2)), 3);
  assert.equal(call('add1f', 1.5), 2.5);
  assert.equal(call('add1f', 'x'), 1);
  assert.equal(call('subf', i(10), 1.1, 2.2), 6.7);
  assert.equal(call('subf', 0.3, 0.1), 0.2);
  assert.equal(call('mulf', 1.1, i(3)), 3.3);
  assert.equal(call('mulf', 0.1, 0.2), 0.02);
  assert.equal(call('mulf', i(1000), i(1000)), 1e6);
  assert.ok(Object.is(call('mulf', i(-1), i(0)), 0)); // decimals have no negative zero
  assert.equal(call('mulf', i(4), call('addf', 0.5, 0.25)), 3);
  assert.equal(call('divf', i(10), i(4)), 2.5);
  assert.equal(call('divf', i(1), i(3)), 0.3333333333333333);
  assert.equal(call('divf', i(2), i(3)), 0.6666666666666667);
  assert.equal(call('divf', i(10), i(3)), 3.3333333333333335);
  assert.equal(call('divf', i(-2), i(3)), -0.6666666666666667);
  assert.equal(call('divf', 1e300, 1e-300), Infinity);
  assert.equal(call('addf', 1e20, i(1)), 1e20);
  assert.throws(() => call('divf', i(1), i(0)), { message: 'decimal division by 0' });
  assert.throws(() => call('addf', 'NaN', i(1)), { message: 'Cannot create a Decimal from NaN' });
});

test('floor, ceil and round', () => {
  assert.equal(call('floor', 1.5), 1);
  assert.equal(call('floor', '2.7'), 2);
  assert.equal(call('ceil', 1.2), 2);
  assert.equal(call('ceil', -1.2), -1);
  assert.equal(call('ceil', null), 0);
  assert.equal(call('round', 1.2345, i(2)), 1.23);
  assert.equal(call('round', 2.5, i(0)), 3);
  assert.equal(call('round', 3.5, i(0)), 4);
  assert.equal(call('round', -2.5, i(0)), -3);
  assert.equal(call('round', 1.26, i(1), 0.7), 1.2);
  assert.equal(call('round', 1.28, i(1), 0.7), 1.3);
  assert.equal(call('round', 2.675, i(2)), 2.68);
  assert.equal(call('round', 3.14159, i(10)), 3.14159);
  assert.equal(call('round', 1.5, i(-1)), 0);
  assert.equal(call('round', 123.456, i(-1)), 120);
  assert.equal(call('round', 0.1, i(30)), 0.1);
  assert.equal(call('round', 'abc', i(2)), 0);
});

test('randInt draws from [min, max) and rejects empty ranges like rand.Intn', () => {
  for (let n = 0; n < 50; n++) {
    const v = call('randInt', i(5), i(10));
    assert.ok(v instanceof GoInt && v.kind === 'int' && v.value >= 5n && v.value < 10n);
  }
  assert.throws(() => call('randInt', i(5), i(5)), { message: 'invalid argument to Intn' });
  assert.throws(() => call('randInt', i(10), i(1)), { message: 'invalid argument to Intn' });
});

test('until and untilStep return []int; seq returns text', () => {
  const list = call('until', i(4)) as GoValue[];
  assert.equal(typeInfo(list).name, '[]int');
  assert.deepEqual(
    list.map((v) => (v as GoInt).value),
    [0n, 1n, 2n, 3n],
  );
  assert.deepEqual(
    (call('until', i(-3)) as GoInt[]).map((v) => v.value),
    [0n, -1n, -2n],
  );
  assert.deepEqual(
    (call('untilStep', i(0), i(10), i(3)) as GoInt[]).map((v) => v.value),
    [0n, 3n, 6n, 9n],
  );
  assert.deepEqual(call('untilStep', i(0), i(10), i(-1)), []);
  assert.equal(call('seq', i(5)), '1 2 3 4 5');
  assert.equal(call('seq', i(0)), '1 0');
  assert.equal(call('seq', i(3), i(1)), '3 2 1');
  assert.equal(call('seq', i(1), i(2), i(10)), '1 3 5 7 9');
  assert.equal(call('seq', i(10), i(-3), i(1)), '10 7 4 1');
  assert.equal(call('seq', i(10), i(3), i(1)), '');
  assert.equal(call('seq', i(1), i(2), i(3), i(4)), '');
  assert.equal(call('seq'), '');
});

test('signatures match Sprig', () => {
  assert.equal(mathFuncs.add.goType, 'func(...interface {}) int64');
  assert.equal(mathFuncs.sub.goType, 'func(interface {}, interface {}) int64');
  assert.equal(mathFuncs.mulf.goType, 'func(interface {}, ...interface {}) float64');
  assert.equal(mathFuncs.round.goType, 'func(interface {}, int, ...float64) float64');
  assert.equal(mathFuncs.randInt.goType, 'func(int, int) int');
  assert.equal(mathFuncs.until.goType, 'func(int) []int');
  assert.equal(mathFuncs.seq.goType, 'func(...int) string');
});
