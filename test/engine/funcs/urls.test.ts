import { test } from 'node:test';
import assert from 'node:assert/strict';
import { urlFuncs } from '../../../lib/engine/funcs/sprig/urls.ts';
import { GoError, goInt, goMap } from '../../../lib/go/value.ts';
import type { GoValue } from '../../../lib/go/value.ts';

function parse(s: string): string {
  const m = urlFuncs.urlParse.fn(s) as Map<string, GoValue>;
  return JSON.stringify(Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1))));
}
const join = (...kv: [string, GoValue][]): GoValue => urlFuncs.urlJoin.fn(goMap(kv));

function throwsGo(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof GoError && e.message === message);
}

const fields = (o: Record<string, string>): string =>
  JSON.stringify({
    fragment: '',
    host: '',
    hostname: '',
    opaque: '',
    path: '',
    query: '',
    scheme: '',
    userinfo: '',
    ...o,
  });

// Expectations recorded from Helm v3.17.3 (Go 1.23 net/url).
test('urlParse splits a URL like net/url.Parse', () => {
  assert.equal(
    parse('https://user:pw@example.com:8080/path/x?q=1&r=2#frag'),
    fields({
      fragment: 'frag',
      host: 'example.com:8080',
      hostname: 'example.com',
      path: '/path/x',
      query: 'q=1&r=2',
      scheme: 'https',
      userinfo: 'user:pw',
    }),
  );
  assert.equal(parse('/just/a/path?x=1'), fields({ path: '/just/a/path', query: 'x=1' }));
  assert.equal(parse('a:b/c?x#y%20z'), fields({ fragment: 'y z', opaque: 'b/c', query: 'x', scheme: 'a' }));
  assert.equal(
    parse('http://us%20er:p%40ss@h/p%20a?q#f'),
    fields({
      fragment: 'f',
      host: 'h',
      hostname: 'h',
      path: '/p a',
      query: 'q',
      scheme: 'http',
      userinfo: 'us%20er:p%40ss',
    }),
  );
  assert.equal(parse('foo:bar/x:y'), fields({ opaque: 'bar/x:y', scheme: 'foo' }));
  assert.equal(parse('x/a:b'), fields({ path: 'x/a:b' }));
  assert.equal(
    parse('http://[fe80::1%25en0]:8080/'),
    fields({ host: '[fe80::1%en0]:8080', hostname: 'fe80::1%en0', path: '/', scheme: 'http' }),
  );
  assert.equal(
    parse('http://[abc]:80/x'),
    fields({ host: '[abc]:80', hostname: 'abc', path: '/x', scheme: 'http' }),
  );
  assert.equal(parse('HTTP://H'), fields({ host: 'H', hostname: 'H', scheme: 'http' }));
});

test('urlParse edge cases: authority without scheme, forced query, *, empty password, host escapes', () => {
  assert.equal(parse('//host/path'), fields({ host: 'host', hostname: 'host', path: '/path' }));
  assert.equal(parse('///x'), fields({ path: '///x' }));
  assert.equal(parse('http://h/x?'), fields({ host: 'h', hostname: 'h', path: '/x', scheme: 'http' }));
  assert.equal(parse('*'), fields({ path: '*' }));
  assert.equal(parse('http://u:@h'), fields({ host: 'h', hostname: 'h', scheme: 'http', userinfo: 'u:' }));
  assert.equal(parse('http://u@h'), fields({ host: 'h', hostname: 'h', scheme: 'http', userinfo: 'u' }));
  assert.equal(
    parse('mailto:a@b?subject=x'),
    fields({ opaque: 'a@b', query: 'subject=x', scheme: 'mailto' }),
  );
  assert.equal(parse('http://h/a%2Fb'), fields({ host: 'h', hostname: 'h', path: '/a/b', scheme: 'http' }));
  assert.equal(parse('http://%C3%A9/'), fields({ host: 'é', hostname: 'é', path: '/', scheme: 'http' }));
  assert.equal(parse(''), fields({}));
  throwsGo(
    () => urlFuncs.urlParse.fn('http://%41/'),
    'unable to parse url: parse "http://%41/": invalid URL escape "%41"',
  );
});

test('urlParse reports net/url errors', () => {
  const cases: [string, string][] = [
    ['http://[::1', `parse "http://[::1": missing ']' in host`],
    ['http://a b/', `parse "http://a b/": invalid character " " in host name`],
    ['http://x/%zz', `parse "http://x/%zz": invalid URL escape "%zz"`],
    ['1http:x', `parse "1http:x": first path segment in URL cannot contain colon`],
    [':foo', `parse ":foo": missing protocol scheme`],
    ['http://h:80x/', `parse "http://h:80x/": invalid port ":80x" after host`],
    ['http://x/#%', `parse "http://x/#%": invalid URL escape "%"`],
    ['http://a\nb', `parse "http://a\\nb": net/url: invalid control character in URL`],
  ];
  for (const [url, msg] of cases) throwsGo(() => urlFuncs.urlParse.fn(url), `unable to parse url: ${msg}`);
});

test('urlJoin formats a dict like net/url URL.String', () => {
  assert.equal(join(['scheme', 'https'], ['host', 'h'], ['userinfo', 'me:pw']), 'https://me:pw@h');
  assert.equal(join(), '');
  assert.equal(join(['scheme', 'http'], ['host', 'h'], ['path', '/a b/c']), 'http://h/a%20b/c');
  assert.equal(join(['scheme', 'mailto'], ['opaque', 'x@y.z']), 'mailto:x@y.z');
  assert.equal(join(['path', 'a:b']), './a:b');
  assert.equal(
    join(['scheme', 'http'], ['host', 'h'], ['path', 'p'], ['query', 'a b'], ['fragment', 'x y!']),
    'http://h/p?a b#x%20y!',
  );
  assert.equal(join(['userinfo', 'a@b:c']), '//a%40b:c@');
  assert.equal(join(['host', 'h'], ['userinfo', 'u:p%41']), '//u:pA@h');
  assert.equal(join(['scheme', 'file'], ['path', '/x']), 'file:///x');
  assert.equal(join(['host', 'é h']), '//%C3%A9%20h');
  assert.equal(join(['scheme', 'http']), 'http:');
  assert.equal(join(['scheme', 'http'], ['path', 'x']), 'http://x');
  assert.equal(join(['path', '*']), '*');
  assert.equal(join(['host', 'h'], ['path', 'x']), '//h/x');
  assert.equal(join(['path', 'a?b#c']), 'a%3Fb%23c');
  assert.equal(join(['fragment', 'a#b c/?@']), '#a%23b%20c/?@');
  assert.equal(join(['userinfo', 'u']), '//u@');
  assert.equal(join(['userinfo', 'u:']), '//u:@');
});

test('urlJoin rejects non-string values and bad userinfo', () => {
  throwsGo(
    () => join(['scheme', goInt(5)]),
    'unable to parse scheme key, must be of type string, but int found',
  );
  throwsGo(() => join(['scheme', null]), 'runtime error: invalid memory address or nil pointer dereference');
  throwsGo(
    () => join(['userinfo', 'a b']),
    'unable to parse userinfo in dict: parse "proto://a b@host": net/url: invalid userinfo',
  );
});
