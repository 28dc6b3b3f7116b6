import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { healthReport } from '#app/health-report';
import type { HealthReport, IntegrationHealth } from '#app/health-types';
import { cloudWatchSources, healthDeps } from '#adapters/health-wiring';
import { loadContract } from '#config/load-contract';
import type { HubConnection } from '#local/hub-file';
import { clients, table } from './operations.ts';

/** `3 min ago`, `2 h ago`, `never`, from an ISO time and now. */
export function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3_600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3_600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/** `850 ms`, `1.2 s`, `3.5 min`. */
export function duration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.001 ? 2 : 1)}%`;
const n = (value: number) => value.toLocaleString('en-US');

function row(i: IntegrationHealth, now: number): string[] {
  return [i.title, i.object, i.status, ago(i.lastSyncAt, now), percent(i.errorRate), i.latencyMs ? `${duration(i.latencyMs.p50)} / ${duration(i.latencyMs.p99)}` : '–', `${n(i.synced)} / ${n(i.failed)}`];
}

/**
 * The health report as the terminal shows it: the integrations table, why any is not Active, the queues, the last
 * hour's errors with hints, quota and today's data-quality counters.
 */
export function renderHealth(report: HealthReport, now = Date.parse(report.at)): string {
  const lines = [table(['INTEGRATION', 'OBJECT', 'STATUS', 'LAST SYNC', 'ERROR RATE', 'LAG P50 / P99', 'SYNCED / FAILED (1 H)'], report.integrations.map((i) => row(i, now)))];
  const troubled = report.integrations.filter((i) => i.reason);
  if (troubled.length > 0) lines.push('', ...troubled.map((i) => `${i.status}: ${i.title} (${i.object}): ${i.reason}`));
  const { changes, deadLetter } = report.queues;
  lines.push('', `Queues: ${n(changes.waiting)} waiting, ${n(changes.inFlight)} in flight${changes.oldestAgeSec !== undefined ? ` (oldest ${duration(changes.oldestAgeSec * 1000)})` : ''}; dead-letter: ${n(deadLetter.waiting)}; quarantine: ${n(report.quarantined)}; review: ${n(report.inReview)}`);
  if (report.paused.length > 0) lines.push(`Paused: ${report.paused.join(', ')} (changes parked; \`syncline resume <connector>\`)`);
  lines.push('', report.recentErrors.length === 0 ? 'Recent errors (last hour): none' : 'Recent errors (last hour):');
  for (const e of report.recentErrors.slice(0, 10)) lines.push(`  ${n(e.count)} × ${e.where} ${e.code === e.category ? e.category : `${e.code} (${e.category})`}${e.example ? `: ${e.example}` : ''}\n      → ${e.hint}`);
  if (report.quota.length > 0) lines.push('', `Quota: ${report.quota.map((q) => `${q.vendor} ${n(q.calls24h)} calls in 24 h${q.usedPercent !== undefined ? `, ${q.usedPercent}% of its daily share` : ''}`).join('; ')}`);
  const q = report.dataQuality;
  const activities = q.activitiesLogged.map((a) => `${n(a.count)} activities logged from ${a.source}`);
  lines.push(`Data quality today: ${[`${n(q.enriched)} records enriched`, ...activities, `${n(q.duplicatesPrevented)} duplicates prevented`, `${n(q.quarantined)} changes quarantined`].join('; ')}`);
  for (const e of report.enrichment ?? []) {
    const run = e.lastRun ? `last batch ${e.lastRun.day}${e.lastRun.finishedAt ? `, finished ${e.lastRun.finishedAt.slice(11, 16)} UTC` : ', not finished'}${e.lastRun.summary ? `: ${e.lastRun.summary}` : ''}` : 'no batch run yet';
    lines.push(`Enrichment: ${e.vendor} ${n(e.creditsToday)} of ${n(e.dailyCredits)} credits today (${Math.round((100 * e.creditsToday) / e.dailyCredits)}%); ${run}`);
  }
  return lines.join('\n');
}

/**
 * `syncline health`: the local hub answers `GET /health` with its own report; for a deployed stack the CLI makes
 * the same report itself, from CloudWatch, SQS and the state table. `--json` prints the report as `GET /health` does.
 */
export async function healthCommand(connection: HubConnection, options: { json?: boolean; contractFile?: string } = {}): Promise<{ text: string; ok: boolean }> {
  const report = connection.hubUrl && connection.healthToken ? await fromHub(connection.hubUrl, connection.healthToken) : await fromStack(connection, options.contractFile ?? connection.contractFile ?? 'syncline.yaml');
  const ok = report.integrations.every((i) => i.status === 'Active');
  return { text: options.json ? JSON.stringify(report, null, 2) : renderHealth(report), ok };
}

async function fromHub(url: string, token: string): Promise<HealthReport> {
  const answer = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${token}` } });
  if (answer.status === 401) throw new Error('the hub refused the health token of hub.json: it was restarted since; run the command again, or read .syncline/hub.json');
  if (!answer.ok) throw new Error(`the hub answered ${answer.status} to GET /health: ${await answer.text()}`);
  return (await answer.json()) as HealthReport;
}

async function fromStack(c: HubConnection, contractFile: string): Promise<HealthReport> {
  const { documents, sqs } = clients(c);
  return healthReport(healthDeps({ contract: loadContract(contractFile), ...cloudWatchSources(new CloudWatchClient({ region: c.region })), documents, sqs, stateTable: c.stateTable, changesQueueUrl: c.changesQueueUrl, ...(c.deadLetterQueueUrl ? { deadLetterQueueUrl: c.deadLetterQueueUrl } : {}) }));
}
