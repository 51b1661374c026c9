/**
 * `slipway send rollback|uninstall --cluster C --namespace N --release R [options]`: puts one
 * schema-valid operation message on the operation's queue (lib/pipeline's producer: FIFO group per
 * release, request id as deduplication id). Options are read exactly as the ROLLBACK and UNINSTALL
 * markers' metadata is.
 */
import { userInfo } from 'node:os';
import {
  parseRequestOptions,
  releasePrefix,
  newRequestId,
  sendOperation,
  validateTarget,
  ROLLBACK_MARKER,
  UNINSTALL_MARKER,
  type OperationMessage,
  type RequestKind,
} from '../../pipeline/index.ts';
import { parseArgs, UsageError, type FlagSpec, type ParsedArgs } from '../args.ts';
import { CONNECTION_FLAGS, noTarget, resolveConnection, s3For, sqsFor } from './config.ts';
import { TARGET_FLAGS, metadataFlags, requireTarget, type Output } from './common.ts';

const OPERATION_FLAGS: Record<'rollback' | 'uninstall', readonly FlagSpec[]> = {
  rollback: [
    { name: 'revision', kind: 'string', help: 'the revision to roll back to (default: the previous one)' },
    { name: 'wait', kind: 'bool', help: 'wait until the resources are ready' },
    { name: 'wait-for-jobs', kind: 'bool', help: 'with --wait, also wait for Jobs to complete' },
    { name: 'timeout', kind: 'string', help: 'time to wait for any Kubernetes operation (default 5m0s)' },
    { name: 'description', kind: 'string', help: 'a custom description of the revision' },
    { name: 'max-history', kind: 'string', help: 'limit the revisions kept per release' },
    { name: 'no-hooks', kind: 'bool', help: 'do not run hooks' },
    { name: 'cleanup-on-fail', kind: 'bool', help: 'delete new resources when the rollback fails' },
    { name: 'force', kind: 'bool', help: 'replace resources that cannot be patched' },
  ],
  uninstall: [
    { name: 'keep-history', kind: 'bool', help: 'keep the release records (status uninstalled)' },
    { name: 'wait', kind: 'bool', help: 'wait until the resources are deleted' },
    { name: 'timeout', kind: 'string', help: 'time to wait for any Kubernetes operation (default 5m0s)' },
    { name: 'description', kind: 'string', help: 'a custom description' },
    { name: 'no-hooks', kind: 'bool', help: 'do not run hooks' },
    { name: 'cascade', kind: 'string', help: 'background, foreground or orphan (default background)' },
  ],
};

export const SEND_USAGE = `Usage:
  slipway send rollback|uninstall --cluster CLUSTER --namespace NAMESPACE --release RELEASE [flags]

Flags (rollback):
${OPERATION_FLAGS.rollback.map((s) => `  --${s.name.padEnd(18)} ${s.help}`).join('\n')}
Flags (uninstall):
${OPERATION_FLAGS.uninstall.map((s) => `  --${s.name.padEnd(18)} ${s.help}`).join('\n')}
Flags (both):
${[...TARGET_FLAGS, ...CONNECTION_FLAGS].map((s) => `  --${s.name.padEnd(18)} ${s.help}`).join('\n')}
`;

/** The message `send` would put on the queue (validated by the producer when sent). */
export function buildMessage(
  operation: 'rollback' | 'uninstall',
  args: ParsedArgs,
  now: Date = new Date(),
  requestId: string = newRequestId(),
): OperationMessage {
  const target = requireTarget(args);
  validateTarget(target);
  const kind: RequestKind = operation;
  const marker = operation === 'rollback' ? ROLLBACK_MARKER : UNINSTALL_MARKER;
  const request = { ...target, kind, key: releasePrefix(target) + marker, prefix: releasePrefix(target) };
  const { options } = parseRequestOptions(request, metadataFlags(args, OPERATION_FLAGS[operation]));
  let principal: string | undefined;
  try {
    principal = userInfo().username;
  } catch {
    principal = undefined;
  }
  return {
    schemaVersion: 1,
    requestId,
    operation,
    ...target,
    options,
    origin: { kind: 'cli', ...(principal ? { principal } : {}) },
    createdAt: now.toISOString(),
  };
}

export async function runSend(
  argv: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const [operation, ...rest] = argv;
  if (operation !== 'rollback' && operation !== 'uninstall') {
    throw new UsageError(
      `"slipway send" needs an operation: rollback or uninstall (got ${JSON.stringify(operation ?? '')})`,
    );
  }
  const args = parseArgs(rest, [...TARGET_FLAGS, ...OPERATION_FLAGS[operation], ...CONNECTION_FLAGS]);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const message = buildMessage(operation, args);
  const connection = resolveConnection(
    args,
    env,
    (e) => e[`SLIPWAY_QUEUE_${operation.toUpperCase()}_URL`] !== undefined,
  );
  if (!connection.queueUrls?.[operation]) {
    throw noTarget(`${operation} queue`, connection, `SLIPWAY_QUEUE_${operation.toUpperCase()}_URL`);
  }
  const sqs = sqsFor(connection);
  const s3 = connection.bucket ? s3For(connection) : undefined;
  try {
    const sent = await sendOperation(
      sqs,
      connection.queueUrls,
      message,
      s3 && connection.bucket ? { s3, bucket: connection.bucket } : undefined,
    );
    out(
      `queued ${operation} of release "${message.release}" in namespace "${message.namespace}" on cluster "${message.cluster}"\n`,
    );
    out(`request ${message.requestId}, message ${sent.messageId}\n`);
  } finally {
    sqs.destroy();
    s3?.destroy();
  }
}
