/**
 * The sync-run state machine on one machine: the definition the stack synthesizes, run by aws-local-stepfunctions
 * with each Lambda task answered in-process. The definition is never copied by hand, so the retries, the catch and
 * the loop that run locally are the ones deployed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionError, StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { buildApp, STACK_NAME } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import { startRun, stepRun, type RunStatus, type SyncJob, type SyncRunDeps } from '#app/sync-run';
import { parseSyncRunEvent, SyncRunAction } from '#config/sync-run-event';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveValue, resourcesOfType, type CfnTemplate, type LocalResource } from './template.ts';

/** The handler file of the function the sync-run machine invokes. */
const SYNC_RUN_ENTRY = 'functions/sync-run.ts';

/**
 * What a Lambda task of the machine calls instead of Lambda: the function's event in, its answer out; `resource` is
 * the function the task names (its ARN), for a caller answering several functions.
 */
export type TaskInvoke = (payload: unknown, resource: string) => Promise<unknown>;

/** An execution's input: the job to run. */
export interface SyncRunInput {
  job: SyncJob;
}

/** Options of {@link runSyncMachineLocally}. */
export interface LocalMachineOptions {
  /** Wait before every retry, in ms, instead of the definition's backoff with jitter (seconds to minutes). */
  retryDelayMs?: number;
  /** What the machine runs, for the error of a failed execution. @default 'sync run' */
  what?: string;
}

/**
 * The definition of the state machine whose tasks invoke the function built from `entry` (`functions/sync-run.ts`,
 * `functions/enrich-run.ts`), from a synthesized template, with each function ARN resolved to a local placeholder
 * (the tasks are answered in-process). Undefined when the template has no such machine (the contract enables none).
 */
export function machineDefinitionFrom(template: CfnTemplate, entry: string): StateMachineDefinition | undefined {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const placeholders = new Map<string, LocalResource>(functions.map(([id]) => [id, { ref: id, attributes: { Arn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}` } }]));
  const ids = functions.filter(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === entry).map(([id]) => id);
  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').filter(([, r]) => ids.some((id) => JSON.stringify(r.Properties?.['DefinitionString']).includes(`"${id}"`)));
  const [machine, ...others] = machines;
  if (others.length > 0) throw new Error(`expected one state machine invoking ${entry} in the template; found ${machines.length}`);
  return machine && (JSON.parse(String(resolveValue(machine[1].Properties?.['DefinitionString'], placeholders))) as StateMachineDefinition);
}

/** The sync-run definition from a synthesized template (see {@link machineDefinitionFrom}). */
export function syncRunDefinitionFrom(template: CfnTemplate): StateMachineDefinition {
  const definition = machineDefinitionFrom(template, SYNC_RUN_ENTRY);
  if (!definition) throw new Error(`expected a state machine invoking ${SYNC_RUN_ENTRY} in the template; found none (the stack has one where a CRM of the contract can be read in full)`);
  return definition;
}

/**
 * Synthesizes the stack from `contractFile` (default: the repository's syncline.yaml), bundling nothing, and returns
 * its sync-run definition (see {@link syncRunDefinitionFrom}). Synthesis takes seconds: a caller holding the
 * template already (the local hub) passes that to {@link syncRunDefinitionFrom} instead.
 */
export function syncRunDefinition(contractFile?: string): StateMachineDefinition {
  return syncRunDefinitionFrom(synthesizedTemplate(contractFile));
}

/**
 * Synthesizes the stack from `contractFile` and returns the definition of the machine whose tasks invoke `entry`
 * (see {@link machineDefinitionFrom}); undefined when the contract gives the stack none.
 */
export function machineDefinition(entry: string, contractFile?: string): StateMachineDefinition | undefined {
  return machineDefinitionFrom(synthesizedTemplate(contractFile), entry);
}

/** The stack's template, synthesized from `contractFile` (default: the repository's syncline.yaml), bundling nothing. */
function synthesizedTemplate(contractFile: string | undefined): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'syncline-synth-'));
  try {
    const assembly = buildApp({ bundling: false, outdir, ...(contractFile ? { contractFile } : {}) }).app.synth();
    return assembly.getStackByName(STACK_NAME).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Thrown when an execution ended in a Fail state (its retries spent) or failed outright; `cause` is the library's error. */
export class SyncRunFailedError extends Error {
  override readonly name = 'SyncRunFailedError';
}

/**
 * Runs `definition` with `input` through aws-local-stepfunctions, each Lambda task calling `invoke` with the event
 * the task's Parameters make; resolves with the execution's output. Tasks calling the Lambda service integration
 * (`arn:aws:states:::lambda:invoke`) get `invoke`'s answer in its `Payload`, as Lambda would wrap it. Retries, catch,
 * loops and maps are the definition's. An execution that fails rejects with a `SyncRunFailedError` naming the error.
 */
export async function runMachineLocally(definition: StateMachineDefinition, invoke: TaskInvoke, input: unknown, options: LocalMachineOptions = {}): Promise<unknown> {
  const tasks = tasksOf(definition.States);
  const handlers = Object.fromEntries(tasks.map(([name, state]) => [name, localHandler(name, state.Resource, invoke)]));
  const machine = new StateMachine(definition);
  const execution = machine.run(JSON.parse(JSON.stringify(input)), {
    overrides: {
      taskResourceLocalHandlers: handlers,
      ...(options.retryDelayMs === undefined ? {} : { retryIntervalOverrides: Object.fromEntries(tasks.map(([name]) => [name, options.retryDelayMs as number])) }),
    },
  });
  try {
    return await execution.result;
  } catch (error) {
    const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
    const named = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new SyncRunFailedError(`the ${options.what ?? 'sync run'} failed: ${named}`, { cause: error });
  }
}

/** Every Task state, those inside a Map's processor included (their names are unique across the definition). */
function tasksOf(states: StateMachineDefinition['States']): [string, { Resource: string }][] {
  return Object.entries(states).flatMap(([name, state]) => {
    if (state.Type === 'Task') return [[name, state as unknown as { Resource: string }]];
    const processor = (state as { ItemProcessor?: { States?: StateMachineDefinition['States'] }; Iterator?: { States?: StateMachineDefinition['States'] } }).ItemProcessor ?? (state as { Iterator?: { States?: StateMachineDefinition['States'] } }).Iterator;
    return processor?.States ? tasksOf(processor.States) : [];
  });
}

/** Runs the sync-run `definition` for `input`'s job; resolves with the run's last status (see {@link runMachineLocally}). */
export async function runSyncMachineLocally(definition: StateMachineDefinition, invoke: TaskInvoke, input: SyncRunInput, options: LocalMachineOptions = {}): Promise<RunStatus> {
  return (await runMachineLocally(definition, invoke, input, options)) as RunStatus;
}

/** A local Task handler, as aws-local-stepfunctions types it: JSON in, JSON out. */
type LocalHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];
type Json = Awaited<ReturnType<LocalHandler>>;

function localHandler(state: string, resource: string, invoke: TaskInvoke): LocalHandler {
  // Locally answers are JSON, as Lambda's are: a Date or undefined in an answer becomes what Lambda would make of it.
  const json = async (payload: unknown, fn: string) => JSON.parse(JSON.stringify((await invoke(payload, fn)) ?? null)) as Json;
  if (resource === 'arn:aws:states:::lambda:invoke') return async (input) => ({ StatusCode: 200, Payload: await json((input as { Payload?: unknown }).Payload, String((input as { FunctionName?: unknown }).FunctionName)) });
  if (resource.startsWith('arn:aws:lambda:')) return (input) => json(input, resource);
  throw new Error(`task ${state} calls ${resource}, which the local runner cannot answer; only Lambda tasks run locally`);
}

/**
 * A {@link TaskInvoke} answering the sync-run function's events in-process: `start` → {@link startRun}, `step` →
 * {@link stepRun} with `stepTimeMs` to wait for the pipeline (default: the function's 15 minutes less the two it
 * keeps to save). For the CLI and tests; in AWS the function does this.
 */
export function syncRunInvoke(deps: SyncRunDeps, options: { stepTimeMs?: number } = {}): TaskInvoke {
  const stepTimeMs = options.stepTimeMs ?? 13 * 60_000;
  return async (payload) => {
    const event = parseSyncRunEvent(payload);
    if (event.action === SyncRunAction.Start) return startRun(deps, event.job);
    return stepRun(deps, event.runId, deps.clock.nowMs() + stepTimeMs);
  };
}
