/** Error helpers shared by the actions: Go-style wrapping and hashicorp multierror texts, as Helm prints them. */
import { quote } from '../go/strconv.ts';
import { INVALID_RELEASE_NAME, isValidReleaseName } from '../render/names.ts';

export { isValidReleaseName };

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** errors.Wrap / fmt.Errorf("%s: %w"): `msg: cause`, keeping the cause. */
export function wrapError(msg: string, cause: unknown): Error {
  return new Error(`${msg}: ${messageOf(cause)}`, { cause });
}

/** hashicorp/go-multierror's format: `N error(s) occurred:\n\t* e1\n\t* e2\n\n`. */
export function multiError(errs: readonly unknown[]): Error {
  const lines = errs.map((e) => `\t* ${messageOf(e)}`).join('\n');
  const head = errs.length === 1 ? '1 error occurred' : `${errs.length} errors occurred`;
  return new Error(`${head}:\n${lines}\n\n`, { cause: errs[0] });
}

/**
 * Checks a release name the way each verb words it: install `release name "<n>": <rule>`, the
 * others `<prefix><n>` (e.g. `uninstall: Release name is invalid: `).
 */
export function checkReleaseName(name: string, prefix: string | null): void {
  if (name === '') throw new Error('no name provided');
  if (isValidReleaseName(name)) return;
  if (prefix === null) throw new Error(`release name ${quote(name)}: ${INVALID_RELEASE_NAME}`);
  throw new Error(`${prefix}${name}`);
}
