/**
 * `createKubeClient`: the KubeClient over one kubeconfig, for one operation. Discovery is fetched once
 * and cached; every object travels as plain JSON.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { INSTALL_ORDER } from '../render/manifest.ts';
import type { Capabilities } from '../render/capabilities.ts';
import { buildInfos } from './build.ts';
import { Discovery, splitApiVersion } from './discovery.ts';
import { apiErrorFromResponse, isAlreadyExists, isNotFound, KubeMultiError } from './errors.ts';
import { objectPath, retryOnConflict } from './rest.ts';
import { HttpMethod, Transport } from './transport.ts';
import { updateObjects } from './update.ts';
import { waitForDelete, waitForReady, watchUntilReady } from './wait.ts';
import type {
  KubeClient,
  KubeObject,
  PropagationPolicy,
  ResourceInfo,
  UpdateResult,
  WaitOptions,
} from './types.ts';

export interface KubeClientOptions {
  /** Field manager of every write (Helm's CLI: `helm`). */
  readonly fieldManager?: string;
  readonly userAgent?: string;
  /** Debug lines (Helm's --debug log): skipped deletions, retries. */
  readonly log?: (message: string) => void;
}

/** Consecutive runs of the same kind (Helm's batchPerform), in the given order. */
export function kindGroups(infos: readonly ResourceInfo[]): ResourceInfo[][] {
  const groups: ResourceInfo[][] = [];
  for (const info of infos) {
    const last = groups.at(-1);
    if (last && last[0].kind === info.kind) last.push(info);
    else groups.push([info]);
  }
  return groups;
}

/** Stable sort by Helm's InstallOrder (unknown kinds last, in their given order). */
function installSorted(infos: readonly ResourceInfo[]): ResourceInfo[] {
  const rank = new Map(INSTALL_ORDER.map((k, i) => [k, i]));
  return infos
    .map((info, i) => ({ info, i, r: rank.get(info.kind) ?? INSTALL_ORDER.length }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.info);
}

/** client-go refuses requests for one object without a name (a manifest with only generateName). */
function requireName(info: ResourceInfo): void {
  if (info.name === '') throw new Error('resource name may not be empty');
}

export class ClientNodeKubeClient implements KubeClient {
  readonly transport: Transport;
  readonly discovery: Discovery;
  readonly fieldManager: string;
  readonly log: (message: string) => void;
  private readonly lookupMisses = new Set<string>();

  constructor(kc: KubeConfig, opts: KubeClientOptions = {}) {
    this.transport = new Transport(kc, opts.userAgent ?? 'slipway');
    this.discovery = new Discovery(this.transport);
    this.fieldManager = opts.fieldManager ?? 'helm';
    this.log = opts.log ?? (() => {});
  }

  async isReachable(): Promise<void> {
    try {
      await this.discovery.serverVersion();
    } catch (err) {
      throw new Error(`Kubernetes cluster unreachable: ${(err as Error).message}`, { cause: err });
    }
  }

  capabilities(): Promise<Capabilities> {
    return this.discovery.capabilities(this.log);
  }

  build(manifest: string, namespace: string): Promise<ResourceInfo[]> {
    return buildInfos(manifest, namespace, this.discovery);
  }

  async get(info: ResourceInfo): Promise<KubeObject | null> {
    requireName(info);
    try {
      return await this.transport.json<KubeObject>({ method: HttpMethod.GET, path: objectPath(info) });
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async lookup(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<KubeObject | null> {
    const { group, version } = splitApiVersion(apiVersion);
    // Like Helm's lookup, a kind created since discovery (a CRD of this release) is found: one re-discovery
    // per unknown kind, remembered so a template's repeated lookups stay cheap.
    const key = `${apiVersion}/${kind}`;
    const mapping = this.lookupMisses.has(key)
      ? await this.discovery.find(apiVersion, kind)
      : await this.discovery.mapping(apiVersion, kind);
    if (!mapping) {
      this.lookupMisses.add(key);
      // Helm asks discovery for the group/version; an unserved one is an error, an unknown kind is not found.
      const data = await this.discovery.load();
      if (!data.groupVersions.includes(apiVersion))
        throw new Error('the server could not find the requested resource');
      return null;
    }
    const info: ResourceInfo = {
      object: { apiVersion, kind, metadata: {} },
      group,
      version,
      kind,
      resource: mapping.name,
      namespaced: mapping.namespaced,
      name,
      namespace: mapping.namespaced ? namespace : '',
    };
    try {
      return await this.transport.json<KubeObject>({ method: HttpMethod.GET, path: objectPath(info) });
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  create(info: ResourceInfo): Promise<KubeObject> {
    return retryOnConflict(() =>
      this.transport.json<KubeObject>({
        method: HttpMethod.POST,
        path: objectPath(info, ''),
        query: { fieldManager: this.fieldManager },
        body: JSON.stringify(info.object),
      }),
    );
  }

  async createAll(infos: readonly ResourceInfo[]): Promise<KubeObject[]> {
    const created: KubeObject[] = [];
    const errors: Error[] = [];
    for (const group of kindGroups(installSorted(infos))) {
      const results = await Promise.allSettled(group.map((info) => this.create(info)));
      for (const r of results) {
        if (r.status === 'fulfilled') created.push(r.value);
        else errors.push(r.reason instanceof Error ? r.reason : new Error(String(r.reason)));
      }
    }
    if (errors.length > 0) throw new KubeMultiError(errors);
    return created;
  }

  update(
    original: readonly ResourceInfo[],
    target: readonly ResourceInfo[],
    opts: { forceReplace?: boolean } = {},
  ): Promise<UpdateResult> {
    return updateObjects(this, original, target, opts.forceReplace ?? false);
  }

  async delete(info: ResourceInfo, propagation: PropagationPolicy = 'Background'): Promise<boolean> {
    requireName(info);
    try {
      await retryOnConflict(() =>
        this.transport.json<unknown>({
          method: HttpMethod.DELETE,
          path: objectPath(info),
          body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: propagation }),
        }),
      );
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  waitForReady(infos: readonly ResourceInfo[], opts: WaitOptions): Promise<void> {
    return waitForReady(this, infos, opts);
  }

  waitForDelete(infos: readonly ResourceInfo[], opts: WaitOptions): Promise<void> {
    return waitForDelete(this, infos, opts);
  }

  watchUntilReady(info: ResourceInfo, opts: WaitOptions): Promise<void> {
    return watchUntilReady(this, info, opts);
  }

  async createNamespace(name: string): Promise<void> {
    try {
      await this.transport.json<unknown>({
        method: HttpMethod.POST,
        path: '/api/v1/namespaces',
        query: { fieldManager: this.fieldManager },
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { name } } }),
      });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }

  /** LIST of a kind in a namespace ('' = all namespaces) with an optional label selector. */
  async podLogs(namespace: string, name: string): Promise<string> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`;
    const res = await this.transport.send({ method: HttpMethod.GET, path, accept: 'application/json, */*' });
    if (res.status < 200 || res.status > 299)
      throw apiErrorFromResponse(res.status, HttpMethod.GET, res.text);
    return res.text;
  }

  async list(info: ResourceInfo, labelSelector?: string): Promise<KubeObject[]> {
    const res = await this.transport.json<{ items?: KubeObject[] }>({
      method: HttpMethod.GET,
      path: objectPath(info, ''),
      query: { labelSelector },
    });
    return res.items ?? [];
  }
}

export { objectPath, retryOnConflict };

export function createKubeClient(kc: KubeConfig, opts: KubeClientOptions = {}): ClientNodeKubeClient {
  return new ClientNodeKubeClient(kc, opts);
}
