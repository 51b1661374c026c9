/**
 * Helm's chartutil logs warnings with Go's `log` package, configured by the helm binary with
 * `log.Lshortfile` only: each line reads `coalesce.go:298: warning: …` on stderr. The
 * source positions are Helm v3.17.3's and are part of the observable output.
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
