import { isAbsolute, join, relative } from 'node:path';
import { ContractError } from '#config/load-contract';
import { writeHubFile } from './hub-file.ts';
import { startHub } from './hub.ts';
import { SYNTH_CACHE_DIR, UsageError, clearLocalState, parseStartArgs } from './start-options.ts';

/** Where `npm start` keeps the hub's state between runs: `.syncline/` (the hub's own default), or SYNCLINE_STATE_DIR. */
const STATE_DIR = process.env['SYNCLINE_STATE_DIR'] ?? join(import.meta.dirname, '..', '.syncline');

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
  const { fresh } = parseStartArgs(process.argv.slice(2));
  if (fresh) clearLocalState(STATE_DIR);
  console.log(`Syncline: synthesizing the stack and starting the local hub${fresh ? ' (fresh start)' : ''}...`);
  // Ctrl-C while starting stops what has started so far, then exits.
  const running: { hub?: Awaited<ReturnType<typeof startHub>> } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Syncline...`);
    await running.hub?.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const hub = await startHub({ persist: true, stateDir: STATE_DIR, synthCacheDir: join(STATE_DIR, SYNTH_CACHE_DIR), log: printLog, onAlert: (a) => console.log(`\n  ${a.state === 'ALARM' ? 'ALERT' : 'RESOLVED'} ${a.alarm}: ${a.description} (value ${a.value})\n`) });
  running.hub = hub;
  if (stopping) return void (await hub.stop());
  // The `syncline` CLI (quarantine, audit) finds this hub's tables and queue here.
  writeHubFile(hub, join(STATE_DIR, 'hub.json'));
  console.log(`
Syncline is running on one machine.

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

  ${fresh ? `fresh start — seeded sandboxes, empty tables and queues; from here on kept in ${shown(STATE_DIR)}` : `state kept in ${shown(STATE_DIR)} — npm start -- --fresh starts clean`}

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
}

main().catch((error: unknown) => {
  console.error(error instanceof ContractError || error instanceof UsageError ? error.message : error);
  process.exit(1);
});
