/**
 * Discovery, fetched once per client: served group/versions and their resources (aggregated discovery v2
 * when the server offers it, else the legacy per-group-version lists), the server version, the REST mapper
 * (kind → plural resource, scope) and `.Capabilities` as Helm's GetVersionSet builds it.
 */
import type { Capabilities } from '../render/capabilities.ts';
import { HttpMethod, type Transport } from './transport.ts';

export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural name; subresources look like `deployments/status`. */
  readonly name: string;
  readonly namespaced: boolean;
}

export interface DiscoveryData {
  /** Every served group/version (`v1`, `apps/v1`, …), in discovery order. */
  readonly groupVersions: readonly string[];
  /** Resources per group/version, subresources included (their kind may be another group's, e.g. Scale). */
  readonly resources: ReadonlyMap<string, readonly ApiResource[]>;
  /** Group/versions whose resource lists could not be fetched (an unavailable aggregated API), with why. */
  readonly failed: ReadonlyMap<string, string>;
}

export interface ServerVersion {
  readonly gitVersion: string;
  readonly major: string;
  readonly minor: string;
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function gvString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** APIGroupDiscoveryList items → group/versions and resources (client-go's conversion, subresources kept). */
function fromAggregated(lists: readonly Json[]): DiscoveryData {
  const groupVersions: string[] = [];
  const resources = new Map<string, ApiResource[]>();
  for (const list of lists) {
    for (const item of arr(list.items)) {
      const group = str(obj(obj(item).metadata).name);
      for (const v of arr(obj(item).versions)) {
        const version = str(obj(v).version);
        const gv = gvString(group, version);
        groupVersions.push(gv);
        const out: ApiResource[] = [];
        for (const r of arr(obj(v).resources)) {
          const ro = obj(r);
          const rk = obj(ro.responseKind);
          const namespaced = str(ro.scope) === 'Namespaced';
          const name = str(ro.resource);
          out.push({ group, version, kind: str(rk.kind), name, namespaced });
          for (const s of arr(ro.subresources)) {
            const so = obj(s);
            const sk = obj(so.responseKind);
            out.push({
              group: str(sk.group) || group,
              version: str(sk.version) || version,
              kind: str(sk.kind),
              name: `${name}/${str(so.subresource)}`,
              namespaced,
            });
          }
        }
        resources.set(gv, out);
      }
    }
  }
  return { groupVersions, resources, failed: new Map() };
}

function fromResourceList(gv: string, list: Json): ApiResource[] {
  const { group, version } = splitApiVersion(gv);
  return arr(list.resources).map((r) => {
    const ro = obj(r);
    return {
      group: str(ro.group) || group,
      version: str(ro.version) || version,
      kind: str(ro.kind),
      name: str(ro.name),
      namespaced: ro.namespaced === true,
    };
  });
}

export class Discovery {
  private readonly transport: Transport;
  private data: Promise<DiscoveryData> | undefined;
  private version: Promise<ServerVersion> | undefined;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /** Forgets what was discovered (after CRDs were created). */
  reset(): void {
    this.data = undefined;
  }

  serverVersion(): Promise<ServerVersion> {
    this.version ??= this.transport.json<Json>({ method: HttpMethod.GET, path: '/version' }).then(
      (v) => ({ gitVersion: str(v.gitVersion), major: str(v.major), minor: str(v.minor) }),
      (err: unknown) => {
        this.version = undefined;
        throw err;
      },
    );
    return this.version;
  }

  load(): Promise<DiscoveryData> {
    this.data ??= this.fetch().catch((err: unknown) => {
      this.data = undefined;
      throw err;
    });
    return this.data;
  }

  private async fetch(): Promise<DiscoveryData> {
    const [core, groups] = await Promise.all(
      ['/api', '/apis'].map((path) =>
        this.transport.json<Json>({ method: HttpMethod.GET, path, accept: AGGREGATED_ACCEPT }),
      ),
    );
    if (core.kind === 'APIGroupDiscoveryList' && groups.kind === 'APIGroupDiscoveryList') {
      return fromAggregated([core, groups]);
    }
    const groupVersions = arr(core.versions).map(str);
    for (const g of arr(groups.groups)) {
      for (const v of arr(obj(g).versions)) groupVersions.push(str(obj(v).groupVersion));
    }
    const resources = new Map<string, ApiResource[]>();
    const failed = new Map<string, string>();
    // Like client-go's ServerGroupsAndResources, a group/version whose list fails (an unavailable
    // aggregated API) is skipped rather than failing discovery as a whole.
    await Promise.all(
      groupVersions.map(async (gv) => {
        const path = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
        try {
          const list = await this.transport.json<Json>({ method: HttpMethod.GET, path });
          resources.set(gv, fromResourceList(gv, list));
        } catch (err) {
          failed.set(gv, (err as Error).message);
        }
      }),
    );
    return { groupVersions, resources, failed };
  }

  /** The mapping of a kind (subresources excluded), or undefined when the cluster does not serve it. */
  async find(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    const data = await this.load();
    const { group, version } = splitApiVersion(apiVersion);
    const list = data.resources.get(gvString(group, version)) ?? [];
    return list.find((r) => r.kind === kind && !r.name.includes('/') && r.group === group);
  }

  /** `find`, re-discovering once on a miss (a CRD may just have been established). */
  async mapping(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    const found = await this.find(apiVersion, kind);
    if (found) return found;
    this.reset();
    return this.find(apiVersion, kind);
  }

  /** `.Capabilities`: the server's version and every group/version plus group/version/Kind (Helm's GetVersionSet). */
  async capabilities(log: (message: string) => void = () => {}): Promise<Capabilities> {
    let version: ServerVersion;
    let data: DiscoveryData;
    try {
      version = await this.serverVersion();
    } catch (err) {
      throw new Error(`could not get server version from Kubernetes: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      data = await this.load();
    } catch (err) {
      throw new Error(`could not get apiVersions from Kubernetes: ${(err as Error).message}`, { cause: err });
    }
    if (data.failed.size > 0) {
      const detail = [...data.failed].map(([gv, why]) => `${gv}: ${why}`).join(', ');
      log(
        `WARNING: The Kubernetes server has an orphaned API service. Server reports: unable to retrieve the complete list of server APIs: ${detail}`,
      );
      log('WARNING: To fix this, kubectl delete apiservice <service-name>');
    }
    const seen = new Set<string>();
    const apiVersions: string[] = [];
    const add = (s: string): void => {
      if (!seen.has(s)) {
        seen.add(s);
        apiVersions.push(s);
      }
    };
    for (const gv of data.groupVersions) add(gv);
    for (const [gv, list] of data.resources) for (const r of list) add(`${gv}/${r.kind}`);
    return {
      kubeVersion: { version: version.gitVersion, major: version.major, minor: version.minor },
      apiVersions,
    };
  }
}

/** Helm's build error for a kind the cluster does not serve. */
export function mappingNotFound(name: string, namespace: string, apiVersion: string, kind: string): Error {
  return new Error(
    `resource mapping not found for name: "${name}" namespace: "${namespace}" from "": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
  );
}
