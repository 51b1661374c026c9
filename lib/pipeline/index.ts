/** The serverless pipeline: bucket convention, operation messages, queue, upload handling, worker. */
export * from './bucket.ts';
export * from './message.ts';
export * from './queue.ts';
export { getObject, getJson, headObject, listKeys, putJson, type FetchedObject } from './s3.ts';
