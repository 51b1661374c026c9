/** Patch engines of the Kubernetes API emulator: pure functions over JSON objects, no HTTP. */
export { applyJsonPatch, parsePointer, type JsonPatchOperation } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { applyStrategicMergePatch } from './strategic.ts';
export {
  serverSideApply,
  recordUpdate,
  gvkOf,
  type ApplyOptions,
  type ApplyResult,
  type FieldConflict,
} from './ssa.ts';
export { PatchError, type StatusCause, type PatchFailureReason } from './errors.ts';
export {
  schemaFor,
  isBuiltinGroup,
  splitApiVersion,
  type GroupVersionKind,
  type FieldSchema,
} from './schema.ts';
export { encodeFieldsV1, decodeFieldsV1 } from './field-set.ts';
