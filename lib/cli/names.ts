/** Helm's --generate-name: `<chart base name>-<unix seconds>`. */
import { basename } from 'node:path';

export function generateName(chartPath: string): string {
  const base = basename(chartPath.replace(/\/+$/, '')).replace(/\.tgz$/, '').replace(/-\d+\.\d+\.\d+.*$/, '');
  return `${base}-${Math.floor(Date.now() / 1000)}`;
}
