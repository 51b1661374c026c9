/** HTTP routing: discovery, OpenAPI, and REST verbs on resource paths, with Status errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import { groupVersionOf, type ResourceInfo } from './resources.ts';
import type { KubeApi, DeleteOptions } from './api.ts';
import { ApiError, badRequest, methodNotAllowed, successStatus } from './status.ts';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  coreVersions,
  groupList,
  groupOf,
  openapiGroupVersion,
  openapiIndex,
  resourceList,
  SERVER_VERSION,
  wantsAggregated,
} from './discovery.ts';
import { labelsOf, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import { decodeKubeProtobuf, PROTOBUF_CONTENT_TYPE } from './protobuf.ts';
import { serveWatch } from './watch.ts';
import { patchObject } from './patching.ts';
import { FaultInjector, reasonForStatus } from './faults.ts';
import { metaString } from './store.ts';
import { toTable, wantsTable } from './tables.ts';
import { scaleOf, writeScale } from './scale.ts';

interface ResourcePath {
  group: string;
  version: string;
  namespace: string | undefined;
  resource: string;
  name: string | undefined;
  subresource: string | undefined;
}

/** Splits `/api/v1/...` or `/apis/{g}/{v}/...` into its parts; undefined when not a resource path. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segs = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) {
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else return undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
  ) {
    return { group, version, namespace: rest[1], resource: rest[2], name: rest[3], subresource: rest[4] };
  }
  return { group, version, namespace: undefined, resource: rest[0], name: rest[1], subresource: rest[2] };
}

function sendJson(res: ServerResponse, code: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.code, err.toStatus());
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeObjectBody(body: Buffer, contentType: string): JsonObject | undefined {
  if (body.length === 0) return undefined;
  if (contentType.startsWith(PROTOBUF_CONTENT_TYPE)) {
    try {
      return decodeKubeProtobuf(body);
    } catch (err) {
      throw new ApiError(415, 'UnsupportedMediaType', err instanceof Error ? err.message : String(err));
    }
  }
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as JsonObject;
  } catch (err) {
    throw badRequest(
      `the object provided is unrecognized: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The apiserver's default field manager: the user agent up to its first '/'. */
function managerOf(req: IncomingMessage, q: URLSearchParams): string {
  const explicit = q.get('fieldManager');
  if (explicit) return explicit;
  const ua = String(req.headers['user-agent'] ?? '');
  return ua === '' ? 'unknown' : ua.split('/')[0].slice(0, 128);
}

function isDryRun(q: URLSearchParams, body?: JsonObject): boolean {
  if (q.getAll('dryRun').includes('All')) return true;
  return Array.isArray(body?.dryRun) && body.dryRun.includes('All');
}

function deleteOptionsOf(q: URLSearchParams, body: JsonObject | undefined): DeleteOptions {
  const opts: DeleteOptions = { dryRun: isDryRun(q, body) };
  const policy =
    q.get('propagationPolicy') ??
    (typeof body?.propagationPolicy === 'string' ? body.propagationPolicy : undefined);
  if (policy) opts.propagationPolicy = policy;
  else if (body?.orphanDependents === true || q.get('orphanDependents') === 'true')
    opts.propagationPolicy = 'Orphan';
  if (isJsonObject(body?.preconditions)) {
    const p = body.preconditions;
    opts.preconditions = {
      uid: typeof p.uid === 'string' ? p.uid : undefined,
      resourceVersion: typeof p.resourceVersion === 'string' ? p.resourceVersion : undefined,
    };
  }
  return opts;
}

export class Router {
  private readonly api: KubeApi;
  private readonly faults: FaultInjector;
  private readonly aggregated: boolean;
  readonly openStreams = new Set<ServerResponse>();

  /** `aggregatedDiscovery: false` answers only the legacy documents, as clusters before v1.26 do. */
  constructor(api: KubeApi, faults: FaultInjector, opts: { aggregatedDiscovery?: boolean } = {}) {
    this.api = api;
    this.faults = faults;
    this.aggregated = opts.aggregatedDiscovery ?? true;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      const apiErr =
        err instanceof ApiError
          ? err
          : new ApiError(
              500,
              'InternalError',
              `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
            );
      if (res.headersSent) {
        res.end();
        return;
      }
      sendError(res, apiErr);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const rp = parseResourcePath(path);
    const fault = this.faults.check(method, rp?.resource);
    if (fault) {
      await readBody(req);
      const err = new ApiError(
        fault.status,
        reasonForStatus(fault.status),
        fault.message ?? `injected fault: ${method} ${path}`,
      );
      if (fault.retryAfterSeconds === undefined) throw err;
      // API Priority and Fairness answers 429 with Retry-After; client-go waits and retries on it.
      const text = JSON.stringify(err.toStatus());
      res.writeHead(err.code, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
        'Retry-After': String(fault.retryAfterSeconds),
      });
      res.end(text);
      return;
    }
    if (
      this.aggregated &&
      method === 'GET' &&
      (path === '/api' || path === '/apis') &&
      wantsAggregated(req.headers.accept)
    ) {
      const text = JSON.stringify(aggregatedDiscovery(this.api.registry, path === '/api'));
      res.writeHead(200, {
        'Content-Type': AGGREGATED_CONTENT_TYPE,
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    if (method === 'GET') {
      const doc = this.discovery(path);
      if (doc) {
        sendJson(res, 200, doc);
        return;
      }
    }
    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!rp || rp.resource === undefined)
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    await this.resource(req, res, url.searchParams, rp);
  }

  private discovery(path: string): JsonObject | undefined {
    const reg = this.api.registry;
    if (path === '/version') return SERVER_VERSION;
    if (path === '/api') return coreVersions();
    if (path === '/apis') return groupList(reg);
    if (path === '/openapi/v3') return openapiIndex(reg);
    if (path.startsWith('/openapi/v3/')) return openapiGroupVersion(reg, path.slice('/openapi/v3/'.length));
    const segs = path.split('/').filter((s) => s !== '');
    if (segs[0] === 'api' && segs.length === 2) return resourceList(reg, segs[1]);
    if (segs[0] === 'apis' && segs.length === 2) return groupOf(reg, segs[1]);
    if (segs[0] === 'apis' && segs.length === 3) return resourceList(reg, `${segs[1]}/${segs[2]}`);
    return undefined;
  }

  private async resource(
    req: IncomingMessage,
    res: ServerResponse,
    q: URLSearchParams,
    rp: ResourcePath,
  ): Promise<void> {
    const api = this.api;
    const info = api.info(rp.group, rp.version, rp.resource);
    if (rp.namespace !== undefined && !info.namespaced)
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (
      rp.subresource !== undefined &&
      !info.subresources.includes(rp.subresource) &&
      rp.subresource !== 'finalize'
    ) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    const ns = rp.namespace ?? '';
    const method = req.method ?? 'GET';
    const contentType = String(req.headers['content-type'] ?? 'application/json');
    const body = method === 'GET' ? Buffer.alloc(0) : await readBody(req);

    if (rp.name === undefined) {
      if (method === 'GET') return this.listOrWatch(req, res, q, info, rp.namespace);
      if (method === 'POST') {
        if (info.namespaced && rp.namespace === undefined)
          throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        const obj = decodeObjectBody(body, contentType);
        if (!obj) throw badRequest('the body of the request was empty');
        sendJson(
          res,
          201,
          api.create(info, ns, obj as KubeObject, { dryRun: isDryRun(q), fieldManager: managerOf(req, q) }),
        );
        return;
      }
      if (method === 'DELETE') {
        const opts = deleteOptionsOf(q, decodeObjectBody(body, contentType));
        const matches = this.matcher(q);
        const deleted: KubeObject[] = [];
        for (const obj of api.list(info, rp.namespace)) {
          if (!matches(obj)) continue;
          deleted.push(api.delete(info, metaString(obj, 'namespace'), metaString(obj, 'name'), opts));
        }
        sendJson(res, 200, {
          kind: `${info.kind}List`,
          apiVersion: groupVersionOf(info),
          metadata: { resourceVersion: String(api.store.resourceVersion) },
          items: deleted,
        });
        return;
      }
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }

    const name = rp.name;
    const sub = rp.subresource === 'finalize' ? undefined : rp.subresource;
    if (sub === 'log') {
      // Simulated pods run nothing, so their logs are empty (kubectl logs then prints nothing).
      if (method !== 'GET')
        throw methodNotAllowed('the server does not allow this method on the requested resource');
      api.get(info, ns, name);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 0 });
      res.end();
      return;
    }
    if (sub === 'scale') {
      if (method === 'GET') sendJson(res, 200, scaleOf(api.get(info, ns, name)));
      else if (method === 'PUT' || method === 'PATCH') {
        sendJson(
          res,
          200,
          writeScale(
            api,
            info,
            ns,
            name,
            method,
            contentType,
            body.toString('utf8'),
            managerOf(req, q),
            isDryRun(q),
          ),
        );
      } else throw methodNotAllowed('the server does not allow this method on the requested resource');
      return;
    }
    switch (method) {
      case 'GET':
        if (q.get('watch') === 'true' || q.get('watch') === '1') {
          throw badRequest('watch of a single object: use a fieldSelector on the collection');
        }
        if (wantsTable(req.headers.accept) && sub === undefined) {
          sendJson(res, 200, toTable(info, [api.get(info, ns, name)], String(api.store.resourceVersion)));
        } else sendJson(res, 200, api.get(info, ns, name));
        return;
      case 'PUT': {
        const obj = decodeObjectBody(body, contentType);
        if (!obj) throw badRequest('the body of the request was empty');
        const existed = api.tryGet(info, ns, name) !== undefined;
        const out = api.update(info, ns, name, obj as KubeObject, {
          dryRun: isDryRun(q),
          fieldManager: managerOf(req, q),
          subresource: sub,
        });
        sendJson(res, existed ? 200 : 201, out);
        return;
      }
      case 'PATCH': {
        const result = patchObject(api, info, ns, name, {
          contentType,
          body: body.toString('utf8'),
          fieldManager: contentType.startsWith('application/apply-patch')
            ? (q.get('fieldManager') ?? undefined)
            : managerOf(req, q),
          force: q.get('force') === 'true',
          dryRun: isDryRun(q),
          subresource: sub,
        });
        sendJson(res, result.created ? 201 : 200, result.object);
        return;
      }
      case 'DELETE': {
        const opts = deleteOptionsOf(q, decodeObjectBody(body, contentType));
        const out = api.delete(info, ns, name, opts);
        // Objects kept by finalizers (and namespaces) come back as objects; removed ones as a Success Status.
        const pending =
          out.metadata.deletionTimestamp !== undefined && api.tryGet(info, ns, name) !== undefined;
        if (pending || opts.dryRun) sendJson(res, pending ? 202 : 200, out);
        else
          sendJson(res, 200, {
            ...successStatus({ name, group: info.group, kind: info.resource }),
            details: { name, group: info.group, kind: info.resource, uid: metaString(out, 'uid') },
          });
        return;
      }
      default:
        throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
  }

  private matcher(q: URLSearchParams): (obj: KubeObject) => boolean {
    try {
      const labels = parseLabelSelector(q.get('labelSelector'));
      const fields = parseFieldSelector(q.get('fieldSelector'));
      return (obj) => labels(labelsOf(obj)) && fields(obj);
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest(err.message);
      throw err;
    }
  }

  private listOrWatch(
    req: IncomingMessage,
    res: ServerResponse,
    q: URLSearchParams,
    info: ResourceInfo,
    namespace: string | undefined,
  ): void {
    const matches = this.matcher(q);
    if (q.get('watch') === 'true' || q.get('watch') === '1') {
      serveWatch(
        this.api,
        info,
        {
          namespace: info.namespaced ? namespace : undefined,
          matches,
          resourceVersion: q.get('resourceVersion') ?? '',
          timeoutSeconds: Number(q.get('timeoutSeconds') ?? '0') || 0,
          allowBookmarks: q.get('allowWatchBookmarks') === 'true',
          sendInitialEvents: q.get('sendInitialEvents') === 'true',
          asTable: wantsTable(req.headers.accept),
        },
        req,
        res,
        this.openStreams,
      );
      return;
    }
    const items = this.api.list(info, namespace).filter(matches);
    if (wantsTable(req.headers.accept)) {
      sendJson(res, 200, toTable(info, items, String(this.api.store.resourceVersion)));
      return;
    }
    sendJson(res, 200, {
      kind: `${info.kind}List`,
      apiVersion: groupVersionOf(info),
      metadata: { resourceVersion: String(this.api.store.resourceVersion) },
      items,
    });
  }
}
