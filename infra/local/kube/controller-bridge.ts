/**
 * Connects the simulated controllers (`controllers.ts`, written separately) to the API layer when that
 * module is present; the emulator works without it (objects then never become ready on their own).
 */
import { existsSync } from 'node:fs';
import type { KubeApi } from './api.ts';
import type { FaultConfig } from './faults.ts';

export type StopControllers = () => void;

export async function attachControllers(api: KubeApi, faults: FaultConfig | undefined): Promise<StopControllers> {
  const url = new URL('./controllers.ts', import.meta.url);
  if (!existsSync(url)) return () => {};
  const mod: unknown = await import(url.href);
  const start = typeof mod === 'object' && mod !== null && 'startControllers' in mod ? mod.startControllers : undefined;
  if (typeof start !== 'function') return () => {};
  const handle: unknown = await start(api, { neverReadyImages: faults?.neverReadyImages ?? [] });
  if (typeof handle === 'function') return handle as StopControllers;
  if (typeof handle === 'object' && handle !== null && 'stop' in handle && typeof handle.stop === 'function') {
    const stop = handle.stop as () => void;
    return () => stop.call(handle);
  }
  return () => {};
}
