/**
 * `.slipway/stack.json`: where a running local stack (or any other deployment the user describes
 * the same way) serves S3, SQS and the release API. `slipway local stack` writes it; `push`, `send`
 * and `invoke` read it, so the same commands work against AWS and the local stack.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface QueueEndpoint {
  name: string;
  url: string;
  arn: string;
}

export interface StackFile {
  region: string;
  /** Dummy credentials the local services accept (never real ones). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  s3: { endpoint: string; bucket: string; forcePathStyle: boolean };
  sqs: { endpoint: string; queues: Record<string, QueueEndpoint & { dlq: QueueEndpoint }> };
  releaseApi: { url: string; functionName: string };
  /** The kubeconfig of the cluster the stack deploys to, and that cluster's name in the registry. */
  kubeconfig: string;
  cluster: string;
}

export const STACK_FILE = join('.slipway', 'stack.json');

export function writeStackFile(path: string, stack: StackFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The stack file at `path`, or undefined when there is none. */
export function readStackFile(path: string): StackFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isStackFile(parsed))
    throw new Error(`${path}: not a slipway stack file (region, s3, sqs, releaseApi expected)`);
  return parsed;
}

function isStackFile(v: unknown): v is StackFile {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
  return (
    typeof o.region === 'string' &&
    obj(o.s3) &&
    typeof o.s3.bucket === 'string' &&
    obj(o.sqs) &&
    obj(o.sqs.queues) &&
    obj(o.releaseApi) &&
    typeof o.releaseApi.url === 'string'
  );
}
