export { coalesceTables, coalesceValues, deepCopy, mergeValues, GLOBAL_KEY } from './coalesce.ts';
export { mergeMaps, mergeUserValues, NO_VALUE_OPTIONS, readValuesFile, type ValueOptions } from './user-values.ts';
export { asValues, VALUES_TYPE, valuesPathValue, valuesTable } from './values-type.ts';
export { prepareRenderValues, type PrepareOptions } from './render-values.ts';
export { parseStrvals, type StrvalsKind } from './strvals.ts';
