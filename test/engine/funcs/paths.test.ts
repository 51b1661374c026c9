import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathFuncs } from '../../../lib/engine/funcs/sprig/paths.ts';

function call(name: string, arg: string): unknown {
  const f = pathFuncs[name];
  assert.ok(f, `no function ${name}`);
  return f.fn(arg);
}

// Expectations recorded from Helm v3.17.3.
test('base', () => {
  const cases: [string, string][] = [
    ['/a/b/c.txt', 'c.txt'],
    ['/a/b/', 'b'],
    ['', '.'],
    ['/', '/'],
    ['//', '/'],
    ['a//', 'a'],
    ['C:\\dir\\file.txt', 'C:\\dir\\file.txt'],
  ];
  for (const [p, want] of cases) {
    assert.equal(call('base', p), want, p);
    assert.equal(call('osBase', p), want, p);
  }
});

test('dir', () => {
  const cases: [string, string][] = [
    ['/a/b/c.txt', '/a/b'],
    ['a/b', 'a'],
    ['a', '.'],
    ['', '.'],
    ['/', '/'],
    ['//a', '/'],
    ['a/', 'a'],
  ];
  for (const [p, want] of cases) {
    assert.equal(call('dir', p), want, p);
    assert.equal(call('osDir', p), want, p);
  }
});

test('clean', () => {
  const cases: [string, string][] = [
    ['a//b/../c/./d/', 'a/c/d'],
    ['', '.'],
    ['/x//y/../z', '/x/z'],
    ['../../a/..', '../..'],
    ['/../a', '/a'],
    ['a/../..', '..'],
    ['//a//b/', '/a/b'],
    ['./', '.'],
    ['a/./b/../../c', 'c'],
    ['/..', '/'],
    ['../a/../../b', '../../b'],
  ];
  for (const [p, want] of cases) {
    assert.equal(call('clean', p), want, p);
    assert.equal(call('osClean', p), want, p);
  }
});

test('ext and isAbs', () => {
  const cases: [string, string][] = [
    ['file.tar.gz', '.gz'],
    ['Makefile', ''],
    ['.bashrc', '.bashrc'],
    ['a.b/c', ''],
    ['a/b.c/', ''],
    ['x.', '.'],
  ];
  for (const [p, want] of cases) {
    assert.equal(call('ext', p), want, p);
    assert.equal(call('osExt', p), want, p);
  }
  assert.equal(call('isAbs', '/x'), true);
  assert.equal(call('isAbs', 'a'), false);
  assert.equal(call('osIsAbs', '/x'), true);
  assert.equal(call('osIsAbs', ''), false);
});
