/**
 * Go's net/http.DetectContentType (the WHATWG MIME sniffing table, as in Go 1.23): Helm names
 * the sniffed type when a chart archive is not gzip data.
 */

/** The algorithm looks at no more than this many bytes. */
const SNIFF_LEN = 512;

type Signature = (data: Uint8Array, firstNonWS: number) => string | undefined;

const bytes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function exact(sig: string, contentType: string): Signature {
  const pattern = bytes(sig);
  return (data) =>
    data.length >= pattern.length && pattern.every((b, i) => data[i] === b) ? contentType : undefined;
}

function masked(mask: string, pat: string, contentType: string, skipWS = false): Signature {
  const m = bytes(mask);
  const p = bytes(pat);
  return (data, firstNonWS) => {
    const from = skipWS ? firstNonWS : 0;
    if (data.length - from < m.length) return undefined;
    return m.every((mb, i) => ((data[from + i] as number) & mb) === p[i]) ? contentType : undefined;
  };
}

/** An HTML tag: case-insensitive letters, then a space or '>'. */
function html(tag: string): Signature {
  const t = bytes(tag);
  return (data, firstNonWS) => {
    if (data.length - firstNonWS < t.length + 1) return undefined;
    for (let i = 0; i < t.length; i++) {
      let b = data[firstNonWS + i] as number;
      if (t[i]! >= 0x41 && t[i]! <= 0x5a) b &= 0xdf;
      if (b !== t[i]) return undefined;
    }
    const next = data[firstNonWS + t.length];
    return next === 0x20 || next === 0x3e ? 'text/html; charset=utf-8' : undefined;
  };
}

const mp4: Signature = (data) => {
  if (data.length < 12) return undefined;
  const boxSize = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (boxSize % 4 !== 0 || data.length < boxSize) return undefined;
  if (String.fromCharCode(...data.subarray(4, 8)) !== 'ftyp') return undefined;
  for (let st = 8; st < boxSize; st += 4) {
    if (st === 12) continue; // the minor version number
    if (String.fromCharCode(...data.subarray(st, st + 3)) === 'mp4') return 'video/mp4';
  }
  return undefined;
};

/** Text unless a control byte other than \t \n \f \r ESC appears after the leading spaces. */
const text: Signature = (data, firstNonWS) => {
  for (let i = firstNonWS; i < data.length; i++) {
    const b = data[i]!;
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return undefined;
  }
  return 'text/plain; charset=utf-8';
};

const FF = '\xff';

const SIGNATURES: readonly Signature[] = [
  ...[
    '<!DOCTYPE HTML',
    '<HTML',
    '<HEAD',
    '<SCRIPT',
    '<IFRAME',
    '<H1',
    '<DIV',
    '<FONT',
    '<TABLE',
    '<A',
    '<STYLE',
    '<TITLE',
    '<B',
    '<BODY',
    '<BR',
    '<P',
    '<!--',
  ].map(html),
  masked(FF.repeat(5), '<?xml', 'text/xml; charset=utf-8', true),
  exact('%PDF-', 'application/pdf'),
  exact('%!PS-Adobe-', 'application/postscript'),
  // Byte order marks.
  masked('\xff\xff\x00\x00', '\xfe\xff\x00\x00', 'text/plain; charset=utf-16be'),
  masked('\xff\xff\x00\x00', '\xff\xfe\x00\x00', 'text/plain; charset=utf-16le'),
  masked('\xff\xff\xff\x00', '\xef\xbb\xbf\x00', 'text/plain; charset=utf-8'),
  // Images.
  exact('\x00\x00\x01\x00', 'image/x-icon'),
  exact('\x00\x00\x02\x00', 'image/x-icon'),
  exact('BM', 'image/bmp'),
  exact('GIF87a', 'image/gif'),
  exact('GIF89a', 'image/gif'),
  masked(
    '\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff',
    'RIFF\x00\x00\x00\x00WEBPVP',
    'image/webp',
  ),
  exact('\x89PNG\x0d\x0a\x1a\x0a', 'image/png'),
  exact('\xff\xd8\xff', 'image/jpeg'),
  // Audio and video.
  masked('\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff', 'FORM\x00\x00\x00\x00AIFF', 'audio/aiff'),
  masked(FF.repeat(3), 'ID3', 'audio/mpeg'),
  masked(FF.repeat(5), 'OggS\x00', 'application/ogg'),
  masked(FF.repeat(8), 'MThd\x00\x00\x00\x06', 'audio/midi'),
  masked('\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff', 'RIFF\x00\x00\x00\x00AVI ', 'video/avi'),
  masked('\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff', 'RIFF\x00\x00\x00\x00WAVE', 'audio/wave'),
  mp4,
  exact('\x1a\x45\xdf\xa3', 'video/webm'),
  // Fonts.
  masked('\x00'.repeat(34) + '\xff\xff', '\x00'.repeat(34) + 'LP', 'application/vnd.ms-fontobject'),
  exact('\x00\x01\x00\x00', 'font/ttf'),
  exact('OTTO', 'font/otf'),
  exact('ttcf', 'font/collection'),
  exact('wOFF', 'font/woff'),
  exact('wOF2', 'font/woff2'),
  // Archives.
  exact('\x1f\x8b\x08', 'application/x-gzip'),
  exact('PK\x03\x04', 'application/zip'),
  exact('Rar!\x1a\x07\x00', 'application/x-rar-compressed'),
  exact('Rar!\x1a\x07\x01\x00', 'application/x-rar-compressed'),
  exact('\x00asm', 'application/wasm'),
  text,
];

function isWS(b: number): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
}

/** The MIME type of `data` by its first 512 bytes; `application/octet-stream` when unknown. */
export function detectContentType(data: Uint8Array): string {
  const head = data.subarray(0, SNIFF_LEN);
  let firstNonWS = 0;
  while (firstNonWS < head.length && isWS(head[firstNonWS]!)) firstNonWS++;
  for (const sig of SIGNATURES) {
    const contentType = sig(head, firstNonWS);
    if (contentType !== undefined) return contentType;
  }
  return 'application/octet-stream';
}
