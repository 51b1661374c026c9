/** Test helpers: real helm/kubectl binaries (from helm-oracle), run asynchronously with a fresh HOME each. */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeKubeconfig } from '../../infra/local/kube/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const oracle = join(process.env.SLIPWAY_SHARED ?? resolve(repoRoot, '..', 'shared'), 'tools', 'helm-oracle');

/** Path of real helm v3.17.3 (tool 'helm') or kubectl 1.31 (tool 'kubectl'); installs on first use. */
export function oracleBinary(tool: 'helm' | 'kubectl'): string {
  return execFileSync(oracle, ['v3', tool], { encoding: 'utf8' }).trim();
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A client sandbox: its own HOME (helm/kubectl cache discovery there) and kubeconfig. */
export class ClientEnv {
  readonly home: string;
  readonly kubeconfig: string;

  constructor(url: string) {
    this.home = mkdtempSync(join(tmpdir(), 'slipway-kube-client-'));
    this.kubeconfig = join(this.home, 'kubeconfig');
    writeKubeconfig(this.kubeconfig, url);
  }

  /** Runs a binary asynchronously (the emulator shares this process's event loop). */
  run(bin: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
    return new Promise((resolvePromise) => {
      const child = execFile(
        bin,
        args,
        {
          env: { PATH: process.env.PATH ?? '', HOME: this.home, KUBECONFIG: this.kubeconfig },
          encoding: 'utf8',
          timeout: opts.timeoutMs ?? 60_000,
          cwd: this.home,
        },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolvePromise({ code, stdout, stderr });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  }

  /** Writes files under HOME (relative paths) and returns the absolute path of the first argument's dir. */
  writeFiles(files: Record<string, string>): void {
    for (const [rel, text] of Object.entries(files)) {
      const p = join(this.home, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }

  path(rel: string): string {
    return join(this.home, rel);
  }
}

/** JSON request against the emulator. */
export async function kubeRequest(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const init: RequestInit = { method, headers: { 'content-type': contentType, accept: 'application/json' } };
  if (body !== undefined)
    init.body = body instanceof Uint8Array ? body : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url + path, init);
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A tiny protobuf encoder for building client-go-style request bodies in tests. */
export const pb = {
  varint(n: number | bigint): number[] {
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) b |= 0x80;
      out.push(b);
    } while (v > 0n);
    return out;
  },
  bytes(no: number, data: Uint8Array | number[] | string): number[] {
    const raw = typeof data === 'string' ? [...Buffer.from(data, 'utf8')] : [...data];
    return [...pb.varint((no << 3) | 2), ...pb.varint(raw.length), ...raw];
  },
  int(no: number, n: number | bigint): number[] {
    return [...pb.varint(no << 3), ...pb.varint(n)];
  },
  mapEntry(no: number, key: string, value: string | Uint8Array): number[] {
    return pb.bytes(no, [...pb.bytes(1, key), ...pb.bytes(2, value)]);
  },
  envelope(apiVersion: string, kind: string, raw: number[]): Uint8Array {
    const typeMeta = [...pb.bytes(1, apiVersion), ...pb.bytes(2, kind)];
    return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...pb.bytes(1, typeMeta), ...pb.bytes(2, raw)]);
  },
};
