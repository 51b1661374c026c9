/**
 * `slipway local stack [--port N] [--kubeconfig F] [--no-demo] [--state DIR]`: the whole pipeline in
 * one process until SIGINT or SIGTERM. Prints the endpoints, one line per pipeline step, and writes
 * `.slipway/stack.json` for push, send and invoke.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, flagBool, flagString, UsageError, type FlagSpec } from '../../../lib/cli/args.ts';
import { defaultLayout } from './layout.ts';
import { progressPrinter, type ReleaseLookup } from './progress.ts';
import { pipelineFunctions } from './functions.ts';
import { runDemo } from './demo.ts';
import { startStack, type Stack } from './stack.ts';

const SPECS: readonly FlagSpec[] = [
  { name: 'port', kind: 'string', help: 'port of S3 and SQS (default: any free port)' },
  {
    name: 'kubeconfig',
    kind: 'string',
    help: "a real cluster's kubeconfig (default: the Kubernetes emulator)",
  },
  { name: 'no-demo', kind: 'bool', help: 'skip the demonstration on examples/hello' },
  { name: 'state', kind: 'string', help: "keep the emulated cluster's state in this directory" },
  { name: 'region', kind: 'string', help: 'the AWS region the stack pretends to be (default us-east-1)' },
];

const USAGE = `Usage:
  slipway local stack [flags]

Flags:
${SPECS.map((s) => `  --${s.name.padEnd(12)} ${s.help}`).join('\n')}
`;

/** examples/hello of this checkout: beside the working directory, or above this module (src or dist). */
function findExampleChart(): string {
  const candidates = [resolve('examples/hello')];
  for (let dir = dirname(fileURLToPath(import.meta.url)), i = 0; i < 5; i++, dir = dirname(dir)) {
    candidates.push(join(dir, 'examples', 'hello'));
  }
  return candidates.find((c) => existsSync(join(c, 'Chart.yaml'))) ?? candidates[0];
}

export async function runLocalStack(argv: string[]): Promise<number> {
  const out = (s: string): void => void process.stdout.write(s);
  let port = 0;
  let args;
  try {
    if (argv.includes('-h') || argv.includes('--help')) {
      out(USAGE);
      return 0;
    }
    args = parseArgs(argv, SPECS);
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const p = flagString(args, 'port');
    if (p !== undefined) {
      port = Number(p);
      if (!/^[0-9]+$/.test(p) || port > 65535)
        throw new UsageError(`invalid argument "${p}" for "--port" flag`);
    }
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n${USAGE}`);
    return 1;
  }
  const kubeconfig = flagString(args, 'kubeconfig');
  const state = flagString(args, 'state');
  let stack: Stack | undefined;
  // The outcome lines read the release through the stack's own release API.
  const lookup: ReleaseLookup = async ({ cluster, namespace, release }) => {
    if (!stack) return undefined;
    const res = await fetch(stack.file.releaseApi.url, {
      method: 'POST',
      body: JSON.stringify({ action: 'status', cluster, namespace, release }),
    });
    const body = (await res.json()) as { release?: { status: string; revision: number; chart: string } };
    return res.headers.get('x-amz-function-error') ? undefined : body.release;
  };
  const printer = progressPrinter(out, lookup);
  try {
    stack = await startStack({
      layout: defaultLayout(),
      functions: pipelineFunctions(),
      port,
      region: flagString(args, 'region') ?? 'us-east-1',
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(state ? { stateDir: resolve(state) } : {}),
      listener: printer.listener,
    });
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return 1;
  }
  const f = stack.file;
  out(
    [
      'slipway local stack',
      `  S3 + SQS        ${f.s3.endpoint} (region ${f.region}, any credentials)`,
      `  bucket          ${f.s3.bucket} (uploads under releases/<cluster>/<namespace>/<release>/)`,
      ...Object.entries(f.sqs.queues).map(([op, q]) => `  ${`${op} queue`.padEnd(15)} ${q.url}`),
      `  release API     ${f.releaseApi.url}`,
      `  cluster         "${f.cluster}": ${stack.kube ? `Kubernetes emulator at ${stack.kube.url}` : 'your cluster'} (kubeconfig ${f.kubeconfig})`,
      `  stack file      ${stack.stackFilePath}`,
      '',
    ].join('\n'),
  );
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  let stopping = false;
  void stopped.then(() => (stopping = true));
  if (!flagBool(args, 'no-demo')) {
    const demo = runDemo(stack, { chartDir: findExampleChart(), say: printer.say }).catch((err: unknown) => {
      if (!stopping) printer.say(`demo: stopped: ${(err as Error).message}`);
    });
    await Promise.race([demo, stopped]);
  }
  if (!stopping) {
    printer.say(
      `ready: push a chart, e.g. slipway push CHART.tgz --cluster ${f.cluster} --namespace default --release NAME (Ctrl-C stops)`,
    );
  }
  await stopped;
  printer.say('stopping');
  await stack.stop();
  await printer.flushed();
  return 0;
}
