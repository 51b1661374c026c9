/**
 * Producing and reading operation messages: one SQS FIFO queue per verb, one message group per
 * release, the request id as deduplication id, and an S3 claim check for bodies over 200 KiB
 * (SQS refuses more than 256 KiB including attributes).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Client } from '@aws-sdk/client-s3';
import { CLAIMS_PREFIX } from './bucket.ts';
import {
  InvalidMessageError,
  OPERATIONS,
  decodeBody,
  deduplicationId,
  encodeClaim,
  encodeMessage,
  isClaim,
  messageGroupId,
  sha256Hex,
  validateMessage,
  type Operation,
  type OperationMessage,
} from './message.ts';
import { getObject, putJson } from './s3.ts';

export const CLAIM_THRESHOLD_BYTES = 200 * 1024;

export type QueueUrls = Readonly<Record<Operation, string>>;

/** Where oversized messages are parked. */
export interface ClaimStore {
  readonly s3: S3Client;
  readonly bucket: string;
}

export interface SentOperation {
  readonly messageId: string;
  readonly queueUrl: string;
  readonly groupId: string;
  readonly deduplicationId: string;
  /** Set when the message went through the claim check. */
  readonly claimKey?: string;
}

/** Queue URLs from `SLIPWAY_QUEUE_<OP>_URL`; names every missing variable. */
export function queueUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueUrls {
  const missing: string[] = [];
  const urls = {} as Record<Operation, string>;
  for (const op of OPERATIONS) {
    const name = `SLIPWAY_QUEUE_${op.toUpperCase()}_URL`;
    const url = env[name];
    if (!url) missing.push(name);
    else urls[op] = url;
  }
  if (missing.length > 0) throw new Error(`missing environment variable(s): ${missing.join(', ')}`);
  return urls;
}

export function claimKey(requestId: string): string {
  return `${CLAIMS_PREFIX}${requestId}.json`;
}

/** Sends one operation to its verb's queue. */
export async function sendOperation(
  sqs: SQSClient,
  queueUrls: QueueUrls,
  message: OperationMessage,
  claims?: ClaimStore,
): Promise<SentOperation> {
  let body = encodeMessage(message);
  let parked: string | undefined;
  if (Buffer.byteLength(body) > CLAIM_THRESHOLD_BYTES) {
    if (!claims) {
      throw new Error(
        `operation message for release "${message.release}" is ${Buffer.byteLength(body)} bytes, over the ${CLAIM_THRESHOLD_BYTES}-byte limit, and no claim store is configured`,
      );
    }
    parked = claimKey(message.requestId);
    await putJson(claims.s3, claims.bucket, parked, message);
    // putJson pretty-prints; the digest covers exactly what was stored.
    const stored = JSON.stringify(message, null, 2) + '\n';
    body = encodeClaim({
      schemaVersion: 1,
      requestId: message.requestId,
      operation: message.operation,
      cluster: message.cluster,
      namespace: message.namespace,
      release: message.release,
      claim: { bucket: claims.bucket, key: parked, sha256: sha256Hex(stored) },
    });
  }
  const queueUrl = queueUrls[message.operation];
  const groupId = messageGroupId(message);
  const dedup = deduplicationId(message);
  const out = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageGroupId: groupId,
      MessageDeduplicationId: dedup,
      MessageAttributes: {
        operation: { DataType: 'String', StringValue: message.operation },
        requestId: { DataType: 'String', StringValue: message.requestId },
      },
    }),
  );
  return { messageId: out.MessageId ?? '', queueUrl, groupId, deduplicationId: dedup, claimKey: parked };
}

/**
 * The operation a queue body carries, fetching a claim check from S3. Anything that can never be
 * read (bad JSON or schema, a missing or altered claim) throws InvalidMessageError.
 */
export async function readOperation(body: string, s3?: S3Client): Promise<OperationMessage> {
  const decoded = decodeBody(body);
  if (!isClaim(decoded)) return decoded;
  if (!s3) throw new Error(`message ${decoded.requestId} is a claim check and no S3 client is configured`);
  const { bucket, key, sha256 } = decoded.claim;
  const obj = await getObject(s3, bucket, key);
  if (!obj)
    throw new InvalidMessageError(
      `claim check s3://${bucket}/${key} of request ${decoded.requestId} does not exist`,
    );
  if (sha256Hex(obj.bytes) !== sha256) {
    throw new InvalidMessageError(
      `claim check s3://${bucket}/${key} of request ${decoded.requestId} does not match its sha256`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(obj.bytes));
  } catch (err) {
    throw new InvalidMessageError(`claim check s3://${bucket}/${key} is not JSON: ${(err as Error).message}`);
  }
  validateMessage(parsed);
  if (parsed.requestId !== decoded.requestId) {
    throw new InvalidMessageError(
      `claim check s3://${bucket}/${key} holds request ${parsed.requestId}, not ${decoded.requestId}`,
    );
  }
  return parsed;
}
