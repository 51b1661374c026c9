#!/usr/bin/env node
// Benchmarks `slipway template` against the real helm on the conformance corpus.
//
//  1. Whole process: for every deterministic scenario that helm renders successfully, run
//     `slipway template` and `helm template` alternately (ROUNDS each), keep the best wall time
//     and the peak RSS of each; report per-chart ratios and the total-time ratio.
//  2. Warm in-process: load and render each chart in this process REPEAT times (what a warm
//     Lambda does) and compare the per-render time with helm's whole-process time.
//
// Usage: npm run bench [-- --filter REGEX] [--rounds N] [--repeat N]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.SLIPWAY_SHARED ?? resolve(root, '..', 'shared');
const corpus = join(shared, 'conformance', 'charts');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const filter = new RegExp(opt('filter', '.'));
const rounds = Number(opt('rounds', 3));
const repeat = Number(opt('repeat', 20));

const helm = execFileSync(join(shared, 'tools', 'helm-oracle'), ['v3'], { encoding: 'utf8' }).trim();
// A private build of the current sources: a build or clean of dist/ by anything else running in
// this checkout cannot pull chunks from under a measurement.
const buildDir = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
process.on('exit', () => rmSync(buildDir, { recursive: true, force: true }));
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', buildDir], {
  stdio: 'inherit',
});
const cli = join(buildDir, 'cli.js');
const loadBefore = loadavg()[0];

const scenarios = readFileSync(join(corpus, 'cases.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([kase, scenario, release, namespace, flags, , , , mode, expect]) => ({
    id: `${kase}/${scenario}`,
    kase,
    cwd: join(corpus, kase),
    args: [
      release,
      'chart',
      '--namespace',
      namespace,
      '-f',
      `scenarios/${scenario}.yaml`,
      ...(flags === '-' ? [] : flags.split(/\s+/)),
    ],
    mode,
    expect,
  }))
  .filter((s) => s.mode === 'deterministic' && s.expect === 'ok' && filter.test(s.id));

/** Runs a command under /usr/bin/time; returns wall ms and peak RSS in KiB, or null when it fails. */
function measure(cmd, cmdArgs, cwd) {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...cmdArgs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - start;
  if (r.status !== 0) return { failed: r.stderr.slice(-500) };
  const rss = Number(r.stderr.trim().split('\n').pop());
  return { ms, rss };
}

const byChart = new Map();
let totalSlipway = 0;
let totalHelm = 0;
let peakSlipway = 0;
let peakHelm = 0;
const measured = [];
for (const s of scenarios) {
  let bestS = Infinity;
  let bestH = Infinity;
  let helmFails = false;
  for (let i = 0; i < rounds && !helmFails; i++) {
    const b = measure(helm, ['template', ...s.args], s.cwd);
    // Scenarios this copy of the corpus cannot reproduce (e.g. vendored dependencies missing)
    // fail for helm too; they are left out, as scripts/test.mjs leaves them out.
    if (b.failed !== undefined) {
      helmFails = true;
      break;
    }
    const a = measure(process.execPath, [cli, 'template', ...s.args], s.cwd);
    if (a.failed !== undefined)
      throw new Error(`slipway template ${s.args.join(' ')} failed in ${s.cwd}: ${a.failed}`);
    bestS = Math.min(bestS, a.ms);
    bestH = Math.min(bestH, b.ms);
    peakSlipway = Math.max(peakSlipway, a.rss);
    peakHelm = Math.max(peakHelm, b.rss);
  }
  if (helmFails) {
    console.log(`left out: ${s.id} (the reference helm fails it on this copy of the corpus)`);
    continue;
  }
  measured.push(s);
  totalSlipway += bestS;
  totalHelm += bestH;
  const c = byChart.get(s.kase) ?? { slipway: 0, helm: 0 };
  c.slipway += bestS;
  c.helm += bestH;
  byChart.set(s.kase, c);
}

console.log('whole-process `template` (best of %d rounds, alternating), helm time / slipway time:', rounds);
for (const [kase, c] of [...byChart].sort()) {
  console.log(
    `  ${kase.padEnd(32)} slipway ${c.slipway.toFixed(0).padStart(6)} ms  helm ${c.helm.toFixed(0).padStart(6)} ms  ratio ${(c.helm / c.slipway).toFixed(2)}x`,
  );
}
console.log(
  `total: slipway ${totalSlipway.toFixed(0)} ms, helm ${totalHelm.toFixed(0)} ms, ratio ${(totalHelm / totalSlipway).toFixed(2)}x over ${measured.length} scenarios`,
);
console.log(
  `peak RSS: slipway ${(peakSlipway / 1024).toFixed(1)} MiB, helm ${(peakHelm / 1024).toFixed(1)} MiB`,
);

// Start-up floors: what each process costs before any chart is read. slipway's floor (Node's
// own start plus loading the template command) bounds the whole-process ratio: even a render
// taking no time could not beat helm's total by more than helm total / (scenarios x floor).
const floor = (cmd, cmdArgs) => {
  let best = Infinity;
  for (let i = 0; i < Math.max(rounds, 5); i++) {
    const start = performance.now();
    spawnSync(cmd, cmdArgs, { encoding: 'utf8' });
    best = Math.min(best, performance.now() - start);
  }
  return best;
};
const nodeFloor = floor(process.execPath, ['-e', '0']);
const slipwayFloor = floor(process.execPath, [cli, 'template', '--help']);
const helmFloor = floor(helm, ['version']);
console.log(
  `start-up floors (best of ${Math.max(rounds, 5)}): node ${nodeFloor.toFixed(0)} ms, slipway without a chart ${slipwayFloor.toFixed(0)} ms, helm version ${helmFloor.toFixed(0)} ms; ` +
    `with renders taking no time slipway's total ratio would be at most ${(totalHelm / (measured.length * slipwayFloor)).toFixed(2)}x`,
);
console.log(`load average (1 min) at start and end: ${loadBefore.toFixed(1)}, ${loadavg()[0].toFixed(1)}`);

// Warm in-process renders.
const { loadChart } = await import('../lib/chart/index.ts');
const { templateChart } = await import('../lib/render/template.ts');
const { mergeUserValues, parseStrvals } = await import('../lib/values/index.ts');
let warmTotal = 0;
let warmCount = 0;
// The charts' warnings were shown by the whole-process runs; repeating them 20 times hides the figures.
const writeStderr = process.stderr.write.bind(process.stderr);
process.stderr.write = () => true;
for (const s of measured) {
  const [release, , , namespace, , valuesFile] = s.args;
  const extra = s.args.slice(6);
  if (extra.length > 0) continue; // scenarios with extra flags are covered by the whole-process run
  const chartDir = join(s.cwd, 'chart');
  const read = (p) => readFileSync(join(s.cwd, p), 'utf8');
  const render = () => {
    const chart = loadChart(chartDir);
    const values = mergeUserValues(
      { valueFiles: [valuesFile], set: [], setString: [], setFile: [], setJson: [], setLiteral: [] },
      parseStrvals,
      read,
    );
    return templateChart(chart, { releaseName: release, namespace, values });
  };
  render();
  const start = performance.now();
  for (let i = 0; i < repeat; i++) render();
  warmTotal += (performance.now() - start) / repeat;
  warmCount++;
}
process.stderr.write = writeStderr;
const helmPerScenario = totalHelm / measured.length;
const warmPer = warmTotal / Math.max(warmCount, 1);
console.log(
  `warm in-process render (load + values + render, ${repeat} repeats): ${warmPer.toFixed(1)} ms per scenario over ${warmCount} scenarios; helm process ${helmPerScenario.toFixed(1)} ms; ratio ${(helmPerScenario / warmPer).toFixed(1)}x`,
);
