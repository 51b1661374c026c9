/** slipway's command line: argument parsing and output only; the work is in lib/. */
import { utf8Bytes } from '../go/value.ts';
import { runTemplate } from './template.ts';

const USAGE = `slipway: Helm v3 release operations, rendered by slipway's own engine.

Usage:
  slipway template [NAME] [CHART] [flags]   render a chart exactly as 'helm template'
  slipway install [NAME] [CHART] [flags]    install a chart (as 'helm install')
  slipway upgrade [RELEASE] [CHART] [flags] upgrade a release (as 'helm upgrade')
  slipway rollback <RELEASE> [REVISION]     roll a release back to a revision
  slipway uninstall RELEASE_NAME [...]      uninstall releases
  slipway status RELEASE_NAME               show a release's status
  slipway history RELEASE_NAME              show a release's revisions
  slipway list                              list releases
  slipway get all|values|manifest|notes|hooks|metadata RELEASE_NAME
  slipway test RELEASE_NAME                 run a release's tests
  slipway local kube [--port PORT] --kubeconfig FILE [--state FILE]
                                            serve the Kubernetes API emulator
  slipway local stack [--port N] [--kubeconfig F] [--no-demo] [--state DIR]
                                            run the whole pipeline locally
  slipway push CHART.tgz --cluster C --namespace N --release R [flags]
                                            upload a chart request to the bucket
  slipway send rollback|uninstall --cluster C --namespace N --release R
                                            queue a rollback or uninstall
  slipway invoke status|history|list|get|preview [flags]
                                            call the release API

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
      if (rest[0] === 'stack') return (await import('../../infra/local/stack/cli.ts')).runLocalStack(rest.slice(1));
      if (rest[0] !== 'kube') {
        err(`Error: unknown local service "${rest[0] ?? ''}" (available: kube, stack)\n`);
        return 1;
      }
      // The emulator is loaded only for this command, keeping `template` start-up small.
      const { runLocalKube } = await import('../../infra/local/kube/cli.ts');
      return runLocalKube(rest.slice(1));
    }
    case 'install':
    case 'upgrade':
    case 'rollback':
    case 'uninstall':
    case 'delete':
    case 'un':
    case 'status':
    case 'history':
    case 'hist':
    case 'list':
    case 'ls':
    case 'get':
    case 'test': {
      // The release layer (kube client, actions) is loaded only for these commands.
      const { runReleaseCommand } = await import('./release/index.ts');
      return runReleaseCommand(command, rest, { out, err });
    }
    case 'push':
    case 'send':
    case 'invoke':
      return (await import('./pipeline/index.ts')).runPipelineCommand(command, rest, out, err);
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
