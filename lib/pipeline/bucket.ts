/**
 * The bucket convention: which S3 keys ask for which release operation, where values and options
 * come from, and where slipway writes what it did. Everything here is pure (no S3 calls), so the
 * upload handler, the CLI and the local stack share one reading of a key.
 *
 *   releases/<cluster>/<namespace>/<release>/<name>.tgz      deploy the chart (install or upgrade)
 *   releases/<cluster>/<namespace>/<release>/values.yaml     values, applied first
 *   releases/<cluster>/<namespace>/<release>/values-*.yaml   values, then in bytewise key order
 *   releases/<cluster>/<namespace>/<release>/ROLLBACK        roll back (metadata `revision`)
 *   releases/<cluster>/<namespace>/<release>/UNINSTALL       uninstall
 *   <request key>.status.json                                what slipway did with the request
 *   claims/<request id>.json                                 oversized queue messages (claim check)
 *   dead-letters/<message id>.json                           why a queue message was dead-lettered
 *   continuations/<request id>.json                          a suspended operation's state
 */
import { parseDuration } from '../go/time/duration.ts';
import { validateReleaseName } from '../render/names.ts';

export const RELEASES_PREFIX = 'releases/';
export const CLAIMS_PREFIX = 'claims/';
export const DEAD_LETTERS_PREFIX = 'dead-letters/';
export const CONTINUATIONS_PREFIX = 'continuations/';
export const STATUS_SUFFIX = '.status.json';
export const UNINSTALL_MARKER = 'UNINSTALL';
export const ROLLBACK_MARKER = 'ROLLBACK';
export const BASE_VALUES_NAME = 'values.yaml';

/** A request key that does not follow the convention (or names something invalid). */
export class BucketKeyError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`object "${key}": ${message}`);
    this.name = 'BucketKeyError';
    this.key = key;
  }
}

export interface ReleaseTarget {
  readonly cluster: string;
  readonly namespace: string;
  readonly release: string;
}

export type RequestKind = 'deploy' | 'rollback' | 'uninstall';

export interface RequestKey extends ReleaseTarget {
  readonly kind: RequestKind;
  readonly key: string;
  /** The release folder, `releases/<cluster>/<namespace>/<release>/`. */
  readonly prefix: string;
}

/** What an S3 key is to slipway. */
export type KeyRole =
  | { readonly role: 'request'; readonly request: RequestKey }
  | { readonly role: 'values'; readonly target: ReleaseTarget }
  | { readonly role: 'status' | 'claim' | 'dead-letter' | 'other' };

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;

/** Kubernetes' namespace rule (a DNS-1123 label). */
export function validateNamespace(ns: string): void {
  if (ns.length > 63 || !DNS1123_LABEL.test(ns)) {
    throw new Error(
      `namespace "${ns}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)`,
    );
  }
}

/** Names in slipway's cluster registry: lowercase alphanumerics with `-`, `_` or `.` inside, at most 63. */
export function validateClusterName(name: string): void {
  if (name.length > 63 || !CLUSTER_NAME.test(name)) {
    throw new Error(
      `cluster "${name}": must consist of lower case alphanumeric characters, '-', '_' or '.', start and end with an alphanumeric character, and be at most 63 characters`,
    );
  }
}

/** Validates all three names of a target; the message names the first invalid one. */
export function validateTarget(t: ReleaseTarget): void {
  validateClusterName(t.cluster);
  validateNamespace(t.namespace);
  validateReleaseName(t.release);
}

export function releasePrefix(t: ReleaseTarget): string {
  return `${RELEASES_PREFIX}${t.cluster}/${t.namespace}/${t.release}/`;
}

export function statusKey(requestKey: string): string {
  return requestKey + STATUS_SUFFIX;
}

/** S3 event records carry keys URL-encoded with `+` for spaces. */
export function decodeEventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

function isValuesName(name: string): boolean {
  return (
    name === BASE_VALUES_NAME || (name.startsWith('values-') && name.endsWith('.yaml') && name.length > 12)
  );
}

/** Classifies a key; a key under `releases/` with bad names throws BucketKeyError. */
export function classifyKey(key: string): KeyRole {
  if (key.endsWith(STATUS_SUFFIX)) return { role: 'status' };
  if (key.startsWith(CLAIMS_PREFIX)) return { role: 'claim' };
  if (key.startsWith(DEAD_LETTERS_PREFIX)) return { role: 'dead-letter' };
  if (!key.startsWith(RELEASES_PREFIX)) return { role: 'other' };
  const parts = key.slice(RELEASES_PREFIX.length).split('/');
  const name = parts[parts.length - 1];
  const isRequest = name.endsWith('.tgz') || name === UNINSTALL_MARKER || name === ROLLBACK_MARKER;
  if (!isRequest && !isValuesName(name)) return { role: 'other' };
  if (parts.length !== 4 || name === '.tgz') {
    throw new BucketKeyError(key, `expected ${RELEASES_PREFIX}<cluster>/<namespace>/<release>/${name}`);
  }
  const [cluster, namespace, release] = parts;
  const target = { cluster, namespace, release };
  try {
    validateTarget(target);
  } catch (err) {
    throw new BucketKeyError(key, (err as Error).message);
  }
  if (!isRequest) return { role: 'values', target };
  const kind: RequestKind =
    name === UNINSTALL_MARKER ? 'uninstall' : name === ROLLBACK_MARKER ? 'rollback' : 'deploy';
  return { role: 'request', request: { ...target, kind, key, prefix: releasePrefix(target) } };
}

/** The request a key asks for; throws BucketKeyError when it is not a request key. */
export function parseRequestKey(key: string): RequestKey {
  const role = classifyKey(key);
  if (role.role !== 'request')
    throw new BucketKeyError(key, 'is not a release request (<name>.tgz, ROLLBACK or UNINSTALL)');
  return role.request;
}

/**
 * The values objects of a release folder in the order they apply (later ones override earlier
 * ones, as repeated `helm -f`): `values.yaml` first, then `values-*.yaml` in bytewise key order.
 */
export function orderValuesKeys(prefix: string, keys: readonly string[]): string[] {
  const names = keys
    .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
    .map((k) => k.slice(prefix.length))
    .filter(isValuesName);
  const rest = names.filter((n) => n !== BASE_VALUES_NAME).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ordered = names.includes(BASE_VALUES_NAME) ? [BASE_VALUES_NAME, ...rest] : rest;
  return ordered.map((n) => prefix + n);
}

/** Release options from object metadata (`x-amz-meta-<name>`), JSON-safe for the queue message. */
export type RequestOptions = Record<string, string | number | boolean>;

type OptionKind = 'bool' | 'duration' | 'int' | 'string' | 'cascade';

/** The metadata each request kind understands, and the action option it becomes. */
const OPTION_SPECS: Record<RequestKind, Record<string, [option: string, kind: OptionKind]>> = {
  deploy: {
    atomic: ['atomic', 'bool'],
    wait: ['wait', 'bool'],
    'wait-for-jobs': ['waitForJobs', 'bool'],
    timeout: ['timeoutMs', 'duration'],
    description: ['description', 'string'],
    'max-history': ['maxHistory', 'int'],
    'no-hooks': ['noHooks', 'bool'],
    'create-namespace': ['createNamespace', 'bool'],
    'skip-crds': ['skipCrds', 'bool'],
    'reset-values': ['resetValues', 'bool'],
    'reuse-values': ['reuseValues', 'bool'],
    'reset-then-reuse-values': ['resetThenReuseValues', 'bool'],
    'cleanup-on-fail': ['cleanupOnFail', 'bool'],
    force: ['force', 'bool'],
    'take-ownership': ['takeOwnership', 'bool'],
    'skip-schema-validation': ['skipSchemaValidation', 'bool'],
  },
  rollback: {
    revision: ['revision', 'int'],
    wait: ['wait', 'bool'],
    'wait-for-jobs': ['waitForJobs', 'bool'],
    timeout: ['timeoutMs', 'duration'],
    description: ['description', 'string'],
    'max-history': ['maxHistory', 'int'],
    'no-hooks': ['noHooks', 'bool'],
    'cleanup-on-fail': ['cleanupOnFail', 'bool'],
    force: ['force', 'bool'],
  },
  uninstall: {
    wait: ['wait', 'bool'],
    timeout: ['timeoutMs', 'duration'],
    description: ['description', 'string'],
    'no-hooks': ['noHooks', 'bool'],
    'keep-history': ['keepHistory', 'bool'],
    cascade: ['cascade', 'cascade'],
  },
};

/** The metadata names a request kind understands (documented in the README). */
export function optionNames(kind: RequestKind): string[] {
  return Object.keys(OPTION_SPECS[kind]);
}

function parseOption(key: string, name: string, kind: OptionKind, raw: string): string | number | boolean {
  const bad = (what: string) =>
    new BucketKeyError(key, `metadata x-amz-meta-${name}: ${JSON.stringify(raw)} is not ${what}`);
  const text = raw.trim();
  switch (kind) {
    case 'bool':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      throw bad('a boolean (true or false)');
    case 'int':
      if (!/^[0-9]{1,9}$/.test(text)) throw bad('a non-negative integer');
      return Number(text);
    case 'duration': {
      // A bare number is seconds (as `--timeout 300` is refused by Helm, slipway is lenient here).
      let ns: bigint;
      try {
        ns = /^[0-9]+$/.test(text) ? BigInt(text) * 1_000_000_000n : parseDuration(text);
      } catch {
        throw bad('a duration (e.g. 5m, 90s)');
      }
      if (ns <= 0n) throw bad('a positive duration');
      return Number(ns / 1_000_000n);
    }
    case 'cascade':
      if (text === 'background') return 'Background';
      if (text === 'foreground') return 'Foreground';
      if (text === 'orphan') return 'Orphan';
      throw bad('one of background, foreground, orphan');
    case 'string':
      return raw;
  }
}

/**
 * Reads the options of a request from its object metadata (keys as S3 returns them, lowercase,
 * without `x-amz-meta-`). Unknown names are returned separately so the status can show them.
 */
export function parseRequestOptions(
  request: RequestKey,
  metadata: Record<string, string | undefined>,
): { options: RequestOptions; ignored: string[] } {
  const specs = OPTION_SPECS[request.kind];
  const options: RequestOptions = {};
  const ignored: string[] = [];
  for (const [rawName, value] of Object.entries(metadata)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    const spec = specs[name];
    if (!spec) {
      ignored.push(name);
      continue;
    }
    options[spec[0]] = parseOption(request.key, name, spec[1], value);
  }
  ignored.sort();
  return { options, ignored };
}

const OPTION_VALUE_TYPES: Record<OptionKind, 'boolean' | 'number' | 'string'> = {
  bool: 'boolean',
  int: 'number',
  duration: 'number',
  string: 'string',
  cascade: 'string',
};

/**
 * Checks options that arrive in a queue message (which may come from elsewhere than the bucket):
 * each must be one the request kind understands, with the right JSON type. Returns the problem.
 */
export function optionsProblem(kind: RequestKind, options: RequestOptions): string | null {
  const byOption = new Map(
    Object.values(OPTION_SPECS[kind]).map(([option, k]) => [option, OPTION_VALUE_TYPES[k]]),
  );
  for (const [name, value] of Object.entries(options)) {
    const type = byOption.get(name);
    if (type === undefined) return `option ${name} is not one a ${kind} request takes`;
    if (typeof value !== type) return `option ${name} must be a ${type}`;
  }
  return null;
}
