/**
 * Rendering a chart tree's templates, as Helm's pkg/engine: one template namespace for the
 * whole tree, each template executed with its own chart's context, `<no value>` stripped,
 * errors reshaped the way Helm reports them.
 */
import { chartFullPath, isLibraryChart, type Chart } from '../chart/index.ts';
import { helmContextFuncs, WARN_PATTERN, type LookupFunc } from '../engine/funcs/helm.ts';
import { baseFuncs } from '../engine/funcs/index.ts';
import { TemplateExecError, TemplateParseError, TemplateSet, type Tree } from '../engine/template/index.ts';
import { GoError, goInt, goMap, utf8String, type GoMap, type GoValue } from '../go/value.ts';
import { quote } from '../go/strconv.ts';
import { asValues, valuesTable } from '../values/values-type.ts';
import { capabilitiesObject, type Capabilities } from './capabilities.ts';
import { chartObject, filesObject } from './objects.ts';

export interface ReleaseInfo {
  readonly name: string;
  readonly namespace: string;
  readonly isInstall: boolean;
  readonly isUpgrade: boolean;
  readonly revision: number;
}

export interface RenderInput {
  readonly chart: Chart;
  /** Coalesced values of the whole tree (after dependency processing). */
  readonly values: GoMap;
  readonly release: ReleaseInfo;
  readonly capabilities: Capabilities;
  /** Live lookups during install/upgrade; absent for `template` (lookup returns `{}`). */
  readonly lookup?: LookupFunc;
}

/** A template file to render, with the context its chart gives it. */
interface Renderable {
  readonly text: string;
  readonly vals: GoMap;
  readonly basePath: string;
}

/** An error from rendering, already in Helm's wording. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** Renders every template; the result maps template path → rendered text (partials excluded). */
export function renderTemplates(input: RenderInput): Map<string, string> {
  const top = asValues(
    goMap([
      ['Capabilities', capabilitiesObject(input.capabilities)],
      ['Release', releaseObject(input.release)],
      ['Values', asValues(input.values)],
    ]),
  );
  const templates = new Map<string, Renderable>();
  collectTemplates(input.chart, templates, top);
  return new Renderer(input.lookup).render(templates);
}

function releaseObject(r: ReleaseInfo): GoMap {
  return goMap([
    ['Name', r.name],
    ['Namespace', r.namespace],
    ['IsUpgrade', r.isUpgrade],
    ['IsInstall', r.isInstall],
    ['Revision', goInt(r.revision)],
    ['Service', 'Helm'],
  ]);
}

/** Helm's recAllTpls: walks the tree, scoping `.Values` to each subchart. Returns the chart's context. */
function collectTemplates(chart: Chart, out: Map<string, Renderable>, parentVals: GoMap): GoMap {
  const subcharts = goMap();
  let values: GoValue = asValues(goMap());
  if (chart.parent === null) {
    values = parentVals.get('Values') ?? values;
  } else {
    try {
      values = valuesTable(parentVals, `Values.${chart.metadata.name ?? ''}`);
    } catch {
      // No table for this subchart: it renders with empty values, as in Helm.
    }
  }
  const next = asValues(
    goMap([
      ['Chart', chartObject(chart)],
      ['Files', filesObject(chart.files)],
      ['Release', parentVals.get('Release') ?? null],
      ['Capabilities', parentVals.get('Capabilities') ?? null],
      ['Values', values],
      ['Subcharts', subcharts],
    ]),
  );
  for (const child of chart.dependencies) {
    subcharts.set(child.metadata.name ?? '', collectTemplates(child, out, next));
  }
  const fullPath = chartFullPath(chart);
  const library = isLibraryChart(chart);
  for (const t of chart.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    out.set(`${fullPath}/${t.name}`, { text: utf8String(t.data), vals: next, basePath: `${fullPath}/templates` });
  }
  return next;
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Helm's parse order: deeper paths first, then reverse lexical order. */
function sortTemplates(names: Iterable<string>): string[] {
  const depth = (s: string): number => s.split('/').length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

class Renderer {
  private readonly lookup: LookupFunc | undefined;
  constructor(lookup: LookupFunc | undefined) {
    this.lookup = lookup;
  }

  /** Parses every template into one set named `gotpl`, then executes the non-partials. */
  render(tpls: Map<string, Renderable>): Map<string, string> {
    const set = new TemplateSet({ ...baseFuncs }, { missingKey: 'zero', name: 'gotpl' });
    this.bind(set, new Map());
    const keys = sortTemplates(tpls.keys());
    for (const name of keys) parseInto(set, name, (tpls.get(name) as Renderable).text);
    const rendered = new Map<string, string>();
    for (const name of keys) {
      if (baseName(name).startsWith('_')) continue;
      const r = tpls.get(name) as Renderable;
      r.vals.set('Template', asValues(goMap([['Name', name], ['BasePath', r.basePath]])));
      let out: string;
      try {
        out = set.execute(name, r.vals);
      } catch (err) {
        throw cleanupExecError(name, err);
      }
      // Go prints <no value> for missing keys even with missingkey=zero; Helm erases it.
      rendered.set(name, out.replaceAll('<no value>', ''));
    }
    return rendered;
  }

  /** Installs include/tpl (and the other render-bound functions) closed over `set`. */
  private bind(set: TemplateSet, includeDepth: Map<string, number>): void {
    Object.assign(
      set.funcs,
      helmContextFuncs({
        executeTemplate: (name, data) => set.execute(name, data),
        renderTpl: (text, vals) => this.tpl(set, includeDepth, text, vals),
        includeDepth,
        lookup: this.lookup,
      }),
    );
  }

  /**
   * Helm's tpl: clone the set, rebind include/tpl to the clone (so defines inside the text
   * can be included), parse the text as `gotpl` and execute it with `vals`.
   */
  private tpl(parent: TemplateSet, includeDepth: Map<string, number>, text: string, vals: GoValue): string {
    const set = parent.clone();
    this.bind(set, includeDepth);
    let tree: Tree;
    try {
      tree = set.addFile('gotpl', text);
    } catch (err) {
      throw new GoError(`cannot parse template ${quote(text)}: ${(err as Error).message}`);
    }
    let out: string;
    try {
      out = set.executeTree(tree, vals);
    } catch (err) {
      if (!(err instanceof TemplateExecError) && !(err instanceof GoError)) throw err;
      throw new GoError(`error during tpl function execution for ${quote(text)}: ${err.message}`);
    }
    return out.replaceAll('<no value>', '');
  }
}

function parseInto(set: TemplateSet, name: string, text: string): void {
  try {
    set.addFile(name, text);
  } catch (err) {
    throw cleanupParseError(name, err);
  }
}

/** Helm's cleanupParseError: `parse error at (file:line): last part of Go's message`. */
function cleanupParseError(filename: string, err: unknown): Error {
  if (!(err instanceof TemplateParseError)) return err instanceof Error ? err : new Error(String(err));
  const tokens = err.message.split(': ');
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${err.message}`);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

/** Helm's cleanupExecError: lifts `required`/`fail` messages to `execution error at (loc): msg`. */
function cleanupExecError(filename: string, err: unknown): Error {
  if (!(err instanceof TemplateExecError)) {
    if (err instanceof GoError || err instanceof RenderError) return err;
    return new RenderError(`rendering template failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const message = err.message;
  const first = message.indexOf(': ');
  const second = first < 0 ? -1 : message.indexOf(': ', first + 2);
  if (second < 0) return new RenderError(`execution error in (${filename}): ${message}`);
  const location = message.slice(first + 2, second);
  const m = WARN_PATTERN.exec(message.slice(second + 2));
  if (m) return new RenderError(`execution error at (${location}): ${m[1]}`);
  return new RenderError(message);
}
