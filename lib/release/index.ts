/** Helm's release record: model, Helm-exact JSON, storage encoding, timestamps, stored chart. */
export { OMITTED_ZERO_TIMES, STATUSES, UNKNOWN_FIELDS, emptyHookExecution, isPending } from './model.ts';
export type {
  CarriesUnknown,
  Hook,
  HookExecution,
  Info,
  Release,
  Status,
  StoredChart,
  StoredDependency,
  StoredFile,
  StoredLock,
  StoredMaintainer,
  StoredMetadata,
  UnknownField,
} from './model.ts';
export { releaseFromJSON, releaseToJSON } from './json.ts';
export { decodeRelease, decodeReleaseJSON, encodeRelease, encodeReleaseJSON } from './codec.ts';
export { GO_ZERO_TIME, ZERO_TIME, formatHelmTime, helmNow, parseHelmTime, unixSeconds } from './time.ts';
export type { ParsedTime } from './time.ts';
export { chartToStored } from './chart.ts';
