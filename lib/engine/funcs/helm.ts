/**
 * Helm's own context-bound template functions (pkg/engine/engine.go initFunMap): `include`,
 * `tpl`, `required`, `fail` and `lookup`. They close over the render in progress, so they
 * are built per render by {@link helmContextFuncs}.
 */
import { GoError, GoFunc, goMap, type FuncMap, type GoMap, type GoValue } from '../../go/value.ts';

/** Helm marks `required`/`fail` messages so the engine can lift them out of nested errors. */
export const WARN_START = 'HELM_ERR_START';
export const WARN_END = 'HELM_ERR_END';
export const WARN_PATTERN = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

/** Helm's recursionMaxNums: nested `include`s of one name. */
export const INCLUDE_RECURSION_LIMIT = 1000;

/** Reads a live object or list for `lookup`; returns null when it does not exist. */
export type LookupFunc = (apiVersion: string, kind: string, namespace: string, name: string) => GoMap | null;

export interface HelmContext {
  /** Runs a named template of the render's template set (ExecuteTemplate). */
  executeTemplate(name: string, data: GoValue): string;
  /** Renders `text` as Helm's tpl does, with `vals` as dot. */
  renderTpl(text: string, vals: GoValue): string;
  /** Nested `include`s per template name, shared by a render and every `tpl` inside it. */
  includeDepth: Map<string, number>;
  /** Live lookups; absent when rendering without a cluster (lookup then returns an empty map). */
  lookup?: LookupFunc;
}

export function helmContextFuncs(ctx: HelmContext): FuncMap {
  const includeDepth = ctx.includeDepth;
  return {
    include: new GoFunc({
      name: 'include',
      params: ['string', 'interface {}'],
      result: 'string',
      fn: (name, data) => {
        const n = name as string;
        const depth = includeDepth.get(n) ?? 0;
        if (depth > INCLUDE_RECURSION_LIMIT) {
          throw new GoError(`rendering template has a nested reference name: ${n}: unable to execute template`);
        }
        includeDepth.set(n, depth + 1);
        try {
          return ctx.executeTemplate(n, data);
        } finally {
          includeDepth.set(n, (includeDepth.get(n) ?? 1) - 1);
        }
      },
    }),
    tpl: new GoFunc({
      name: 'tpl',
      params: ['string', 'interface {}'],
      result: 'string',
      fn: (text, vals) => ctx.renderTpl(text as string, vals),
    }),
    required: new GoFunc({
      name: 'required',
      params: ['string', 'interface {}'],
      result: 'interface {}',
      fn: (warn, val) => {
        if (val === null || val === '') throw new GoError(`${WARN_START}${warn as string}${WARN_END}`);
        return val;
      },
    }),
    fail: new GoFunc({
      name: 'fail',
      params: ['string'],
      result: 'string',
      fn: (msg) => {
        throw new GoError(`${WARN_START}${msg as string}${WARN_END}`);
      },
    }),
    lookup: new GoFunc({
      name: 'lookup',
      params: ['string', 'string', 'string', 'string'],
      result: 'map[string]interface {}',
      fn: (apiVersion, kind, namespace, name) => {
        if (!ctx.lookup) return goMap();
        return ctx.lookup(apiVersion as string, kind as string, namespace as string, name as string) ?? goMap();
      },
    }),
  };
}
