/**
 * `slipway local kube [--port PORT] --kubeconfig FILE [--state FILE]`: serves the emulator until SIGINT or
 * SIGTERM, after writing a kubeconfig for it and printing exactly one line `ready <url>`.
 */
import { startKubeEmulator, writeKubeconfig } from './index.ts';

const USAGE = 'usage: slipway local kube [--port PORT] --kubeconfig FILE [--state FILE]';

interface LocalKubeArgs {
  port: number;
  kubeconfig: string;
  state: string | undefined;
}

function parseArgs(argv: string[]): LocalKubeArgs | string {
  // Accept the argument list with or without the leading `local kube` words.
  const args =
    argv[0] === 'local' && argv[1] === 'kube' ? argv.slice(2) : argv[0] === 'kube' ? argv.slice(1) : argv;
  let port = 0;
  let kubeconfig: string | undefined;
  let state: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--port': {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535)
          return `invalid --port ${JSON.stringify(v ?? '')}`;
        port = n;
        break;
      }
      case '--kubeconfig':
        kubeconfig = value();
        if (!kubeconfig) return '--kubeconfig needs a file name';
        break;
      case '--state':
        state = value();
        if (!state) return '--state needs a file name';
        break;
      case '-h':
      case '--help':
        return USAGE;
      default:
        return `unknown argument ${JSON.stringify(arg)}`;
    }
  }
  if (!kubeconfig) return '--kubeconfig is required';
  return { port, kubeconfig, state };
}

export async function runLocalKube(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed === USAGE ? `${USAGE}\n` : `Error: ${parsed}\n${USAGE}\n`);
    return parsed === USAGE ? 0 : 1;
  }
  let emulator: Awaited<ReturnType<typeof startKubeEmulator>>;
  try {
    emulator = await startKubeEmulator({ port: parsed.port, persistFile: parsed.state });
    writeKubeconfig(parsed.kubeconfig, emulator.url);
  } catch (err) {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  process.stdout.write(`ready ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  return 0;
}
