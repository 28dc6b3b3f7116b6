/**
 * The `syncline` entries of the everyday operator actions: pause and resume a connector, resync one record. Entries
 * of the command table (cli/commands.ts), read by cli/syncline.ts for help, option checks and dispatch.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { HubConnection } from '#local/hub-file';
import { text, UsageError, type Command, type CommandInput } from './command.ts';
import type { ActionResult } from './actions.ts';

// Loaded only when a command runs: help, and a mistyped command line, answer at once.
const actions = () => import('./actions.ts');

const OPTIONS = { hub: { type: 'string' }, config: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

async function connect(input: CommandInput): Promise<HubConnection> {
  return (await import('./operations.ts')).resolveConnection(text(input, 'hub'));
}

function print(result: string | ActionResult): number {
  console.log(typeof result === 'string' ? result : result.text);
  return typeof result === 'string' || result.ok ? 0 : 1;
}

function onlyArgument(input: CommandInput, expected: string, optional = false): string | undefined {
  const { positionals } = input;
  if (positionals.length > 1) throw new UsageError(`unexpected ${positionals.slice(1).join(' ')}`);
  if (positionals.length === 0 && !optional) throw new UsageError(`expected ${expected}`);
  return positionals[0];
}

export const pause: Command = {
  name: 'pause',
  summary: 'park a connector\'s changes, and those that would write to it, until resumed; alone: what is paused',
  usage: `usage: syncline pause [<connector>] [--config FILE] [--hub FILE]

Pauses a connector of the contract (hubspot, salesforce, outreach, ...). Its webhooks are still accepted (the
vendor sees 200), but its changes, and changes from other systems that would be written to it, are parked instead
of processed, from the next batch on; its pollers keep their cursors where they are, so nothing is skipped. Nothing
is lost: syncline resume <connector> sends every parked change through the normal path, in order.
Without a connector: the paused connectors, since when, and how many changes are parked behind each.
  --config FILE  the contract whose connectors are named (default the hub's)`,
  options: OPTIONS,
  run: async (input) => {
    const connector = onlyArgument(input, 'a connector', true);
    if (connector === undefined) return print(await (await actions()).pausedList(await connect(input)));
    return print(await (await actions()).pauseCommand(await connect(input), connector, text(input, 'config')));
  },
};

export const resume: Command = {
  name: 'resume',
  summary: 'resume a paused connector and send every change parked behind it through, in order',
  usage: `usage: syncline resume <connector> [--config FILE] [--hub FILE]

Resumes a connector paused with syncline pause, then sends every change parked behind it back to the changes queue,
in the order they were parked; each goes through the normal path once. Its pollers go on from their cursors.
Exit 1 when it was not paused (changes left parked by an interrupted resume are sent all the same).
  --config FILE  the contract whose connectors are named (default the hub's)`,
  options: OPTIONS,
  run: async (input) => {
    const connector = onlyArgument(input, 'a connector') ?? '';
    return print(await (await actions()).resumeCommand(await connect(input), connector, text(input, 'config')));
  },
};

export const resync: Command = {
  name: 'resync',
  summary: 'read one record from its system now and sync it through the normal pipeline',
  usage: `usage: syncline resync <system>:<object>:<id> [--config FILE] [--hub FILE]

Reads the record from its system now and syncs it through the normal pipeline, as if it had just changed (for a
change that sent no notification, or after a fix): enqueues a change for it with a fresh event id and prints it.
The record is e.g. salesforce:Contact:003Dn000000000dIAA or hubspot:contacts:1001; an unknown system or object
exits 1.
  --config FILE  the contract to follow (default the hub's)`,
  options: OPTIONS,
  run: async (input) => {
    const record = onlyArgument(input, 'a record: <system>:<object>:<id>') ?? '';
    return print(await (await actions()).resyncCommand(await connect(input), record, text(input, 'config')));
  },
};

/** The entries, in the order `syncline help` lists them. */
export const ACTION_COMMANDS: readonly Command[] = [pause, resume, resync];
