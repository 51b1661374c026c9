/**
 * Go's `log` package as the helm binary configures it (`log.Lshortfile` only): each line reads
 * `coalesce.go:298: warning: …` on stderr. Helm's loader, chartutil and manifest sorter log
 * this way; the source positions are Helm v3.17.3's and are part of the observable output.
 */

/** Receives one complete log line (without the trailing newline). */
export type Warn = (line: string) => void;

export const stderrWarn: Warn = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Formats a log line as Helm's `log.Printf` at `file:line` prints it. */
export function logLine(file: string, line: number, message: string): string {
  return `${file}:${line}: ${message}`;
}
