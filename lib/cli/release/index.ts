/** The release commands of slipway's CLI (install, upgrade, rollback, uninstall, status, history, list, get, test) and helm's output for them. */
export {
  ROLLBACK_SUCCESS,
  cancelledLine,
  formatGetAll,
  formatHistory,
  formatHooks,
  formatList,
  formatManifest,
  formatMetadata,
  formatNotes,
  formatStatus,
  formatStatusAs,
  formatValues,
  historyEntries,
  installingNowLine,
  listElements,
  parseOutputFormat,
  releaseJSON,
  releaseYAML,
  uninstalledLines,
  upgradedLine,
  withoutChart,
} from './format.ts';
export type { HistoryEntry, ListElement, ListFormatOptions, OutputFormat, StatusOptions } from './format.ts';
export { formatTable } from './table.ts';
export { RELEASE_COMMANDS, runReleaseCommand } from './run.ts';
export type { Output } from './session.ts';
