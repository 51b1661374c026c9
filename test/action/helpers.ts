/** Test helpers for the actions: an emulated cluster, configurations over it, charts from file maps. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startKubeEmulator,
  writeKubeconfig,
  type FaultConfig,
  type KubeEmulator,
} from '../../infra/local/kube/index.ts';
import { loadFiles, type Chart } from '../../lib/chart/index.ts';
import { goMap, type GoMap, type GoValue } from '../../lib/go/value.ts';
import { loadKubeConfig } from '../../lib/kube/index.ts';
import { history, newConfiguration, type Configuration } from '../../lib/action/index.ts';

export interface Cluster {
  readonly emu: KubeEmulator;
  readonly kubeconfig: string;
  /** A configuration for `namespace` (default `default`) with its own lease owner. */
  config(opts?: {
    namespace?: string;
    owner?: string;
    now?: () => Date;
    maxHistory?: number;
  }): Configuration & {
    warnings: string[];
  };
  /** Whether the API path answers 200 (the object exists). */
  exists(path: string): Promise<boolean>;
  /** Each revision of `name` as [version, status, description]. */
  statuses(name: string): Promise<[number | undefined, string | undefined, string | undefined][]>;
  close(): Promise<void>;
}

export async function startCluster(faults?: FaultConfig): Promise<Cluster> {
  const emu = await startKubeEmulator({ port: 0, faults });
  const dir = mkdtempSync(join(tmpdir(), 'slipway-action-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, emu.url);
  const kc = loadKubeConfig({ kubeconfig });
  let n = 0;
  const cluster: Cluster = {
    emu,
    kubeconfig,
    config(opts = {}) {
      const warnings: string[] = [];
      const cfg = newConfiguration({
        kubeConfig: kc,
        namespace: opts.namespace ?? 'default',
        leaseOwner: opts.owner ?? `test-${++n}`,
        maxHistory: opts.maxHistory,
        warn: (m) => warnings.push(m),
        now: opts.now,
      });
      return Object.assign(cfg, { warnings });
    },
    exists: async (path) => (await fetch(emu.url + path)).status === 200,
    statuses: async (name) =>
      (await history(cluster.config(), { releaseName: name })).map((h) => [
        h.version,
        h.info?.status,
        h.info?.description,
      ]),
    close: () => emu.close(),
  };
  return cluster;
}

/** A chart from `path → text` (paths relative to the chart root; Chart.yaml added when absent). */
export function chart(files: Record<string, string>, name = 'demo', version = '0.1.0'): Chart {
  const all: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
    ...files,
  };
  return loadFiles(
    Object.entries(all).map(([n, text]) => ({ name: n, data: new TextEncoder().encode(text) })),
  );
}

/** A Go map from plain JSON-like data (numbers as float64, as YAML/JSON values are). */
export function values(obj: Record<string, unknown> = {}): GoMap {
  const conv = (v: unknown): GoValue => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return goMap(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, conv(x)] as const));
    }
    if (Array.isArray(v)) return v.map(conv) as GoValue;
    return v as GoValue;
  };
  return conv(obj) as GoMap;
}

export function configMap(
  name: string,
  data: Record<string, string> = { a: '1' },
  annotations: Record<string, string> = {},
): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}\n`)
    .join('');
  const d = Object.entries(data)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`)
    .join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ann ? `  annotations:\n${ann}` : ''}data:\n${d}`;
}

export function deployment(name: string, image = 'nginx', replicas = 1): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: ${image}
`;
}

/** A deadline `s` seconds from now. */
export const inSeconds = (s: number): Date => new Date(Date.now() + s * 1000);
