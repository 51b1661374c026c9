#!/usr/bin/env node
// The whole test suite: build, type-check, lint, unit tests, then the conformance runners.
// Every stage streams its output; the last line sums all stages as "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.SLIPWAY_SHARED ?? resolve(root, '..', 'shared');
const conformance = join(shared, 'conformance');
const cli = [process.execPath, join(root, 'dist', 'cli.js'), 'template'];
const runCharts = join(conformance, 'run-charts');

const stages = [
  { name: 'build', cmd: ['node', 'scripts/build.mjs'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'lint', cmd: ['npx', 'eslint', '.'] },
  {
    name: 'unit',
    cmd: ['node', '--test', '--test-reporter=spec', 'test/**/*.test.ts'],
    count: 'node',
  },
  {
    name: 'template vectors',
    cmd: [join(conformance, 'run-templates'), '--cases', join(conformance, 'templates'), '--', ...cli],
    count: 'runner',
    needs: conformance,
  },
  {
    name: 'chart corpus',
    // Built lazily: only scenarios the reference helm reproduces in this run are compared.
    cmd: async () => [
      runCharts,
      '--timeout',
      '600',
      '--filter',
      await scenariosHelmReproduces(),
      '--',
      ...cli,
    ],
    count: 'runner',
    needs: conformance,
  },
];

/**
 * The chart corpus is only as good as its copy on this machine: a scenario whose fixture is
 * incomplete here (e.g. vendored dependencies lost to a chart's own .gitignore) fails for the
 * real helm too. Run the reference helm first and compare slipway on what helm reproduces,
 * naming every scenario left out.
 */
async function scenariosHelmReproduces() {
  const helm = (await run([join(shared, 'tools', 'helm-oracle'), 'v3'], { quiet: true })).out.trim();
  const all = (await run([runCharts, '--list'], { quiet: true })).out.split('\n').filter(Boolean);
  const reference = await run([runCharts, '--timeout', '600', '--', helm, 'template'], { quiet: true });
  const broken = new Set([...reference.out.matchAll(/^(?:FAIL|ERROR) ([^:\s]+)/gm)].map((m) => m[1]));
  for (const id of broken)
    console.log(`left out: ${id} (the reference helm fails it on this copy of the corpus)`);
  const kept = all.filter((id) => !broken.has(id));
  return `^(${kept.map((id) => id.replace(/[.+*?()[\]{}|^$\\]/g, '\\$&')).join('|')})$`;
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failedStages = [];

for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  if (stage.needs && !existsSync(stage.needs)) {
    console.error(`test: ${stage.name}: ${stage.needs} is missing (shared/ must sit beside the checkout)`);
    failed++;
    failedStages.push(stage.name);
    continue;
  }
  console.log(`\n== ${stage.name}`);
  const cmd = typeof stage.cmd === 'function' ? await stage.cmd() : stage.cmd;
  const { code, out } = await run(cmd);
  if (stage.count === 'node') {
    passed += Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
    failed += Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? 0);
  } else if (stage.count === 'runner') {
    const m = /^(\d+) passed, (\d+) failed$/m.exec(out);
    passed += Number(m?.[1] ?? 0);
    failed += Number(m?.[2] ?? 0);
  } else if (code === 0) {
    passed++;
  }
  if (code !== 0) {
    if (!stage.count) failed++;
    failedStages.push(stage.name);
  }
}

if (failedStages.length > 0) console.log(`\nfailed stages: ${failedStages.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages.length > 0 ? 1 : 0);

function run(cmd, { quiet = false } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      cwd: root,
      stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!quiet) process.stdout.write(chunk);
    });
    child.on('close', (code) => resolvePromise({ code: code ?? 1, out }));
  });
}
