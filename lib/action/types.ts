/**
 * The release actions' shared configuration and their options and results (Helm's pkg/action
 * Configuration plus one options type per verb). The CLI, the Lambda handlers and the local stack
 * all call the same actions with these types.
 */
import type { Chart } from '../chart/index.ts';
import type { GoMap } from '../go/value.ts';
import type { KubeClient, PropagationPolicy } from '../kube/types.ts';
import type { Release } from '../release/index.ts';
import type { Storage } from '../storage/index.ts';

export interface Configuration {
  readonly kube: KubeClient;
  /** Release records of the release namespace (Secrets driver in production). */
  readonly storage: Storage;
  /** The release namespace (Helm: -n, else the kubeconfig context's, else `default`). */
  readonly namespace: string;
  /** Who holds the release lease: unique per worker (Lambda request id, `cli-<host>-<pid>`). */
  readonly leaseOwner: string;
  /** Warnings Helm prints on stderr (e.g. deprecated chart, CRD notice). */
  readonly warn: (message: string) => void;
  /** Progress/debug lines (Helm's --debug log). */
  readonly log: (message: string) => void;
  /** Clock (tests). */
  readonly now?: () => Date;
  /** Release records of another namespace (`list -A`); absent: only `storage` is listed. */
  readonly storageFor?: (namespace: string) => Storage;
}

export type DryRun = 'none' | 'client' | 'server';

/** Options every mutating operation shares. */
export interface OperationOptions {
  /** Per-phase timeout in ms (Helm's --timeout, default 5m). */
  readonly timeoutMs?: number;
  readonly wait?: boolean;
  readonly waitForJobs?: boolean;
  readonly noHooks?: boolean;
  readonly description?: string;
  /** Keep at most this many revisions (0 = unlimited). */
  readonly maxHistory?: number;
  /**
   * Hard deadline of the whole operation (a Lambda's remaining time minus a margin). The release
   * lease expires then; an operation that cannot finish before it stops cleanly (see Suspended).
   */
  readonly deadline?: Date;
  readonly signal?: AbortSignal;
}

export interface InstallOptions extends OperationOptions {
  readonly releaseName: string;
  readonly chart: Chart;
  /** User-supplied values (-f/--set…), already merged. */
  readonly values: GoMap;
  readonly dryRun?: DryRun;
  readonly replace?: boolean;
  readonly createNamespace?: boolean;
  readonly skipCrds?: boolean;
  /** --atomic / --rollback-on-failure: uninstall on failure (implies wait). */
  readonly atomic?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly takeOwnership?: boolean;
  readonly labels?: Record<string, string>;
}

export interface UpgradeOptions extends OperationOptions {
  readonly releaseName: string;
  readonly chart: Chart;
  readonly values: GoMap;
  /** --install: install when the release has no history. */
  readonly install?: boolean;
  readonly dryRun?: DryRun;
  readonly reuseValues?: boolean;
  readonly resetValues?: boolean;
  readonly resetThenReuseValues?: boolean;
  /** --atomic: roll back to the last successful revision on failure (implies wait). */
  readonly atomic?: boolean;
  readonly cleanupOnFail?: boolean;
  /** Helm 4's --force-replace (PUT whole objects instead of applying). */
  readonly force?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly takeOwnership?: boolean;
  readonly labels?: Record<string, string | null>;
}

export interface RollbackOptions extends OperationOptions {
  readonly releaseName: string;
  /** 0 = the previous revision. */
  readonly revision?: number;
  readonly dryRun?: boolean;
  readonly cleanupOnFail?: boolean;
  readonly force?: boolean;
  /**
   * Custom labels set over the ones copied from the target revision (helm has no such flag; the
   * pipeline marks each revision with the request that made it, so a redelivery is recognised).
   */
  readonly labels?: Record<string, string>;
}

export interface UninstallOptions extends OperationOptions {
  readonly releaseName: string;
  readonly keepHistory?: boolean;
  readonly ignoreNotFound?: boolean;
  readonly dryRun?: boolean;
  readonly cascade?: PropagationPolicy;
}

export interface UninstallResult {
  /** The final record (absent when the history was purged and nothing is left to show). */
  readonly release: Release;
  /** `These resources were kept due to the resource policy:` lines (`[Kind] name`). */
  readonly kept: string[];
  /** --ignore-not-found met no release: nothing was done (`release` then only names it). */
  readonly notFound?: boolean;
}

/**
 * An operation that reached its deadline while waiting (e.g. `--wait` longer than one Lambda
 * invocation). The record stays pending under the lease (renewed to `leaseExpires`); calling
 * `resumeOperation` with this continues where it stopped. Serializable as JSON.
 */
export interface Suspended {
  readonly kind: 'suspended';
  readonly operation: 'install' | 'upgrade' | 'rollback' | 'uninstall';
  readonly releaseName: string;
  readonly namespace: string;
  readonly revision: number;
  /** The phase to continue with: `pre-hooks`, `wait` or `post-hooks` (then `options.hookIndex` names the hook). */
  readonly phase: string;
  /** Deadline of the phase that was interrupted (ISO 8601): the original --timeout still applies. */
  readonly phaseDeadline: string;
  readonly leaseOwner: string;
  readonly leaseExpires: string;
  /** Options needed to finish (wait, atomic, description, …), JSON-safe. */
  readonly options: Record<string, string | number | boolean>;
}

export type OperationResult = { readonly kind: 'done'; readonly release: Release } | Suspended;
