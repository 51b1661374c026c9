/** The pipeline's entry points from the command line: push (S3), send (SQS), invoke (release API). */
export { runPush, planPush, executePush, PUSH_USAGE, type PushPlan } from './push.ts';
export { runSend, buildMessage, SEND_USAGE } from './send.ts';
export {
  runInvoke,
  invokeReleaseApi,
  buildRequest,
  INVOKE_USAGE,
  ACTIONS,
  type InvokeResult,
} from './invoke.ts';
export { resolveConnection, type Connection } from './config.ts';
export {
  readStackFile,
  writeStackFile,
  STACK_FILE,
  type StackFile,
  type QueueEndpoint,
} from './stack-file.ts';
export type { Output } from './common.ts';
export { runPipelineCommand } from './run.ts';
