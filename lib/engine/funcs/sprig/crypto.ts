/**
 * Sprig's crypto functions: bcrypt, htpasswd, derivePassword, genPrivateKey, the
 * certificate generators (genCA, genSelfSignedCert, genSignedCert and their *WithKey
 * variants, buildCustomCert) and encryptAES/decryptAES.
 *
 * Certificates reproduce what Go's x509.CreateCertificate makes of Sprig's template:
 * v3, random 128-bit serial, CN-only subject (PrintableString when Go would choose it),
 * UTCTime/GeneralizedTime validity truncated to seconds, and the extensions in Go's order
 * (key usage, ext key usage, basic constraints, subject/authority key id, SAN). Keys come
 * from Node's OpenSSL, structures are DER-encoded with @peculiar/asn1-x509.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign,
  X509Certificate,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import bcryptjs from 'bcryptjs';
import { sprint } from '../../../go/fmt.ts';
import { GoError, GoFunc, GoInt, GoStruct, typeName, utf8Bytes, utf8String } from '../../../go/value.ts';
import type { FuncMap, GoValue } from '../../../go/value.ts';
import { base64Decode, base64Encode, CorruptInputError } from './encoding.ts';

// ---------------------------------------------------------------------------------------
// bcrypt, htpasswd

/** golang.org/x/crypto/bcrypt.GenerateFromPassword at DefaultCost, as Sprig's bcrypt. */
export function bcryptHash(password: string): string {
  if (utf8Bytes(password).length > 72) {
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  }
  // Go writes the "$2a$" variant; bcryptjs salts as "$2b$" (same algorithm below 255 bytes).
  const salt = bcryptjs.genSaltSync(10).replace(/^\$2b\$/, '$2a$');
  return bcryptjs.hashSync(password, salt);
}

export function htpasswd(username: string, password: string): string {
  if (username.includes(':')) return `invalid username: ${username}`;
  return `${username}:${bcryptHash(password)}`;
}

// ---------------------------------------------------------------------------------------
// derivePassword: the Master Password algorithm (scrypt + HMAC-SHA256 templates)

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';

const PASSWORD_TEMPLATES: Record<string, readonly string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: (
    'CvcvnoCvcvCvcv CvcvCvcvnoCvcv CvcvCvcvCvcvno CvccnoCvcvCvcv CvccCvcvnoCvcv CvccCvcvCvcvno ' +
    'CvcvnoCvccCvcv CvcvCvccnoCvcv CvcvCvccCvcvno CvcvnoCvcvCvcc CvcvCvcvnoCvcc CvcvCvcvCvccno ' +
    'CvccnoCvccCvcv CvccCvccnoCvcv CvccCvccCvcvno CvcvnoCvccCvcc CvcvCvccnoCvcc CvcvCvccCvccno ' +
    'CvccnoCvcvCvcc CvccCvcvnoCvcc CvccCvcvCvccno'
  ).split(' '),
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32BE(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Sprig's derivePassword (scrypt N=32768 r=8 p=2, 64-byte key). */
export function derivePassword(
  counter: number,
  passwordType: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!Object.hasOwn(PASSWORD_TEMPLATES, passwordType) || !templates) {
    return `cannot find password template ${passwordType}`;
  }
  const seed = Buffer.from(MASTER_PASSWORD_SEED);
  const userBytes = Buffer.from(utf8Bytes(user));
  const siteBytes = Buffer.from(utf8Bytes(site));
  const salt = Buffer.concat([seed, uint32BE(userBytes.length), userBytes]);
  const key = scryptSync(Buffer.from(utf8Bytes(password)), salt, 64, {
    N: 32768,
    r: 8,
    p: 2,
    maxmem: 256 * 1024 * 1024,
  });
  const message = Buffer.concat([seed, uint32BE(siteBytes.length), siteBytes, uint32BE(counter)]);
  const digest = createHmac('sha256', key).update(message).digest();
  const template = templates[digest[0] % templates.length];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[digest[i + 1] % chars.length];
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// PEM and the little DER Go's DSA key format needs

/** encoding/pem.EncodeToMemory (no headers): 64-column base64 lines. */
export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = base64Encode(der);
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

/**
 * encoding/pem.Decode's first valid block (type and bytes), or undefined. Headers are
 * skipped; a block whose body is not valid base64 is passed over, as Go does.
 */
export function pemDecode(text: string): { type: string; bytes: Uint8Array } | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t\r]*\n([\s\S]*?)(?:^|\n)-----END \1-----[ \t\r]*(?:\n|$)/g;
  for (const m of text.matchAll(re)) {
    const lines = m[2].split('\n');
    // Skip RFC 1421 headers ("Key: value" lines ended by a blank line).
    if (lines.length > 0 && lines[0].includes(':')) {
      const blank = lines.findIndex((l) => l.trim() === '');
      if (blank < 0) continue;
      lines.splice(0, blank + 1);
    }
    try {
      const body = lines.join('\n').replace(/[ \t]/g, '');
      return { type: m[1], bytes: base64Decode(utf8Bytes(body)) };
    } catch (e) {
      if (!(e instanceof CorruptInputError)) throw e;
    }
  }
  return undefined;
}

/** A DER length prefix. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derTLV(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** A DER INTEGER (minimal two's complement) for a non-negative bigint. */
function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return derTLV(0x02, bytes);
}

interface DerElement {
  tag: number;
  content: Buffer;
}

/** Splits DER content into its top-level elements; throws on malformed input. */
function derElements(buf: Buffer): DerElement[] {
  const out: DerElement[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (pos + 2 > buf.length) throw new Error('truncated');
    const tag = buf[pos];
    let len = buf[pos + 1];
    pos += 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || pos + n > buf.length) throw new Error('bad length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i];
      pos += n;
    }
    if (pos + len > buf.length) throw new Error('truncated');
    out.push({ tag, content: buf.subarray(pos, pos + len) });
    pos += len;
  }
  return out;
}

function derBigInt(e: DerElement): bigint {
  if (e.tag !== 0x02) throw new Error('not an INTEGER');
  return e.content.length === 0 ? 0n : BigInt('0x' + e.content.toString('hex'));
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Private keys

/** A private key as Sprig holds it. DSA keys (and X25519 from PKCS#8) cannot sign certificates. */
type PrivateKey =
  | { kind: 'rsa' | 'ec' | 'ed25519'; key: KeyObject }
  | { kind: 'dsa'; der: Buffer }
  | { kind: 'other'; key: KeyObject };

/** Go's DSAKeyFormat (version 0, P, Q, G, Y, X) from a PKCS#8 DSA key. */
function dsaKeyFormat(key: KeyObject): Buffer {
  const [, algorithm, privateKey] = derElements(
    derElements(key.export({ format: 'der', type: 'pkcs8' }))[0].content,
  );
  const [, params] = derElements(algorithm.content);
  const [p, q, g] = derElements(params.content).map(derBigInt);
  const x = derBigInt(derElements(privateKey.content)[0]);
  const y = modPow(g, x, p);
  return derTLV(0x30, Buffer.concat([derInteger(0n), ...[p, q, g, y, x].map(derInteger)]));
}

/** Sprig's pemBlockForKey. */
function pemForKey(priv: PrivateKey): string {
  switch (priv.kind) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', priv.key.export({ format: 'der', type: 'pkcs1' }));
    case 'ec':
      return pemEncode('EC PRIVATE KEY', priv.key.export({ format: 'der', type: 'sec1' }));
    case 'dsa':
      return pemEncode('DSA PRIVATE KEY', priv.der);
    default:
      return pemEncode('PRIVATE KEY', priv.key.export({ format: 'der', type: 'pkcs8' }));
  }
}

function generateRsaKey(bits: number): PrivateKey {
  return {
    kind: 'rsa',
    key: generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 }).privateKey,
  };
}

/** Sprig's genPrivateKey. */
export function generatePrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return pemForKey(generateRsaKey(4096));
    case 'dsa': {
      const { privateKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
      return pemForKey({ kind: 'dsa', der: dsaKeyFormat(privateKey) });
    }
    case 'ecdsa':
      return pemForKey({ kind: 'ec', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey });
    case 'ed25519':
      return pemForKey({ kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey });
    default:
      return 'Unknown type ' + type;
  }
}

/** Curves Go's crypto/x509 parses, with the hash Go signs with for each. */
const EC_CURVE_HASH: Record<string, string> = {
  prime256v1: 'sha256',
  secp224r1: 'sha256',
  secp384r1: 'sha384',
  secp521r1: 'sha512',
};

function classify(key: KeyObject, context: string): PrivateKey {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { kind: 'rsa', key };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
      if (!Object.hasOwn(EC_CURVE_HASH, curve)) throw new Error(`${context}x509: unknown elliptic curve`);
      return { kind: 'ec', key };
    }
    case 'ed25519':
      return { kind: 'ed25519', key };
    case 'x25519':
      return { kind: 'other', key };
    default:
      throw new Error(`${context}x509: unknown key type`);
  }
}

function parseKeyDer(
  der: Uint8Array,
  type: 'pkcs1' | 'sec1' | 'pkcs8',
  context: string,
  goWhat: string,
): PrivateKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch {
    throw new Error(`${context}asn1: structure error: ${goWhat}`);
  }
  return classify(key, context);
}

/** Sprig's parsePrivateKeyPEM; throws Error with Sprig's message (inner messages approximate Go's). */
function parsePrivateKeyPEM(text: string): PrivateKey {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    return parseKeyDer(block.bytes, 'pkcs8', 'decoding PEM as PKCS#8: ', 'invalid PKCS#8 private key');
  }
  if (!block.type.endsWith(' PRIVATE KEY')) {
    throw new Error(`no private key data in PEM block of type ${block.type}`);
  }
  switch (block.type.slice(0, -' PRIVATE KEY'.length)) {
    case 'RSA':
      return parseKeyDer(
        block.bytes,
        'pkcs1',
        'parsing RSA private key from PEM: ',
        'invalid PKCS#1 private key',
      );
    case 'EC':
      return parseKeyDer(
        block.bytes,
        'sec1',
        'parsing EC private key from PEM: x509: failed to parse EC private key: ',
        'invalid EC private key',
      );
    case 'DSA': {
      const der = Buffer.from(block.bytes);
      try {
        const [seq] = derElements(der);
        derElements(seq.content).slice(0, 6).forEach(derBigInt);
      } catch {
        throw new Error('parsing DSA private key from PEM: asn1: structure error: invalid DSA private key');
      }
      return { kind: 'dsa', der };
    }
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

// ---------------------------------------------------------------------------------------
// Certificates

const OID_COMMON_NAME = '2.5.4.3';
const OID_KEY_USAGE = '2.5.29.15';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_SUBJECT_KEY_ID = '2.5.29.14';
const OID_AUTHORITY_KEY_ID = '2.5.29.35';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

/** A parsed CA (Sprig's signerCert + signerKey). */
interface Signer {
  subject: Uint8Array;
  subjectKeyId: Uint8Array | undefined;
  publicKey: KeyObject;
}

/** What getBaseCertTemplate fills in. */
interface CertTemplate {
  cn: string;
  ips: Uint8Array[];
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
}

/** Go's asn1 PrintableString test for marshalled strings ('*' and '&' excluded). */
function isPrintableString(s: string): boolean {
  return /^[A-Za-z0-9'()+,\-./:=? ]*$/.test(s);
}

/** pkix.Name{CommonName: cn} as an RDNSequence (empty when cn is empty). */
function subjectName(cn: string): Name {
  if (cn === '') return new Name();
  const value = isPrintableString(cn)
    ? new AttributeValue({ printableString: cn })
    : new AttributeValue({ utf8String: cn });
  return new Name([
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type: OID_COMMON_NAME, value })]),
  ]);
}

/** net.ParseIP, as 4 bytes for IPv4 (and v4-mapped IPv6, as To4 yields) or 16 bytes. */
export function parseIP(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    // Go rejects leading zeros ("01") and more than three digits.
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0') || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(p)) {
        out.push(parseInt(p, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return undefined;
  const all = [...head, ...Array<number>(8 - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** The IP address text @peculiar/asn1-x509 converts back to exactly these bytes. */
function ipText(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16));
  return groups.join(':');
}

function listItems(v: GoValue): GoValue[] {
  return Array.isArray(v) ? v : [];
}

/** Sprig's getNetIPs. */
function netIPs(ips: GoValue): Uint8Array[] {
  return listItems(ips).map((ip) => {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${sprint([ip])} is not a string`);
    const parsed = parseIP(ip);
    if (!parsed) throw new Error(`error parsing ip: ${ip}`);
    return parsed;
  });
}

/** Sprig's getAlternateDNSStrs. */
function alternateDNS(names: GoValue): string[] {
  return listItems(names).map((dns) => {
    if (typeof dns !== 'string') {
      throw new Error(`error processing alternate dns name: ${sprint([dns])} is not a string`);
    }
    return dns;
  });
}

const NANOS_PER_MS = 1_000_000n;
const NANOS_PER_DAY = 24n * 3600n * 1_000_000_000n;

/** Go's time.Time as x509 marshals it: truncated to whole seconds. */
function wholeSeconds(ms: bigint): Date {
  const s = ms >= 0n ? ms / 1000n : -((-ms + 999n) / 1000n);
  return new Date(Number(s * 1000n));
}

/** Sprig's getBaseCertTemplate (validity: now .. now + days, the duration wrapping like Go's int64). */
function baseTemplate(
  cn: string,
  ips: GoValue,
  dnsNames: GoValue,
  daysValid: bigint,
  isCA: boolean,
): CertTemplate {
  const ipList = netIPs(ips);
  const dnsList = alternateDNS(dnsNames);
  const nowMs = BigInt(Date.now());
  const duration = BigInt.asIntN(64, NANOS_PER_DAY * daysValid);
  const afterNs = nowMs * NANOS_PER_MS + duration;
  const afterMs = afterNs >= 0n ? afterNs / NANOS_PER_MS : -((-afterNs + NANOS_PER_MS - 1n) / NANOS_PER_MS);
  return {
    cn,
    ips: ipList,
    dnsNames: dnsList,
    notBefore: wholeSeconds(nowMs),
    notAfter: wholeSeconds(afterMs),
    isCA,
  };
}

/** x509's validity encoding: UTCTime for 1950..2049, GeneralizedTime otherwise. */
function x509Time(d: Date): Time {
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? new Time({ utcTime: d }) : new Time({ generalTime: d });
}

/** A random serial in [0, 2^128), DER-encoded as Go's big.Int. */
function randomSerial(): ArrayBuffer {
  const n = BigInt('0x' + randomBytes(16).toString('hex'));
  const der = derInteger(n);
  const content = derElements(der)[0].content;
  return content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer;
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** The signature algorithm Go picks for a signing key, and how Node signs with it. */
function signatureParams(key: PrivateKey & { key: KeyObject }): {
  alg: AlgorithmIdentifier;
  hash: string | null;
} {
  switch (key.kind) {
    case 'rsa':
      return {
        alg: new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.11', parameters: DER_NULL }),
        hash: 'sha256',
      };
    case 'ec': {
      const hash = EC_CURVE_HASH[key.key.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'sha256';
      const oid = {
        sha256: '1.2.840.10045.4.3.2',
        sha384: '1.2.840.10045.4.3.3',
        sha512: '1.2.840.10045.4.3.4',
      }[hash];
      return { alg: new AlgorithmIdentifier({ algorithm: oid }), hash };
    }
    default:
      return { alg: new AlgorithmIdentifier({ algorithm: '1.3.101.112' }), hash: null };
  }
}

function publicKeyOf(priv: PrivateKey): KeyObject | undefined {
  return priv.kind === 'dsa' ? undefined : createPublicKey(priv.key);
}

/** Sprig's getCertAndKey: x509.CreateCertificate + PEM of cert and signee key. */
function certAndKey(
  template: CertTemplate,
  signee: PrivateKey,
  signer: Signer | undefined,
  signingKey: PrivateKey,
): GoStruct {
  if (signingKey.kind === 'dsa' || signingKey.kind === 'other') {
    throw new Error(
      'error creating certificate: x509: certificate private key does not implement crypto.Signer',
    );
  }
  const signeePub = publicKeyOf(signee);
  if (!signeePub || signee.kind === 'other') {
    const goType = signee.kind === 'dsa' ? '*dsa.PublicKey' : '*ecdh.PublicKey';
    throw new Error(`error creating certificate: x509: unsupported public key type: ${goType}`);
  }
  if (signer && !createPublicKey(signingKey.key).equals(signer.publicKey)) {
    throw new Error("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
  }
  for (const name of template.dnsNames) {
    if (/[^\x00-\x7f]/.test(name)) {
      throw new Error(
        `error creating certificate: x509: ${JSON.stringify(name)} cannot be encoded as an IA5String`,
      );
    }
  }
  const spki = AsnConvert.parse(signeePub.export({ format: 'der', type: 'spki' }), SubjectPublicKeyInfo);
  const subject = subjectName(template.cn);
  const subjectDer = new Uint8Array(AsnConvert.serialize(subject));
  const issuer = signer ? AsnConvert.parse(signer.subject, Name) : subject;
  const issuerDer = signer ? signer.subject : subjectDer;
  const sig = signatureParams(signingKey);

  const usage =
    KeyUsageFlags.digitalSignature |
    KeyUsageFlags.keyEncipherment |
    (template.isCA ? KeyUsageFlags.keyCertSign : 0);
  const exts: Extension[] = [
    extension(OID_KEY_USAGE, true, new KeyUsage(usage)),
    extension(OID_EXT_KEY_USAGE, false, new ExtendedKeyUsage([OID_SERVER_AUTH, OID_CLIENT_AUTH])),
    extension(OID_BASIC_CONSTRAINTS, true, new BasicConstraints({ cA: template.isCA })),
  ];
  if (template.isCA) {
    // RFC 5280 method 1, as Go 1.23 does: SHA-1 of the subjectPublicKey bits.
    const skid = createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest();
    exts.push(extension(OID_SUBJECT_KEY_ID, false, new SubjectKeyIdentifier(skid)));
  }
  if (signer?.subjectKeyId && !Buffer.from(issuerDer).equals(Buffer.from(subjectDer))) {
    const aki = new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(signer.subjectKeyId) });
    exts.push(extension(OID_AUTHORITY_KEY_ID, false, aki));
  }
  if (template.dnsNames.length > 0 || template.ips.length > 0) {
    const names = [
      ...template.dnsNames.map((dNSName) => new GeneralName({ dNSName })),
      ...template.ips.map((ip) => new GeneralName({ iPAddress: ipText(ip) })),
    ];
    exts.push(extension(OID_SUBJECT_ALT_NAME, template.cn === '', new SubjectAlternativeName(names)));
  }

  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: randomSerial(),
    signature: sig.alg,
    issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(exts),
  });
  tbs.validity.notBefore = x509Time(template.notBefore);
  tbs.validity.notAfter = x509Time(template.notAfter);
  const signature = sign(sig.hash, Buffer.from(AsnConvert.serialize(tbs)), signingKey.key);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sig.alg,
    signatureValue: toArrayBuffer(signature),
  });
  return certificateStruct(
    pemEncode('CERTIFICATE', new Uint8Array(AsnConvert.serialize(cert))),
    pemForKey(signee),
  );
}

/** Sprig's `certificate` struct value (typeOf: sprig.certificate). */
export function certificateStruct(cert: string, key: string): GoStruct {
  return new GoStruct({
    type: 'sprig.certificate',
    pointer: false,
    fields: [
      { name: 'Cert', type: 'string', value: cert },
      { name: 'Key', type: 'string', value: key },
    ],
  });
}

function certificateFields(ca: GoValue): { cert: string; key: string } {
  if (!(ca instanceof GoStruct) || ca.type !== 'sprig.certificate') {
    throw new Error(`wrong type for value; expected sprig.certificate; got ${typeName(ca)}`);
  }
  const field = (name: string): string => {
    const v = ca.field(name)?.value;
    return typeof v === 'string' ? v : '';
  };
  return { cert: field('Cert'), key: field('Key') };
}

/** x509.ParseCertificate, reduced to what signing with it needs. */
function parseCertificate(der: Uint8Array): Signer {
  let x509: X509Certificate;
  let parsed: Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(der));
    parsed = AsnConvert.parse(der, Certificate);
  } catch {
    throw new Error('x509: malformed certificate');
  }
  const skiExt = parsed.tbsCertificate.extensions?.find((e) => e.extnID === OID_SUBJECT_KEY_ID);
  const subjectKeyId = skiExt
    ? new Uint8Array(AsnConvert.parse(skiExt.extnValue, SubjectKeyIdentifier).buffer)
    : undefined;
  return {
    subject: new Uint8Array(AsnConvert.serialize(parsed.tbsCertificate.subject)),
    subjectKeyId: subjectKeyId && subjectKeyId.length > 0 ? subjectKeyId : undefined,
    publicKey: x509.publicKey,
  };
}

/** The CA half of Sprig's generateSignedCertificateWithKeyInternal. */
function parseSigner(ca: GoValue): { signer: Signer; key: PrivateKey } {
  const fields = certificateFields(ca);
  const block = pemDecode(fields.cert);
  if (!block) throw new Error('unable to decode certificate');
  let signer: Signer;
  try {
    signer = parseCertificate(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`, {
      cause: e,
    });
  }
  let key: PrivateKey;
  try {
    key = parsePrivateKeyPEM(fields.key);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`, { cause: e });
  }
  return { signer, key };
}

function parseOwnKey(pem: string): PrivateKey {
  try {
    return parsePrivateKeyPEM(pem);
  } catch (e) {
    throw new Error(`parsing private key: ${(e as Error).message}`, { cause: e });
  }
}

function days(v: GoValue): bigint {
  return (v as GoInt).value;
}

function buildCustomCertificate(b64cert: string, b64key: string): GoStruct {
  let cert: Uint8Array;
  let key: Uint8Array;
  try {
    cert = base64Decode(utf8Bytes(b64cert));
  } catch {
    throw new Error('unable to decode base64 certificate');
  }
  try {
    key = base64Decode(utf8Bytes(b64key));
  } catch {
    throw new Error('unable to decode base64 private key');
  }
  const certText = utf8String(cert);
  const keyText = utf8String(key);
  const block = pemDecode(certText);
  if (!block) throw new Error('unable to decode certificate');
  try {
    parseCertificate(block.bytes);
  } catch (e) {
    throw new Error(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`, { cause: e });
  }
  try {
    parsePrivateKeyPEM(keyText);
  } catch (e) {
    throw new Error(`error parsing private key: ${(e as Error).message}`, { cause: e });
  }
  return certificateStruct(certText, keyText);
}

// ---------------------------------------------------------------------------------------
// encryptAES / decryptAES: AES-256-CBC, zero-padded password as key, random IV prepended

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8Bytes(password)).copy(key, 0, 0, 32);
  return key;
}

export function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = Buffer.from(utf8Bytes(plaintext));
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false);
  return base64Encode(Buffer.concat([iv, cipher.update(padded), cipher.final()]));
}

/** Sprig's decryptAES, panicking where Go's slicing would. */
export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = Buffer.from(base64Decode(utf8Bytes(crypt64)));
  if (crypt.length < 16) {
    throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  }
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16)).setAutoPadding(
    false,
  );
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new Error('runtime error: index out of range [-1]');
  const end = decrypted.length - decrypted[decrypted.length - 1];
  if (end < 0) throw new Error(`runtime error: slice bounds out of range [:${end}]`);
  return utf8String(decrypted.subarray(0, end));
}

// ---------------------------------------------------------------------------------------
// The FuncMap

/** Runs a Go function body whose errors are thrown as plain Errors, reporting them as GoErrors. */
function goCall<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof GoError) throw e;
    if (e instanceof CorruptInputError || e instanceof Error) throw new GoError(e.message);
    throw e;
  }
}

const CERT = 'sprig.certificate';
const LIST = '[]interface {}';

function certFunc(name: string, params: string[], body: (...args: GoValue[]) => GoStruct): GoFunc {
  return new GoFunc({ name, params, result: CERT, fn: (...args) => goCall(() => body(...args)) });
}

export const cryptoFuncs: FuncMap = {
  bcrypt: new GoFunc({
    name: 'bcrypt',
    params: ['string'],
    result: 'string',
    fn: (s) => bcryptHash(s as string),
  }),
  htpasswd: new GoFunc({
    name: 'htpasswd',
    params: ['string', 'string'],
    result: 'string',
    fn: (u, p) => htpasswd(u as string, p as string),
  }),
  genPrivateKey: new GoFunc({
    name: 'genPrivateKey',
    params: ['string'],
    result: 'string',
    fn: (t) => generatePrivateKey(t as string),
  }),
  derivePassword: new GoFunc({
    name: 'derivePassword',
    params: ['uint32', 'string', 'string', 'string', 'string'],
    result: 'string',
    fn: (counter, type, password, user, site) =>
      derivePassword(
        (counter as GoInt).toNumber(),
        type as string,
        password as string,
        user as string,
        site as string,
      ),
  }),
  buildCustomCert: certFunc('buildCustomCert', ['string', 'string'], (c, k) =>
    buildCustomCertificate(c as string, k as string),
  ),
  genCA: certFunc('genCA', ['string', 'int'], (cn, d) =>
    certAndKeySelf(baseTemplate(cn as string, null, null, days(d), true), generateRsaKey(2048)),
  ),
  genCAWithKey: certFunc('genCAWithKey', ['string', 'int', 'string'], (cn, d, pem) => {
    const key = parseOwnKey(pem as string);
    return certAndKeySelf(baseTemplate(cn as string, null, null, days(d), true), key);
  }),
  genSelfSignedCert: certFunc('genSelfSignedCert', ['string', LIST, LIST, 'int'], (cn, ips, dns, d) => {
    const key = generateRsaKey(2048);
    return certAndKeySelf(baseTemplate(cn as string, ips, dns, days(d), false), key);
  }),
  genSelfSignedCertWithKey: certFunc(
    'genSelfSignedCertWithKey',
    ['string', LIST, LIST, 'int', 'string'],
    (cn, ips, dns, d, pem) => {
      const key = parseOwnKey(pem as string);
      return certAndKeySelf(baseTemplate(cn as string, ips, dns, days(d), false), key);
    },
  ),
  genSignedCert: certFunc('genSignedCert', ['string', LIST, LIST, 'int', CERT], (cn, ips, dns, d, ca) => {
    const key = generateRsaKey(2048);
    const { signer, key: caKey } = parseSigner(ca);
    return certAndKey(baseTemplate(cn as string, ips, dns, days(d), false), key, signer, caKey);
  }),
  genSignedCertWithKey: certFunc(
    'genSignedCertWithKey',
    ['string', LIST, LIST, 'int', CERT, 'string'],
    (cn, ips, dns, d, ca, pem) => {
      const key = parseOwnKey(pem as string);
      const { signer, key: caKey } = parseSigner(ca);
      return certAndKey(baseTemplate(cn as string, ips, dns, days(d), false), key, signer, caKey);
    },
  ),
  encryptAES: new GoFunc({
    name: 'encryptAES',
    params: ['string', 'string'],
    result: 'string',
    fn: (pw, text) => encryptAES(pw as string, text as string),
  }),
  decryptAES: new GoFunc({
    name: 'decryptAES',
    params: ['string', 'string'],
    result: 'string',
    fn: (pw, crypt) => goCall(() => decryptAES(pw as string, crypt as string)),
  }),
};

/** Self-signed: the template is its own parent and the key signs itself. */
function certAndKeySelf(template: CertTemplate, key: PrivateKey): GoStruct {
  return certAndKey(template, key, undefined, key);
}
