/** The mutating release commands: install, upgrade, rollback, uninstall and test. */
import { loadChart, type Chart } from '../../chart/index.ts';
import {
  DEFAULT_TIMEOUT_MS,
  history,
  install,
  rollback,
  runTests,
  testPodLogs,
  status,
  uninstall,
  upgrade,
  type Configuration,
  type OperationResult,
} from '../../action/index.ts';
import type { Release } from '../../release/index.ts';
import { ReleaseNotFoundError } from '../../storage/index.ts';
import { checkDependencies } from '../../values/index.ts';
import { flagBool, flagList, flagString, parseArgs, type FlagSpec, type ParsedArgs } from '../args.ts';
import type { GoMap } from '../../go/value.ts';
import { locateChart } from '../locate.ts';
import { nameAndChart } from '../names.ts';
import {
  CLUSTER_FLAGS,
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
  cascadeFlag,
  dryRunFlag,
  durationFlag,
  intFlag,
  labelsFlag,
} from './flags.ts';
import {
  ROLLBACK_SUCCESS,
  formatStatus,
  installingNowLine,
  parseOutputFormat,
  releaseJSON,
  releaseYAML,
  uninstalledLines,
  upgradedLine,
  type OutputFormat,
} from './format.ts';
import { openConfiguration, type Output } from './session.ts';
import { VALUES_FLAGS, userValuesFromFlags } from './values.ts';
import { exactArgs, maximumArgs, minimumArgs } from './usage.ts';

/** An error helm prints with a prefix (`INSTALLATION FAILED: …`, `UPGRADE FAILED: …`). */
function wrapped(prefix: string, err: unknown): Error {
  return new Error(`${prefix}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

function done(result: OperationResult): Release {
  if (result.kind === 'done') return result.release;
  // The CLI gives no deadline, so an operation only suspends if the action ignores that.
  throw new Error(`release ${JSON.stringify(result.releaseName)} was suspended in phase ${result.phase}`);
}

/** install/upgrade print the release as `helm status` does, the chart left in for json/yaml. */
function printRelease(io: Output, rel: Release, format: OutputFormat, hideNotes: boolean): void {
  if (format === 'json') io.out(releaseJSON(rel));
  else if (format === 'yaml') io.out(releaseYAML(rel));
  else io.out(formatStatus(rel, { hideNotes }));
}

const WAIT_FLAGS: readonly FlagSpec[] = [
  { name: 'wait', kind: 'bool', help: 'wait until all resources are ready, up to --timeout' },
  { name: 'wait-for-jobs', kind: 'bool', help: 'with --wait, also wait for Jobs to complete' },
  {
    name: 'timeout',
    kind: 'string',
    help: 'time to wait for any individual Kubernetes operation (default 5m0s)',
  },
  { name: 'no-hooks', kind: 'bool', help: 'disable hooks' },
];

const CHART_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  ...VALUES_FLAGS,
  ...WAIT_FLAGS,
  OUTPUT_FLAG,
  DRY_RUN_FLAG,
  { name: 'atomic', kind: 'bool', help: 'undo the operation on failure (implies --wait)' },
  { name: 'rollback-on-failure', kind: 'bool', help: 'the same as --atomic' },
  { name: 'description', kind: 'string', help: 'add a custom description' },
  { name: 'create-namespace', kind: 'bool', help: 'create the release namespace if not present' },
  { name: 'skip-crds', kind: 'bool', help: 'do not install CRDs' },
  { name: 'labels', short: 'l', kind: 'list', help: 'labels added to the release metadata (k=v,k2=v2)' },
  { name: 'skip-schema-validation', kind: 'bool', help: 'disable JSON schema validation' },
  {
    name: 'take-ownership',
    kind: 'bool',
    help: 'adopt existing resources without release ownership metadata',
  },
  { name: 'hide-notes', kind: 'bool', help: 'do not show notes in the output' },
  { name: 'force', kind: 'bool', help: 'replace objects instead of applying them' },
  { name: 'disable-openapi-validation', kind: 'bool', help: 'accepted for compatibility' },
  { name: 'render-subchart-notes', kind: 'bool', help: 'accepted for compatibility' },
  { name: 'version', kind: 'string', help: 'accepted for compatibility (CHART is always a local path)' },
  { name: 'devel', kind: 'bool', help: 'accepted for compatibility' },
];

const INSTALL_FLAGS: readonly FlagSpec[] = [
  ...CHART_FLAGS,
  { name: 'replace', kind: 'bool', help: 're-use the name of an uninstalled or failed release' },
  {
    name: 'generate-name',
    short: 'g',
    kind: 'bool',
    help: 'generate the name (and omit the NAME parameter)',
  },
  { name: 'name-template', kind: 'string', help: 'specify template used to name the release' },
];

const UPGRADE_FLAGS: readonly FlagSpec[] = [
  ...CHART_FLAGS,
  { name: 'install', short: 'i', kind: 'bool', help: 'run an install if the release does not exist' },
  { name: 'reuse-values', kind: 'bool', help: "reuse the last release's values and merge in overrides" },
  { name: 'reset-values', kind: 'bool', help: 'reset the values to the ones built into the chart' },
  {
    name: 'reset-then-reuse-values',
    kind: 'bool',
    help: "reset to the chart's values, then merge in the last release's",
  },
  { name: 'cleanup-on-fail', kind: 'bool', help: 'delete new resources created by a failed upgrade' },
  {
    name: 'history-max',
    kind: 'string',
    help: 'limit the revisions saved per release (0: no limit; default 10)',
  },
];

/**
 * The chart and the user's values of an install or upgrade, in helm's order: the chart is
 * located, the values are read, then the chart is loaded and its dependencies checked.
 */
function loadReleaseChart(path: string, p: ParsedArgs): { chart: Chart; values: GoMap } {
  const located = locateChart(path);
  const values = userValuesFromFlags(p);
  const chart = loadChart(located);
  checkDependencies(chart);
  return { chart, values };
}

interface ChartCommand {
  readonly p: ParsedArgs;
  readonly op: OperationFlags;
  readonly format: OutputFormat;
  readonly cfg: Configuration;
  readonly chart: Chart;
  readonly values: GoMap;
}

/** The options install and upgrade share; typed flag values are checked here, as pflag does while parsing. */
function operationFlags(p: ParsedArgs) {
  const atomic = flagBool(p, 'atomic') || flagBool(p, 'rollback-on-failure');
  return {
    timeoutMs: durationFlag(p, 'timeout', DEFAULT_TIMEOUT_MS),
    wait: flagBool(p, 'wait') || atomic,
    waitForJobs: flagBool(p, 'wait-for-jobs'),
    noHooks: flagBool(p, 'no-hooks'),
    description: flagString(p, 'description'),
    atomic,
    skipSchemaValidation: flagBool(p, 'skip-schema-validation'),
    takeOwnership: flagBool(p, 'take-ownership'),
    labels: labelsFlag(flagList(p, 'labels')),
  };
}

type OperationFlags = ReturnType<typeof operationFlags>;

/** The install action with the install flags; `replace` for `upgrade --install` over an uninstalled release. */
async function installWith(c: ChartCommand, releaseName: string, replace: boolean): Promise<Release> {
  const { p } = c;
  const result = await install(c.cfg, {
    ...c.op,
    dryRun: dryRunFlag(p),
    releaseName,
    chart: c.chart,
    values: c.values,
    replace: replace || flagBool(p, 'replace'),
    createNamespace: flagBool(p, 'create-namespace'),
    skipCrds: flagBool(p, 'skip-crds'),
  });
  return done(result);
}

function openChartCommand(
  p: ParsedArgs,
  op: OperationFlags,
  format: OutputFormat,
  chartPath: string,
  io: Output,
): ChartCommand {
  dryRunFlag(p);
  const { chart, values } = loadReleaseChart(chartPath, p);
  return { p, op, format, cfg: openConfiguration(p, io), chart, values };
}

/** `slipway install [NAME] CHART` */
export async function runInstall(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, INSTALL_FLAGS);
  minimumArgs('install', 'install [NAME] [CHART]', p.positionals, 1);
  const op = operationFlags(p);
  const format = parseOutputFormat(flagString(p, 'output'));
  try {
    const [name, chartPath] = installArgs(p);
    const c = openChartCommand(p, op, format, chartPath, io);
    printRelease(io, await installWith(c, name, false), format, flagBool(p, 'hide-notes'));
  } catch (err) {
    throw wrapped('INSTALLATION FAILED', err);
  }
}

/** NAME and CHART of an install (helm checks them after the flags, inside the install's errors). */
function installArgs(p: ParsedArgs): [string, string] {
  return nameAndChart(p.positionals, {
    generateName: flagBool(p, 'generate-name'),
    nameTemplate: flagString(p, 'name-template') ?? '',
  });
}

/** Upgrade merges --labels into the previous revision's; helm's value `null` removes a label. */
function removableLabels(labels: Record<string, string>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v === 'null' ? null : v]));
}

/** Whether `upgrade --install` installs: no history, or the newest revision is uninstalled. */
async function installInstead(cfg: Configuration, name: string): Promise<'no' | 'install' | 'replace'> {
  let revisions: Release[];
  try {
    revisions = await history(cfg, { releaseName: name });
  } catch (err) {
    if (err instanceof ReleaseNotFoundError) return 'install';
    throw err;
  }
  if (revisions.length === 0) return 'install';
  const newest = revisions[revisions.length - 1];
  return newest.info?.status === 'uninstalled' ? 'replace' : 'no';
}

/** `slipway upgrade NAME CHART` */
export async function runUpgrade(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, UPGRADE_FLAGS);
  exactArgs('upgrade', 'upgrade [RELEASE] [CHART]', p.positionals, 2);
  const [name, chartPath] = p.positionals;
  const op = operationFlags(p);
  const maxHistory = intFlag(p, 'history-max', 10);
  const format = parseOutputFormat(flagString(p, 'output'));
  const hideNotes = flagBool(p, 'hide-notes');
  if (flagBool(p, 'install')) {
    const cfg = openConfiguration(p, io);
    const mode = await installInstead(cfg, name);
    if (mode !== 'no') {
      if (format === 'table') io.out(installingNowLine(name));
      dryRunFlag(p);
      const c: ChartCommand = { p, op, format, cfg, ...loadReleaseChart(chartPath, p) };
      printRelease(io, await installWith(c, name, mode === 'replace'), format, hideNotes);
      return;
    }
  }
  let rel: Release;
  try {
    const c = openChartCommand(p, op, format, chartPath, io);
    const result = await upgrade(c.cfg, {
      ...op,
      dryRun: dryRunFlag(p),
      releaseName: name,
      chart: c.chart,
      values: c.values,
      reuseValues: flagBool(p, 'reuse-values'),
      resetValues: flagBool(p, 'reset-values'),
      resetThenReuseValues: flagBool(p, 'reset-then-reuse-values'),
      cleanupOnFail: flagBool(p, 'cleanup-on-fail'),
      force: flagBool(p, 'force'),
      maxHistory,
      labels: removableLabels(op.labels),
    });
    rel = done(result);
  } catch (err) {
    throw wrapped('UPGRADE FAILED', err);
  }
  if (format === 'table') io.out(upgradedLine(name));
  printRelease(io, rel, format, hideNotes);
}

const ROLLBACK_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  ...WAIT_FLAGS,
  { name: 'dry-run', kind: 'bool', help: 'simulate a rollback' },
  { name: 'force', kind: 'bool', help: 'replace objects instead of applying them' },
  { name: 'recreate-pods', kind: 'bool', help: 'accepted for compatibility' },
  { name: 'cleanup-on-fail', kind: 'bool', help: 'delete new resources created by a failed rollback' },
  {
    name: 'history-max',
    kind: 'string',
    help: 'limit the revisions saved per release (0: no limit; default 10)',
  },
];

/** `slipway rollback NAME [REVISION]` */
export async function runRollback(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, ROLLBACK_FLAGS);
  minimumArgs('rollback', 'rollback <RELEASE> [REVISION]', p.positionals, 1);
  maximumArgs('rollback', 'rollback <RELEASE> [REVISION]', p.positionals, 2);
  const timeoutMs = durationFlag(p, 'timeout', DEFAULT_TIMEOUT_MS);
  const maxHistory = intFlag(p, 'history-max', 10);
  let revision = 0;
  if (p.positionals.length === 2) {
    const text = p.positionals[1];
    if (!/^[+-]?\d+$/.test(text)) {
      throw new Error(
        `could not convert revision to a number: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`,
      );
    }
    revision = Number(text);
  }
  const cfg = openConfiguration(p, io);
  done(
    await rollback(cfg, {
      releaseName: p.positionals[0],
      revision,
      timeoutMs,
      wait: flagBool(p, 'wait'),
      waitForJobs: flagBool(p, 'wait-for-jobs'),
      noHooks: flagBool(p, 'no-hooks'),
      dryRun: flagBool(p, 'dry-run'),
      force: flagBool(p, 'force'),
      cleanupOnFail: flagBool(p, 'cleanup-on-fail'),
      maxHistory,
    }),
  );
  io.out(ROLLBACK_SUCCESS);
}

const UNINSTALL_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  ...WAIT_FLAGS,
  { name: 'dry-run', kind: 'bool', help: 'simulate an uninstall' },
  {
    name: 'keep-history',
    kind: 'bool',
    help: 'keep the release history (the release is marked uninstalled)',
  },
  { name: 'ignore-not-found', kind: 'bool', help: 'treat "release not found" as a successful uninstall' },
  { name: 'cascade', kind: 'string', help: 'background, orphan or foreground (default background)' },
  { name: 'description', kind: 'string', help: 'add a custom description' },
];

/** `slipway uninstall NAME...` */
export async function runUninstall(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, UNINSTALL_FLAGS);
  minimumArgs('uninstall', 'uninstall RELEASE_NAME [...]', p.positionals, 1);
  const cascade = cascadeFlag(p);
  const timeoutMs = durationFlag(p, 'timeout', DEFAULT_TIMEOUT_MS);
  const cfg = openConfiguration(p, io);
  for (const name of p.positionals) {
    const result = await uninstall(cfg, {
      releaseName: name,
      keepHistory: flagBool(p, 'keep-history'),
      ignoreNotFound: flagBool(p, 'ignore-not-found'),
      dryRun: flagBool(p, 'dry-run'),
      cascade,
      timeoutMs,
      wait: flagBool(p, 'wait'),
      noHooks: flagBool(p, 'no-hooks'),
      description: flagString(p, 'description'),
    });
    io.out(uninstalledLines(name, result.kept));
  }
}

const TEST_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  OUTPUT_FLAG,
  {
    name: 'timeout',
    kind: 'string',
    help: 'time to wait for any individual Kubernetes operation (default 5m0s)',
  },
  { name: 'filter', kind: 'list', help: 'name=<hook> runs only that test, !name=<hook> skips it' },
  {
    name: 'logs',
    kind: 'bool',
    help: 'dump the logs from test pods (this runs after all tests are complete)',
  },
  { name: 'hide-notes', kind: 'bool', help: 'do not show notes in the output' },
];

/** `slipway test NAME`: runs the test hooks, prints the status, fails if a test failed. */
export async function runTest(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, TEST_FLAGS);
  exactArgs('test', 'test [RELEASE]', p.positionals, 1);
  const format = parseOutputFormat(flagString(p, 'output'));
  const timeoutMs = durationFlag(p, 'timeout', DEFAULT_TIMEOUT_MS);
  const cfg = openConfiguration(p, io);
  const releaseName = p.positionals[0];
  let failure: unknown;
  let rel: Release;
  try {
    rel = await runTests(cfg, {
      releaseName,
      timeoutMs,
      filters: flagList(p, 'filter').flatMap((f) => f.split(',')),
    });
  } catch (err) {
    failure = err;
    // Helm still prints the release (with the failed test) when the release could be read.
    try {
      rel = await status(cfg, { releaseName });
    } catch {
      throw err;
    }
  }
  printRelease(io, format === 'table' ? rel : { ...rel, chart: null }, format, flagBool(p, 'hide-notes'));
  if (flagBool(p, 'logs')) {
    // helm separates the logs from the status with an empty line, and ends each pod's with one.
    io.out('\n');
    const filters = flagList(p, 'filter').flatMap((f) => f.split(','));
    await testPodLogs(cfg, rel, filters, (pod, logs) => io.out(`POD LOGS: ${pod}\n${logs}\n`));
  }
  if (failure !== undefined) throw failure;
}
