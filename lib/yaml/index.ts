/**
 * Helm-compatible YAML: reading (sigs.k8s.io/yaml.Unmarshal semantics) and byte-exact writing
 * (go-yaml v2 via sigs.k8s.io/yaml.Marshal for `toYaml`, go-yaml v3 for `toYamlPretty`).
 */
export { decodeYaml, parseYaml, parseYamlArray, YamlError } from './reader.ts';
export { marshalYamlV2, marshalYamlV3 } from './encode.ts';
export { emitDocument, V2_OPTIONS, V3_OPTIONS } from './emitter.ts';
export type { EmitterOptions, ScalarStyle, YamlNode } from './emitter.ts';
export { canUsePlain, isBase60Float, isTimestamp, resolvePlain, resolvePlainV3 } from './resolve.ts';
export type { Resolved } from './resolve.ts';
export { compareYamlKeys, yamlKeyLess } from './sort.ts';
export { formatFloatG, formatFloatJSON } from './float.ts';
