/**
 * slipway's Kubernetes API emulator: a real HTTP server that helm, kubectl and client-node drive, for
 * tests, CI and the local stack (no kube-apiserver can be installed here).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResourceRegistry } from './resources.ts';
import { ObjectStore } from './store.ts';
import { KubeApi } from './api.ts';
import { Router } from './server.ts';
import { FaultInjector, type FaultConfig } from './faults.ts';
import { attachControllers } from './controller-bridge.ts';

export { writeKubeconfig, kubeconfigText, CONTEXT_NAME } from './kubeconfig.ts';
export type { FaultConfig, RequestFault } from './faults.ts';
export { KubeApi } from './api.ts';
export { ObjectStore } from './store.ts';
export type { ResourceInfo } from './resources.ts';

export interface KubeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Load state from this file at start and save it (debounced, atomically) on change. */
  persistFile?: string;
  faults?: FaultConfig;
  /** Run the simulated controllers (default true). */
  controllers?: boolean;
  /** Offer aggregated discovery (default true); false serves only the legacy per-group-version lists. */
  aggregatedDiscovery?: boolean;
}

export interface KubeEmulator {
  url: string;
  port: number;
  /** The API layer over the object store (inspect or seed objects in tests). */
  store: KubeApi;
  close(): Promise<void>;
}

export async function startKubeEmulator(options: KubeEmulatorOptions = {}): Promise<KubeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const store = new ObjectStore(options.persistFile);
  const api = new KubeApi(new ResourceRegistry(), store);
  const stopControllers = options.controllers === false ? () => {} : attachControllers(api, options.faults);
  const router = new Router(api, new FaultInjector(options.faults), {
    aggregatedDiscovery: options.aggregatedDiscovery,
  });
  const server: Server = createServer((req, res) => router.handle(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    store: api,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        stopControllers();
        for (const res of router.openStreams) res.end();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
