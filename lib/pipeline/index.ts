/** The serverless pipeline: bucket convention, operation messages, queue, upload handling, worker. */
export * from './bucket.ts';
export * from './message.ts';
export * from './queue.ts';
export { getObject, getJson, headObject, listKeys, putJson, type FetchedObject } from './s3.ts';
export * from './status.ts';
export * from './observe.ts';
export { handleUpload, type UploadDeps, type UploadEvent, type UploadOutcome } from './upload.ts';
export {
  REQUEST_LABEL,
  RetryLater,
  classifyError,
  handleRecord,
  libActions,
  processOperationBatch,
  requestLabel,
  type FailureKind,
  type InvocationContext,
  type ReleaseActions,
  type WorkerDeps,
} from './worker.ts';
export { uploadEvents } from './upload.ts';
export * from './handlers.ts';
export * from './lambda.ts';
export * from './diff.ts';
export {
  InvalidRequestError,
  handleReleaseApi,
  validateRequest,
  type ReleaseApiDeps,
  type ReleaseApiRequest,
  type ReleaseApiResponse,
  type ReleaseSummary,
} from './release-api.ts';
