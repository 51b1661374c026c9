/**
 * Test helper: runs the real helm (from ../shared/tools/helm-oracle) against a discovery-only
 * fake API server, so `helm install --dry-run=client -o json` prints the release record exactly
 * as Helm's json.Marshal writes it (the bytes its storage driver gzips).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleBinary } from '../kube-emulator/helpers.ts';

/** The real helm v3.17.3 (installed on first use by ../shared/tools/helm-oracle). */
export function helmBinary(): string {
  return oracleBinary('helm');
}

const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64' },
  '/api': {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      {
        name: 'configmaps',
        singularName: 'configmap',
        namespaced: true,
        kind: 'ConfigMap',
        verbs: ['create', 'get', 'list', 'delete', 'patch', 'update'],
      },
    ],
  },
};

/** `helm install <args> --dry-run=client -o json`, returning the record JSON (no trailing newline). */
export async function helmDryRunInstall(helm: string, args: string[]): Promise<string> {
  const server = createServer((req, res) => {
    const body = DISCOVERY[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const home = mkdtempSync(join(tmpdir(), 'slipway-helm-'));
    const kubeconfig = join(home, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: f, cluster: {server: "http://127.0.0.1:${port}"}}]\ncontexts: [{name: f, context: {cluster: f, user: u}}]\nusers: [{name: u, user: {}}]\ncurrent-context: f\n`,
    );
    const { execFile } = await import('node:child_process');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        helm,
        ['install', ...args, '--dry-run=client', '--disable-openapi-validation', '-o', 'json'],
        { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: kubeconfig }, encoding: 'utf8' },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    return out.replace(/\n$/, '');
  } finally {
    server.close();
  }
}
