/**
 * The release record, after Helm's pkg/release and pkg/chart, with Helm's JSON key names as
 * property names (so the codec maps them one to one). Timestamps are kept as the text Helm
 * writes (see time.ts). Fields a newer Helm adds are kept by the codec under UNKNOWN_FIELDS.
 */
import type { GoMap, GoValue } from '../go/value.ts';
import type { Dependency, Maintainer } from '../chart/model.ts';

export const STATUSES = [
  'unknown',
  'deployed',
  'uninstalled',
  'superseded',
  'failed',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;
export type Status = (typeof STATUSES)[number];

/** Helm's Status.IsPending: the statuses that mean "an operation is in progress". */
export function isPending(s: string): boolean {
  return s === 'pending-install' || s === 'pending-upgrade' || s === 'pending-rollback';
}

/** A JSON field the model does not know, kept as its source text and placed after `after`. */
export interface UnknownField {
  /** The known key it followed in the source (null: it came first). */
  after: string | null;
  key: string;
  /** The value's JSON text, exactly as read. */
  raw: string;
}
export const UNKNOWN_FIELDS: unique symbol = Symbol('slipway.release.unknownFields');
/**
 * Zero-valued time keys the source did not write at all (Helm v4 uses `omitzero`); they stay
 * omitted while still zero, so such records round-trip byte for byte. v3 writes them as "".
 */
export const OMITTED_ZERO_TIMES: unique symbol = Symbol('slipway.release.omittedZeroTimes');
export interface CarriesUnknown {
  [UNKNOWN_FIELDS]?: UnknownField[];
  [OMITTED_ZERO_TIMES]?: string[];
}

export interface HookExecution extends CarriesUnknown {
  started_at: string;
  completed_at: string;
  phase: '' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown' | string;
}

export interface Hook extends CarriesUnknown {
  name?: string;
  kind?: string;
  path?: string;
  manifest?: string;
  events?: string[] | null;
  last_run: HookExecution;
  weight?: number;
  delete_policies?: string[] | null;
}

export interface Info extends CarriesUnknown {
  first_deployed: string;
  last_deployed: string;
  deleted: string;
  description?: string;
  status?: Status | string;
  notes?: string;
  /** Only filled transiently by `helm status --show-resources`; never stored by Helm. */
  resources?: GoValue;
}

export interface StoredFile extends CarriesUnknown {
  name: string;
  data: Uint8Array | null;
}

export type StoredMaintainer = Maintainer & CarriesUnknown;
export type StoredDependency = Dependency & CarriesUnknown;

export interface StoredMetadata extends CarriesUnknown {
  name?: string;
  home?: string;
  sources?: string[] | null;
  version?: string;
  description?: string;
  keywords?: string[] | null;
  maintainers?: (StoredMaintainer | null)[] | null;
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string> | null;
  kubeVersion?: string;
  dependencies?: (StoredDependency | null)[] | null;
  type?: string;
}

export interface StoredLock extends CarriesUnknown {
  /** Plain Go time.Time text (zero: 0001-01-01T00:00:00Z). */
  generated: string;
  digest: string;
  dependencies: (StoredDependency | null)[] | null;
}

/** A chart as a release stores it: the root chart only (subcharts are not serialized by Helm). */
export interface StoredChart extends CarriesUnknown {
  metadata: StoredMetadata | null;
  lock: StoredLock | null;
  templates: (StoredFile | null)[] | null;
  values: GoMap | null;
  schema: Uint8Array | null;
  files: (StoredFile | null)[] | null;
}

export interface Release extends CarriesUnknown {
  name?: string;
  info?: Info | null;
  chart?: StoredChart | null;
  /** User-supplied values (not merged with chart defaults). */
  config?: GoMap | null;
  manifest?: string;
  hooks?: (Hook | null)[] | null;
  version?: number;
  namespace?: string;
  /** Custom labels: never serialized (Go `json:"-"`); live in the storage object's labels. */
  labels?: Record<string, string>;
}

/** A hook's never-run execution record. */
export function emptyHookExecution(): HookExecution {
  return { started_at: '', completed_at: '', phase: '' };
}
