#!/usr/bin/env node
// Bundles the CLI (and later the Lambda handlers) with esbuild. Type-checking is `npm run typecheck`.
import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: { 'slipway-cli': resolve(root, 'lib/cli/main.ts') },
  outdir: resolve(root, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  minify: true,
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node builtins.
  banner: {
    js: "import { createRequire as __slipwayRequire } from 'node:module'; const require = __slipwayRequire(import.meta.url);",
  },
});

// dist/cli.js is a small loader: it turns on V8's on-disk compile cache before the bundle is
// compiled, so repeated runs skip parsing and compiling the bundle.
await writeFile(
  resolve(root, 'dist/cli.js'),
  "import * as nodeModule from 'node:module';\nnodeModule.enableCompileCache?.();\nawait import('./slipway-cli.js');\n",
);
