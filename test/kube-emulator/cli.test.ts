/** `slipway local kube`: kubeconfig written, exactly one `ready <url>` line, clean stop on SIGTERM/SIGINT, --state kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeRequest } from './helpers.ts';

const runner = join(import.meta.dirname, 'fixtures', 'run-local-kube.ts');

interface Running {
  url: string;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }>;
}

function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [runner, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /^ready (\S+)\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: async (signal) => {
            child.kill(signal);
            const code = await exited;
            return { code, stdout };
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code} before ready; stderr: ${stderr}`)));
  });
}

test('serves until SIGTERM, with a kubeconfig for the printed url', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-local-kube-'));
  const kubeconfig = join(dir, 'kube', 'config');
  const running = await startCli(['local', 'kube', '--port', '0', '--kubeconfig', kubeconfig]);
  assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const text = readFileSync(kubeconfig, 'utf8');
  assert.ok(text.includes(`server: ${running.url}`));
  assert.ok(text.includes('insecure-skip-tls-verify: true'));
  assert.ok(text.includes('current-context: slipway-local'));
  assert.equal(statSync(kubeconfig).mode & 0o077, 0, 'kubeconfig is private');
  assert.equal((await kubeRequest(running.url, 'GET', '/version')).status, 200);
  const { code, stdout } = await running.stop('SIGTERM');
  assert.equal(code, 0);
  assert.equal(stdout, `ready ${running.url}\n`, 'exactly one line');
});

test('--state keeps objects across runs; SIGINT stops cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-local-kube-'));
  const args = ['--kubeconfig', join(dir, 'config'), '--state', join(dir, 'state.json')];
  const first = await startCli(args);
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'persisted' }, data: { a: 'b' } };
  assert.equal(
    (await kubeRequest(first.url, 'POST', '/api/v1/namespaces/default/configmaps', cm)).status,
    201,
  );
  assert.equal((await first.stop('SIGINT')).code, 0);
  const second = await startCli(args);
  const got = await kubeRequest(second.url, 'GET', '/api/v1/namespaces/default/configmaps/persisted');
  assert.equal(got.status, 200);
  assert.deepEqual(got.json.data, { a: 'b' });
  assert.equal((await second.stop('SIGTERM')).code, 0);
});

test('a missing --kubeconfig is a usage error', async () => {
  const child = spawn(process.execPath, [runner, 'local', 'kube'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /Error: --kubeconfig is required\nusage: slipway local kube/);
});

test('a corrupt --state file is reported, not thrown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-local-kube-'));
  const state = join(dir, 'state.json');
  writeFileSync(state, '{not json');
  const child = spawn(process.execPath, [runner, '--kubeconfig', join(dir, 'config'), '--state', state], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /^Error: kube emulator: cannot load state file .*state\.json: /);
});
