/** Dispatch of the release commands and helm's error convention (`Error: …` on stderr, exit status 1). */
import { runGet, runHistory, runList, runStatus } from './read.ts';
import { runInstall, runRollback, runTest, runUninstall, runUpgrade } from './operations.ts';
import type { Output } from './session.ts';

type Command = (argv: readonly string[], io: Output) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  install: runInstall,
  upgrade: runUpgrade,
  rollback: runRollback,
  uninstall: runUninstall,
  delete: runUninstall,
  un: runUninstall,
  status: runStatus,
  history: runHistory,
  hist: runHistory,
  list: runList,
  ls: runList,
  get: runGet,
  test: runTest,
};

export const RELEASE_COMMANDS: readonly string[] = Object.keys(COMMANDS);

/** Runs a release command; returns the exit status. */
export async function runReleaseCommand(
  command: string,
  argv: readonly string[],
  io: Output,
): Promise<number> {
  const run = COMMANDS[command];
  if (!run) {
    io.err(`Error: unknown command ${JSON.stringify(command)} for "slipway"\n`);
    return 1;
  }
  try {
    await run(argv, io);
    return 0;
  } catch (err) {
    io.err(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
