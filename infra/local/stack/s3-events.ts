/**
 * S3 event notifications, which fauxqs does not emit: the stack hears each upload through fauxqs's
 * message spy (in arrival order, nothing buffered away), reads the object's size and ETag, and
 * builds the record S3 would send.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** The notification filter of the bucket (serverless.yml's `rules`). */
export interface UploadFilter {
  prefix: string;
  suffix: string;
}

export interface UploadedObject {
  bucket: string;
  key: string;
  size: number;
  /** Without quotes, as in S3 events. */
  eTag: string;
  versionId?: string;
  /** `Put`, or `CompleteMultipartUpload` for a multipart ETag (`…-N`). */
  method: 'Put' | 'CompleteMultipartUpload';
  time: Date;
  sequencer: string;
}

/** S3 URL-encodes keys in notifications as a form would: `my chart@1.tgz` → `my+chart%401.tgz`. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replaceAll('%2F', '/')
    .replaceAll('%20', '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function s3EventRecord(object: UploadedObject, region: string): S3EventRecord {
  const requestId = object.sequencer.slice(-16).padStart(16, '0');
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: object.time.toISOString(),
    eventName: `ObjectCreated:${object.method}`,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': `local/${requestId}` },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'slipway-chart-uploaded',
      bucket: {
        name: object.bucket,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${object.bucket}`,
      },
      object: {
        key: encodeEventKey(object.key),
        size: object.size,
        eTag: object.eTag,
        ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
        sequencer: object.sequencer,
      },
    },
  };
}

export function s3Event(object: UploadedObject, region: string): S3Event {
  return { Records: [s3EventRecord(object, region)] };
}

export function matchesFilter(key: string, filter: UploadFilter): boolean {
  return key.startsWith(filter.prefix) && key.endsWith(filter.suffix);
}

/** Reads what the notification carries; undefined when the object is already gone. */
export async function describeUpload(
  s3: S3Client,
  bucket: string,
  key: string,
  sequencer: string,
): Promise<UploadedObject | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const eTag = (head.ETag ?? '').replaceAll('"', '');
    return {
      bucket,
      key,
      size: head.ContentLength ?? 0,
      eTag,
      ...(head.VersionId && head.VersionId !== 'null' ? { versionId: head.VersionId } : {}),
      method: /-\d+$/.test(eTag) ? 'CompleteMultipartUpload' : 'Put',
      time: head.LastModified ?? new Date(),
      sequencer,
    };
  } catch (err) {
    if (err instanceof Error && (err.name === 'NotFound' || err.name === 'NoSuchKey')) return undefined;
    throw err;
  }
}
