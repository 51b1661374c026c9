/** REST paths of objects and client-go's conflict retry. */
import { isConflict } from './errors.ts';
import type { ResourceInfo } from './types.ts';

/** The REST path of an object's collection (name '') or of the object itself. */
export function objectPath(info: ResourceInfo, name = info.name): string {
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const ns =
    info.namespaced && info.namespace !== '' ? `/namespaces/${encodeURIComponent(info.namespace)}` : '';
  return `${base}${ns}/${info.resource}${name !== '' ? `/${encodeURIComponent(name)}` : ''}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** client-go's retry.RetryOnConflict with DefaultRetry: 5 attempts, 10 ms apart. */
export async function retryOnConflict<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isConflict(err) || attempt >= 5) throw err;
      await sleep(10);
    }
  }
}
