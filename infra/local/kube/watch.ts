/**
 * Watch streams: one JSON event per line over a chunked response whose headers are flushed at once
 * (kubectl wait/rollout status hang otherwise). Supports resourceVersion resume, initial events with the
 * `k8s.io/initial-events-end` bookmark (helm v4 --wait), bookmarks and timeoutSeconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from './types.ts';
import type { ResourceInfo } from './resources.ts';
import { storageKeyOf, groupVersionOf } from './resources.ts';
import type { KubeApi } from './api.ts';
import { metaString, type StoreEvent } from './store.ts';
import { toTable } from './tables.ts';

export interface WatchParams {
  namespace: string | undefined;
  matches: (obj: KubeObject) => boolean;
  resourceVersion: string;
  timeoutSeconds: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  /** Events carry one-row Tables (kubectl get -w). */
  asTable: boolean;
}

const DEFAULT_TIMEOUT_SECONDS = 1800;
const BOOKMARK_INTERVAL_MS = 30_000;

export function serveWatch(
  api: KubeApi,
  info: ResourceInfo,
  params: WatchParams,
  req: IncomingMessage,
  res: ServerResponse,
  openStreams: Set<ServerResponse>,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  openStreams.add(res);

  const key = storageKeyOf(info);
  const inScope = (obj: KubeObject): boolean =>
    (params.namespace === undefined || metaString(obj, 'namespace') === params.namespace) &&
    params.matches(obj);
  const send = (type: string, object: KubeObject): void => {
    const shown = api.present(info, object);
    const payload = params.asTable ? toTable(info, [shown], metaString(shown, 'resourceVersion')) : shown;
    res.write(JSON.stringify({ type, object: payload }) + '\n');
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: KubeObject['metadata'] = { resourceVersion: String(api.store.resourceVersion) };
    if (annotations) metadata.annotations = annotations;
    res.write(
      JSON.stringify({
        type: 'BOOKMARK',
        object: { kind: info.kind, apiVersion: groupVersionOf(info), metadata },
      }) + '\n',
    );
  };

  // As the apiserver's watch cache does: an object entering the selected set is ADDED, one leaving it DELETED.
  function deliver(e: StoreEvent): void {
    if (e.storageKey !== key) return;
    const now = inScope(e.object);
    if (e.type !== 'MODIFIED' || !e.previous) {
      if (now) send(e.type, e.object);
      return;
    }
    const before = inScope(e.previous);
    if (before && now) send('MODIFIED', e.object);
    else if (now) send('ADDED', e.object);
    else if (before) send('DELETED', e.object);
  }

  const rv = params.resourceVersion;
  if (params.sendInitialEvents || rv === '' || rv === '0') {
    for (const obj of api.list(info, params.namespace)) if (inScope(obj)) send('ADDED', obj);
    if (params.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const since = api.store.eventsSince(Number(rv));
    if (since === undefined || Number.isNaN(Number(rv))) {
      res.write(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `too old resource version: ${rv} (${api.store.resourceVersion})`,
            reason: 'Expired',
            code: 410,
          },
        }) + '\n',
      );
      openStreams.delete(res);
      res.end();
      return;
    }
    for (const e of since) deliver(e);
  }

  const unsubscribe = api.store.subscribe(deliver);
  const timers: NodeJS.Timeout[] = [];
  const finish = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    openStreams.delete(res);
    if (!res.writableEnded) res.end();
  };
  timers.push(
    setTimeout(finish, (params.timeoutSeconds > 0 ? params.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000),
  );
  if (params.allowBookmarks) {
    const tick = setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS);
    timers.push(tick);
  }
  req.on('close', finish);
  res.on('close', finish);
}
