/**
 * An SQS event source mapping with ReportBatchItemFailures: long-polls one queue, hands each batch to
 * the function as Lambda would (records with receipt handles, system attributes, ARN), deletes only
 * the records the response does not name as failed, and leaves the rest in flight so they return
 * after the visibility timeout. Redrive to the dead-letter queue at maxReceiveCount is the queue's.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';
import { invoke, type FunctionConfig, type LambdaHandler } from './lambda.ts';
import type { StackListener } from './events.ts';
import { asError } from './upload-trigger.ts';

export type SqsHandler = LambdaHandler<SQSEvent, SQSBatchResponse | void>;

export interface QueuePollerOptions {
  sqs: SQSClient;
  queueName: string;
  queueUrl: string;
  queueArn: string;
  region: string;
  fn: FunctionConfig;
  handler: SqsHandler;
  listener: StackListener;
  /** Lambda's batchSize (FIFO: at most 10). */
  batchSize?: number;
  /** Long-poll wait (Lambda's pollers use 20 s). */
  waitTimeSeconds?: number;
}

export function sqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const a = message.Attributes ?? {};
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
    SentTimestamp: a.SentTimestamp ?? String(Date.now()),
    SenderId: a.SenderId ?? '000000000000',
    ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...(a.SequenceNumber ? { SequenceNumber: a.SequenceNumber } : {}),
    ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
    ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
    ...(a.AWSTraceHeader ? { AWSTraceHeader: a.AWSTraceHeader } : {}),
  };
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes,
    messageAttributes: lambdaMessageAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Lambda spells message attributes in camelCase, with empty list fields. */
function lambdaMessageAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, v] of Object.entries(attributes)) {
    out[name] = {
      dataType: v.DataType ?? 'String',
      ...(v.StringValue === undefined ? {} : { stringValue: v.StringValue }),
      ...(v.BinaryValue === undefined ? {} : { binaryValue: Buffer.from(v.BinaryValue).toString('base64') }),
      stringListValues: v.StringListValues ?? [],
      binaryListValues: (v.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return out;
}

/**
 * Which records failed, by Lambda's rules for a ReportBatchItemFailures response: none for an empty
 * or absent list; all of them for a malformed response or an identifier that is not in the batch.
 */
export function failedRecords(
  records: SQSRecord[],
  response: unknown,
): { failed: Set<string>; reason?: string } {
  const all = new Set(records.map((r) => r.messageId));
  if (response === undefined || response === null || response === '') return { failed: new Set() };
  if (typeof response !== 'object') return { failed: all, reason: 'invalid batch response' };
  const list: unknown = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return { failed: new Set() };
  if (!Array.isArray(list)) return { failed: all, reason: 'invalid batchItemFailures' };
  const failed = new Set<string>();
  for (const item of list) {
    const id: unknown =
      typeof item === 'object' && item !== null
        ? (item as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || !all.has(id)) {
      return { failed: all, reason: `batchItemFailures names an unknown item ${JSON.stringify(id ?? null)}` };
    }
    failed.add(id);
  }
  return { failed, reason: 'reported in batchItemFailures' };
}

export class QueuePoller {
  readonly #o: QueuePollerOptions;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #busy = false;
  #stopped = false;

  constructor(options: QueuePollerOptions) {
    this.#o = options;
  }

  get busy(): boolean {
    return this.#busy;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let messages: Message[];
      try {
        const received = await this.#o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.#o.queueUrl,
            MaxNumberOfMessages: this.#o.batchSize ?? 10,
            WaitTimeSeconds: this.#o.waitTimeSeconds ?? 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.#abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (err) {
        if (this.#stopped) return;
        process.stderr.write(`local stack: receiving from ${this.#o.queueName}: ${asError(err).message}\n`);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (messages.length === 0) continue;
      this.#busy = true;
      try {
        await this.#deliver(messages);
      } finally {
        this.#busy = false;
      }
    }
  }

  async #deliver(messages: Message[]): Promise<void> {
    const { queueName, queueArn, region, listener } = this.#o;
    const records = messages.map((m) => sqsRecord(m, queueArn, region));
    for (const r of records) {
      const receiveCount = Number(r.attributes.ApproximateReceiveCount);
      listener({
        type: 'record-started',
        queue: queueName,
        messageId: r.messageId,
        body: r.body,
        receiveCount,
      });
    }
    let outcome: { failed: Set<string>; reason?: string };
    try {
      const response = await invoke(this.#o.handler, { Records: records }, this.#o.fn);
      outcome = failedRecords(records, response);
    } catch (err) {
      // A thrown error or a timeout fails the whole batch: nothing is deleted.
      outcome = { failed: new Set(records.map((r) => r.messageId)), reason: asError(err).message };
    }
    const succeeded = records.filter((r) => !outcome.failed.has(r.messageId));
    if (succeeded.length > 0) {
      const result = await this.#o.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.#o.queueUrl,
          Entries: succeeded.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
      for (const f of result.Failed ?? []) {
        process.stderr.write(`local stack: deleting from ${queueName}: ${f.Message ?? f.Code ?? 'failed'}\n`);
      }
    }
    for (const r of records) {
      if (outcome.failed.has(r.messageId)) {
        listener({
          type: 'record-failed',
          queue: queueName,
          messageId: r.messageId,
          body: r.body,
          receiveCount: Number(r.attributes.ApproximateReceiveCount),
          reason: outcome.reason ?? 'failed',
        });
      } else {
        listener({ type: 'record-succeeded', queue: queueName, messageId: r.messageId, body: r.body });
      }
    }
  }
}
