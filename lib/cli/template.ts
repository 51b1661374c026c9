/** `slipway template`: the CLI face of lib/render's template command. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadChart } from '../chart/index.ts';
import { TemplateRenderError, templateChart } from '../render/template.ts';
import { checkDependencies } from '../values/index.ts';
import { flagBool, flagSlice, flagString, parseArgs, UsageError, type FlagSpec } from './args.ts';
import { locateChart } from './locate.ts';
import { nameAndChart } from './names.ts';
import { VALUES_FLAGS, userValuesFromFlags } from './release/values.ts';

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
];

/** Runs `template`; returns the process exit code. */
export function runTemplate(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  let rendered: string;
  let outputDir: string | undefined;
  let releaseName: string;
  let useReleaseDir: boolean;
  try {
    const p = parseArgs(argv, TEMPLATE_FLAGS);
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
    const chartDir = locateChart(chartPath);
    const values = userValuesFromFlags(p);
    const chart = loadChart(chartDir);
    checkDependencies(chart);
    rendered = templateChart(chart, {
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
    });
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
  writeOutputDir(rendered, useReleaseDir ? join(outputDir, releaseName) : outputDir, out);
  // Helm still prints its (now empty) manifest buffer: one newline.
  out('\n');
  return 0;
}

/** --output-dir: each document goes to DIR/<template path>, documents of one file appended. */
function writeOutputDir(rendered: string, dir: string, out: (s: string) => void): void {
  const written = new Set<string>();
  for (const doc of rendered.split(/^---\n/m)) {
    const m = /^# Source: (.+)\n/.exec(doc);
    if (!m) continue;
    const target = join(dir, m[1]);
    mkdirSync(dirname(target), { recursive: true });
    const body = `---\n${doc}`;
    if (written.has(target)) {
      writeFileSync(target, body, { flag: 'a' });
    } else {
      writeFileSync(target, body);
      written.add(target);
      out(`wrote ${target}\n`);
    }
  }
}
