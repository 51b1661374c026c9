/**
 * A JSON scanner that keeps source positions, so that fields the release model does not know
 * (newer Helm versions, e.g. v4's `apply_method`) can be carried through byte for byte.
 * Values of free-form fields (config, chart values) are handed to lib/go/json's Go-exact
 * decoder from their raw text.
 */

export type JsonNode =
  | { kind: 'null'; start: number; end: number }
  | { kind: 'bool'; value: boolean; start: number; end: number }
  | { kind: 'number'; text: string; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'array'; items: JsonNode[]; start: number; end: number }
  | { kind: 'object'; entries: { key: string; value: JsonNode }[]; start: number; end: number };

export class JsonScanError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses a complete JSON document (RFC 8259), trailing whitespace allowed. */
export function scanJSON(src: string): JsonNode {
  let pos = 0;
  const fail = (what: string): never => {
    if (pos >= src.length) throw new JsonScanError('unexpected end of JSON input');
    throw new JsonScanError(`invalid character ${JSON.stringify(src[pos])} ${what} at offset ${pos}`);
  };
  const space = (): void => {
    while (pos < src.length) {
      const c = src.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
      else break;
    }
  };
  const string = (): string => {
    pos++; // opening quote
    let out = '';
    let chunk = pos;
    while (pos < src.length) {
      const c = src.charCodeAt(pos);
      if (c === 0x22) {
        out += src.slice(chunk, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('in string literal');
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += src.slice(chunk, pos);
      const e = src[pos + 1];
      pos += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = src.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('in \\u hexadecimal character escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          pos--;
          fail('in string escape code');
      }
      chunk = pos;
    }
    return fail('in string literal');
  };
  const value = (): JsonNode => {
    space();
    const start = pos;
    const c = src[pos];
    if (c === '{') {
      pos++;
      const entries: { key: string; value: JsonNode }[] = [];
      space();
      if (src[pos] === '}') {
        pos++;
        return { kind: 'object', entries, start, end: pos };
      }
      for (;;) {
        space();
        if (src[pos] !== '"') fail('looking for beginning of object key string');
        const key = string();
        space();
        if (src[pos] !== ':') fail('after object key');
        pos++;
        entries.push({ key, value: value() });
        space();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        if (src[pos] === '}') {
          pos++;
          return { kind: 'object', entries, start, end: pos };
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      space();
      if (src[pos] === ']') {
        pos++;
        return { kind: 'array', items, start, end: pos };
      }
      for (;;) {
        items.push(value());
        space();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        if (src[pos] === ']') {
          pos++;
          return { kind: 'array', items, start, end: pos };
        }
        fail('after array element');
      }
    }
    if (c === '"') {
      const v = string();
      return { kind: 'string', value: v, start, end: pos };
    }
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (src.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos } as JsonNode;
      }
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(src);
    if (m) {
      pos += m[0].length;
      return { kind: 'number', text: m[0], start, end: pos };
    }
    return fail('looking for beginning of value');
  };
  const root = value();
  space();
  if (pos < src.length) fail('after top-level value');
  return root;
}

export function nodeTypeName(n: JsonNode): string {
  return n.kind === 'bool' ? 'bool' : n.kind;
}
