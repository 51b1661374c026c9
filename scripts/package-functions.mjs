#!/usr/bin/env node
// Bundles each Lambda handler (functions/<name>.ts) with esbuild into one minified ESM file and
// zips it as dist/functions/<name>.zip, the `artifact` serverless.yml deploys. Zips are
// reproducible: one entry `index.mjs`, fixed timestamps and permissions, so an unchanged bundle
// gives a byte-identical artifact and CloudFormation sees no change.
//
//   node scripts/package-functions.mjs [--out DIR] [NAME...]
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every handler serverless.yml names; each exports `handler`. */
export const FUNCTIONS = ['chart-uploaded', 'install', 'upgrade', 'rollback', 'uninstall', 'release-api'];

/** Bundles and zips the named functions; returns `{ name, zip, bundleBytes, zipBytes }` per function. */
export async function packageFunctions({ outDir = resolve(root, 'dist/functions'), names = FUNCTIONS } = {}) {
  const unknown = names.filter((n) => !FUNCTIONS.includes(n));
  if (unknown.length > 0)
    throw new Error(`unknown function(s): ${unknown.join(', ')} (known: ${FUNCTIONS.join(', ')})`);
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(names.map((n) => [`${n}/index`, resolve(root, 'functions', `${n}.ts`)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Bundled rather than taken from the runtime: the SDK and client versions are the tested ones.
    external: [],
    minify: true,
    keepNames: true,
    sourcemap: 'external',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // CommonJS dependencies bundled into ESM still call require() for Node builtins.
    banner: {
      js: "import { createRequire as __slipwayRequire } from 'node:module'; const require = __slipwayRequire(import.meta.url);",
    },
  });
  const out = [];
  for (const name of names) {
    const bundlePath = resolve(outDir, name, 'index.mjs');
    const bundle = await readFile(bundlePath);
    const zip = zipSingleFile('index.mjs', bundle);
    const zipPath = resolve(outDir, `${name}.zip`);
    await rm(zipPath, { force: true });
    await writeFile(zipPath, zip);
    out.push({ name, zip: zipPath, bundleBytes: bundle.length, zipBytes: zip.length });
  }
  await writeFile(resolve(outDir, 'meta.json'), JSON.stringify(result.metafile));
  return out;
}

// ZIP (APPNOTE 6.3) with one deflated entry, written by hand so packaging needs no archiver.
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;

export function zipSingleFile(name, data) {
  const nameBytes = Buffer.from(name, 'utf8');
  const deflated = deflateRawSync(data, { level: 9 });
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: deflate
  local.writeUInt16LE(0x0800, 6); // UTF-8 names
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0, 10); // time 00:00:00
  local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode in the external attributes counts
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(0, 12);
  central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(UNIX_FILE_0644, 38);
  central.writeUInt32LE(0, 42); // local header offset
  const centralOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let outDir;
  const names = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') outDir = resolve(args[++i] ?? '');
    else names.push(args[i]);
  }
  const started = Date.now();
  const results = await packageFunctions({
    ...(outDir ? { outDir } : {}),
    ...(names.length ? { names } : {}),
  });
  for (const r of results) {
    console.log(
      `${r.name.padEnd(16)} ${(r.zipBytes / 1024).toFixed(0).padStart(6)} KiB zipped  ${(r.bundleBytes / 1024).toFixed(0).padStart(6)} KiB bundle`,
    );
  }
  console.log(`packaged ${results.length} functions in ${Date.now() - started} ms`);
}
