/** `template` run by slipway (in this process) and by the real helm, for differential CLI tests. */
import { spawnSync } from 'node:child_process';
import { runTemplate } from '../../lib/cli/template.ts';
import { oracleBinary } from '../kube-emulator/helpers.ts';

const helm = oracleBinary('helm');

export interface Run {
  readonly code: number;
  /** stdout and stderr, in that order. */
  readonly out: string;
}

export function slipwayTemplate(args: readonly string[]): Run {
  let out = '';
  const code = runTemplate(
    args,
    (s) => (out += s),
    (s) => (out += s),
  );
  return { code, out };
}

/** helm with a clean environment: only PATH, and HOME set to `home` (no repositories, no kubeconfig). */
export function helmTemplate(args: readonly string[], home: string): Run {
  const r = spawnSync(helm, ['template', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  return { code: r.status ?? 1, out: r.stdout + r.stderr };
}
