/** Release storage as Helm's pkg/storage: drivers (Secrets, memory), the Storage facade, size pre-flight, lease. */
export {
  HELM_STORAGE_TYPE,
  RELEASE_SECRET_TYPE,
  SYSTEM_LABELS,
  filterSystemLabels,
  isSystemLabel,
  labelValueErrors,
  makeKey,
  recordLabels,
  validateUserLabels,
} from './driver.ts';
export type { Driver, StoredRecord, WriteOptions, WriteResult } from './driver.ts';
export {
  ConflictError,
  NoDeployedReleasesError,
  ReleaseExistsError,
  ReleaseNotFoundError,
} from './errors.ts';
export { MemoryDriver } from './memory.ts';
export { SecretsApiError, SecretsDriver, labelSelector } from './secrets.ts';
export type { SecretObject, SecretsApi } from './secrets.ts';
export { Storage, sortByRevision } from './storage.ts';
export {
  MAX_SECRET_DATA_BYTES,
  RecordTooLargeError,
  assertRecordFits,
  assertReleaseFits,
  describeRecordSize,
  recordDataBytes,
} from './size.ts';
export {
  LEASE_EXPIRES_ANNOTATION,
  LEASE_OWNER_ANNOTATION,
  LeaseLostError,
  OPERATION_IN_PROGRESS,
  OperationInProgressError,
  acquireLease,
  completeLease,
  leaseAnnotations,
  readLease,
  renewLease,
  updateUnderLease,
} from './lease.ts';
export type { Lease, LeaseOptions } from './lease.ts';
