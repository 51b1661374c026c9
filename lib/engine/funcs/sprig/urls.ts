/**
 * Sprig v3.3.0's URL functions (url.go): urlParse splits a URL into a dict with Go's
 * net/url.Parse, urlJoin builds one from such a dict with net/url's URL.String.
 *
 * Both depend on net/url's exact parsing, validation and percent-escaping rules (as of Go
 * 1.23, which Helm v3.17.3 is built with), so the parts of net/url they use are ported here.
 * Go strings are bytes: escaping works on UTF-8 bytes, and unescaped bytes that do not form
 * valid UTF-8 come back with U+FFFD.
 */
import { sprintf } from '../../../go/fmt.ts';
import { GoError, GoFunc, kindOf, utf8Bytes, utf8String } from '../../../go/value.ts';
import type { FuncMap, GoMap, GoValue } from '../../../go/value.ts';
import { NIL_DEREFERENCE } from './lists.ts';

/** net/url's encoding modes (the parts of a URL with their own escaping rules). */
type Encoding = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

/** A net/url error; `message` is what err.Error() prints. */
class UrlError extends Error {}

/** The components of a parsed URL that Sprig reads or writes. */
interface Url {
  scheme: string;
  opaque: string;
  user: { username: string; password: string | undefined } | undefined;
  host: string;
  path: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

function emptyUrl(): Url {
  return {
    scheme: '',
    opaque: '',
    user: undefined,
    host: '',
    path: '',
    omitHost: false,
    forceQuery: false,
    rawQuery: '',
    fragment: '',
  };
}

// -----------------------------------------------------------------------------------------
// Escaping
// -----------------------------------------------------------------------------------------

const isAlnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** net/url's shouldEscape: whether byte `c` must be percent-encoded in the given part. */
function shouldEscape(c: number, mode: Encoding): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && '!$&\'()*+,;=:[]<>"'.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'fragment':
        return false;
      default:
        // Hosts and zones fall through to the general rule below.
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

const HEX = '0123456789ABCDEF';

/** net/url's escape: percent-encodes the UTF-8 bytes that `mode` does not allow. */
function escape(s: string, mode: Encoding): string {
  let out = '';
  for (const c of utf8Bytes(s)) {
    out += shouldEscape(c, mode) ? '%' + HEX[c >> 4] + HEX[c & 15] : String.fromCharCode(c);
  }
  // Only ASCII was emitted as is, so the result is plain ASCII.
  return out;
}

const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

function unhex(c: number): number {
  if (c <= 0x39) return c - 0x30;
  if (c >= 0x61) return c - 0x61 + 10;
  return c - 0x41 + 10;
}

/** strconv.Quote of a byte string (the text of net/url's error messages). */
function quote(bytes: Uint8Array): string {
  return sprintf('%q', [utf8String(bytes)]);
}

/** net/url's unescape for the non-query modes, with its host and zone validation. */
function unescape(s: string, mode: Encoding): string {
  const b = utf8Bytes(s);
  const out: number[] = [];
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c === 0x25) {
      if (i + 2 >= b.length || !isHex(b[i + 1]) || !isHex(b[i + 2])) {
        throw new UrlError(`invalid URL escape ${quote(b.subarray(i, i + 3))}`);
      }
      const v = (unhex(b[i + 1]) << 4) | unhex(b[i + 2]);
      const isPercent25 = b[i + 1] === 0x32 && b[i + 2] === 0x35;
      // In a host, %-encoding is only for non-ASCII bytes (and %25 in IPv6 zones).
      if (mode === 'host' && unhex(b[i + 1]) < 8 && !isPercent25) {
        throw new UrlError(`invalid URL escape ${quote(b.subarray(i, i + 3))}`);
      }
      if (mode === 'zone' && !isPercent25 && v !== 0x20 && shouldEscape(v, 'host')) {
        throw new UrlError(`invalid URL escape ${quote(b.subarray(i, i + 3))}`);
      }
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) {
      throw new UrlError(`invalid character ${quote(b.subarray(i, i + 1))} in host name`);
    }
    out.push(c);
    i++;
  }
  return utf8String(Uint8Array.from(out));
}

// -----------------------------------------------------------------------------------------
// Parsing (net/url.Parse)
// -----------------------------------------------------------------------------------------

/** url.Parse: the URL, or throws UrlError with net/url's `parse "URL": reason` text. */
function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let url: Url;
  try {
    url = parseWithoutFragment(u);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${sprintf('%q', [u])}: ${e.message}`);
    throw e;
  }
  if (hash < 0) return url;
  try {
    url.fragment = unescape(raw.slice(hash + 1), 'fragment');
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${sprintf('%q', [raw])}: ${e.message}`);
    throw e;
  }
  return url;
}

const CONTROL_BYTE = /[\x00-\x1f\x7f]/;

function parseWithoutFragment(raw: string): Url {
  if (CONTROL_BYTE.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url = emptyUrl();
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let rest: string;
  [url.scheme, rest] = splitScheme(raw);
  url.scheme = url.scheme.toLowerCase();

  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }

  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      // A rootless path after a scheme is opaque (RFC 3986).
      url.opaque = rest;
      return url;
    }
    // A relative path's first segment cannot contain a colon: it would read as a scheme.
    if (rest.split('/', 1)[0].includes(':')) {
      throw new UrlError('first path segment in URL cannot contain colon');
    }
  }

  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    parseAuthority(authority, url);
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  url.path = unescape(rest, 'path');
  return url;
}

/** net/url's getScheme: a leading `[A-Za-z][A-Za-z0-9+.-]*:`, if any. */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseAuthority(authority: string, url: Url): void {
  const at = authority.lastIndexOf('@');
  url.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) {
    throw new UrlError('net/url: invalid userinfo');
  }
  const colon = userinfo.indexOf(':');
  url.user =
    colon < 0
      ? { username: unescape(userinfo, 'userPassword'), password: undefined }
      : {
          username: unescape(userinfo.slice(0, colon), 'userPassword'),
          password: unescape(userinfo.slice(colon + 1), 'userPassword'),
        };
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    // An IP literal: "[fe80::1]", "[fe80::1%25en0]:80".
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort))
      throw new UrlError(`invalid port ${sprintf('%q', [colonPort])} after host`);
    const zone = host.slice(0, close).indexOf('%25');
    if (zone >= 0) {
      return (
        unescape(host.slice(0, zone), 'host') +
        unescape(host.slice(zone, close), 'zone') +
        unescape(host.slice(close), 'host')
      );
    }
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort))
        throw new UrlError(`invalid port ${sprintf('%q', [colonPort])} after host`);
    }
  }
  return unescape(host, 'host');
}

/** "" or ":" followed by digits only. */
function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** URL.Hostname: the host without its port and IPv6 brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** Userinfo.String: username[:password], each escaped. */
function userString(user: NonNullable<Url['user']>): string {
  const name = escape(user.username, 'userPassword');
  return user.password === undefined ? name : `${name}:${escape(user.password, 'userPassword')}`;
}

// -----------------------------------------------------------------------------------------
// Formatting (URL.String)
// -----------------------------------------------------------------------------------------

function formatUrl(u: Url): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') {
    out += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user !== undefined) {
      if (!(u.omitHost && u.host === '' && u.user === undefined)) {
        if (u.host !== '' || u.path !== '' || u.user !== undefined) out += '//';
        if (u.user !== undefined) out += userString(u.user) + '@';
        if (u.host !== '') out += escape(u.host, 'host');
      }
    }
    // "*" is never escaped (Go issue 11202).
    const path = u.path === '*' ? '*' : escape(u.path, 'path');
    if (path !== '' && !path.startsWith('/') && u.host !== '') out += '/';
    // A relative path whose first segment has a colon would read as a scheme: prefix "./".
    if (out === '' && path.split('/', 1)[0].includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + escape(u.fragment, 'fragment');
  return out;
}

// -----------------------------------------------------------------------------------------
// Sprig
// -----------------------------------------------------------------------------------------

function urlParse(v: GoValue): GoMap {
  let u: Url;
  try {
    u = parseUrl(v as string);
  } catch (e) {
    if (e instanceof UrlError) throw new GoError(`unable to parse url: ${e.message}`);
    throw e;
  }
  return new Map<string, GoValue>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user === undefined ? '' : userString(u.user)],
  ]);
}

/** Sprig's dictGetOrEmpty: a missing key is "", a non-string value a panic. */
function stringEntry(d: GoMap | null, key: string): string {
  if (d === null || !d.has(key)) return '';
  const value = d.get(key) ?? null;
  if (value === null) throw new GoError(NIL_DEREFERENCE);
  if (typeof value !== 'string') {
    throw new GoError(`unable to parse ${key} key, must be of type string, but ${kindOf(value)} found`);
  }
  return value;
}

function urlJoin(d: GoValue): string {
  const m = d instanceof Map ? d : null;
  const u = emptyUrl();
  u.scheme = stringEntry(m, 'scheme');
  u.host = stringEntry(m, 'host');
  u.path = stringEntry(m, 'path');
  u.rawQuery = stringEntry(m, 'query');
  u.opaque = stringEntry(m, 'opaque');
  u.fragment = stringEntry(m, 'fragment');
  const userinfo = stringEntry(m, 'userinfo');
  if (userinfo !== '') {
    // Sprig parses the userinfo by embedding it in a throwaway URL.
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof UrlError) throw new GoError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return formatUrl(u);
}

export const urlFuncs: FuncMap = {
  urlParse: new GoFunc({
    name: 'urlParse',
    params: ['string'],
    result: 'map[string]interface {}',
    fn: urlParse,
  }),
  urlJoin: new GoFunc({
    name: 'urlJoin',
    params: ['map[string]interface {}'],
    result: 'string',
    fn: urlJoin,
  }),
};
