/**
 * Kubernetes protobuf request bodies → JSON objects, for what client-go's typed clientset sends that way
 * (helm's release Secrets, ConfigMap/Namespace, DeleteOptions). Envelope: magic `k8s\0` then a
 * runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw}. Field numbers are those of
 * k8s.io/api/core/v1 and k8s.io/apimachinery/pkg/apis/meta/v1 generated.proto.
 */
import type { JsonObject, JsonValue } from './types.ts';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

interface Field {
  no: number;
  wire: number;
  varint: bigint; // wire type 0
  bytes: Uint8Array; // wire type 2
}

class Reader {
  private pos = 0;
  private readonly buf: Uint8Array;
  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  private varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('protobuf: truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  fields(): Field[] {
    const out: Field[] = [];
    while (this.pos < this.buf.length) {
      const tag = Number(this.varint());
      const wire = tag & 7;
      const field: Field = { no: tag >>> 3, wire, varint: 0n, bytes: new Uint8Array() };
      if (wire === 0) field.varint = this.varint();
      else if (wire === 2) {
        const len = Number(this.varint());
        if (this.pos + len > this.buf.length) throw new Error('protobuf: truncated length-delimited field');
        field.bytes = this.buf.subarray(this.pos, this.pos + len);
        this.pos += len;
      } else if (wire === 1) this.pos += 8;
      else if (wire === 5) this.pos += 4;
      else throw new Error(`protobuf: unsupported wire type ${wire}`);
      out.push(field);
    }
    return out;
  }
}

const utf8 = new TextDecoder();
const str = (f: Field): string => utf8.decode(f.bytes);
const fieldsOf = (bytes: Uint8Array): Field[] => new Reader(bytes).fields();
/** int64 varints are two's complement: negative numbers use all 64 bits. */
const int64 = (f: Field): number => Number(BigInt.asIntN(64, f.varint));

function mapEntry(f: Field, valueAs: 'string' | 'base64'): [string, string] {
  let key = '';
  let value = '';
  for (const e of fieldsOf(f.bytes)) {
    if (e.no === 1) key = str(e);
    else if (e.no === 2) value = valueAs === 'string' ? str(e) : Buffer.from(e.bytes).toString('base64');
  }
  return [key, value];
}

function addEntry(target: JsonObject, name: string, entry: [string, string]): void {
  const existing = target[name];
  const map: JsonObject =
    typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {};
  map[entry[0]] = entry[1];
  target[name] = map;
}

function pushString(target: JsonObject, name: string, value: JsonValue): void {
  const existing = target[name];
  if (Array.isArray(existing)) existing.push(value);
  else target[name] = [value];
}

function decodeTime(bytes: Uint8Array): string | undefined {
  let seconds = 0;
  for (const f of fieldsOf(bytes)) if (f.no === 1) seconds = int64(f);
  if (seconds === 0) return undefined; // Go's zero time marshals as JSON null: leave it out
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeOwnerReference(bytes: Uint8Array): JsonObject {
  const ref: JsonObject = {};
  for (const f of fieldsOf(bytes)) {
    if (f.no === 1) ref.kind = str(f);
    else if (f.no === 3) ref.name = str(f);
    else if (f.no === 4) ref.uid = str(f);
    else if (f.no === 5) ref.apiVersion = str(f);
    else if (f.no === 6) ref.controller = f.varint !== 0n;
    else if (f.no === 7) ref.blockOwnerDeletion = f.varint !== 0n;
  }
  return ref;
}

function decodeObjectMeta(bytes: Uint8Array): JsonObject {
  const meta: JsonObject = {};
  for (const f of fieldsOf(bytes)) {
    switch (f.no) {
      case 1:
        if (f.bytes.length) meta.name = str(f);
        break;
      case 2:
        if (f.bytes.length) meta.generateName = str(f);
        break;
      case 3:
        if (f.bytes.length) meta.namespace = str(f);
        break;
      case 5:
        if (f.bytes.length) meta.uid = str(f);
        break;
      case 6:
        if (f.bytes.length) meta.resourceVersion = str(f);
        break;
      case 7:
        if (f.varint !== 0n) meta.generation = int64(f);
        break;
      case 8: {
        const t = decodeTime(f.bytes);
        if (t) meta.creationTimestamp = t;
        break;
      }
      case 11:
        addEntry(meta, 'labels', mapEntry(f, 'string'));
        break;
      case 12:
        addEntry(meta, 'annotations', mapEntry(f, 'string'));
        break;
      case 13:
        pushString(meta, 'ownerReferences', decodeOwnerReference(f.bytes));
        break;
      case 14:
        pushString(meta, 'finalizers', str(f));
        break;
    }
  }
  return meta;
}

function decodeSecret(bytes: Uint8Array, out: JsonObject): void {
  for (const f of fieldsOf(bytes)) {
    if (f.no === 1) out.metadata = decodeObjectMeta(f.bytes);
    else if (f.no === 2) addEntry(out, 'data', mapEntry(f, 'base64'));
    else if (f.no === 3 && f.bytes.length) out.type = str(f);
    else if (f.no === 4) addEntry(out, 'stringData', mapEntry(f, 'string'));
    else if (f.no === 5) out.immutable = f.varint !== 0n;
  }
}

function decodeConfigMap(bytes: Uint8Array, out: JsonObject): void {
  for (const f of fieldsOf(bytes)) {
    if (f.no === 1) out.metadata = decodeObjectMeta(f.bytes);
    else if (f.no === 2) addEntry(out, 'data', mapEntry(f, 'string'));
    else if (f.no === 3) addEntry(out, 'binaryData', mapEntry(f, 'base64'));
    else if (f.no === 4) out.immutable = f.varint !== 0n;
  }
}

function decodeNamespace(bytes: Uint8Array, out: JsonObject): void {
  for (const f of fieldsOf(bytes)) {
    if (f.no === 1) out.metadata = decodeObjectMeta(f.bytes);
    else if (f.no === 2) {
      const spec: JsonObject = {};
      for (const s of fieldsOf(f.bytes)) if (s.no === 1) pushString(spec, 'finalizers', str(s));
      out.spec = spec;
    }
  }
}

function decodeDeleteOptions(bytes: Uint8Array, out: JsonObject): void {
  for (const f of fieldsOf(bytes)) {
    if (f.no === 1) out.gracePeriodSeconds = int64(f);
    else if (f.no === 2) {
      const pre: JsonObject = {};
      for (const p of fieldsOf(f.bytes)) {
        if (p.no === 1) pre.uid = str(p);
        else if (p.no === 2) pre.resourceVersion = str(p);
      }
      out.preconditions = pre;
    } else if (f.no === 3) out.orphanDependents = f.varint !== 0n;
    else if (f.no === 4) out.propagationPolicy = str(f);
    else if (f.no === 5) pushString(out, 'dryRun', str(f));
  }
}

const DECODERS: Record<string, (bytes: Uint8Array, out: JsonObject) => void> = {
  Secret: decodeSecret,
  ConfigMap: decodeConfigMap,
  Namespace: decodeNamespace,
  DeleteOptions: decodeDeleteOptions,
};

/** Decodes a `k8s\0`-framed body; throws with a message the handler turns into a 415/400. */
export function decodeKubeProtobuf(body: Uint8Array): JsonObject {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) {
    throw new Error('protobuf: body does not start with the k8s\\0 magic');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array();
  for (const f of fieldsOf(body.subarray(4))) {
    if (f.no === 1) {
      for (const t of fieldsOf(f.bytes)) {
        if (t.no === 1) apiVersion = str(t);
        else if (t.no === 2) kind = str(t);
      }
    } else if (f.no === 2) raw = f.bytes;
  }
  const decode = DECODERS[kind];
  if (!decode) throw new Error(`protobuf: no decoder for kind "${kind}" (${apiVersion})`);
  const out: JsonObject = { apiVersion, kind };
  decode(raw, out);
  if (kind !== 'DeleteOptions' && !out.metadata) out.metadata = {};
  return out;
}
