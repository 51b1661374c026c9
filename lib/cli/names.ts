/** How install and template name a release: NAME, --name-template or --generate-name (Helm's NameAndChart). */
import { basename } from 'node:path';
import { sprigTextFuncs } from '../engine/funcs/index.ts';
import { TemplateSet } from '../engine/template/index.ts';

/** Helm's --generate-name: `<chart base name>-<unix seconds>`. */
export function generateName(chartPath: string): string {
  const base = basename(chartPath.replace(/\/+$/, ''))
    .replace(/\.tgz$/, '')
    .replace(/-\d+\.\d+\.\d+.*$/, '');
  return `${base}-${Math.floor(Date.now() / 1000)}`;
}

/** Helm's TemplateName: `--name-template` rendered with Sprig's functions and no data. */
export function templateName(text: string): string {
  const set = new TemplateSet(sprigTextFuncs, { name: 'name-template' });
  set.addFile('name-template', text);
  return set.execute('name-template', null);
}

export interface NameOptions {
  readonly generateName: boolean;
  readonly nameTemplate: string;
  /** `helm template` names an unnamed release `release-name` (before --generate-name is looked at). */
  readonly defaultName?: string;
}

/** Helm's Install.NameAndChart: [release name, chart] from the positionals, in Helm's order of checks. */
export function nameAndChart(args: readonly string[], opts: NameOptions): [string, string] {
  if (args.length > 2)
    throw new Error(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    if (opts.generateName) throw new Error('cannot set --generate-name and also specify a name');
    if (opts.nameTemplate !== '') throw new Error('cannot set --name-template and also specify a name');
    return [args[0], args[1]];
  }
  if (opts.nameTemplate !== '') return [templateName(opts.nameTemplate), args[0]];
  if (opts.defaultName) return [opts.defaultName, args[0]];
  if (!opts.generateName) throw new Error('must either provide a name or specify --generate-name');
  return [generateName(args[0]), args[0]];
}
