/**
 * `chartutil.Values`: the map type of `.Values` (and of the render context itself), with the
 * methods templates can call on it (`.Values.Table "a"`, `.Values.PathValue "a.b"`, …).
 */
import {
  GoError,
  GoFunc,
  isMap,
  MAP_OF_ANY,
  withType,
  type GoMap,
  type GoValue,
  type TypeInfo,
} from '../go/value.ts';
import { marshalYamlV2 } from '../yaml/encode.ts';

function parsePath(key: string): string[] {
  return key.split('.');
}

function isTable(v: GoValue | undefined): v is GoMap {
  return v !== undefined && isMap(v);
}

class ErrNoTable extends GoError {
  constructor(key: string) {
    super(`${JSON.stringify(key)} is not a table`);
  }
}

class ErrNoValue extends GoError {
  constructor(key: string) {
    super(`${JSON.stringify(key)} is not a value`);
  }
}

/** Values.Table: the table at a dotted path. Throws ErrNoTable as a GoError. */
export function valuesTable(v: GoMap, name: string): GoMap {
  let table: GoMap = v;
  for (const part of parsePath(name)) {
    const next = table.get(part);
    if (!isTable(next)) throw new ErrNoTable(part);
    table = next;
  }
  return asValues(table);
}

/** Values.PathValue: a non-table value at a dotted path. */
export function valuesPathValue(v: GoMap, path: string): GoValue {
  if (path === '') throw new GoError('YAML path cannot be empty');
  const parts = parsePath(path);
  const key = parts[parts.length - 1];
  let table: GoMap = v;
  if (parts.length > 1) {
    try {
      table = valuesTable(v, parts.slice(0, -1).join('.'));
    } catch {
      throw new ErrNoValue(key);
    }
  }
  const value = table.get(key);
  if (value !== undefined && !isTable(value)) return value;
  throw new ErrNoValue(key);
}

export const VALUES_TYPE: TypeInfo = {
  name: 'chartutil.Values',
  elem: 'interface {}',
  underlying: 'map[string]interface {}',
  methods: {
    YAML: (self) => new GoFunc({ name: 'YAML', params: [], result: 'string', fn: () => marshalYamlV2(self) }),
    Table: (self) =>
      new GoFunc({
        name: 'Table',
        params: ['string'],
        result: 'chartutil.Values',
        fn: (name) => valuesTable(self as GoMap, name as string),
      }),
    AsMap: (self) =>
      new GoFunc({
        name: 'AsMap',
        params: [],
        result: 'map[string]interface {}',
        fn: () => withType(new Map(self as GoMap), MAP_OF_ANY),
      }),
    PathValue: (self) =>
      new GoFunc({
        name: 'PathValue',
        params: ['string'],
        result: 'interface {}',
        fn: (path) => valuesPathValue(self as GoMap, path as string),
      }),
    // Encode(io.Writer) error: no template value is an io.Writer, so a call can only pass
    // nil, and Helm's yaml encoder then writes through a nil writer.
    Encode: () =>
      new GoFunc({
        name: 'Encode',
        params: ['io.Writer'],
        result: 'error',
        fn: () => {
          throw new GoError('runtime error: invalid memory address or nil pointer dereference');
        },
      }),
  },
};

/**
 * Views a map as `chartutil.Values`. Go converts without copying; a JS Map carries one type,
 * so the conversion is a shallow copy that shares every nested value.
 */
export function asValues(m: GoMap): GoMap {
  return withType(new Map(m), VALUES_TYPE);
}
