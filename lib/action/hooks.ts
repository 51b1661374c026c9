/**
 * Hook execution (Helm's Configuration.execHook): hooks of one event in weight/name order, each
 * created and watched in turn, with the delete policies before-hook-creation, hook-succeeded and
 * hook-failed. The record is saved before each hook starts, so last_run is persisted.
 */
import type { Hook, Release } from '../release/index.ts';
import type { ResourceInfo } from '../kube/types.ts';
import { messageOf, multiError, wrapError } from './errors.ts';
import type { OperationClock, PhaseWindow } from './pending.ts';
import { helmTime } from './record.ts';
import type { Configuration } from './types.ts';

export const BEFORE_HOOK_CREATION = 'before-hook-creation';
export const HOOK_SUCCEEDED = 'hook-succeeded';
export const HOOK_FAILED = 'hook-failed';

export interface HookRun {
  readonly cfg: Configuration;
  /** The record whose hooks run; their last_run is updated in place. */
  readonly release: Release;
  /** Saves the record (under the operation's lease). */
  readonly save: (rel: Release) => Promise<void>;
  /** Helm's --timeout, for each hook's watch and each delete wait. */
  readonly timeoutMs: number;
  /** The operation's clock: a watch cut short by its hard deadline throws HookSuspended. */
  readonly clock?: OperationClock;
  /** Keeps a live worker's lease ahead of each hook's watch. */
  readonly cover?: (until: Date) => Promise<void>;
  /** Resuming: hooks before `index` succeeded, the one at `index` was created and is watched on. */
  readonly resumeAt?: { readonly index: number; readonly phaseDeadline: Date };
}

/** A hook's watch reached the operation's hard deadline; the hook keeps running in the cluster. */
export class HookSuspended extends Error {
  readonly index: number;
  readonly phaseDeadline: Date;
  constructor(index: number, hook: Hook, phaseDeadline: Date) {
    super(`hook ${hook.name ?? ''} did not finish before the operation's deadline`);
    this.name = 'HookSuspended';
    this.index = index;
    this.phaseDeadline = phaseDeadline;
  }
}

/** Hooks of `event`, stably sorted by weight, then name (kind order breaks remaining ties). */
export function hooksFor(rel: Release, event: string): Hook[] {
  const hooks = (rel.hooks ?? []).filter((h): h is Hook => h !== null && (h.events ?? []).includes(event));
  return hooks
    .map((h, i) => ({ h, i }))
    .sort((a, b) => {
      const wa = a.h.weight ?? 0;
      const wb = b.h.weight ?? 0;
      if (wa !== wb) return wa - wb;
      const na = a.h.name ?? '';
      const nb = b.h.name ?? '';
      if (na !== nb) return na < nb ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.h);
}

function deadlineIn(ms: number): Date {
  return new Date(Date.now() + ms);
}

/** Deletes a hook's objects when its policies include `policy`, and waits until they are gone. */
async function deleteByPolicy(run: HookRun, hook: Hook, policy: string): Promise<void> {
  if (hook.kind === 'CustomResourceDefinition') return;
  if (!(hook.delete_policies ?? []).includes(policy)) return;
  const { kube } = run.cfg;
  const infos = await kube.build(hook.manifest ?? '', run.cfg.namespace);
  const errs: unknown[] = [];
  for (const info of infos) {
    try {
      await kube.delete(info, 'Background');
    } catch (err) {
      errs.push(err);
    }
  }
  if (errs.length > 0) throw multiError(errs);
  // Bounded by the hard deadline too: a delete still pending then fails the hook rather than the worker.
  await kube.waitForDelete(infos, { deadline: hookWindow(run).until, signal: run.clock?.signal });
}

/** Watches every object of a hook concurrently; failures aggregated as Helm's multierror. */
async function watchHook(run: HookRun, infos: readonly ResourceInfo[], window: PhaseWindow): Promise<void> {
  const deadline = window.until;
  const results = await Promise.allSettled(
    infos.map((info) => run.cfg.kube.watchUntilReady(info, { deadline, signal: run.clock?.signal })),
  );
  const errs = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
  if (errs.length > 0) throw multiError(errs);
}

function hookWindow(run: HookRun, phaseDeadline?: Date): PhaseWindow {
  if (run.clock) return run.clock.window(phaseDeadline);
  const until = phaseDeadline ?? deadlineIn(run.timeoutMs);
  return { phaseDeadline: until, until, cutByDeadline: false };
}

/** Runs the hooks of `event`; the first failure stops the run and is returned as Helm words it. */
export async function execHooks(run: HookRun, event: string): Promise<void> {
  const { cfg, release } = run;
  const hooks = hooksFor(release, event);
  const resume = run.resumeAt;
  for (let index = 0; index < hooks.length; index++) {
    const hook = hooks[index];
    if (resume && index < resume.index) continue;
    const resuming = resume !== undefined && index === resume.index;
    const window = hookWindow(run, resuming ? resume.phaseDeadline : undefined);
    await run.cover?.(window.phaseDeadline);
    if (!hook.delete_policies || hook.delete_policies.length === 0)
      hook.delete_policies = [BEFORE_HOOK_CREATION];
    if (!resuming) await deleteByPolicy(run, hook, BEFORE_HOOK_CREATION);
    let infos: ResourceInfo[];
    try {
      infos = await cfg.kube.build(hook.manifest ?? '', cfg.namespace);
    } catch (err) {
      throw wrapError(`unable to build kubernetes object for ${event} hook ${hook.path ?? ''}`, err);
    }
    if (!resuming) {
      hook.last_run = { started_at: helmTime(cfg), completed_at: '', phase: 'Running' };
      await run.save(release);
      try {
        for (const info of infos) await cfg.kube.create(info);
      } catch (err) {
        hook.last_run = { ...hook.last_run, completed_at: helmTime(cfg), phase: 'Failed' };
        throw new Error(`warning: Hook ${event} ${hook.path ?? ''} failed: ${messageOf(err)}`, {
          cause: err,
        });
      }
    }
    try {
      await watchHook(run, infos, window);
    } catch (err) {
      if (run.clock?.ranOut(window)) throw new HookSuspended(index, hook, window.phaseDeadline);
      hook.last_run = { ...hook.last_run, completed_at: helmTime(cfg), phase: 'Failed' };
      try {
        await deleteByPolicy(run, hook, HOOK_FAILED);
      } catch (delErr) {
        cfg.log(`failed to delete hook ${hook.name ?? ''} after its failure: ${messageOf(delErr)}`);
      }
      throw err;
    }
    hook.last_run = { ...hook.last_run, completed_at: helmTime(cfg), phase: 'Succeeded' };
  }
  for (const hook of [...hooks].reverse()) await deleteByPolicy(run, hook, HOOK_SUCCEEDED);
}
