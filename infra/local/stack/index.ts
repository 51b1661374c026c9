/** The one-command local stack: fauxqs (S3 + SQS), the Kubernetes emulator, the event router and the release API. */
export { startStack } from './stack.ts';
export type { Stack, StackOptions, StackEnvironment, StackFunctions, FunctionsFactory } from './stack.ts';
export type { StackEvent, StackListener } from './events.ts';
export type { StackLayout, OperationQueueLayout, LayoutTuning } from './layout.ts';
export { defaultLayout, OPERATION_NAMES } from './layout.ts';
export type { LambdaHandler, FunctionConfig } from './lambda.ts';
export { invoke, lambdaContext, InvocationTimeoutError } from './lambda.ts';
export type { SqsHandler } from './queue-poller.ts';
export { sqsRecord, failedRecords } from './queue-poller.ts';
export { s3EventRecord, encodeEventKey } from './s3-events.ts';
export { DUMMY_CREDENTIALS, s3Client, sqsClient } from './aws.ts';
export { progressPrinter, type ProgressPrinter, type ReleaseLookup } from './progress.ts';
