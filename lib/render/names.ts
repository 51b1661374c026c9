/** Release name rules (chartutil.ValidateReleaseName). */
import { quote } from '../go/strconv.ts';

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_RELEASE_NAME_LENGTH = 53;

/** The validation text Helm gives (errInvalidName). */
export const INVALID_RELEASE_NAME = `invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than ${MAX_RELEASE_NAME_LENGTH}`;

export function isValidReleaseName(name: string): boolean {
  return name !== '' && name.length <= MAX_RELEASE_NAME_LENGTH && RELEASE_NAME.test(name);
}

/** As install and template check a name: `release name "<n>": <rule>`. */
export function validateReleaseName(name: string): void {
  // Helm keeps a separate message for the empty name (backwards compatibility).
  if (name === '') throw new Error(`release name ${quote(name)}: no name provided`);
  if (!isValidReleaseName(name)) throw new Error(`release name ${quote(name)}: ${INVALID_RELEASE_NAME}`);
}
