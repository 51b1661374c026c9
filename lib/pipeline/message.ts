/**
 * The queue message of one release operation (schema version 1, message.schema.json). Producers
 * and consumers both validate with the same schema: a producer never sends what a consumer would
 * reject, and a consumer treats anything invalid as poison.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './message.schema.json' with { type: 'json' };
import { validateTarget, type ReleaseTarget, type RequestOptions } from './bucket.ts';

export const SCHEMA_VERSION = 1;
export const OPERATIONS = ['install', 'upgrade', 'rollback', 'uninstall'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** One exact object (version) in S3, with the digest it had when the request was accepted. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly sha256: string;
  readonly size: number;
}

/** A values document, carried inline so the operation applies exactly what was validated. */
export interface ValuesSource {
  /** The object key it came from. */
  readonly name: string;
  readonly versionId?: string;
  readonly sha256: string;
  readonly yaml: string;
}

export interface Origin {
  readonly kind: 's3' | 'cli' | 'api';
  readonly bucket?: string;
  readonly key?: string;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly sequencer?: string;
  /** Where slipway reports progress (`<request key>.status.json`). */
  readonly statusKey?: string;
  readonly principal?: string;
}

export interface OperationMessage extends ReleaseTarget {
  readonly schemaVersion: 1;
  readonly requestId: string;
  readonly operation: Operation;
  /** install/upgrade only. */
  readonly chart?: ObjectRef;
  /** install/upgrade only, in the order they apply. */
  readonly values?: readonly ValuesSource[];
  readonly options: RequestOptions;
  readonly origin: Origin;
  readonly createdAt: string;
}

/** What goes on the queue instead of a message over the size limit. */
export interface ClaimEnvelope extends ReleaseTarget {
  readonly schemaVersion: 1;
  readonly requestId: string;
  readonly operation: Operation;
  readonly claim: { readonly bucket: string; readonly key: string; readonly sha256: string };
}

/** A message that can never succeed (bad JSON, schema, names): it goes to the dead-letter queue. */
export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

let validators: { message: ValidateFunction; claim: ValidateFunction } | undefined;

function getValidators(): { message: ValidateFunction; claim: ValidateFunction } {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addSchema(schema);
    const get = (name: string): ValidateFunction => {
      const v = ajv.getSchema(`${schema.$id}#/definitions/${name}`);
      if (!v) throw new Error(`message schema has no definition ${name}`);
      return v;
    };
    validators = { message: get('message'), claim: get('claim') };
  }
  return validators;
}

function describe(errors: readonly ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'invalid';
  const at = e.instancePath === '' ? '(root)' : e.instancePath;
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
      : e.keyword === 'required'
        ? ''
        : '';
  return `${at} ${e.message ?? e.keyword}${extra}`;
}

function check(kind: 'message' | 'claim', value: unknown): void {
  const validate = getValidators()[kind];
  if (!validate(value))
    throw new InvalidMessageError(`${kind} schema v${SCHEMA_VERSION}: ${describe(validate.errors)}`);
  try {
    validateTarget(value as ReleaseTarget);
  } catch (err) {
    throw new InvalidMessageError(`${kind}: ${(err as Error).message}`);
  }
}

/** Throws InvalidMessageError unless `msg` is a valid operation message. */
export function validateMessage(msg: unknown): asserts msg is OperationMessage {
  check('message', msg);
}

/** The JSON body of a message (validated first). */
export function encodeMessage(msg: OperationMessage): string {
  validateMessage(msg);
  return JSON.stringify(msg);
}

export function encodeClaim(envelope: ClaimEnvelope): string {
  check('claim', envelope);
  return JSON.stringify(envelope);
}

/** Parses and validates a queue body: a message or a claim envelope. */
export function decodeBody(body: string): OperationMessage | ClaimEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new InvalidMessageError(`message body is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidMessageError('message body is not a JSON object');
  }
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new InvalidMessageError(
      `unsupported message schemaVersion ${JSON.stringify(version)} (this worker reads ${SCHEMA_VERSION})`,
    );
  }
  if ('claim' in parsed) {
    check('claim', parsed);
    return parsed as ClaimEnvelope;
  }
  check('message', parsed);
  return parsed as OperationMessage;
}

export function isClaim(m: OperationMessage | ClaimEnvelope): m is ClaimEnvelope {
  return 'claim' in m;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The request id of an uploaded object: the same object version (or, without versioning, the same
 * upload event: ETag + sequencer) always gives the same id, so redelivered events deduplicate.
 */
export function requestIdForObject(o: {
  bucket: string;
  key: string;
  versionId?: string;
  eTag?: string;
  sequencer?: string;
}): string {
  const identity = o.versionId
    ? ['v', o.bucket, o.key, o.versionId]
    : ['e', o.bucket, o.key, o.eTag ?? '', o.sequencer ?? ''];
  return sha256Hex(JSON.stringify(identity));
}

/** A fresh request id for requests that are not uploads (CLI, API). */
export function newRequestId(): string {
  return randomUUID();
}

/** FIFO group: one per release, so operations on a release run one at a time and in order. */
export function messageGroupId(t: ReleaseTarget): string {
  const id = `${t.cluster}/${t.namespace}/${t.release}`;
  // SQS allows 128 characters; longer targets use a digest (still one group per release).
  return id.length <= 128 ? id : `sha256-${sha256Hex(id)}`;
}

/** FIFO deduplication id: the request id (its characters are all SQS-safe). */
export function deduplicationId(msg: { requestId: string }): string {
  return msg.requestId;
}
