/** An error loading or validating a chart; the message names the offending file or field. */
export class ChartLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartLoadError';
  }
}
