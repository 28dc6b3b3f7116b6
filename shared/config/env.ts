import { z } from 'zod';
import { EnvName } from './env-names.ts';

const secretIds = z
  .string()
  .transform((s, ctx) => {
    try {
      return z.record(z.string(), z.string().min(1)).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object of connector → secret id' });
      return z.NEVER;
    }
  });

const common = {
  [EnvName.ConnectorSecrets]: secretIds,
  [EnvName.SecretsFile]: z.string().min(1).optional(),
};

const WebhookEnv = z.object({
  ...common,
  [EnvName.Source]: z.string().regex(/^[a-z][a-z0-9-]*$/),
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.MaxBodyBytes]: z.coerce.number().int().positive(),
  [EnvName.StateTable]: z.string().min(1),
});

/**
 * The most changes a processor window takes when a backlog waits. Each vendor call of a window is made once per
 * object and round, so a larger window costs fewer calls per record: on the 40,000-contact import of `npm run
 * bench:import`, windows of 1,000 made about half the Salesforce and HubSpot calls per record that windows of 200
 * made (a Salesforce collection takes 200 records, a HubSpot batch 100, vendor-apis.md §1.4, §2.3). The window starts
 * smaller and grows only while windows finish well inside their time; its thousands of state-table requests go out
 * at most 50 at a time (resilient-clients.ts), which is what lets a slow table keep up.
 */
export const DEFAULT_WINDOW_MAX_RECORDS = 1_000;

const ProcessorEnv = z.object({
  ...common,
  [EnvName.IdempotencyTable]: z.string().min(1),
  [EnvName.StateTable]: z.string().min(1),
  [EnvName.AuditTable]: z.string().min(1),
  [EnvName.ContractFile]: z.string().min(1).default('syncline.yaml'),
  // The processor's own queue: changes it defers while its infrastructure is down go back there.
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.WindowMaxRecords]: z.coerce.number().int().positive().default(DEFAULT_WINDOW_MAX_RECORDS),
  [EnvName.WindowReleaseBaseSeconds]: z.coerce.number().int().nonnegative().default(10),
  [EnvName.BudgetProbeSeconds]: z.coerce.number().int().positive().default(900),
  [EnvName.VendorRetryBaseMs]: z.coerce.number().int().positive().default(1000),
});

const PollerEnv = z.object({
  ...common,
  [EnvName.Source]: z.string().regex(/^[a-z][a-z0-9-]*$/),
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.StateTable]: z.string().min(1),
  [EnvName.ContractFile]: z.string().min(1).default('syncline.yaml'),
  [EnvName.PollLookbackSeconds]: z.coerce.number().int().nonnegative().default(0),
  [EnvName.BudgetProbeSeconds]: z.coerce.number().int().positive().default(900),
});

function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The webhook function's settings (the state table holds the quarantine); every problem is reported at once. */
export function readWebhookEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(WebhookEnv, env);
  return { source: e.SOURCE, queueUrl: e.CHANGES_QUEUE_URL, maxBodyBytes: e.MAX_BODY_BYTES, stateTable: e.STATE_TABLE, secretIds: e.CONNECTOR_SECRETS, secretsFile: e.SYNCLINE_SECRETS_FILE };
}

/** The processor's settings. */
export function readProcessorEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(ProcessorEnv, env);
  return {
    idempotencyTable: e.IDEMPOTENCY_TABLE,
    stateTable: e.STATE_TABLE,
    auditTable: e.AUDIT_TABLE,
    queueUrl: e.CHANGES_QUEUE_URL,
    contractFile: e.SYNCLINE_CONTRACT_FILE,
    secretIds: e.CONNECTOR_SECRETS,
    secretsFile: e.SYNCLINE_SECRETS_FILE,
    windowMaxRecords: e.WINDOW_MAX_RECORDS,
    windowReleaseBaseSeconds: e.WINDOW_RELEASE_BASE_SECONDS,
    budgetProbeMs: e.SYNCLINE_BUDGET_PROBE_SECONDS * 1000,
    vendorRetryBaseMs: e.SYNCLINE_VENDOR_RETRY_BASE_MS,
  };
}

/** The poller's settings: the source it polls, where changes and cursors go. */
export function readPollerEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(PollerEnv, env);
  return {
    source: e.SOURCE,
    queueUrl: e.CHANGES_QUEUE_URL,
    stateTable: e.STATE_TABLE,
    contractFile: e.SYNCLINE_CONTRACT_FILE,
    lookbackMs: e.POLL_LOOKBACK_SECONDS * 1000,
    secretIds: e.CONNECTOR_SECRETS,
    secretsFile: e.SYNCLINE_SECRETS_FILE,
    budgetProbeMs: e.SYNCLINE_BUDGET_PROBE_SECONDS * 1000,
  };
}

const AlertEnv = z.object({ ...common });

/** The alert forwarder's settings: where its Slack secret is. */
export function readAlertEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(AlertEnv, env);
  return { secretIds: e.CONNECTOR_SECRETS, secretsFile: e.SYNCLINE_SECRETS_FILE };
}

/** The credential check's settings: the secrets it reads (those whose credentials can expire). */
export function readCheckCredentialsEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(z.object({ ...common }), env);
  return { secretIds: e.CONNECTOR_SECRETS, secretsFile: e.SYNCLINE_SECRETS_FILE };
}

const ReconcileEnv = z.object({
  ...common,
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.StateTable]: z.string().min(1),
  [EnvName.IdempotencyTable]: z.string().min(1),
  [EnvName.ContractFile]: z.string().min(1).default('syncline.yaml'),
  [EnvName.BudgetProbeSeconds]: z.coerce.number().int().positive().default(900),
});

/** The reconciliation function's settings. */
export function readReconcileEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(ReconcileEnv, env);
  return { queueUrl: e.CHANGES_QUEUE_URL, stateTable: e.STATE_TABLE, idempotencyTable: e.IDEMPOTENCY_TABLE, contractFile: e.SYNCLINE_CONTRACT_FILE, secretIds: e.CONNECTOR_SECRETS, secretsFile: e.SYNCLINE_SECRETS_FILE };
}

const HealthEnv = z.object({
  [EnvName.StateTable]: z.string().min(1),
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.DeadLetterQueueUrl]: z.url(),
  [EnvName.ContractFile]: z.string().min(1).default('syncline.yaml'),
});

/** The health function's settings: where the report reads queues, quarantine, reviews and pauses, and the contract it reports on. It reads no secrets. */
export function readHealthEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(HealthEnv, env);
  return { stateTable: e.STATE_TABLE, changesQueueUrl: e.CHANGES_QUEUE_URL, deadLetterQueueUrl: e.DEAD_LETTER_QUEUE_URL, contractFile: e.SYNCLINE_CONTRACT_FILE };
}

const SyncRunEnv = ReconcileEnv.extend({ [EnvName.AuditTable]: z.string().min(1) });

/** The sync-run function's settings: the reconciliation's (it reads the CRMs and sends changes the same way), and the audit table an import writes. */
export function readSyncRunEnv(env: NodeJS.ProcessEnv = process.env) {
  return { ...readReconcileEnv(env), auditTable: parseEnv(SyncRunEnv, env)[EnvName.AuditTable] };
}

const EnrichRunEnv = z.object({
  ...common,
  [EnvName.ChangesQueueUrl]: z.url(),
  [EnvName.StateTable]: z.string().min(1),
  [EnvName.ContractFile]: z.string().min(1).default('syncline.yaml'),
});

/** The enrichment run's settings: where it reads entities and keeps its runs and credits, and where it sends the answers. */
export function readEnrichRunEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(EnrichRunEnv, env);
  return { queueUrl: e.CHANGES_QUEUE_URL, stateTable: e.STATE_TABLE, contractFile: e.SYNCLINE_CONTRACT_FILE, secretIds: e.CONNECTOR_SECRETS, secretsFile: e.SYNCLINE_SECRETS_FILE };
}
