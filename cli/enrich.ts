/**
 * `syncline enrich --now [--object company|person] [--limit N]`: the daily enrichment batch, now. Deployed
 * (SYNCLINE_ENRICH_MACHINE set from the stack outputs), the command starts an execution of the enrichment state
 * machine and follows it; locally, the same definition, read from the template `cdk deploy` would deploy, runs
 * through aws-local-stepfunctions with each task answered in this process. `--last` shows the day's run so far.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { runIdOf, type Selection } from '#app/enrich-batch';
import { dayOf } from '#app/enrich-entity';
import { DynamoDbEnrichRunStore } from '#adapters/aws/dynamodb-enrich-runs';
import { buildEnrichRunDeps, runEnrichTask } from '#adapters/enrich-run-deps';
import { parseEnrichRunEvent, type EnrichRunEvent } from '#config/enrich-run-event';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { HubConnection } from '#local/hub-file';
import { machineDefinition, runMachineLocally } from '#local/runner/state-machine';
import type { EnrichSummary } from '#ports/enrich-runs';
import { noMetrics } from '#ports/metrics';
import { clients } from './operations.ts';
import { followExecution } from './run-job.ts';

/** The handler file of the function the enrichment machine invokes. */
export const ENRICH_RUN_ENTRY = 'functions/enrich-run.ts';

export interface EnrichCommandOptions {
  object?: string;
  limit?: number;
  contractFile?: string;
  /** Where the deployed run's progress goes (stderr by default). */
  out?: NodeJS.WritableStream;
}

/** What an execution of the machine ends with: its input, the selection, the run's totals. */
export interface EnrichOutput {
  request: EnrichRunEvent extends infer E ? (E extends { action: 'select'; request: infer R } ? R : never) : never;
  selection: Selection;
  summary: EnrichSummary;
}

/** Between a failed local task and its retry, as for the sync runs (run-job.ts). */
const LOCAL_RETRY_MS = 1_000;

/** The enrichment definition `cdk deploy` would deploy for `contractFile`; undefined when it enables no data vendor. */
export const enrichDefinition = (contractFile: string): StateMachineDefinition | undefined => machineDefinition(ENRICH_RUN_ENTRY, contractFile);

/** `enrich --now`: runs the batch and returns its summary as text. */
export async function enrichNowCommand(c: HubConnection, options: EnrichCommandOptions): Promise<{ text: string; output: EnrichOutput }> {
  // A mistyped object is refused here, not by a failed execution and its alarm.
  const plan = toSyncPlan(loadContract(options.contractFile ?? c.contractFile ?? 'syncline.yaml'));
  const enriched = Object.entries(plan.objects).filter(([, mapping]) => Object.keys(plan.enrichers ?? {}).some((vendor) => mapping.systems[vendor])).map(([name]) => name);
  if (options.object !== undefined && !enriched.includes(options.object)) throw new Error(`--object: expected one of ${enriched.join(', ') || '(none: the contract enables no data vendor)'}; got ${options.object}`);
  const request = { ...(options.object ? { object: options.object } : {}), ...(options.limit ? { limit: options.limit } : {}) };
  const output = c.enrichMachineArn ? await runDeployed(c.region, c.enrichMachineArn, request, options.out ?? process.stderr) : await runLocally(c, request, options.contractFile);
  return { text: renderEnrichment(output), output };
}

async function runLocally(c: HubConnection, request: EnrichOutput['request'], contractFile: string | undefined): Promise<EnrichOutput> {
  const file = contractFile ?? c.contractFile ?? 'syncline.yaml';
  const contract = loadContract(file);
  const definition = enrichDefinition(file);
  if (!definition) throw new Error('the contract enables no data vendor to enrich from: set connectors.zoominfo.enabled: true in syncline.yaml');
  const { documents, sqs } = clients(c);
  const vendors = Object.keys(toSyncPlan(contract).enrichers ?? {});
  const deps = await buildEnrichRunDeps({ contract, documents, sqs, stateTable: c.stateTable, changesQueueUrl: c.changesQueueUrl, secretIds: Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), ...(c.secretsFile ? { secretsFile: c.secretsFile } : {}), metrics: noMetrics });
  return (await runMachineLocally(definition, (payload) => runEnrichTask(deps, parseEnrichRunEvent(payload)), { request }, { retryDelayMs: LOCAL_RETRY_MS, what: 'enrichment run' })) as EnrichOutput;
}

async function runDeployed(region: string, stateMachineArn: string, request: EnrichOutput['request'], out: NodeJS.WritableStream): Promise<EnrichOutput> {
  const sfn = new SFNClient({ region });
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ request }) }));
  return JSON.parse(await followExecution(sfn, executionArn, 'enrichment run', (line) => out.write(`${line}\n`))) as EnrichOutput;
}

/** `enrich --last`: the day's run so far, as text. */
export async function enrichLastCommand(c: HubConnection, nowMs = Date.now()): Promise<{ text: string; summary: EnrichSummary | undefined }> {
  const run = await new DynamoDbEnrichRunStore(clients(c).documents, c.stateTable).getRun(runIdOf(dayOf(nowMs)));
  if (!run) return { text: `No enrichment run today (${dayOf(nowMs)}).`, summary: undefined };
  return { text: `Enrichment run of ${run.day}${run.finishedAt ? `, last finished ${run.finishedAt}` : ', not finished'}: ${run.summary?.text ?? `${run.chunks} chunks`}`, summary: run.summary };
}

/** The summary of one execution. */
export function renderEnrichment(output: EnrichOutput): string {
  const s = output.summary;
  return [
    `Enrichment run ${output.selection.runId}: ${output.selection.summary}.`,
    `  looked up   ${s.lookedUp.toLocaleString('en-US')} of ${s.selected.toLocaleString('en-US')} selected today`,
    `  matched     ${s.enriched.toLocaleString('en-US')} (their changes go through the pipeline: merged by the fields' rules and audited)`,
    `  no match    ${s.noMatch.toLocaleString('en-US')}`,
    `  failed      ${s.failed.toLocaleString('en-US')}${s.failedChunks > 0 ? ` (${s.failedChunks} chunk(s) kept failing; run it again today to retry them)` : ''}`,
    `  credit cap  ${s.capped.toLocaleString('en-US')} left for another day`,
    `  credits     ${s.creditsUsed.toLocaleString('en-US')} used today by the batch`,
    ...((s.suggested ?? 0) > 0 ? [`  suggested   ${(s.suggested ?? 0).toLocaleString('en-US')} new contacts, waiting in \`syncline review list\` (created only when approved)`] : []),
  ].join('\n');
}
