/**
 * The Go objects Helm puts into a template's context: `.Chart` and `.Files` (`.Values` is in
 * lib/values, `.Capabilities` in capabilities.ts).
 */
import { basePath } from '../go/path.ts';
import {
  GoFunc,
  GoError,
  GoStruct,
  MAP_OF_STRING,
  SLICE_OF_STRING,
  utf8String,
  withType,
  goMap,
  type GoField,
  type GoMap,
  type GoValue,
  type TypeInfo,
} from '../go/value.ts';
import type { Chart, ChartFile, Dependency, Maintainer, Metadata } from '../chart/index.ts';
import { marshalJSON } from '../go/json.ts';
import { marshalYamlV2 } from '../yaml/encode.ts';
import { compileGlob } from './glob.ts';

function strField(name: string, json: string, value: string | undefined): GoField {
  return { name, type: 'string', value: value ?? '', json, omitempty: true };
}

function strList(values: readonly string[] | null | undefined): GoValue[] {
  return withType([...(values ?? [])], SLICE_OF_STRING);
}

const MAINTAINERS: TypeInfo = { name: '[]*chart.Maintainer', elem: '*chart.Maintainer' };
const DEPENDENCIES: TypeInfo = { name: '[]*chart.Dependency', elem: '*chart.Dependency' };

function maintainerObject(m: Maintainer | null): GoValue {
  if (m === null) return null;
  return new GoStruct({
    type: '*chart.Maintainer',
    fields: [
      strField('Name', 'name', m.name),
      strField('Email', 'email', m.email),
      strField('URL', 'url', m.url),
    ],
  });
}

function dependencyObject(d: Dependency | null): GoValue {
  if (d === null) return null;
  return new GoStruct({
    type: '*chart.Dependency',
    fields: [
      { name: 'Name', type: 'string', value: d.name, json: 'name' },
      strField('Version', 'version', d.version),
      { name: 'Repository', type: 'string', value: d.repository, json: 'repository' },
      strField('Condition', 'condition', d.condition),
      { name: 'Tags', type: '[]string', value: strList(d.tags), json: 'tags', omitempty: true },
      { name: 'Enabled', type: 'bool', value: d.enabled ?? false, json: 'enabled', omitempty: true },
      {
        name: 'ImportValues',
        type: '[]interface {}',
        value: d['import-values'] ? [...d['import-values']] : [],
        json: 'import-values',
        omitempty: true,
      },
      strField('Alias', 'alias', d.alias),
    ],
  });
}

function strListOrNil(values: readonly string[] | null | undefined): GoValue {
  return values === undefined || values === null ? null : strList(values);
}

/**
 * chart.Metadata as Helm's loader leaves it: lists and maps absent from Chart.yaml are nil
 * (`%#v` shows `[]string(nil)`), so they are null here with the field's declared type.
 */
export function metadataObject(md: Metadata): GoStruct {
  return new GoStruct({
    type: 'chart.Metadata',
    pointer: false,
    fields: [
      strField('Name', 'name', md.name),
      strField('Home', 'home', md.home),
      {
        name: 'Sources',
        type: '[]string',
        value: strListOrNil(md.sources),
        json: 'sources',
        omitempty: true,
      },
      strField('Version', 'version', md.version),
      strField('Description', 'description', md.description),
      {
        name: 'Keywords',
        type: '[]string',
        value: strListOrNil(md.keywords),
        json: 'keywords',
        omitempty: true,
      },
      {
        name: 'Maintainers',
        type: '[]*chart.Maintainer',
        value:
          md.maintainers === undefined || md.maintainers === null
            ? null
            : withType(md.maintainers.map(maintainerObject), MAINTAINERS),
        json: 'maintainers',
        omitempty: true,
      },
      strField('Icon', 'icon', md.icon),
      strField('APIVersion', 'apiVersion', md.apiVersion),
      strField('Condition', 'condition', md.condition),
      strField('Tags', 'tags', md.tags),
      strField('AppVersion', 'appVersion', md.appVersion),
      {
        name: 'Deprecated',
        type: 'bool',
        value: md.deprecated ?? false,
        json: 'deprecated',
        omitempty: true,
      },
      {
        name: 'Annotations',
        type: 'map[string]string',
        value:
          md.annotations === undefined || md.annotations === null
            ? null
            : withType(goMap(Object.entries(md.annotations)), MAP_OF_STRING),
        json: 'annotations',
        omitempty: true,
      },
      strField('KubeVersion', 'kubeVersion', md.kubeVersion),
      {
        name: 'Dependencies',
        type: '[]*chart.Dependency',
        value:
          md.dependencies === undefined || md.dependencies === null
            ? null
            : withType(md.dependencies.map(dependencyObject), DEPENDENCIES),
        json: 'dependencies',
        omitempty: true,
      },
      strField('Type', 'type', md.type),
    ],
  });
}

const CHART_TYPE = 'struct { chart.Metadata; IsRoot bool }';

/**
 * `.Chart`: Helm passes `struct { chart.Metadata; IsRoot bool }`. The template engine promotes
 * the embedded Metadata's fields (`.Chart.Name`), fmt prints it nested (`{{name …} true}`) and
 * go-yaml v3 (toYamlPretty) nests it under `metadata`.
 *
 * encoding/json instead inlines an embedded struct's fields beside `IsRoot`; lib/go/json.ts
 * does not know embedding, so the struct gets a MarshalJSON producing exactly that (also used
 * by toYaml). It sits on the methods object's prototype: the encoders find it, while the
 * template engine, which only calls own methods, does not offer `.Chart.MarshalJSON` (Go has none).
 */
export function chartObject(chart: Chart): GoStruct {
  const metadata = metadataObject(chart.metadata);
  const isRoot = chart.parent === null;
  const flat = new GoStruct({
    type: CHART_TYPE,
    pointer: false,
    fields: [...metadata.fields, { name: 'IsRoot', type: 'bool', value: isRoot }],
  });
  const encoderMethods: Record<string, GoFunc> = {
    MarshalJSON: new GoFunc({
      name: 'MarshalJSON',
      params: [],
      result: '[]uint8',
      fn: () => marshalJSON(flat),
    }),
  };
  return new GoStruct({
    type: CHART_TYPE,
    pointer: false,
    methods: Object.create(encoderMethods) as Record<string, GoFunc>,
    fields: [
      { name: 'Metadata', type: 'chart.Metadata', value: metadata },
      { name: 'IsRoot', type: 'bool', value: isRoot },
    ],
  });
}

const base64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** engine.files: `map[string][]byte` with Helm's accessor methods. */
const FILES_TYPE: TypeInfo = {
  name: 'engine.files',
  elem: '[]uint8',
  underlying: 'map[string][]uint8',
  methods: {
    Get: (self) =>
      new GoFunc({
        name: 'Get',
        params: ['string'],
        result: 'string',
        fn: (name) => {
          const data = (self as GoMap).get(name as string);
          return data instanceof Uint8Array ? utf8String(data) : '';
        },
      }),
    GetBytes: (self) =>
      new GoFunc({
        name: 'GetBytes',
        params: ['string'],
        result: '[]uint8',
        fn: (name) => {
          const data = (self as GoMap).get(name as string);
          return data instanceof Uint8Array ? data : null;
        },
      }),
    Glob: (self) =>
      new GoFunc({
        name: 'Glob',
        params: ['string'],
        result: 'engine.files',
        fn: (pattern) => {
          const match = compileGlob(pattern as string);
          const out = new Map<string, GoValue>();
          for (const [name, data] of self as GoMap) if (match(name)) out.set(name, data);
          return withType(out, FILES_TYPE);
        },
      }),
    Lines: (self) =>
      new GoFunc({
        name: 'Lines',
        params: ['string'],
        result: '[]string',
        fn: (path) => {
          const data = (self as GoMap).get(path as string);
          if (!(data instanceof Uint8Array)) return withType([], SLICE_OF_STRING);
          let s = utf8String(data);
          // Helm indexes the last byte without checking: an empty file panics.
          if (s.length === 0) throw new GoError('runtime error: index out of range [-1]');
          if (s.endsWith('\n')) s = s.slice(0, -1);
          return withType(s.split('\n'), SLICE_OF_STRING);
        },
      }),
    AsConfig: (self) =>
      new GoFunc({
        name: 'AsConfig',
        params: [],
        result: 'string',
        fn: () => filesAsYaml(self as GoMap, (b) => utf8String(b)),
      }),
    AsSecrets: (self) =>
      new GoFunc({
        name: 'AsSecrets',
        params: [],
        result: 'string',
        fn: () => filesAsYaml(self as GoMap, base64),
      }),
  },
};

function filesAsYaml(files: GoMap, encode: (b: Uint8Array) => string): string {
  const m = new Map<string, GoValue>();
  for (const [name, data] of files) {
    if (data instanceof Uint8Array) m.set(basePath(name), encode(data));
  }
  return marshalYamlV2(withType(m, MAP_OF_STRING)).replace(/\n$/, '');
}

/** `.Files` of a chart: every file that is not a template, values, Chart.yaml or a subchart. */
export function filesObject(files: readonly ChartFile[]): GoMap {
  const m = new Map<string, GoValue>();
  for (const f of files) m.set(f.name, f.data);
  return withType(m, FILES_TYPE);
}
