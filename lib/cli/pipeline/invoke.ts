/**
 * `slipway invoke status|history|list|get|preview …`: calls the release-api function, through AWS
 * Lambda's Invoke when a function name is configured (`--function-name`, `SLIPWAY_RELEASE_API_FUNCTION`),
 * or the local stack's `POST /invoke` from its stack file. Both answer the same way: the function's
 * response, or its error as `{errorType, errorMessage}`.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { flagBool, flagString, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from '../args.ts';
import { CONNECTION_FLAGS, noTarget, resolveConnection, type Connection } from './config.ts';
import type { Output } from './common.ts';

export const ACTIONS = ['status', 'history', 'list', 'get', 'preview'] as const;
export type ReleaseApiAction = (typeof ACTIONS)[number];

const SPECS: readonly FlagSpec[] = [
  { name: 'cluster', kind: 'string', help: 'the cluster, by its name in the cluster registry' },
  { name: 'namespace', short: 'n', kind: 'string', help: 'the release namespace' },
  { name: 'release', kind: 'string', help: 'the release name' },
  { name: 'revision', kind: 'string', help: 'a revision (status, get)' },
  { name: 'all-namespaces', short: 'A', kind: 'bool', help: 'list releases of every namespace' },
  { name: 'max', kind: 'string', help: 'history: at most this many revisions' },
  { name: 'filter', kind: 'string', help: 'list: a regular expression on release names' },
  { name: 'chart-key', kind: 'string', help: 'preview: the chart package object in the bucket' },
  { name: 'payload', kind: 'string', help: 'the request JSON as is (overrides the flags)' },
  {
    name: 'function-name',
    kind: 'string',
    help: 'the deployed release-api function (default: $SLIPWAY_RELEASE_API_FUNCTION)',
  },
  ...CONNECTION_FLAGS,
];

export const INVOKE_USAGE = `Usage:
  slipway invoke ${ACTIONS.join('|')} [WHAT] [flags]

Flags:
${SPECS.map((s) => `  ${s.short ? `-${s.short}, ` : '    '}--${s.name.padEnd(16)} ${s.help}`).join('\n')}
`;

export type InvokeResult =
  { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string };

/** The release-api request for an action and its flags (`WHAT` is get's part: values, manifest, …). */
export function buildRequest(action: ReleaseApiAction, args: ParsedArgs): Record<string, unknown> {
  const raw = flagString(args, 'payload');
  if (raw !== undefined) {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError('--payload must be a JSON object');
    return parsed as Record<string, unknown>;
  }
  const request: Record<string, unknown> = { action };
  for (const name of ['cluster', 'namespace', 'release']) {
    const v = flagString(args, name);
    if (v !== undefined) request[name] = v;
  }
  const revision = flagString(args, 'revision');
  if (revision !== undefined) {
    if (!/^[0-9]+$/.test(revision))
      throw new UsageError(`invalid argument "${revision}" for "--revision" flag`);
    request.revision = Number(revision);
  }
  const max = flagString(args, 'max');
  if (max !== undefined) {
    if (!/^[0-9]+$/.test(max)) throw new UsageError(`invalid argument "${max}" for "--max" flag`);
    request.max = Number(max);
  }
  const filter = flagString(args, 'filter');
  if (filter !== undefined) request.filter = filter;
  if (flagBool(args, 'all-namespaces')) request.allNamespaces = true;
  const chartKey = flagString(args, 'chart-key');
  if (chartKey !== undefined) request.chartKey = chartKey;
  if (args.positionals.length > 0) request.what = args.positionals[0];
  return request;
}

function decodeInvokeResponse(text: string, functionError: string | undefined): InvokeResult {
  let payload: unknown = null;
  if (text !== '') payload = JSON.parse(text);
  if (functionError) {
    const p = (payload ?? {}) as { errorType?: unknown; errorMessage?: unknown };
    return {
      ok: false,
      errorType: typeof p.errorType === 'string' ? p.errorType : functionError,
      errorMessage: typeof p.errorMessage === 'string' ? p.errorMessage : text,
    };
  }
  return { ok: true, payload };
}

/** Invokes the release API where the connection points; throws when it points nowhere. */
export async function invokeReleaseApi(
  connection: Connection,
  functionName: string | undefined,
  request: unknown,
): Promise<InvokeResult> {
  if (functionName) {
    const lambda = new LambdaClient({
      ...(connection.region ? { region: connection.region } : {}),
      ...(connection.credentials ? { credentials: connection.credentials } : {}),
    });
    try {
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          Payload: new TextEncoder().encode(JSON.stringify(request)),
        }),
      );
      return decodeInvokeResponse(
        out.Payload ? new TextDecoder().decode(out.Payload) : '',
        out.FunctionError,
      );
    } finally {
      lambda.destroy();
    }
  }
  const url = connection.stack?.releaseApi.url;
  if (!url) throw noTarget('release API', connection, '--function-name or SLIPWAY_RELEASE_API_FUNCTION');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`release API ${url}: HTTP ${res.status}: ${text}`);
  return decodeInvokeResponse(text, res.headers.get('x-amz-function-error') ?? undefined);
}

/** Prints the response; a function error becomes `Error: …` (exit status 1). */
export async function runInvoke(
  argv: string[],
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const [action, ...rest] = argv;
  if (!(ACTIONS as readonly string[]).includes(action ?? '')) {
    throw new UsageError(
      `"slipway invoke" needs an action: ${ACTIONS.join(', ')} (got ${JSON.stringify(action ?? '')})`,
    );
  }
  const args = parseArgs(rest, SPECS);
  const request = buildRequest(action as ReleaseApiAction, args);
  const functionName = flagString(args, 'function-name') ?? env.SLIPWAY_RELEASE_API_FUNCTION;
  const connection = resolveConnection(args, env, () => functionName !== undefined);
  const result = await invokeReleaseApi(connection, functionName, request);
  if (!result.ok) throw new Error(`${result.errorType}: ${result.errorMessage}`);
  out(typeof result.payload === 'string' ? result.payload : `${JSON.stringify(result.payload, null, 2)}\n`);
}
