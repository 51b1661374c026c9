#!/usr/bin/env node
// Bundles the CLI (and later the Lambda handlers) with esbuild. Type-checking is `npm run typecheck`.
import { build } from 'esbuild';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node builtins reached through require() instead of ESM imports: an ESM import of a builtin
 * builds a facade that reads every export, and node:http's lazy getters then load undici
 * (~0.1 s) at startup although only the kube emulator ever uses http. The builtins of
 * LAZY_BUILTINS are required on first use only (node:crypto alone loads ~20 internal modules).
 */
function builtinsViaRequire(lazy) {
  return {
    name: 'builtins-via-require',
    setup(b) {
      b.onResolve({ filter: /^[a-z:_/]+$/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        return args.namespace === 'builtin-shim'
          ? { path: args.path, external: true }
          : { path: args.path, namespace: 'builtin-shim' };
      });
      b.onLoad({ filter: /.*/, namespace: 'builtin-shim' }, (args) => {
        const loader = `require(${JSON.stringify(args.path)})`;
        if (!lazy.includes(args.path)) return { contents: `module.exports = ${loader};`, loader: 'js' };
        return {
          contents: lazyModuleSource(loader, Object.keys(requireFromRoot(args.path)), false),
          loader: 'js',
        };
      });
    },
  };
}

/** Builtins the template command reaches only through rarely used functions (crypto, .tgz charts). */
const LAZY_BUILTINS = ['node:crypto', 'crypto', 'node:zlib', 'zlib'];

const requireFromRoot = createRequire(resolve(root, 'package.json'));

/**
 * A CommonJS stand-in whose exports are a proxy that evaluates `loader` on the first property
 * read. The export names are given at build time, so esbuild's interop (which lists them) stays
 * lazy.
 */
function lazyModuleSource(loader, keys, esModule) {
  return `
let real;
const load = () => (real ??= ${loader});
const keys = ${JSON.stringify(keys)};
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? ${esModule} : load()[key]),
  has: (_, key) => key in load(),
  ownKeys: () => keys,
  getOwnPropertyDescriptor: (_, key) =>
    keys.includes(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined,
});`;
}

/**
 * Heavy dependencies `template` rarely touches, grouped with the packages they share code with.
 * Each group is bundled into a CommonJS file of its own (dist/chunks/lazy-<group>.cjs) that is
 * read only when one of its packages is first used: a render without a .tgz, crypto functions,
 * an uncommon schema or YAML the fast reader declines never reads or compiles them.
 */
const LAZY_GROUPS = {
  ajv: ['ajv', 'ajv-formats', 'ajv-formats/dist/formats.js'],
  x509: ['@peculiar/asn1-schema', '@peculiar/asn1-x509'],
  bcrypt: ['bcryptjs'],
  tar: ['tar'],
  yaml: ['yaml'],
};

/** Needed by release commands only, which are chunks of their own: bundled there, initialised on first use. */
const LAZY_PACKAGES = ['@kubernetes/client-node'];

/**
 * Imports of lazy packages from lib/ go through a lazy stand-in (lazyModuleSource) that loads
 * the real package on the first property read: from its group file (LAZY_GROUPS) or from the
 * bundle itself (LAZY_PACKAGES).
 */
function lazyPackages(groups, inBundle) {
  const libDir = resolve(root, 'lib') + sep;
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const groupOf = new Map(
    Object.entries(groups).flatMap(([group, names]) => names.map((name) => [name, group])),
  );
  const all = [...groupOf.keys(), ...inBundle];
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${all.map(escape).join('|')})$`) }, (args) =>
        args.namespace === 'file' && args.importer.startsWith(libDir)
          ? { path: args.path, namespace: 'lazy-package' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const real = requireFromRoot(args.path);
        const group = groupOf.get(args.path);
        const loader =
          group === undefined
            ? `require(${JSON.stringify(args.path)})`
            : `__slipwayLazy(${JSON.stringify(group)}, ${JSON.stringify(args.path)})`;
        return {
          resolveDir: root,
          loader: 'js',
          contents: lazyModuleSource(loader, Object.keys(real), real.__esModule === true),
        };
      });
    },
  };
}

// `--outdir DIR` builds elsewhere than dist/ (the benchmark builds a private copy).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag >= 0 ? resolve(process.argv[outdirFlag + 1]) : resolve(root, 'dist');
if (outdir !== resolve(root, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await writeFile(resolve(outdir, 'package.json'), '{ "type": "module" }\n');
}

const cli = await build({
  entryPoints: { 'slipway-cli': resolve(root, 'lib/cli/main.ts') },
  outdir,
  metafile: true,
  absWorkingDir: root,
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
  plugins: [builtinsViaRequire(LAZY_BUILTINS), lazyPackages(LAZY_GROUPS, LAZY_PACKAGES)],
  minify: true,
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node builtins;
  // __slipwayLazy loads a lazy group from dist/chunks/ (this file may be the entry or a chunk).
  banner: {
    js: [
      "import { createRequire as __slipwayRequire } from 'node:module';",
      'const require = __slipwayRequire(import.meta.url);',
      "const __slipwayLazy = (group, name) => require(`${/\\/chunks\\/[^/]*$/.test(import.meta.url) ? '.' : './chunks'}/lazy-${group}.cjs`)[name]();",
    ].join(' '),
  },
});

for (const [group, names] of Object.entries(LAZY_GROUPS)) {
  await build({
    stdin: {
      contents: `module.exports = {${names.map((n) => `${JSON.stringify(n)}: () => require(${JSON.stringify(n)})`).join(', ')}};`,
      resolveDir: root,
      loader: 'js',
    },
    outfile: resolve(outdir, `chunks/lazy-${group}.cjs`),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

// dist/cli.js is a small loader: it turns on V8's on-disk compile cache before the bundle is
// compiled, so repeated runs skip parsing and compiling the bundle.
await writeFile(
  resolve(outdir, 'cli.js'),
  "import * as nodeModule from 'node:module';\nnodeModule.enableCompileCache?.();\nawait import('./slipway-cli.js');\n",
);

// Chunk names carry content hashes: remove the chunks of earlier builds, after this one is
// complete (a process started from the previous build keeps its files until now).
const current = new Set([
  ...Object.keys(cli.metafile.outputs).map((f) => resolve(root, f)),
  ...Object.keys(LAZY_GROUPS).map((group) => resolve(outdir, `chunks/lazy-${group}.cjs`)),
]);
for (const name of await readdir(resolve(outdir, 'chunks'))) {
  const file = resolve(outdir, 'chunks', name);
  if (!current.has(file)) await rm(file, { force: true });
}
