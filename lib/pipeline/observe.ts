/**
 * What the pipeline needs from its surroundings, kept as narrow interfaces: a structured logger and
 * metrics sink (Powertools' Logger and Metrics satisfy them), the cluster registry, and a view of a
 * release's history in its cluster.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Release } from '../release/index.ts';
import { kubeSecretsApi } from '../kube/index.ts';
import { ReleaseNotFoundError, SecretsDriver, Storage } from '../storage/index.ts';
import type { ReleaseTarget } from './bucket.ts';

/** Structured log lines: a message plus one object of fields. Never pass values or Secret data. */
export interface PipelineLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type MetricUnitName = 'Milliseconds' | 'Bytes' | 'Count';

export interface PipelineMetrics {
  addMetric(name: string, unit: MetricUnitName, value: number): unknown;
}

export const silentLogger: PipelineLogger = { debug() {}, info() {}, warn() {}, error() {} };
export const noMetrics: PipelineMetrics = { addMetric() {} };

/** The cluster registry: a cluster name → a kubeconfig for it (throws for unknown names). */
export type ClusterResolver = (name: string) => Promise<KubeConfig>;

/** A release's history in its cluster, every revision (empty when it never existed). */
export type HistoryReader = (kubeConfig: KubeConfig, target: ReleaseTarget) => Promise<Release[]>;

/** Reads the history from the release Secrets of the target namespace (Helm's storage). */
export const secretsHistory: HistoryReader = async (kubeConfig, target) => {
  const storage = new Storage(new SecretsDriver(kubeSecretsApi(kubeConfig, target.namespace)));
  try {
    return await storage.history(target.release);
  } catch (err) {
    if (err instanceof ReleaseNotFoundError) return [];
    throw err;
  }
};

/** Install when there is no history or only uninstalled revisions (kept with --keep-history). */
export function needsInstall(history: readonly Release[]): boolean {
  return history.every((r) => r.info?.status === 'uninstalled');
}

/** Milliseconds since `start` (a performance.now() reading). */
export function since(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
