/** One entry for main.ts: runs push, send or invoke and turns errors into `Error: …` with status 1. */
import { UsageError } from '../args.ts';
import type { Output } from './common.ts';

const USAGES = {
  push: () => import('./push.ts').then((m) => m.PUSH_USAGE),
  send: () => import('./send.ts').then((m) => m.SEND_USAGE),
  invoke: () => import('./invoke.ts').then((m) => m.INVOKE_USAGE),
};

export async function runPipelineCommand(
  command: 'push' | 'send' | 'invoke',
  argv: string[],
  out: Output,
  err: Output,
): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    out(await USAGES[command]());
    return 0;
  }
  try {
    if (command === 'push') await (await import('./push.ts')).runPush(argv, out);
    else if (command === 'send') await (await import('./send.ts')).runSend(argv, out);
    else await (await import('./invoke.ts')).runInvoke(argv, out);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    err(`Error: ${message}\n`);
    if (e instanceof UsageError) err(await USAGES[command]());
    return 1;
  }
}
