/** slipway's command line: argument parsing and output only; the work is in lib/. */
import { utf8Bytes } from '../go/value.ts';
import { runTemplate } from './template.ts';

const USAGE = `slipway: Helm v3 release operations, rendered by slipway's own engine.

Usage:
  slipway template [NAME] [CHART] [flags]   render a chart exactly as 'helm template'
  slipway local kube [--port PORT] --kubeconfig FILE [--state FILE]
                                            serve the Kubernetes API emulator

Run 'slipway <command> --help' for a command's flags.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Output goes out as Go's bytes: escaped raw bytes in strings are restored (lib/go/value.ts).
  const out = (s: string): void => void process.stdout.write(utf8Bytes(s));
  const err = (s: string): void => void process.stderr.write(s);
  switch (command) {
    case 'template':
      return runTemplate(rest, out, err);
    case 'local': {
      if (rest[0] !== 'kube') {
        err(`Error: unknown local service "${rest[0] ?? ''}" (available: kube)\n`);
        return 1;
      }
      // The emulator is loaded only for this command, keeping `template` start-up small.
      const { runLocalKube } = await import('../../infra/local/kube/cli.ts');
      return runLocalKube(rest.slice(1));
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return 0;
    default:
      err(`Error: unknown command "${command}" for "slipway"\n`);
      return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
