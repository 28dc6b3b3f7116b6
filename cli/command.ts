import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** What a command receives: its arguments after the command name, read against the options it declares. */
export interface CommandInput {
  /** The arguments that are not options, in order (a sub-command first, for `quarantine`, `dlq` and `review`). */
  readonly positionals: readonly string[];
  /** The declared options given: a string for those that take a value, `true` for flags. */
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  /** Every argument after the command name, as typed (for a command that reads its own, like `dedupe`). */
  readonly args: readonly string[];
}

/** One `syncline` command: an entry of the command table. */
export interface Command {
  /** What the operator types: `syncline <name>`. */
  readonly name: string;
  /** One line for `syncline help`. */
  readonly summary: string;
  /** The long help of `syncline <name> --help`; its first line is the usage line (`usage: syncline <name> ...`). */
  readonly usage: string;
  /** The options it takes (node:util parseArgs); any other is refused with the usage line. @default none */
  readonly options?: ParseArgsOptionsConfig;
  /** Does the work; the exit code. */
  readonly run: (input: CommandInput) => number | Promise<number>;
}

/** A command line a command cannot run: said in a sentence with the usage line, exit code 2, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--help` or `-h` anywhere before a `--`: the command's help, and nothing run. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The first line of a command's usage. */
export function usageLine(command: Command): string {
  return command.usage.split('\n')[0] ?? '';
}

/**
 * Reads a command's arguments against the options it declares. parseArgs's strict mode refuses an unknown option,
 * a missing value and a value given to a flag
 * (https://nodejs.org/docs/latest-v22.x/api/util.html#utilparseargsconfig); its message is cut to its first sentence.
 */
export function readInput(command: Command, args: readonly string[]): CommandInput {
  try {
    const { positionals, values } = parseArgs({ args: [...args], options: command.options ?? {}, strict: true, allowPositionals: true });
    return { positionals, values, args };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(unknown ? `unknown option ${unknown}` : (message.split(/\.(?:\s|$)|\n/)[0] ?? message).replace(/^O/, 'o'));
  }
}

/** A string option's value. */
export function text(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a flag was given. */
export function flag(input: CommandInput, name: string): boolean {
  return input.values[name] === true;
}

/** `syncline help`: the usage line, every command with its summary, and what follows. */
export function renderHelp(commands: readonly Command[], footer: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: syncline <command> [options]      (npx syncline, or npm run syncline -- <command>)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'syncline help <command> (or syncline <command> --help) prints a command\'s usage and options.',
    '',
    footer,
  ].join('\n');
}
