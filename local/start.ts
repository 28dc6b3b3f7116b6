import { rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ContractError } from '#config/load-contract';
import { writeHubFile } from './hub-file.ts';
import { SANDBOXES, startHub, type SandboxName } from './hub.ts';
import { checkPortsFree, hubPort, PortError, portTakenMessage, takenPort, type HubPorts } from './start-ports.ts';
import { SYNTH_CACHE_DIR, UsageError, bareCrms, clearLocalState, parseStartArgs } from './start-options.ts';

/** Where `npm start` keeps the hub's state between runs: `.syncline/` (the hub's own default), or SYNCLINE_STATE_DIR. */
const STATE_DIR = process.env['SYNCLINE_STATE_DIR'] ?? join(import.meta.dirname, '..', '.syncline');

/** The sandboxes as the messages name them. */
const SANDBOX_TITLES: Record<SandboxName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', outreach: 'Outreach', gong: 'Gong', stripe: 'Stripe', zoominfo: 'ZoomInfo', slack: 'Slack' };

/** The ports the hub listens on: SYNCLINE_PORT (default 3000), its sandboxes on the ones after it. */
function hubPorts(): HubPorts {
  return { port: hubPort(process.env['SYNCLINE_PORT']), sandboxes: SANDBOXES.map((s) => SANDBOX_TITLES[s]) };
}

/** SYNCLINE_ALARM_TIME_SCALE: multiplies every alarm period, a number or a fraction (`1/60` runs an hour's alarm in a minute). */
function alarmTimeScale(raw = process.env['SYNCLINE_ALARM_TIME_SCALE'] ?? '1'): number {
  const [numerator = '', denominator = '1'] = raw.split('/');
  const scale = Number(numerator) / Number(denominator);
  if (!(scale > 0 && Number.isFinite(scale))) throw new UsageError(`SYNCLINE_ALARM_TIME_SCALE=${raw} is not a positive number; use e.g. 1 (real time) or 1/60`);
  return scale;
}

/** Prints one function log line readably; EMF metric documents are left out. */
function printLog(functionId: string, line: string): void {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if ('_aws' in entry) return;
    const { level, message, timestamp: _t, service: _s, sampling_rate: _r, xray_trace_id: _x, function_request_id: _id, cold_start: _c, ...rest } = entry;
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
    console.log(`  ${functionId.padEnd(28)} ${String(level ?? '').padEnd(5)} ${String(message ?? '')} ${fields}`);
  } catch {
    console.log(`  ${functionId.padEnd(28)} ${line}`);
  }
}

/** The state folder as the user knows it: relative to where npm start runs, when it lies inside. */
function shown(dir: string): string {
  const path = relative(process.cwd(), dir);
  return path.startsWith('..') || isAbsolute(path) ? `${dir}/` : `${path}/`;
}

async function main(): Promise<void> {
  const options = parseStartArgs(process.argv.slice(2));
  const { fresh } = options;
  const ports = hubPorts();
  // Before anything starts, and before --fresh deletes a state that a hub on these ports may be running on.
  // The hub listens on loopback only (local/hub.ts).
  await checkPortsFree(ports, '127.0.0.1');
  if (fresh) clearLocalState(STATE_DIR);
  const bare = bareCrms(STATE_DIR, options);
  console.log(`Syncline: synthesizing the stack and starting the local hub${fresh ? ' (fresh start)' : ''}...`);
  // Ctrl-C while starting stops what has started so far, then exits.
  const running: { hub?: Awaited<ReturnType<typeof startHub>>; hubFile?: string } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Syncline...`);
    await running.hub?.stop();
    // The CLI then says the hub is not running, rather than trying endpoints nobody listens on.
    if (running.hubFile) rmSync(running.hubFile, { force: true });
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const hub = await startHub({ port: ports.port, bareCrms: bare, persist: true, stateDir: STATE_DIR, synthCacheDir: join(STATE_DIR, SYNTH_CACHE_DIR), alarmTimeScale: alarmTimeScale(), log: printLog, onAlert: (a) => console.log(`\n  ${a.state === 'ALARM' ? 'ALERT' : 'RESOLVED'} ${a.alarm}: ${a.description} (value ${a.value})\n`) });
  running.hub = hub;
  if (stopping) return void (await hub.stop());
  // The `syncline` CLI (quarantine, audit) finds this hub's tables and queue here.
  running.hubFile = join(STATE_DIR, 'hub.json');
  writeHubFile(hub, running.hubFile);
  console.log(`
Syncline is running on one machine.

  Dashboard              ${hub.url}/dashboard#token=${hub.healthToken}
  Health (JSON)          curl -H 'authorization: Bearer ${hub.healthToken}' ${hub.url}/health   (or: npx syncline health)
  Webhooks (HTTP API)    ${hub.webhookUrl('{source}')}
  HubSpot sandbox        ${hub.hubspot.url}       (token: ${hub.credentials.hubspot.accessToken})
  Salesforce sandbox     ${hub.salesforce.url}       (Outbound Messages: ${hub.salesforce.url}/__sandbox/outbound-messages)
  Outreach sandbox       ${hub.outreach.url}       (token: ${hub.credentials.outreach.accessToken}, for two hours)
  Gong sandbox           ${hub.gong.url}
  Stripe sandbox         ${hub.stripe.url}
  ZoomInfo sandbox       ${hub.zoominfo.url}
  Slack sandbox          ${hub.slack.url}       (alerts posted: ${hub.slack.url}/__sandbox/messages)
  DynamoDB Local         ${hub.aws.dynamodbEndpoint}   tables: ${Object.values(hub.aws.tables).join(', ')}
  SQS (fauxqs)           ${hub.aws.sqsEndpoint}   queues: ${hub.aws.queues.map((q) => q.name).join(', ')}

  ${bare ? 'bare Salesforce org and HubSpot portal: npx syncline setup --apply creates the fields the contract needs\n  ' : ''}${fresh ? `fresh start — seeded sandboxes, empty tables and queues; from here on kept in ${shown(STATE_DIR)}` : `state kept in ${shown(STATE_DIR)} — npm start -- --fresh starts clean`}

Try it: change a contact in the HubSpot sandbox, then look for it in Salesforce:
  curl -s -X PATCH ${hub.hubspot.url}/crm/v3/objects/contacts/1001 -H 'authorization: Bearer ${hub.credentials.hubspot.accessToken}' \\
       -H 'content-type: application/json' -d '{"properties":{"hubspotscore":"72"}}'
  curl -s ${hub.salesforce.url}/__sandbox/records/Contact
Or pay a Stripe invoice, and see the Account's billing fields:
  curl -s -X POST ${hub.stripe.url}/__sandbox/invoices -H 'content-type: application/json' \\
       -d '{"customer":"cus_SyncNorthwind01","amount":480000,"currency":"eur"}'
  curl -s -X POST ${hub.stripe.url}/__sandbox/invoices/<the invoice id>/pay

Ctrl-C stops everything.
`);
  if (hub.alarmsNotEvaluated.length > 0) console.log(`Alarms not evaluated locally (their metrics or math are not reproduced here): ${hub.alarmsNotEvaluated.join(', ')}\n`);
}

main().catch((error: unknown) => {
  // A port taken after the check (a sandbox's, or a race): Node's listen error names it.
  const taken = takenPort(error);
  if (taken !== undefined) console.error(portTakenMessage(taken, hubPorts()));
  else console.error(error instanceof ContractError || error instanceof UsageError || error instanceof PortError ? error.message : error);
  process.exit(1);
});
