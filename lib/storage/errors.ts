/** Storage errors, with Helm's texts (pkg/storage/driver/driver.go) where Helm has one. */

/** Helm's ErrReleaseNotFound. */
export class ReleaseNotFoundError extends Error {
  constructor(message = 'release: not found') {
    super(message);
    this.name = 'ReleaseNotFoundError';
  }
}

/** Helm's ErrReleaseExists; `key` names the record another writer created first. */
export class ReleaseExistsError extends Error {
  readonly key: string;
  constructor(key: string, message = 'release: already exists') {
    super(message);
    this.name = 'ReleaseExistsError';
    this.key = key;
  }
}

/** Helm's StorageDriverError wrapping ErrNoDeployedReleases: `"<name>" has no deployed releases`. */
export class NoDeployedReleasesError extends Error {
  readonly releaseName: string;
  constructor(releaseName: string) {
    super(`${JSON.stringify(releaseName)} has no deployed releases`);
    this.name = 'NoDeployedReleasesError';
    this.releaseName = releaseName;
  }
}

/** A conditional write (resourceVersion precondition) lost to another writer. */
export class ConflictError extends Error {
  readonly key: string;
  constructor(key: string, detail: string) {
    super(`the object ${JSON.stringify(key)} has been modified; ${detail}`);
    this.name = 'ConflictError';
    this.key = key;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ReleaseNotFoundError || (err instanceof Error && err.message.includes('not found'));
}

/** Go's errors.Wrap rendering: `msg: cause`. */
export function wrapError(msg: string, cause: unknown): Error {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${msg}: ${text}`, { cause });
}
