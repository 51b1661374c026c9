export { coalesceTables, coalesceValues, deepCopy, mergeTables, mergeValues, GLOBAL_KEY } from './coalesce.ts';
export { checkDependencies, isCompatibleRange, processDependencies } from './dependencies.ts';
export { logLine, stderrWarn, type Warn } from '../go/log.ts';
export { mergeMaps, mergeUserValues, NO_VALUE_OPTIONS, readValuesFile, type ValueOptions } from './user-values.ts';
export { asValues, VALUES_TYPE, valuesPathValue, valuesTable } from './values-type.ts';
export { prepareRenderValues, type PrepareOptions } from './render-values.ts';
export { validateAgainstSingleSchema, validateValuesAgainstSchemas, MAX_SCHEMA_BYTES, MAX_SCHEMA_DEPTH } from './schema.ts';
export { parseStrvals, type StrvalsKind } from './strvals.ts';
