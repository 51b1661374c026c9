/**
 * Lambda's invocation contract, in process: a context with a request id and a deadline, and a
 * timeout that fails the invocation as Lambda's would (the handler's late result is discarded).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export type LambdaHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

export interface FunctionConfig {
  /** The function's name as deployed (e.g. `slipway-dev-install`); used in the context and ARN. */
  name: string;
  /** Lambda's `timeout`, in milliseconds. */
  timeoutMs: number;
  memoryMb?: number;
  region: string;
}

export class InvocationTimeoutError extends Error {
  constructor(functionName: string, requestId: string, timeoutMs: number) {
    super(`${functionName}: request ${requestId} timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
    this.name = 'InvocationTimeoutError';
  }
}

export function lambdaContext(config: FunctionConfig, requestId: string, deadline: number): Context {
  const unsupported = (): never => {
    throw new Error(`${config.name}: callback-style completion is not supported; return a promise`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: config.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${config.region}:000000000000:function:${config.name}`,
    memoryLimitInMB: String(config.memoryMb ?? 1024),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${config.name}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Runs one invocation; rejects with the handler's error or with InvocationTimeoutError at the deadline. */
export async function invoke<TEvent, TResult>(
  handler: LambdaHandler<TEvent, TResult>,
  event: TEvent,
  config: FunctionConfig,
): Promise<TResult> {
  const requestId = randomUUID();
  const deadline = Date.now() + config.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvocationTimeoutError(config.name, requestId, config.timeoutMs)),
      config.timeoutMs,
    );
  });
  try {
    return await Promise.race([handler(event, lambdaContext(config, requestId, deadline)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
