/** Helm's release operations (pkg/action) over lib/kube and lib/storage, shared by the CLI, the Lambda handlers and the local stack. */
export type {
  Configuration,
  DryRun,
  InstallOptions,
  OperationOptions,
  OperationResult,
  RollbackOptions,
  Suspended,
  UninstallOptions,
  UninstallResult,
  UpgradeOptions,
} from './types.ts';
export { newConfiguration, defaultLeaseOwner, type ConfigurationOptions } from './configuration.ts';
export { install, installCrds } from './install.ts';
export { upgrade } from './upgrade.ts';
export { rollback } from './rollback.ts';
export { uninstall, RESOURCE_POLICY_ANNOTATION } from './uninstall.ts';
export { resumeOperation, type ResumeOptions } from './resume.ts';
export {
  status,
  history,
  historyEntry,
  type StatusOptions,
  type HistoryOptions,
  type HistoryEntry,
} from './status.ts';
export { list, parseSelector, type ListOptions, type ListState } from './list.ts';
export {
  getRelease,
  getValues,
  getManifest,
  getNotes,
  getHooks,
  getMetadata,
  type GetOptions,
  type ReleaseMetadata,
} from './get.ts';
export { runTests, testPodLogs, type TestOptions } from './test.ts';
export { execHooks, hooksFor, type HookRun } from './hooks.ts';
export {
  MANAGED_BY_LABEL,
  RELEASE_NAME_ANNOTATION,
  RELEASE_NAMESPACE_ANNOTATION,
  existingResources,
  ownershipError,
  withOwnership,
} from './validate.ts';
export { upgradeUserValues, storedChartAsChart, type ValueModes } from './values.ts';
export { renderForRelease, type ReleaseRender } from './render.ts';
export { DEFAULT_TIMEOUT_MS } from './pending.ts';
export { checkReleaseName, isValidReleaseName } from './errors.ts';
