/**
 * Runs the simulated controllers (`controllers.ts`) against the API layer. Writes are queued and reconciled
 * on the next turn of the event loop, as real controllers react asynchronously: the client's response goes
 * out first, then the Deployment gets its ReplicaSet, the Job completes, and so on. A deleted object's
 * controller owner is reconciled (a ReplicaSet replaces a deleted Pod).
 */
import type { KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';
import type { KubeApi } from './api.ts';
import type { FaultConfig } from './faults.ts';
import type { ResourceInfo } from './resources.ts';
import { metaString } from './store.ts';
import { reconcile, type ControllerHost, type ControllerOptions } from './controllers.ts';

export type StopControllers = () => void;

function toRegExp(patterns: (string | RegExp)[] | undefined): RegExp | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  const sources = patterns.map((p) =>
    typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.source,
  );
  return new RegExp(sources.map((s) => `(?:${s})`).join('|'));
}

function hostFor(api: KubeApi): ControllerHost {
  const infoOf = (apiVersion: string, kind: string): ResourceInfo => {
    const info = api.registry.findByKind(apiVersion, kind);
    if (!info) throw new Error(`controllers: no resource for ${apiVersion} ${kind}`);
    return info;
  };
  const nsOf = (obj: KubeObject): string => metaString(obj, 'namespace');
  return {
    get: (apiVersion, kind, namespace, name) => api.tryGet(infoOf(apiVersion, kind), namespace ?? '', name),
    list: (apiVersion, kind, namespace) => api.list(infoOf(apiVersion, kind), namespace),
    create: (obj) =>
      api.create(infoOf(obj.apiVersion, obj.kind), nsOf(obj), obj, {
        fieldManager: 'kube-controller-manager',
      }),
    update: (obj) => {
      const info = infoOf(obj.apiVersion, obj.kind);
      const live = api.get(info, nsOf(obj), metaString(obj, 'name'));
      return api.replace(info, nsOf(obj), live, obj, { fieldManager: 'kube-controller-manager' });
    },
    updateStatus: (obj) => {
      const info = infoOf(obj.apiVersion, obj.kind);
      const live = api.get(info, nsOf(obj), metaString(obj, 'name'));
      return api.replace(info, nsOf(obj), live, obj, {
        fieldManager: 'kube-controller-manager',
        subresource: 'status',
      });
    },
    delete: (apiVersion, kind, namespace, name) => {
      try {
        api.delete(infoOf(apiVersion, kind), namespace ?? '', name, { propagationPolicy: 'Background' });
      } catch {
        // already gone
      }
    },
  };
}

interface Pending {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export function attachControllers(api: KubeApi, faults: FaultConfig | undefined): StopControllers {
  const host = hostFor(api);
  const options: ControllerOptions = {
    neverReadyImage: toRegExp(faults?.neverReadyImages),
    failingImage: toRegExp(faults?.failingImages),
  };
  const queue = new Map<string, Pending>();
  let scheduled: NodeJS.Immediate | undefined;
  let stopped = false;

  const enqueue = (p: Pending): void => {
    queue.set(`${p.apiVersion}|${p.kind}|${p.namespace}|${p.name}`, p);
    if (!scheduled && !stopped) scheduled = setImmediate(drain);
  };

  const drain = (): void => {
    scheduled = undefined;
    const batch = [...queue.values()];
    queue.clear();
    for (const p of batch) {
      if (stopped) return;
      const info = api.registry.findByKind(p.apiVersion, p.kind);
      const current = info && api.tryGet(info, p.namespace, p.name);
      if (!current) continue;
      try {
        reconcile(host, current, options);
      } catch (err) {
        process.emitWarning(
          `kube emulator controller failed on ${p.kind} ${p.namespace}/${p.name}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  };

  api.onWrite((info, type, obj) => {
    const namespace = info.namespaced ? metaString(obj, 'namespace') : '';
    if (type !== 'DELETED') {
      enqueue({ apiVersion: obj.apiVersion, kind: obj.kind, namespace, name: metaString(obj, 'name') });
      return;
    }
    const refs = obj.metadata.ownerReferences;
    if (!Array.isArray(refs)) return;
    for (const ref of refs) {
      if (!isJsonObject(ref) || ref.controller !== true) continue;
      if (typeof ref.apiVersion !== 'string' || typeof ref.kind !== 'string' || typeof ref.name !== 'string')
        continue;
      enqueue({ apiVersion: ref.apiVersion, kind: ref.kind, namespace, name: ref.name });
    }
  });

  return () => {
    stopped = true;
    if (scheduled) clearImmediate(scheduled);
  };
}
