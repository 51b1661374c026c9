/**
 * The serialization functions: Helm v3.17.3's toYaml, toYamlPretty, fromYaml,
 * fromYamlArray, toJson, mustToJson, fromJson, fromJsonArray, toToml, fromToml (pkg/engine/
 * funcs.go) and Sprig v3.3.0's toPrettyJson, mustToPrettyJson, toRawJson, mustToRawJson,
 * mustFromJson.
 *
 * Helm's variants swallow errors: toYaml/toJson return "", toToml returns the error text,
 * fromYaml/fromJson put it under an "Error" key (the *Array variants return a one-element
 * list). The must* variants fail the template instead.
 */
import { GoError, GoFunc } from '../../go/value.ts';
import { date, fixedZone, local, parseInLocation, timeValue } from '../../go/time.ts';
import type { FuncMap, GoList, GoMap, GoValue } from '../../go/value.ts';
import {
  marshalIndentJSON,
  marshalJSON,
  unmarshalJSON,
  unmarshalJSONArray,
  unmarshalJSONObjectKeeping,
} from '../../go/json.ts';
import { marshalYamlV2, marshalYamlV3, parseYaml, parseYamlArray } from '../../yaml/index.ts';
import { decodeToml, encodeToml, isTomlEncodeError } from '../../toml/index.ts';
import type { TomlDatetime } from '../../toml/index.ts';

function trimNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function errorText(e: unknown): string {
  if (e instanceof GoError) return e.message;
  throw e;
}

function fn(name: string, params: string[], result: string, body: (...args: GoValue[]) => GoValue): GoFunc {
  return new GoFunc({ name, params, result, fn: body });
}

// ---------------------------------------------------------------------------------------------
// YAML

function toYaml(v: GoValue): string {
  try {
    return trimNewline(marshalYamlV2(v));
  } catch (e) {
    errorText(e);
    return '';
  }
}

function toYamlPretty(v: GoValue): string {
  try {
    return trimNewline(marshalYamlV3(v));
  } catch (e) {
    errorText(e);
    return '';
  }
}

function fromYaml(s: GoValue): GoMap {
  try {
    return parseYaml(String(s));
  } catch (e) {
    return new Map([['Error', errorText(e)]]);
  }
}

function fromYamlArray(s: GoValue): GoList {
  try {
    return parseYamlArray(String(s));
  } catch (e) {
    return [errorText(e)];
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

function toJson(v: GoValue): string {
  try {
    return marshalJSON(v);
  } catch (e) {
    errorText(e);
    return '';
  }
}

function toPrettyJson(v: GoValue): string {
  try {
    return marshalIndentJSON(v, '', '  ');
  } catch (e) {
    errorText(e);
    return '';
  }
}

function fromJson(s: GoValue): GoMap {
  try {
    const { map, error } = unmarshalJSONObjectKeeping(String(s));
    if (error) map.set('Error', error.message);
    return map;
  } catch (e) {
    return new Map([['Error', errorText(e)]]);
  }
}

function fromJsonArray(s: GoValue): GoList {
  try {
    return unmarshalJSONArray(String(s));
  } catch (e) {
    return [errorText(e)];
  }
}

// ---------------------------------------------------------------------------------------------
// TOML

const LOCAL_DATETIME = fixedZone('datetime-local', 0);
const LOCAL_DATE = fixedZone('date-local', 0);
const LOCAL_TIME = fixedZone('time-local', 0);

/**
 * BurntSushi/toml's datetimes as `time.Time` values: offset datetimes parsed with RFC 3339 in
 * the local zone (Go's ParseInLocation), local ones in the library's `datetime-local`,
 * `date-local` and `time-local` zones.
 */
function tomlTime(d: TomlDatetime): GoValue {
  if (d.kind === 'offset-datetime') {
    const text = d.text.replace(/[ tT]/, 'T').replace(/z$/, 'Z');
    return timeValue(parseInLocation('2006-01-02T15:04:05.999999999Z07:00', text, local()));
  }
  const loc =
    d.kind === 'local-datetime' ? LOCAL_DATETIME : d.kind === 'local-date' ? LOCAL_DATE : LOCAL_TIME;
  return timeValue(date(d.year, d.month, d.day, d.hour, d.minute, d.second, d.nanosecond, loc));
}

function toToml(v: GoValue): string {
  try {
    return encodeToml(v);
  } catch (e) {
    if (isTomlEncodeError(e)) return (e as GoError).message;
    throw e;
  }
}

function fromToml(s: GoValue): GoMap {
  try {
    return decodeToml(String(s), tomlTime);
  } catch (e) {
    return new Map([['Error', errorText(e)]]);
  }
}

// ---------------------------------------------------------------------------------------------

export const serializationFuncs: FuncMap = {
  toYaml: fn('toYaml', ['interface {}'], 'string', toYaml),
  toYamlPretty: fn('toYamlPretty', ['interface {}'], 'string', toYamlPretty),
  fromYaml: fn('fromYaml', ['string'], 'map[string]interface {}', fromYaml),
  fromYamlArray: fn('fromYamlArray', ['string'], '[]interface {}', fromYamlArray),
  toJson: fn('toJson', ['interface {}'], 'string', toJson),
  mustToJson: fn('mustToJson', ['interface {}'], 'string', (v) => marshalJSON(v)),
  fromJson: fn('fromJson', ['string'], 'map[string]interface {}', fromJson),
  fromJsonArray: fn('fromJsonArray', ['string'], '[]interface {}', fromJsonArray),
  toPrettyJson: fn('toPrettyJson', ['interface {}'], 'string', toPrettyJson),
  mustToPrettyJson: fn('mustToPrettyJson', ['interface {}'], 'string', (v) => marshalIndentJSON(v, '', '  ')),
  toRawJson: fn('toRawJson', ['interface {}'], 'string', (v) => marshalJSON(v, { escapeHTML: false })),
  mustToRawJson: fn('mustToRawJson', ['interface {}'], 'string', (v) =>
    marshalJSON(v, { escapeHTML: false }),
  ),
  mustFromJson: fn('mustFromJson', ['string'], 'interface {}', (s) => unmarshalJSON(String(s))),
  toToml: fn('toToml', ['interface {}'], 'string', toToml),
  fromToml: fn('fromToml', ['string'], 'map[string]interface {}', fromToml),
};
