/**
 * Status objects: `<request key>.status.json` beside each request, rewritten as the request moves
 * on (queued → running → succeeded/failed; or rejected, dead-lettered, superseded). They are where
 * someone who uploaded a chart finds out what happened to it without reading logs.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { getJson, putJson } from './s3.ts';
import type { Operation } from './message.ts';

export type RequestState =
  'queued' | 'rejected' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'superseded' | 'dead-lettered';

export interface RequestStatus {
  readonly state: RequestState;
  readonly requestId: string;
  /** The request object (chart package or marker). */
  readonly key: string;
  readonly versionId?: string;
  readonly cluster?: string;
  readonly namespace?: string;
  readonly release?: string;
  readonly operation?: Operation;
  /** Why it was rejected, failed or dead-lettered (never contains values). */
  readonly reason?: string;
  readonly revision?: number;
  /** The release record's status after the operation (deployed, failed, uninstalled…). */
  readonly releaseStatus?: string;
  readonly sha256?: string;
  readonly messageId?: string;
  /** Metadata names on the request object that slipway does not understand (ignored). */
  readonly ignoredMetadata?: readonly string[];
  readonly updatedAt: string;
}

export async function readStatus(s3: S3Client, bucket: string, key: string): Promise<RequestStatus | null> {
  const value = await getJson(s3, bucket, key);
  if (value === null || typeof value !== 'object') return null;
  const v = value as { state?: unknown; requestId?: unknown };
  return typeof v.state === 'string' && typeof v.requestId === 'string' ? (value as RequestStatus) : null;
}

export async function writeStatus(
  s3: S3Client,
  bucket: string,
  key: string,
  status: RequestStatus,
): Promise<void> {
  await putJson(s3, bucket, key, status);
}
