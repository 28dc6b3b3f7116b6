/**
 * `syncline <command>`: the operator's console (`npx syncline`, or `npm run syncline --`). The commands are the
 * entries of cli/commands.ts; this file reads the command line, prints help, runs one command and turns what can go
 * wrong into a sentence and an exit code: 0 done, 1 the command's own failure (an invalid contract, a change not
 * found), 2 a command line it cannot run or stores it cannot reach.
 */
import { readInput, renderHelp, usageLine, UsageError, wantsHelp, type Command } from './command.ts';
import { COMMANDS, CONNECTION_HELP } from './commands.ts';
import { HUB_NOT_RUNNING, isConnectionRefused } from './hub-not-running.ts';

const HELP_HINT = 'syncline help lists the commands';

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** `help`, `help <command>`, `--help`: prints and exits 0; an unknown command is a usage error. */
function help(topic: string | undefined): number {
  if (topic === undefined) {
    console.log(renderHelp(COMMANDS, CONNECTION_HELP));
    return 0;
  }
  const command = find(topic);
  if (!command) throw new UnknownCommand(topic);
  console.log(command.usage);
  return 0;
}

class UnknownCommand extends Error {
  override readonly name = 'UnknownCommand';
  constructor(readonly command: string) {
    super(`unknown command ${JSON.stringify(command)}`);
  }
}

/** Runs the command line; the exit code. Throws what the command throws, but for its usage errors. */
async function run(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') return help(undefined);
  if (name === 'help') return help(args[0]);
  const command = find(name);
  if (!command) throw new UnknownCommand(name);
  // Help before anything else: a command given --help reads, writes and connects to nothing.
  if (wantsHelp(args)) return help(name);
  try {
    return await command.run(readInput(command, args));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`syncline ${command.name}: ${error.message}\n${usageLine(command)}`);
    return 2;
  }
}

/** What an error becomes for the operator: a message without a stack, and the exit code. */
async function report(error: unknown): Promise<number> {
  if (error instanceof UnknownCommand) {
    console.error(`syncline: ${error.message}\nusage: syncline <command> [options]; ${HELP_HINT}`);
    return 2;
  }
  if (isConnectionRefused(error)) {
    console.error(HUB_NOT_RUNNING);
    return 2;
  }
  console.error(error instanceof Error ? error.message : String(error));
  // Loaded already when the error is one of its own.
  const { ContractError } = await import('#config/load-contract');
  return error instanceof ContractError ? 1 : 2;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  process.exitCode = await report(error);
}
