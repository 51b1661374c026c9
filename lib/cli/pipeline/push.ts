/**
 * `slipway push CHART.tgz --cluster C --namespace N --release R [-f values.yaml]… [options]`: puts a
 * chart package into the bucket by the bucket convention. The folder's values objects become exactly
 * the given files (first `values.yaml`, then `values-NNNN.yaml` in order), and the release options
 * travel as object metadata; the package goes last, since its upload is the request.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseDuration } from '../../go/time/duration.ts';
import {
  BASE_VALUES_NAME,
  classifyKey,
  listKeys,
  orderValuesKeys,
  releasePrefix,
  statusKey,
  validateTarget,
  type ReleaseTarget,
} from '../../pipeline/index.ts';
import { flagList, flagString, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from '../args.ts';
import { CONNECTION_FLAGS, noTarget, resolveConnection, s3For } from './config.ts';
import { TARGET_FLAGS, metadataFlags, requireTarget, type Output } from './common.ts';

const DEPLOY_OPTIONS: readonly FlagSpec[] = [
  { name: 'atomic', kind: 'bool', help: 'roll back (or uninstall) when the operation fails' },
  { name: 'wait', kind: 'bool', help: 'wait until the resources are ready' },
  { name: 'wait-for-jobs', kind: 'bool', help: 'with --wait, also wait for Jobs to complete' },
  { name: 'timeout', kind: 'string', help: 'time to wait for any Kubernetes operation (default 5m0s)' },
  { name: 'description', kind: 'string', help: 'a custom description of the revision' },
  { name: 'create-namespace', kind: 'bool', help: 'create the release namespace if absent' },
  { name: 'max-history', kind: 'string', help: 'limit the revisions kept per release' },
];

const SPECS: readonly FlagSpec[] = [
  ...TARGET_FLAGS,
  { name: 'values', short: 'f', kind: 'list', help: 'values file (repeatable; later files win)' },
  ...DEPLOY_OPTIONS,
  ...CONNECTION_FLAGS,
];

export const PUSH_USAGE = `Usage:
  slipway push CHART.tgz --cluster CLUSTER --namespace NAMESPACE --release RELEASE [flags]

Flags:
${SPECS.map((s) => `  ${s.short ? `-${s.short}, ` : '    '}--${s.name.padEnd(18)} ${s.help}`).join('\n')}
`;

export interface PushPlan {
  target: ReleaseTarget;
  key: string;
  chart: Uint8Array;
  values: Array<{ key: string; body: Uint8Array }>;
  metadata: Record<string, string>;
}

/** Reads the files and checks names and options before anything is uploaded. */
export function planPush(args: ParsedArgs): PushPlan {
  if (args.positionals.length !== 1)
    throw new UsageError(`"slipway push" requires exactly 1 argument (CHART.tgz)`);
  const chartPath = args.positionals[0];
  const name = basename(chartPath);
  if (!name.endsWith('.tgz') || name === '.tgz')
    throw new UsageError(`chart "${chartPath}": a chart package (.tgz) is expected`);
  const target = requireTarget(args);
  validateTarget(target);
  const prefix = releasePrefix(target);
  const key = prefix + name;
  if (classifyKey(key).role !== 'request')
    throw new UsageError(`chart "${chartPath}": ${key} is not a request key`);
  const timeout = flagString(args, 'timeout');
  if (timeout !== undefined) parseDuration(timeout);
  const maxHistory = flagString(args, 'max-history');
  if (maxHistory !== undefined && !/^[0-9]{1,9}$/.test(maxHistory)) {
    throw new UsageError(
      `invalid argument "${maxHistory}" for "--max-history" flag: a non-negative integer is expected`,
    );
  }
  const values = flagList(args, 'values').map((file, i) => ({
    key: prefix + (i === 0 ? BASE_VALUES_NAME : `values-${String(i).padStart(4, '0')}.yaml`),
    body: readFileSync(file),
  }));
  return {
    target,
    key,
    chart: readFileSync(chartPath),
    values,
    metadata: metadataFlags(args, DEPLOY_OPTIONS),
  };
}

/** Uploads a plan: values first (stale ones removed), the package last. */
export async function executePush(s3: S3Client, bucket: string, plan: PushPlan): Promise<void> {
  const prefix = releasePrefix(plan.target);
  const wanted = new Set(plan.values.map((v) => v.key));
  const stale = orderValuesKeys(prefix, await listKeys(s3, bucket, prefix)).filter((k) => !wanted.has(k));
  if (stale.length > 0) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: stale.map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  for (const v of plan.values) {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: v.key, Body: v.body, ContentType: 'application/yaml' }),
    );
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: plan.key,
      Body: plan.chart,
      ContentType: 'application/gzip',
      Metadata: plan.metadata,
    }),
  );
}

export async function runPush(
  argv: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const args = parseArgs(argv, SPECS);
  const plan = planPush(args);
  const connection = resolveConnection(args, env, () => false);
  if (!connection.bucket) throw noTarget('chart bucket', connection, '--bucket or SLIPWAY_BUCKET');
  const s3 = s3For(connection);
  try {
    await executePush(s3, connection.bucket, plan);
  } finally {
    s3.destroy();
  }
  out(`pushed s3://${connection.bucket}/${plan.key}\n`);
  out(`status: s3://${connection.bucket}/${statusKey(plan.key)}\n`);
}
