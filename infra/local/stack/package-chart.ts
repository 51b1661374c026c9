/** Packages a chart directory into a `.tgz` in memory, as `helm package` lays it out (`<name>/…`). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { create } from 'tar';

export interface PackageOverrides {
  /** Replaces Chart.yaml's `version:` line (the demo's "new version"). */
  version?: string;
  /** Extra or replaced files, by path inside the chart. */
  files?: Record<string, string>;
}

export async function packageChart(chartDir: string, overrides: PackageOverrides = {}): Promise<Buffer> {
  const staging = mkdtempSync(join(tmpdir(), 'slipway-package-'));
  const name = basename(chartDir);
  try {
    const root = join(staging, name);
    cpSync(chartDir, root, { recursive: true });
    if (overrides.version !== undefined) {
      const chartYaml = join(root, 'Chart.yaml');
      const text = readFileSync(chartYaml, 'utf8');
      if (!/^version:.*$/m.test(text)) throw new Error(`${chartYaml}: no version line to replace`);
      writeFileSync(chartYaml, text.replace(/^version:.*$/m, `version: ${overrides.version}`));
    }
    for (const [path, text] of Object.entries(overrides.files ?? {})) writeFileSync(join(root, path), text);
    const chunks: Buffer[] = [];
    const stream = create({ gzip: true, cwd: staging, portable: true }, [name]);
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
