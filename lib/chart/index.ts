export { loadArchiveFiles } from './archive.ts';
export { loadDirectoryFiles } from './directory.ts';
export { ChartLoadError } from './errors.ts';
export { IgnoreRules } from './ignore.ts';
export * from './limits.ts';
export { loadArchive, loadChart, loadFiles } from './load.ts';
export { decodeDependency, decodeMetadata, validateMetadata } from './metadata.ts';
export * from './model.ts';
