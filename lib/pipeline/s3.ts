/** The few S3 calls the pipeline makes, with NotFound turned into null. */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

export interface FetchedObject {
  readonly bytes: Uint8Array;
  readonly versionId?: string;
  readonly eTag?: string;
  readonly metadata: Record<string, string>;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** GetObject of one exact version when `versionId` is given; null when it does not exist. */
export async function getObject(
  s3: S3Client,
  bucket: string,
  key: string,
  versionId?: string,
): Promise<FetchedObject | null> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    return {
      bytes,
      versionId: out.VersionId ?? undefined,
      eTag: out.ETag ?? undefined,
      metadata: out.Metadata ?? {},
    };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function headObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ metadata: Record<string, string>; eTag?: string } | null> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { metadata: out.Metadata ?? {}, eTag: out.ETag ?? undefined };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function getJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const obj = await getObject(s3, bucket, key);
  if (!obj) return null;
  try {
    return JSON.parse(new TextDecoder().decode(obj.bytes)) as unknown;
  } catch {
    return null;
  }
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value, null, 2) + '\n',
      ContentType: 'application/json',
    }),
  );
}

/** Every key under a prefix, without descending into "subfolders". */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
    );
    for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
