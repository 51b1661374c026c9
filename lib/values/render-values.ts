/**
 * From user values to the `.Values` templates see, in the order `helm install`/`template`
 * runs it: dependency processing against the user values (ProcessDependenciesWithMerge,
 * which mutates the chart), coalescing with chart defaults (ToRenderValues), then schema
 * validation of the coalesced values unless skipped.
 */
import type { Chart } from '../chart/index.ts';
import type { GoMap } from '../go/value.ts';
import { coalesceValues } from './coalesce.ts';
import { processDependencies } from './dependencies.ts';
import { stderrWarn, type Warn } from '../go/log.ts';
import { validateValuesAgainstSchemas } from './schema.ts';

export interface PrepareOptions {
  readonly skipSchemaValidation: boolean;
  /** Where chartutil's log lines go (stderr by default, as Helm's). */
  readonly warn?: Warn;
}

export function prepareRenderValues(chart: Chart, userValues: GoMap, opts: PrepareOptions): GoMap {
  const warn = opts.warn ?? stderrWarn;
  processDependencies(chart, userValues, warn);
  const values = coalesceValues(chart, userValues, warn);
  if (!opts.skipSchemaValidation) validateValuesAgainstSchemas(chart, values);
  return values;
}
