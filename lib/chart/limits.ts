/** Loader limits. The sizes are Helm v3.17.3's; the file count is slipway's own guard. */

/** Total decompressed size of a chart archive (Helm's MaxDecompressedChartSize). */
export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;

/** Size of one file (Helm's MaxDecompressedFileSize). */
export const MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024;

/** Entries in one archive: far above any real chart, low enough to stop header floods. */
export const MAX_ARCHIVE_ENTRIES = 20_000;

/** Compressed archive size accepted at all (a chart package is rarely above a few MiB). */
export const MAX_ARCHIVE_SIZE = 50 * 1024 * 1024;
