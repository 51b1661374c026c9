#!/usr/bin/env node
// Bundles the CLI (and later the Lambda handlers) with esbuild. Type-checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node builtins reached through require() instead of ESM imports: an ESM import of a builtin
 * builds a facade that reads every export, and node:http's lazy getters then load undici
 * (~0.1 s) at startup although only the kube emulator ever uses http.
 */
function builtinsViaRequire() {
  return {
    name: 'builtins-via-require',
    setup(b) {
      b.onResolve({ filter: /^[a-z:_/]+$/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        return args.namespace === 'builtin-shim' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin-shim' };
      });
      b.onLoad({ filter: /.*/, namespace: 'builtin-shim' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** Heavy dependencies most renders never touch: their module bodies run on first use only. */
const LAZY_PACKAGES = ['@peculiar/asn1-schema', '@peculiar/asn1-x509', 'bcryptjs', 'ajv', 'ajv-formats', 'ajv-formats/dist/formats.js', 'tar', '@kubernetes/client-node'];

/**
 * Imports of `packages` from lib/ go through a CommonJS stand-in whose exports are a proxy:
 * the real package is bundled as usual but initialised on the first property read. The
 * export names are read at build time, so esbuild's interop (which lists them) stays lazy.
 */
function lazyPackages(packages) {
  const requireFromRoot = createRequire(resolve(root, 'package.json'));
  const libDir = resolve(root, 'lib') + sep;
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${packages.map(escape).join('|')})$`) }, (args) =>
        args.namespace === 'file' && args.importer.startsWith(libDir) ? { path: args.path, namespace: 'lazy-package' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const real = requireFromRoot(args.path);
        const keys = Object.keys(real);
        const esModule = real.__esModule === true;
        return {
          resolveDir: root,
          loader: 'js',
          contents: `
let real;
const load = () => (real ??= require(${JSON.stringify(args.path)}));
const keys = ${JSON.stringify(keys)};
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? ${esModule} : load()[key]),
  has: (_, key) => key in load(),
  ownKeys: () => keys,
  getOwnPropertyDescriptor: (_, key) =>
    keys.includes(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined,
});`,
        };
      });
    },
  };
}

// Chunk names carry content hashes: clear the old ones.
await rm(resolve(root, 'dist/chunks'), { recursive: true, force: true });
await build({
  entryPoints: { 'slipway-cli': resolve(root, 'lib/cli/main.ts') },
  outdir: resolve(root, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Commands reached through dynamic imports (release, pipeline, local services) become chunks
  // of their own: `template` then reads and compiles ~1 MB instead of the whole 5 MB CLI.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  plugins: [builtinsViaRequire(), lazyPackages(LAZY_PACKAGES)],
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
