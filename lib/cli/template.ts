/** `slipway template`: the CLI face of lib/render's template command. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadChart, type Chart } from '../chart/index.ts';
import { utf8String } from '../go/value.ts';
import {
  allCrds,
  formatTemplateOutput,
  renderTemplateRelease,
  TemplateRenderError,
  type RenderedRelease,
  type TemplateOptions,
} from '../render/template.ts';
import { checkDependencies } from '../values/index.ts';
import {
  flagBool,
  flagList,
  flagSlice,
  flagString,
  parseArgs,
  UsageError,
  type FlagSpec,
  type ParsedArgs,
} from './args.ts';
import { DRY_RUN_FLAG, dryRunFlag, durationFlag, floatFlag, intFlag, labelsFlag } from './release/flags.ts';
import { locateChart } from './locate.ts';
import { nameAndChart } from './names.ts';
import { VALUES_FLAGS, userValuesFromFlags } from './release/values.ts';

/** Flags of `helm template` whose effect slipway cannot give: refused rather than ignored. */
const POST_RENDERER_WHY = 'post-renderers are not run by slipway';
const ENABLE_DNS_WHY = 'slipway renders without network access, so getHostByName cannot resolve names';
const UNSUPPORTED_FLAGS: readonly (FlagSpec & { readonly why: string })[] = [
  {
    name: 'post-renderer',
    kind: 'string',
    why: POST_RENDERER_WHY,
    help: `not supported: ${POST_RENDERER_WHY}`,
  },
  { name: 'enable-dns', kind: 'bool', why: ENABLE_DNS_WHY, help: `not supported: ${ENABLE_DNS_WHY}` },
];

/**
 * The install and global flags `helm template` accepts that change nothing in a client-side
 * render of a local chart (cluster, wait, repository and download settings). Typed ones are
 * still checked as helm's flag parser checks them.
 */
const NO_EFFECT_FLAGS: readonly FlagSpec[] = [
  'atomic',
  'wait',
  'wait-for-jobs',
  'create-namespace',
  'force',
  'replace',
  'take-ownership',
  'hide-notes',
  'disable-openapi-validation',
  'render-subchart-notes',
  'dependency-update',
  'devel',
  'insecure-skip-tls-verify',
  'pass-credentials',
  'plain-http',
  'debug',
  'kube-insecure-skip-tls-verify',
]
  .map((name): FlagSpec => ({
    name,
    kind: 'bool',
    help: 'accepted for compatibility; no effect on a local render',
  }))
  .concat(
    [
      'timeout',
      'version',
      'repo',
      'username',
      'password',
      'ca-file',
      'cert-file',
      'key-file',
      'keyring',
      'kubeconfig',
      'kube-context',
      'kube-apiserver',
      'kube-as-user',
      'kube-ca-file',
      'kube-tls-server-name',
      'kube-token',
      'burst-limit',
      'qps',
      'registry-config',
      'repository-cache',
      'repository-config',
    ].map((name): FlagSpec => ({
      name,
      kind: 'string',
      help: 'accepted for compatibility; no effect on a local render',
    })),
    ['post-renderer-args', 'kube-as-group'].map((name): FlagSpec => ({
      name,
      kind: 'list',
      help: 'accepted for compatibility; no effect on a local render',
    })),
    [
      { ...DRY_RUN_FLAG, help: 'accepted for compatibility; template always renders client-side' },
      {
        name: 'labels',
        short: 'l',
        kind: 'list',
        help: 'accepted for compatibility (release metadata labels)',
      },
      { name: 'verify', kind: 'bool', help: 'verify the package before using it (not supported)' },
    ],
  );

export const TEMPLATE_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string', help: 'namespace scope for this request' },
  ...VALUES_FLAGS,
  { name: 'kube-version', kind: 'string', help: 'Kubernetes version used for Capabilities.KubeVersion' },
  {
    name: 'api-versions',
    short: 'a',
    kind: 'list',
    help: 'Kubernetes api versions used for Capabilities.APIVersions',
  },
  { name: 'is-upgrade', kind: 'bool', help: 'set .Release.IsUpgrade instead of .Release.IsInstall' },
  { name: 'include-crds', kind: 'bool', help: 'include CRDs in the templated output' },
  { name: 'skip-crds', kind: 'bool', help: 'do not print CRDs (they are not printed unless --include-crds)' },
  { name: 'skip-tests', kind: 'bool', help: 'skip tests from templated output' },
  { name: 'no-hooks', kind: 'bool', help: 'prevent hooks from being printed' },
  {
    name: 'show-only',
    short: 's',
    kind: 'list',
    help: 'only show manifests rendered from the given templates',
  },
  {
    name: 'output-dir',
    kind: 'string',
    help: 'writes the executed templates to files in output-dir instead of stdout',
  },
  { name: 'release-name', kind: 'bool', help: 'use release name in the output-dir path' },
  {
    name: 'generate-name',
    short: 'g',
    kind: 'bool',
    help: 'generate the name (and omit the NAME parameter)',
  },
  { name: 'name-template', kind: 'string', help: 'specify template used to name the release' },
  { name: 'skip-schema-validation', kind: 'bool', help: 'disable JSON schema validation' },
  {
    name: 'validate',
    kind: 'bool',
    help: 'accepted for compatibility; slipway template never contacts a cluster',
  },
  { name: 'description', kind: 'string', help: 'add a custom description' },
  ...UNSUPPORTED_FLAGS,
  ...NO_EFFECT_FLAGS,
];

/** Checks the typed values of the no-effect flags as pflag does, and refuses unsupported ones. */
function checkCompatibilityFlags(p: ParsedArgs): void {
  durationFlag(p, 'timeout', 0);
  intFlag(p, 'burst-limit', 0);
  floatFlag(p, 'qps');
  dryRunFlag(p);
  labelsFlag(flagList(p, 'labels'));
  for (const { name, why } of UNSUPPORTED_FLAGS) {
    if (p.flags.has(name)) throw new Error(`--${name}: ${why}`);
  }
}

/** Runs `template`; returns the process exit code. */
export function runTemplate(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  let rendered = '';
  let outputDir: string | undefined;
  let releaseName: string;
  let useReleaseDir: boolean;
  let chart: Chart;
  let release: RenderedRelease;
  let options: TemplateOptions;
  try {
    const p = parseArgs(argv, TEMPLATE_FLAGS);
    checkCompatibilityFlags(p);
    if (p.positionals.length === 0) {
      throw new UsageError(
        `"slipway template" requires at least 1 argument\n\nUsage:  slipway template [NAME] [CHART] [flags]`,
      );
    }
    let chartPath: string;
    // helm template names an unnamed release `release-name`, even with --generate-name.
    [releaseName, chartPath] = nameAndChart(p.positionals, {
      generateName: flagBool(p, 'generate-name'),
      nameTemplate: flagString(p, 'name-template') ?? '',
      defaultName: 'release-name',
    });
    outputDir = flagString(p, 'output-dir');
    useReleaseDir = flagBool(p, 'release-name');
    // Helm's order: the chart is located, the values are read, then the chart is loaded.
    const chartDir = locateChart(chartPath, { verify: flagBool(p, 'verify') });
    const values = userValuesFromFlags(p);
    chart = loadChart(chartDir);
    checkDependencies(chart);
    options = {
      releaseName,
      namespace: flagString(p, 'namespace') ?? process.env.HELM_NAMESPACE ?? 'default',
      values,
      kubeVersion: flagString(p, 'kube-version'),
      apiVersions: flagSlice(p, 'api-versions'),
      isUpgrade: flagBool(p, 'is-upgrade'),
      includeCrds: flagBool(p, 'include-crds'),
      skipTests: flagBool(p, 'skip-tests'),
      noHooks: flagBool(p, 'no-hooks'),
      showOnly: flagSlice(p, 'show-only'),
      skipSchemaValidation: flagBool(p, 'skip-schema-validation'),
    };
    release = renderTemplateRelease(chart, options);
    if (outputDir === undefined) rendered = formatTemplateOutput(release, options);
  } catch (e) {
    const message = (e as Error).message;
    err(
      `Error: ${message}${e instanceof TemplateRenderError ? '\n\nUse --debug flag to render out invalid YAML' : ''}\n`,
    );
    return 1;
  }
  if (outputDir === undefined) {
    out(rendered);
    return 0;
  }
  try {
    writeOutputDir(
      chart,
      release,
      options,
      outputDir,
      useReleaseDir ? join(outputDir, releaseName) : outputDir,
      out,
    );
    // helm then prints its manifest buffer, empty but for one newline; --show-only finds
    // nothing in it.
    const showOnly = options.showOnly ?? [];
    if (showOnly.length > 0) throw new Error(`could not find template ${showOnly[0]} in chart`);
  } catch (e) {
    err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  out('\n');
  return 0;
}

/**
 * --output-dir as helm writes it (action.renderResources, cmd/helm/template.go): every document
 * is written as `---\n# Source: <name>\n<content>\n` to DIR/<name> and announced with a `wrote`
 * line; CRDs go under DIR even with --release-name, manifests and hooks under DIR/<release>.
 * A CRD or manifest truncates its file on the first write of this run; a hook appends to any
 * file that exists, even one left by an earlier run.
 */
function writeOutputDir(
  chart: Chart,
  release: RenderedRelease,
  opts: TemplateOptions,
  dir: string,
  releaseDir: string,
  out: (s: string) => void,
): void {
  const write = (base: string, name: string, content: string, append: boolean): void => {
    // helm joins with the separator as given (no path cleaning), and prints that name.
    const file = `${base}/${name}`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `---\n# Source: ${name}\n${content}\n`, { flag: append ? 'a' : 'w' });
    out(`wrote ${file}\n`);
  };
  const written = new Set<string>();
  if (opts.includeCrds) {
    for (const crd of allCrds(chart)) {
      write(dir, crd.path, utf8String(crd.data), written.has(crd.path));
      written.add(crd.path);
    }
  }
  for (const m of release.manifests) {
    write(releaseDir, m.name, m.content, written.has(m.name));
    written.add(m.name);
  }
  if (opts.noHooks) return;
  for (const h of release.hooks) {
    if (opts.skipTests && h.events.includes('test')) continue;
    write(releaseDir, h.path, h.manifest, existsSync(`${releaseDir}/${h.path}`));
  }
}
