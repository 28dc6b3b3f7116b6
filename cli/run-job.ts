/**
 * Runs a long job (an initial sync, a backfill, an import) the way the deployment runs it: through the sync-run state
 * machine. Deployed (SYNCLINE_SYNC_RUN_MACHINE set from the stack outputs), the command starts an execution and
 * follows it; locally, the same definition, read from the template `cdk deploy` would deploy, runs through
 * aws-local-stepfunctions, each task answered in this process. Either way a run that stopped midway is resumed by
 * the next command for the same job, from the position the run saved in DynamoDB.
 */
import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import { jobKey, loadRun, type RunStatus, type StepReport, type SyncJob, type SyncRunDeps } from '#app/sync-run';
import type { CursorStore } from '#ports/cursor-store';
import type { HubConnection } from '#local/hub-file';
import { runSyncMachineLocally, syncRunDefinition, syncRunInvoke } from '#local/runner/state-machine';

/** Definitions synthesized in this process, by contract file: one synth per contract, not one per command. */
const definitions = new Map<string, ReturnType<typeof syncRunDefinition>>();

function definitionFor(contractFile: string): ReturnType<typeof syncRunDefinition> {
  const known = definitions.get(contractFile);
  if (known) return known;
  const definition = syncRunDefinition(contractFile);
  definitions.set(contractFile, definition);
  return definition;
}

/** Between two looks at a deployed execution. */
const FOLLOW_MS = 5_000;
/** Between a failed local task and its retry: the definition's backoff is for Lambda, not for a terminal. */
const LOCAL_RETRY_MS = 1_000;

export interface JobResult {
  runId: string;
  /** The reports of every step, in full where this process ran the step, as saved (lists cut short) where not. */
  reports: StepReport[];
}

/** Runs `job` in this process through the local state machine, with `deps` answering its tasks. */
export async function runJobLocally(deps: SyncRunDeps, job: SyncJob, contractFile: string): Promise<JobResult> {
  const heard: StepReport[] = [];
  const status = await runSyncMachineLocally(definitionFor(contractFile), syncRunInvoke({ ...deps, onReport: (r) => heard.push(r) }), { job }, { retryDelayMs: LOCAL_RETRY_MS });
  return { runId: status.runId, reports: merged((await loadRun(deps, status.runId))?.reports ?? [], heard) };
}

/** Starts `job` on the deployed state machine and follows it to its end; `log` hears each step. */
export async function runJobDeployed(c: HubConnection & { syncRunMachineArn: string }, cursors: CursorStore, job: SyncJob, log: (line: string) => void): Promise<JobResult> {
  const sfn = new SFNClient({ region: c.region });
  // Named after the job's run before the one it carries out, which is the same from before that run starts until it
  // finishes: a second command for the job (after Ctrl-C) gets the running execution back instead of starting
  // another beside it (StartExecution answers the running execution for the same name and input).
  const latest = await cursors.getCursor(`run-latest:${jobKey(job)}`);
  const last = latest === undefined ? undefined : await loadRun({ cursors }, latest);
  const before = last && !last.finishedAt ? last.previous : latest;
  const name = executionName(`${jobKey(job)}:after:${before ?? 'none'}`);
  const start = (executionName: string) => sfn.send(new StartExecutionCommand({ stateMachineArn: c.syncRunMachineArn, name: executionName, input: JSON.stringify({ job }) }));
  // A name whose execution has ended (it failed, and the run waits to be resumed) cannot be used again.
  const { executionArn } = await start(name).catch((error: unknown) => {
    if (error instanceof ExecutionAlreadyExists) return start(executionName(`${name}:${new Date().toISOString()}`));
    throw error;
  });
  const status = JSON.parse(await followExecution(sfn, executionArn, 'run', log)) as RunStatus;
  log(status.summary);
  return { runId: status.runId, reports: (await loadRun({ cursors }, status.runId))?.reports ?? [] };
}

/**
 * Follows a deployed execution until it ends; resolves with its output (JSON), or rejects naming how it ended and
 * why. `what` names it in the error (`the run failed: ...`).
 */
export async function followExecution(sfn: SFNClient, executionArn: string | undefined, what: string, log: (line: string) => void): Promise<string> {
  log(`started ${executionArn ?? '(no execution arn)'}; following it (Ctrl-C stops following, not the run)`);
  for (;;) {
    await sleep(FOLLOW_MS);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status === 'RUNNING') continue;
    if (execution.status !== 'SUCCEEDED') throw new Error(`the ${what} ${execution.status?.toLowerCase() ?? 'ended'}: ${execution.error ?? ''} ${execution.cause ?? ''}`.trim());
    return execution.output ?? '{}';
  }
}

/** A Step Functions execution name (at most 80 of `[0-9A-Za-z_-]`), the same for one run. */
export function executionName(runId: string): string {
  const readable = runId.replace(/[^0-9A-Za-z_-]/g, '-');
  const digest = createHash('sha256').update(runId).digest('hex').slice(0, 12);
  return `${readable.slice(0, 80 - digest.length - 1)}-${digest}`;
}

/** The saved reports, the last of them replaced by those this process heard in full. */
function merged(saved: readonly StepReport[], heard: readonly StepReport[]): StepReport[] {
  return [...saved.slice(0, Math.max(0, saved.length - heard.length)), ...heard];
}
