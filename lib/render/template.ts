/**
 * `helm template`: render a chart client-side and print it exactly as Helm does (install in
 * dry-run, client-only mode; cmd/helm/template.go and action.renderResources).
 */
import { matchPath } from '../go/path.ts';
import { chartFullPath, crdFiles, type Chart } from '../chart/index.ts';
import { trimSpace } from '../go/unicode.ts';
import { utf8String } from '../go/value.ts';
import { satisfies } from '../semver/index.ts';
import type { GoMap } from '../go/value.ts';
import { prepareRenderValues } from '../values/index.ts';
import { defaultCapabilities, parseKubeVersion, type Capabilities } from './capabilities.ts';
import { renderTemplates } from './engine.ts';
import type { LookupFunc } from '../engine/funcs/helm.ts';
import { sortManifests, splitManifests, type Hook, type Manifest } from './manifest.ts';
import { validateReleaseName } from './names.ts';

export interface TemplateOptions {
  readonly releaseName: string;
  readonly namespace: string;
  /** User-supplied values (-f, --set…), already merged. */
  readonly values: GoMap;
  readonly kubeVersion?: string;
  readonly apiVersions?: readonly string[];
  readonly isUpgrade?: boolean;
  readonly includeCrds?: boolean;
  readonly skipTests?: boolean;
  readonly noHooks?: boolean;
  readonly showOnly?: readonly string[];
  readonly skipSchemaValidation?: boolean;
}

/** A failure after the release was assembled: Helm then suggests `--debug`. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

export interface RenderedRelease {
  readonly manifests: Manifest[];
  readonly hooks: Hook[];
  readonly notes: string;
  /** The text Helm stores as the release manifest (CRDs prefixed when asked). */
  readonly manifest: string;
}

/** Capabilities for client-only rendering, with `--kube-version` and `--api-versions`. */
export function clientCapabilities(
  kubeVersion: string | undefined,
  apiVersions: readonly string[] = [],
): Capabilities {
  const caps = defaultCapabilities(apiVersions);
  return kubeVersion ? { ...caps, kubeVersion: parseKubeVersion(kubeVersion) } : caps;
}

/** Renders the chart as `helm template` would and returns its stdout. */
export function templateChart(chart: Chart, opts: TemplateOptions): string {
  return formatTemplateOutput(renderTemplateRelease(chart, opts), opts);
}

/** `helm template`'s release: checks, client-only capabilities, render. */
export function renderTemplateRelease(chart: Chart, opts: TemplateOptions): RenderedRelease {
  validateReleaseName(opts.releaseName);
  checkInstallable(chart);
  if (chart.metadata.deprecated) process.stderr.write('WARNING: This chart is deprecated\n');
  return renderRelease(chart, opts, clientCapabilities(opts.kubeVersion, opts.apiVersions));
}

export function renderRelease(
  chart: Chart,
  opts: TemplateOptions,
  capabilities: Capabilities,
): RenderedRelease {
  const values = prepareRenderValues(chart, opts.values, {
    skipSchemaValidation: opts.skipSchemaValidation ?? false,
  });
  return renderWithValues(chart, values, opts, capabilities);
}

/** What install/upgrade add to a render: the revision, and live lookups. */
export interface ReleaseRenderOptions extends TemplateOptions {
  readonly revision?: number;
  readonly lookup?: LookupFunc;
}

/**
 * renderRelease's second half, over values already prepared (dependencies processed, coalesced,
 * validated), so a caller can render the same chart several times (e.g. to resolve live lookups).
 */
export function renderWithValues(
  chart: Chart,
  values: GoMap,
  opts: ReleaseRenderOptions,
  capabilities: Capabilities,
): RenderedRelease {
  const kubeVersion = chart.metadata.kubeVersion;
  if (kubeVersion) checkKubeVersion(kubeVersion, capabilities.kubeVersion.version);
  let files: Map<string, string>;
  try {
    files = renderTemplates({
      chart,
      values,
      release: {
        name: opts.releaseName,
        namespace: opts.namespace,
        isInstall: !opts.isUpgrade,
        isUpgrade: opts.isUpgrade ?? false,
        revision: opts.revision ?? 1,
      },
      capabilities,
      lookup: opts.lookup,
    });
  } catch (err) {
    throw new TemplateRenderError((err as Error).message);
  }
  let notes = '';
  const notesSuffix = 'NOTES.txt';
  const rootNotes = `${chartFullPath(chart)}/templates/${notesSuffix}`;
  for (const [name, text] of [...files]) {
    if (name.endsWith(notesSuffix)) {
      if (name === rootNotes) notes = text;
      files.delete(name);
    }
  }
  let sorted;
  try {
    sorted = sortManifests(files);
  } catch (err) {
    throw new TemplateRenderError((err as Error).message);
  }
  let manifest = '';
  if (opts.includeCrds) {
    for (const { path, data } of allCrds(chart)) manifest += `---\n# Source: ${path}\n${utf8String(data)}\n`;
  }
  for (const m of sorted.manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  return { manifests: sorted.manifests, hooks: sorted.hooks, notes, manifest };
}

function checkKubeVersion(constraint: string, version: string): void {
  let ok: boolean;
  try {
    ok = satisfies(constraint, version);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new TemplateRenderError(
      `chart requires kubeVersion: ${constraint} which is incompatible with Kubernetes ${version}`,
    );
  }
}

/** Helm's checkIfInstallable: only application charts (or charts without a type) install. */
export function checkInstallable(chart: Chart): void {
  const type = chart.metadata.type ?? '';
  if (type !== '' && type !== 'application') throw new Error(`${type} charts are not installable`);
}

/** CRD files of the chart and every subchart, parent first (Chart.CRDObjects). */
export function allCrds(chart: Chart): { path: string; data: Uint8Array }[] {
  const out = crdFiles(chart).map((f) => ({ path: `${chartFullPath(chart)}/${f.name}`, data: f.data }));
  for (const dep of chart.dependencies) out.push(...allCrds(dep));
  return out;
}

export function formatTemplateOutput(release: RenderedRelease, opts: TemplateOptions): string {
  let out = trimSpace(release.manifest) + '\n';
  if (!opts.noHooks) {
    for (const h of release.hooks) {
      if (opts.skipTests && h.events.includes('test')) continue;
      out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
    }
  }
  const showOnly = opts.showOnly ?? [];
  if (showOnly.length === 0) return out;
  const docs = splitManifests(out);
  const selected: string[] = [];
  for (const pattern of showOnly) {
    let missing = true;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m) continue;
      let matched: boolean;
      try {
        matched = matchPath(pattern, m[1]);
      } catch {
        matched = false;
      }
      if (!matched) continue;
      selected.push(doc);
      missing = false;
    }
    if (missing) throw new Error(`could not find template ${pattern} in chart`);
  }
  return selected.map((d) => `---\n${d}\n`).join('');
}
