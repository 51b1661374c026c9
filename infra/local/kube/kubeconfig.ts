/** A kubeconfig that helm, kubectl and client-node accept for the plain-http emulator. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const CONTEXT_NAME = 'slipway-local';

export function kubeconfigText(url: string): string {
  // client-node refuses http:// servers unless insecure-skip-tls-verify is set (platform-notes §3.9).
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CONTEXT_NAME}`,
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${CONTEXT_NAME}`,
    '  user:',
    '    token: slipway-local-token',
    'contexts:',
    `- name: ${CONTEXT_NAME}`,
    '  context:',
    `    cluster: ${CONTEXT_NAME}`,
    `    user: ${CONTEXT_NAME}`,
    '    namespace: default',
    `current-context: ${CONTEXT_NAME}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/** Writes the kubeconfig with owner-only permissions (helm warns about group/world-readable ones). */
export function writeKubeconfig(path: string, url: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigText(url), { mode: 0o600 });
}
