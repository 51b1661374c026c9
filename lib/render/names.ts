/** Release name rules (chartutil.ValidateReleaseName). */

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_RELEASE_NAME_LENGTH = 53;

export function validateReleaseName(name: string): void {
  if (name === '' || name.length > MAX_RELEASE_NAME_LENGTH || !RELEASE_NAME.test(name)) {
    throw new Error(`release name "${name}": invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`);
  }
}
