/** Flags and helpers shared by push, send and invoke. */
import type { ReleaseTarget } from '../../pipeline/index.ts';
import { flagString, UsageError, type FlagSpec, type ParsedArgs } from '../args.ts';

export type Output = (text: string) => void;

export const TARGET_FLAGS: readonly FlagSpec[] = [
  { name: 'cluster', kind: 'string', help: 'the cluster, by its name in the cluster registry' },
  { name: 'namespace', short: 'n', kind: 'string', help: 'the release namespace' },
  { name: 'release', kind: 'string', help: 'the release name' },
];

export function requireTarget(args: ParsedArgs): ReleaseTarget {
  const missing = ['cluster', 'namespace', 'release'].filter((f) => !flagString(args, f));
  if (missing.length > 0)
    throw new UsageError(`required flag(s) ${missing.map((f) => `"${f}"`).join(', ')} not set`);
  return {
    cluster: flagString(args, 'cluster') as string,
    namespace: flagString(args, 'namespace') as string,
    release: flagString(args, 'release') as string,
  };
}

/** The given option flags as S3 metadata (`x-amz-meta-<flag>`); a flag not given is not sent. */
export function metadataFlags(args: ParsedArgs, specs: readonly FlagSpec[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const spec of specs) {
    const v = args.flags.get(spec.name);
    if (typeof v === 'boolean' || typeof v === 'string') metadata[spec.name] = String(v);
  }
  return metadata;
}
