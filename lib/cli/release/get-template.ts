/**
 * `get all --template`: helm executes the text with Go's text/template alone (no Sprig, no
 * Helm functions) on `map[string]interface{}{"Release": *release.Release}`. This builds that
 * release as the Go structs helm's templates see (release.Release, Info, Hook, chart.Chart).
 */
import type { Metadata } from '../../chart/index.ts';
import { TemplateSet } from '../../engine/template/index.ts';
import { parseTime, RFC3339, timeValue } from '../../go/time.ts';
import {
  GoStruct,
  goInt,
  goMap,
  MAP_OF_ANY,
  MAP_OF_STRING,
  SLICE_OF_STRING,
  withType,
  type GoField,
  type GoValue,
} from '../../go/value.ts';
import type { Hook, Info, Release, StoredChart, StoredFile, StoredMetadata } from '../../release/index.ts';
import { metadataObject } from '../../render/objects.ts';

const GO_ZERO = '0001-01-01T00:00:00Z';

/** A helmtime.Time field (it embeds time.Time, so it prints as time.Time.String()). */
function timeField(name: string, text: string | undefined): GoField {
  return { name, type: 'time.Time', value: timeValue(parseTime(RFC3339, text || GO_ZERO)) };
}

const str = (name: string, value: string | undefined): GoField => ({
  name,
  type: 'string',
  value: value ?? '',
});

/** A named string type with a String method (release.Status, release.HookPhase). */
function stringType(type: string, value: string | undefined): GoStruct {
  const text = value ?? '';
  return new GoStruct({ type, pointer: false, stringer: () => text, fields: [] });
}

function infoObject(info: Info | null | undefined): GoValue {
  if (!info) return null;
  return new GoStruct({
    type: '*release.Info',
    fields: [
      timeField('FirstDeployed', info.first_deployed),
      timeField('LastDeployed', info.last_deployed),
      timeField('Deleted', info.deleted),
      str('Description', info.description),
      { name: 'Status', type: 'release.Status', value: stringType('release.Status', info.status) },
      str('Notes', info.notes),
      { name: 'Resources', type: 'map[string][]runtime.Object', value: null },
    ],
  });
}

const stringList = (values: readonly string[] | null | undefined): GoValue =>
  values === null || values === undefined ? null : withType([...values], SLICE_OF_STRING);

function hookObject(hook: Hook | null): GoValue {
  if (hook === null) return null;
  const run = hook.last_run;
  return new GoStruct({
    type: '*release.Hook',
    fields: [
      str('Name', hook.name),
      str('Kind', hook.kind),
      str('Path', hook.path),
      str('Manifest', hook.manifest),
      { name: 'Events', type: '[]release.HookEvent', value: stringList(hook.events) },
      {
        name: 'LastRun',
        type: 'release.HookExecution',
        value: new GoStruct({
          type: 'release.HookExecution',
          pointer: false,
          fields: [
            timeField('StartedAt', run.started_at),
            timeField('CompletedAt', run.completed_at),
            { name: 'Phase', type: 'release.HookPhase', value: stringType('release.HookPhase', run.phase) },
          ],
        }),
      },
      { name: 'Weight', type: 'int', value: goInt(hook.weight ?? 0) },
      { name: 'DeletePolicies', type: '[]release.HookDeletePolicy', value: stringList(hook.delete_policies) },
    ],
  });
}

function fileList(files: readonly (StoredFile | null)[] | null): GoValue {
  if (files === null) return null;
  return files.map((f) =>
    f === null
      ? null
      : new GoStruct({
          type: '*chart.File',
          fields: [
            str('Name', f.name),
            { name: 'Data', type: '[]uint8', value: f.data === null ? null : [...f.data].map(goInt) },
          ],
        }),
  );
}

/** The stored metadata in the loader's shape (absent and null lists alike are nil). */
function metadataOf(md: StoredMetadata): Metadata {
  const defined = Object.entries(md).filter(([, v]) => v !== null && v !== undefined);
  return Object.fromEntries(defined) as Metadata;
}

function chartObject(chart: StoredChart | null | undefined): GoValue {
  if (!chart) return null;
  return new GoStruct({
    type: '*chart.Chart',
    fields: [
      { name: 'Raw', type: '[]*chart.File', value: null },
      {
        name: 'Metadata',
        type: '*chart.Metadata',
        value: chart.metadata === null ? null : metadataObject(metadataOf(chart.metadata)),
      },
      { name: 'Templates', type: '[]*chart.File', value: fileList(chart.templates) },
      { name: 'Values', type: 'map[string]interface {}', value: chart.values },
      { name: 'Files', type: '[]*chart.File', value: fileList(chart.files) },
    ],
  });
}

/** The *release.Release templates see. */
export function releaseObject(rel: Release): GoStruct {
  return new GoStruct({
    type: '*release.Release',
    fields: [
      str('Name', rel.name),
      { name: 'Info', type: '*release.Info', value: infoObject(rel.info) },
      { name: 'Chart', type: '*chart.Chart', value: chartObject(rel.chart) },
      { name: 'Config', type: 'map[string]interface {}', value: rel.config ?? null },
      str('Manifest', rel.manifest),
      { name: 'Hooks', type: '[]*release.Hook', value: rel.hooks ? rel.hooks.map(hookObject) : null },
      { name: 'Version', type: 'int', value: goInt(rel.version ?? 0) },
      str('Namespace', rel.namespace),
      {
        name: 'Labels',
        type: 'map[string]string',
        value: rel.labels === undefined ? null : withType(goMap(Object.entries(rel.labels)), MAP_OF_STRING),
      },
    ],
  });
}

/** Executes `--template` text as helm's `get all` does. */
export function executeGetTemplate(text: string, rel: Release): string {
  const set = new TemplateSet({}, { name: '_' });
  set.addFile('_', text);
  return set.execute('_', withType(goMap([['Release', releaseObject(rel)]]), MAP_OF_ANY));
}
