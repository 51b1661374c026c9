/** Shared helpers of the CLI release tests: the real helm against an emulator, slipway's storage over the same cluster. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  startKubeEmulator,
  writeKubeconfig,
  type FaultConfig,
  type KubeEmulator,
} from '../../infra/local/kube/index.ts';
import { kubeSecretsApi } from '../../lib/kube/index.ts';
import { SecretsDriver, Storage } from '../../lib/storage/index.ts';
import { oracleBinary, type RunResult } from '../kube-emulator/helpers.ts';

export type { RunResult };

/** An emulator with its own kubeconfig and a fresh HOME for the clients that talk to it. */
export interface Cluster {
  readonly emu: KubeEmulator;
  readonly home: string;
  readonly kubeconfig: string;
  storage(namespace?: string): Storage;
  close(): Promise<void>;
}

export async function startCluster(faults?: FaultConfig): Promise<Cluster> {
  const emu = await startKubeEmulator({ port: 0, faults });
  const home = mkdtempSync(join(tmpdir(), 'slipway-cli-release-'));
  const kubeconfig = join(home, 'kubeconfig');
  writeKubeconfig(kubeconfig, emu.url);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return {
    emu,
    home,
    kubeconfig,
    storage: (namespace = 'default') => new Storage(new SecretsDriver(kubeSecretsApi(kc, namespace))),
    close: () => emu.close(),
  };
}

let helmPath: string | undefined;
export function helmBin(): string {
  helmPath ??= oracleBinary('helm');
  return helmPath;
}

/** Runs the real helm against a cluster (TZ=UTC, its HOME, --kubeconfig), asynchronously. */
export function runHelm(cluster: Cluster, args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      helmBin(),
      [...args, '--kubeconfig', cluster.kubeconfig],
      {
        env: { PATH: process.env.PATH ?? '', HOME: cluster.home, TZ: 'UTC' },
        encoding: 'utf8',
        timeout: timeoutMs,
        cwd: cluster.home,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs helm and fails with its stderr unless it exits 0. */
export async function helmOk(cluster: Cluster, args: readonly string[], timeoutMs?: number): Promise<string> {
  const r = await runHelm(cluster, args, timeoutMs);
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Writes a chart (relative paths → text) into a fresh directory and returns it. */
export function writeChart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-chart-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** Runs slipway's CLI entry for a release command in-process (the emulator shares this event loop). */
export async function runSlipway(cluster: Cluster, args: readonly string[]): Promise<RunResult> {
  const { runReleaseCommand } = await import('../../lib/cli/release/index.ts');
  let stdout = '';
  let stderr = '';
  const code = await runReleaseCommand(args[0], [...args.slice(1), '--kubeconfig', cluster.kubeconfig], {
    out: (s) => void (stdout += s),
    err: (s) => void (stderr += s),
  });
  return { code, stdout, stderr };
}
