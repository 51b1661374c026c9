/** The read-only release commands: status, history, list, get values|manifest|notes|hooks|all|metadata. */
import { getValues, history, list, status, type ListState } from '../../action/index.ts';
import { flagBool, flagString, parseArgs, type FlagSpec } from '../args.ts';
import { executeGetTemplate } from './get-template.ts';
import { CLUSTER_FLAGS, OUTPUT_FLAG, REVISION_FLAG, intFlag } from './flags.ts';
import {
  formatGetAll,
  formatHistory,
  formatHooks,
  formatList,
  formatManifest,
  formatMetadata,
  formatNotes,
  formatStatusAs,
  formatValues,
  historyEntries,
  listElements,
  parseOutputFormat,
} from './format.ts';
import { openConfiguration, type Output } from './session.ts';
import { exactArgs, noArgs } from './usage.ts';

const STATUS_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  OUTPUT_FLAG,
  REVISION_FLAG,
  { name: 'show-desc', kind: 'bool', help: 'display the description message of the named release' },
  { name: 'show-resources', kind: 'bool', help: 'accepted for compatibility; resources are not listed' },
];

export async function runStatus(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, STATUS_FLAGS);
  exactArgs('status', 'status RELEASE_NAME', p.positionals, 1);
  const format = parseOutputFormat(flagString(p, 'output'));
  const cfg = openConfiguration(p, io);
  const rel = await status(cfg, { releaseName: p.positionals[0], revision: intFlag(p, 'revision', 0) });
  io.out(formatStatusAs(rel, format, { showDescription: flagBool(p, 'show-desc') }));
}

const HISTORY_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  OUTPUT_FLAG,
  { name: 'max', kind: 'string', help: 'maximum number of revision to include in history (default 256)' },
];

export async function runHistory(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, HISTORY_FLAGS);
  exactArgs('history', 'history RELEASE_NAME', p.positionals, 1);
  const format = parseOutputFormat(flagString(p, 'output'));
  const max = intFlag(p, 'max', 256);
  const cfg = openConfiguration(p, io);
  const revisions = await history(cfg, { releaseName: p.positionals[0], max });
  io.out(formatHistory(historyEntries(revisions, max), format));
}

const LIST_STATES: readonly ListState[] = [
  'deployed',
  'failed',
  'pending',
  'uninstalled',
  'uninstalling',
  'superseded',
];

const LIST_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  OUTPUT_FLAG,
  { name: 'short', short: 'q', kind: 'bool', help: 'output short (quiet) listing format' },
  { name: 'no-headers', kind: 'bool', help: "don't print headers when using the default output format" },
  { name: 'time-format', kind: 'string', help: 'format time using golang time formatter' },
  { name: 'date', short: 'd', kind: 'bool', help: 'sort by release date' },
  { name: 'reverse', short: 'r', kind: 'bool', help: 'reverse the sort order' },
  { name: 'all', short: 'a', kind: 'bool', help: 'show all releases without any filter applied' },
  ...LIST_STATES.map((s): FlagSpec => ({ name: s, kind: 'bool', help: `show ${s} releases` })),
  { name: 'all-namespaces', short: 'A', kind: 'bool', help: 'list releases across all namespaces' },
  { name: 'max', short: 'm', kind: 'string', help: 'maximum number of releases to fetch (default 256)' },
  { name: 'offset', kind: 'string', help: 'next release index in the list, used to offset from start value' },
  {
    name: 'filter',
    short: 'f',
    kind: 'string',
    help: 'a regular expression; only matching release names are listed',
  },
  { name: 'selector', short: 'l', kind: 'string', help: 'label selector on the releases custom labels' },
];

export async function runList(argv: readonly string[], io: Output): Promise<void> {
  const p = parseArgs(argv, LIST_FLAGS);
  noArgs('list', p.positionals);
  const format = parseOutputFormat(flagString(p, 'output'));
  const cfg = openConfiguration(p, io);
  const rels = await list(cfg, {
    allNamespaces: flagBool(p, 'all-namespaces'),
    filter: flagString(p, 'filter'),
    states: LIST_STATES.filter((s) => flagBool(p, s)),
    all: flagBool(p, 'all'),
    selector: flagString(p, 'selector'),
    byDate: flagBool(p, 'date'),
    sortReverse: flagBool(p, 'reverse'),
    offset: intFlag(p, 'offset', 0),
    max: intFlag(p, 'max', 256),
  });
  io.out(
    formatList(listElements(rels, flagString(p, 'time-format') ?? ''), format, {
      noHeaders: flagBool(p, 'no-headers'),
      short: flagBool(p, 'short'),
    }),
  );
}

const GET_FLAGS: readonly FlagSpec[] = [
  ...CLUSTER_FLAGS,
  OUTPUT_FLAG,
  REVISION_FLAG,
  { name: 'all', short: 'a', kind: 'bool', help: 'dump all (computed) values' },
];

/** `get all` alone takes --template. */
const GET_ALL_FLAGS: readonly FlagSpec[] = [
  ...GET_FLAGS,
  { name: 'template', kind: 'string', help: 'go template for formatting the output, eg: {{.Release.Name}}' },
];

const GET_SUBCOMMANDS = ['all', 'hooks', 'manifest', 'metadata', 'notes', 'values'] as const;
type GetSubcommand = (typeof GET_SUBCOMMANDS)[number];

function isGetSubcommand(s: string | undefined): s is GetSubcommand {
  return (GET_SUBCOMMANDS as readonly (string | undefined)[]).includes(s);
}

/** What helm prints (exit status 0) for `get` without a known subcommand. */
const GET_HELP = `
This command consists of multiple subcommands which can be used to
get extended information about the release, including:

- The values used to generate the release
- The generated manifest file
- The notes provided by the chart of the release
- The hooks associated with the release
- The metadata of the release

Usage:
  slipway get [command]

Available Commands:
  all         download all information for a named release
  hooks       download all hooks for a named release
  manifest    download the manifest for a named release
  metadata    This command fetches metadata for a given release
  notes       download the notes for a named release
  values      download the values file for a named release

`;

export async function runGet(argv: readonly string[], io: Output): Promise<void> {
  const [sub, ...rest] = argv;
  if (!isGetSubcommand(sub)) {
    io.out(GET_HELP);
    return;
  }
  const p = parseArgs(rest, sub === 'all' ? GET_ALL_FLAGS : GET_FLAGS);
  exactArgs(`get ${sub}`, `get ${sub} RELEASE_NAME`, p.positionals, 1);
  const format = parseOutputFormat(flagString(p, 'output'));
  const cfg = openConfiguration(p, io);
  const opts = { releaseName: p.positionals[0], revision: intFlag(p, 'revision', 0) };
  switch (sub) {
    case 'values': {
      const all = flagBool(p, 'all');
      io.out(formatValues(await getValues(cfg, { ...opts, all }), all, format));
      return;
    }
    case 'all': {
      const rel = await status(cfg, opts);
      const template = flagString(p, 'template');
      if (template !== undefined) {
        io.out(executeGetTemplate(template, rel));
        return;
      }
      io.out(formatGetAll(rel, await getValues(cfg, { ...opts, revision: rel.version, all: true })));
      return;
    }
    case 'metadata':
      io.out(formatMetadata(await status(cfg, opts), format));
      return;
    case 'manifest':
      io.out(formatManifest(await status(cfg, opts)));
      return;
    case 'hooks':
      io.out(formatHooks(await status(cfg, opts)));
      return;
    case 'notes':
      io.out(formatNotes(await status(cfg, opts)));
      return;
  }
}
