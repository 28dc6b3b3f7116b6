/** The import benchmark's figures per run, its goals, and the table `npm run bench` prints. */
import { salesforceApiCalls, type CallFigures } from './calls.ts';
import type { BatchFloor } from './floor.ts';
import type { ImportOutcome } from './importer.ts';
import type { SalesforceOutcome } from './outcome.ts';

export interface Goal {
  goal: string;
  measured: number;
  limit: number;
  pass: boolean;
}

export interface ImportRun {
  scenario: string;
  n: number;
  expectedPeople: number;
  /** The org's daily API allocation the sandbox reported (Sforce-Limit-Info); the goal allows half of it. */
  salesforceAllocation: number;
  /** Every expected person in Salesforce and nothing left to do; otherwise `stoppedBy` says what ended the run. */
  completed: boolean;
  stoppedBy?: string;
  outcome: SalesforceOutcome;
  salesforce: CallFigures & { apiCalls: number; perRecord: number };
  /** The integration's HubSpot calls: the importing user's are taken out. */
  hubspot: CallFigures & { perRecord: number };
  importer: Pick<ImportOutcome, 'calls' | 'rateLimited' | 'byStatus' | 'seconds'> & { error?: string };
  floor: BatchFloor;
  pollerAllowance: number;
  rateLimitedShare: number;
  deadLetters: number;
  recordsPerSecond: number;
  /** Seconds from the first create in HubSpot. */
  timings: { hubspotCreate: number; firstArrival?: number; lastArrival?: number; complete?: number; drained?: number; elapsed: number };
  goals: Goal[];
}

type Measured = Omit<ImportRun, 'salesforce' | 'hubspot' | 'rateLimitedShare' | 'recordsPerSecond' | 'goals'> & { salesforceCalls: CallFigures; hubspotCalls: CallFigures };

/** Derives the per-record figures and checks the goals. */
export function toImportRun(m: Measured): ImportRun {
  const { salesforceCalls, hubspotCalls, ...rest } = m;
  const apiCalls = salesforceApiCalls(salesforceCalls);
  const calls = apiCalls + hubspotCalls.total;
  const rateLimitedShare = calls === 0 ? 0 : (salesforceCalls.rateLimited + hubspotCalls.rateLimited) / calls;
  const seconds = m.timings.complete ?? m.timings.elapsed;
  const goal = (name: string, measured: number, limit: number, pass = measured <= limit): Goal => ({ goal: name, measured: Number(measured.toFixed(4)), limit: Number(limit.toFixed(4)), pass });
  const goals = [
    goal('every expected person in Salesforce (missing)', m.outcome.missing, 0),
    goal('Salesforce calls ≤ 2 × batch floor + pollers', apiCalls, 2 * m.floor.salesforce.total + m.pollerAllowance),
    goal('HubSpot calls ≤ 1.5 × batch floor', hubspotCalls.total, 1.5 * m.floor.hubspot.total),
    goal(`Salesforce calls ≤ half a ${m.salesforceAllocation.toLocaleString('en-US')}-call day`, apiCalls, m.salesforceAllocation / 2, apiCalls <= m.salesforceAllocation / 2 && salesforceCalls.requestLimitExceeded === 0),
    goal('share of calls answered 429 < 1%', rateLimitedShare, 0.01, rateLimitedShare < 0.01),
    goal('duplicates created in Salesforce', m.outcome.duplicates, 0),
    goal('dead letters', m.deadLetters, 0),
  ];
  return {
    ...rest,
    salesforce: { ...salesforceCalls, apiCalls, perRecord: apiCalls / m.n },
    hubspot: { ...hubspotCalls, perRecord: hubspotCalls.total / m.n },
    rateLimitedShare,
    recordsPerSecond: seconds > 0 ? m.outcome.people / seconds : 0,
    goals,
  };
}

const num = (v: number | undefined, digits = 0): string => (v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const kinds = (f: CallFigures): string => Object.entries(f.byKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

/** The import benchmark as a table, one column per run, then each run's calls by kind and its goals. */
export function formatImportReport(runs: readonly ImportRun[]): string {
  const rows: [string, (r: ImportRun) => string][] = [
    ['rows imported (expected people)', (r) => `${num(r.n)} (${num(r.expectedPeople)})`],
    ['completed', (r) => (r.completed ? 'yes' : `no: ${r.stoppedBy ?? '?'}`)],
    ['people in Salesforce / missing', (r) => `${num(r.outcome.people)} / ${num(r.outcome.missing)}`],
    ['Salesforce API calls (per record)', (r) => `${num(r.salesforce.apiCalls)} (${num(r.salesforce.perRecord, 3)})`],
    ['  batch floor + pollers (per record)', (r) => `${num(r.floor.salesforce.total)} + ${num(r.pollerAllowance)} (${num(r.floor.salesforce.perRecord, 3)})`],
    ['HubSpot calls (per record)', (r) => `${num(r.hubspot.total)} (${num(r.hubspot.perRecord, 3)})`],
    ['  batch floor (per record)', (r) => `${num(r.floor.hubspot.total)} (${num(r.floor.hubspot.perRecord, 3)})`],
    ['429s / REQUEST_LIMIT_EXCEEDED', (r) => `${num(r.hubspot.rateLimited + r.salesforce.rateLimited)} (${num(100 * r.rateLimitedShare, 2)}%) / ${num(r.salesforce.requestLimitExceeded)}`],
    ['duplicates in Salesforce', (r) => num(r.outcome.duplicates)],
    ['dead letters', (r) => num(r.deadLetters)],
    ['records per second', (r) => num(r.recordsPerSecond, 1)],
    ['s: HubSpot creates done', (r) => num(r.timings.hubspotCreate, 1)],
    ['s: first / last Salesforce create', (r) => `${num(r.timings.firstArrival, 1)} / ${num(r.timings.lastArrival, 1)}`],
    ['s: all present / queues drained', (r) => `${num(r.timings.complete, 1)} / ${num(r.timings.drained, 1)}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const cols = runs.map((r) => Math.max(r.scenario.length, ...rows.map(([, cell]) => cell(r).length)));
  const line = (label: string, cells: string[]) => `${label.padEnd(width)}  ${cells.map((c, i) => c.padStart(cols[i] ?? 0)).join('  ')}`;
  const out = [line('CRM import', runs.map((r) => r.scenario)), ...rows.map(([label, cell]) => line(label, runs.map(cell)))];
  for (const r of runs) {
    out.push('', `${r.scenario}: Salesforce calls by kind: ${kinds(r.salesforce)}`, `${r.scenario}: HubSpot calls by kind: ${kinds(r.hubspot)}`);
    out.push(`${r.scenario}: answers by HTTP status: Salesforce ${JSON.stringify(r.salesforce.byStatus)}, HubSpot ${JSON.stringify(r.hubspot.byStatus)}`);
    out.push(`${r.scenario}: importing user's HubSpot calls (not counted above): ${JSON.stringify(r.importer.calls)}, 429s ${JSON.stringify(r.importer.rateLimited)}`);
    for (const g of r.goals) out.push(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.measured} (limit ${g.limit})`);
  }
  return out.join('\n');
}
