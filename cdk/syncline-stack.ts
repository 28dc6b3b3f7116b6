import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { activeSyncs, enabledConnectors, webhookSources } from '#config/load-contract';
import { modelFiles } from '#config/match-rules';
import type { Contract } from '#config/contract-schema';
import { enricherConnectorNames, expiringConnectors, fullReadOnlySecrets, fullReadSecretOf, oauthRefreshConnectors, pollSources, processorConnectors, reconcileConnectors } from '#config/connector-catalog';
import { AlertForwarder } from './constructs/alert-forwarder.ts';
import { ConnectorSecrets } from './constructs/connector-secrets.ts';
import { CredentialCheck } from './constructs/credential-check.ts';
import { DataTables } from './constructs/data-tables.ts';
import { FifoWorker } from './constructs/fifo-worker.ts';
import { HealthEndpoint } from './constructs/health-endpoint.ts';
import { OperationsDashboard } from './constructs/operations-dashboard.ts';
import { PollSchedule } from './constructs/poll-schedule.ts';
import { ReconcileSchedule } from './constructs/reconcile-schedule.ts';
import { SyncAlarms } from './constructs/sync-alarms.ts';
import { SyncRunMachine } from './constructs/sync-run-machine.ts';
import { EnrichMachine } from './constructs/enrich-machine.ts';
import { WebhookApi } from './constructs/webhook-api.ts';
import { WebhookEndpoint } from './constructs/webhook-endpoint.ts';

/** The repository root: `cdk/..`. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where the processor finds the contract, relative to its bundle (and so to the handler). */
export const BUNDLED_CONTRACT_FILE = 'syncline.yaml';

/** Properties of the {@link SynclineStack}. */
export interface SynclineStackProps extends StackProps {
  /** The validated data contract; decides the webhook routes and the connector secrets. */
  readonly contract: Contract;
  /** Absolute path of the contract file, copied into the processor's bundle. */
  readonly contractFile: string;
  /** @default the repository root */
  readonly projectRoot?: string;
  /** Deletion protection on the state and audit tables. @default true */
  readonly deletionProtection?: boolean;
  /** Webhook API throttling. @default 100 requests/s, burst 200 */
  readonly throttle?: { readonly rateLimit?: number; readonly burstLimit?: number };
}

/**
 * Syncline in one stack: the webhook API with one function per webhook source and its IAM-authorized
 * `GET /health`, a scheduled poller per polled source, the `changes.fifo` worker, the DynamoDB tables, a secret per
 * connector, the alarms with their `alerts` topic, the daily credential check and the operations dashboard.
 *
 * Construct ids are part of the deployed state (they make the logical ids); never rename them.
 */
export class SynclineStack extends Stack {
  readonly alarms: SyncAlarms;
  readonly secrets: ConnectorSecrets;
  readonly tables: DataTables;
  readonly worker: FifoWorker;
  readonly api: WebhookApi;
  readonly webhooks: readonly WebhookEndpoint[];
  /** `GET /health` on the webhook API, IAM-authorized: the health report as JSON. */
  readonly health: HealthEndpoint;
  readonly pollers: readonly PollSchedule[];
  /** The daily reconciliation, where two CRMs that can be read in full sync an object. */
  readonly reconciliation?: ReconcileSchedule;
  /** Initial syncs and backfills, step by step, where a CRM can be read in full. */
  readonly syncRuns?: SyncRunMachine;
  /** The daily enrichment batch, where a data vendor (ZoomInfo) is enabled. */
  readonly enrichment?: EnrichMachine;
  /** Posts alarms to Slack, when the contract's `alerts.slack` says so. */
  readonly alertForwarder?: AlertForwarder;
  /** The daily check of when credentials expire, where an enabled connector's can. */
  readonly credentialCheck?: CredentialCheck;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: SynclineStackProps) {
    super(scope, id, { description: 'Syncline: CRM integration hub', ...props });
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const connectors = enabledConnectors(props.contract);
    const slack = props.contract.alerts.slack;
    // The contract, and the person model files its match rules name beside it, in every function that reads it.
    const contractFiles = { [BUNDLED_CONTRACT_FILE]: props.contractFile, ...Object.fromEntries(modelFiles(props.contract).map((file) => [file, join(dirname(props.contractFile), file)])) };

    this.alarms = new SyncAlarms(this, 'Alarms');
    this.secrets = new ConnectorSecrets(this, 'ConnectorSecrets', { connectors: [...connectors, ...(slack ? ['slack'] : []), ...fullReadOnlySecrets(props.contract)] });
    this.tables = new DataTables(this, 'Tables', { deletionProtection: props.deletionProtection });

    this.worker = new FifoWorker(this, 'Worker', {
      projectRoot,
      entry: 'functions/process.ts',
      environment: {
        [EnvName.IdempotencyTable]: this.tables.idempotency.tableName,
        [EnvName.StateTable]: this.tables.state.tableName,
        [EnvName.AuditTable]: this.tables.audit.tableName,
        [EnvName.ConnectorSecrets]: this.secrets.secretIdsJson(processorConnectors(props.contract)),
        [EnvName.ContractFile]: BUNDLED_CONTRACT_FILE,
      },
      bundledFiles: contractFiles,
      alarmAction: this.alarms.action,
    });
    this.alarms.alarmOnStoppage(this.worker.queue);
    const syncs = activeSyncs(props.contract);
    for (const sync of syncs) {
      const sourceObjects = props.contract.objects[sync.object]?.systems[sync.from]?.objects ?? [];
      this.alarms.alarmOnIntegrationStoppage({ from: sync.from, to: sync.to, object: sync.object, sourceObjects });
    }
    for (const vendor of oauthRefreshConnectors(props.contract)) this.alarms.alarmOnOAuthRefreshFailures(vendor);
    for (const vendor of ['salesforce', 'hubspot'] as const) if (connectors.includes(vendor)) this.alarms.alarmOnVendorBudget(vendor);
    if (enricherConnectorNames().some((name) => connectors.includes(name))) this.worker.alarmOnEnrichmentFailures();
    this.tables.grantReadWriteData(this.worker.processor);
    // Only the connectors whose APIs it calls: a webhook-only vendor's secret stays with its webhook function.
    this.secrets.grantRead(this.worker.processor, processorConnectors(props.contract));

    this.api = new WebhookApi(this, 'WebhookApi', props.throttle);
    this.webhooks = webhookSources(props.contract).map(
      (source) =>
        new WebhookEndpoint(this, `Webhook-${source}`, {
          api: this.api,
          source,
          queue: this.worker.queue,
          stateTable: this.tables.state,
          secret: this.secrets.secretOf(source),
          projectRoot,
          entry: 'functions/webhook.ts',
          alarmAction: this.alarms.action,
        }),
    );

    this.health = new HealthEndpoint(this, 'Health', {
      api: this.api,
      queue: this.worker.queue,
      deadLetterQueue: this.worker.deadLetterQueue,
      stateTable: this.tables.state,
      projectRoot,
      contractFiles,
      bundledContractFile: BUNDLED_CONTRACT_FILE,
    });

    this.pollers = pollSources(props.contract).map(
      (source) =>
        new PollSchedule(this, `Poller-${source}`, {
          source,
          queue: this.worker.queue,
          stateTable: this.tables.state,
          secret: this.secrets.secretOf(source),
          projectRoot,
          contractFiles,
          bundledContractFile: BUNDLED_CONTRACT_FILE,
          alarmAction: this.alarms.action,
        }),
    );

    const readable = reconcileConnectors(props.contract);
    if (readable.length >= 2) {
      this.reconciliation = new ReconcileSchedule(this, 'Reconciliation', {
        queue: this.worker.queue,
        stateTable: this.tables.state,
        idempotencyTable: this.tables.idempotency,
        secretIdsJson: this.secrets.secretIdsJson(readable, fullReadSecretOf),
        projectRoot,
        contractFiles,
        bundledContractFile: BUNDLED_CONTRACT_FILE,
        alarmAction: this.alarms.action,
      });
      this.secrets.grantRead(this.reconciliation.function, readable.map(fullReadSecretOf));
    }
    if (readable.length >= 1) {
      this.syncRuns = new SyncRunMachine(this, 'SyncRuns', {
        queue: this.worker.queue,
        stateTable: this.tables.state,
        idempotencyTable: this.tables.idempotency,
        auditTable: this.tables.audit,
        secretIdsJson: this.secrets.secretIdsJson(readable, fullReadSecretOf),
        projectRoot,
        contractFiles,
        bundledContractFile: BUNDLED_CONTRACT_FILE,
        alarmAction: this.alarms.action,
      });
      this.secrets.grantRead(this.syncRuns.function, readable.map(fullReadSecretOf));
    }

    const enrichers = enricherConnectorNames().filter((name) => connectors.includes(name));
    if (enrichers.length > 0) {
      this.enrichment = new EnrichMachine(this, 'Enrichment', {
        queue: this.worker.queue,
        stateTable: this.tables.state,
        secrets: enrichers.map((name) => this.secrets.secretOf(name)),
        secretIdsJson: this.secrets.secretIdsJson(enrichers),
        projectRoot,
        contractFiles,
        bundledContractFile: BUNDLED_CONTRACT_FILE,
        alarmAction: this.alarms.action,
      });
    }

    const expiring = expiringConnectors(props.contract);
    if (expiring.length > 0) {
      this.credentialCheck = new CredentialCheck(this, 'CredentialCheck', { secrets: Object.fromEntries(expiring.map((c) => [c, this.secrets.secretOf(c)])), projectRoot, alarmAction: this.alarms.action });
    }

    if (slack) this.alertForwarder = new AlertForwarder(this, 'AlertForwarder', { topic: this.alarms.topic, secret: this.secrets.secretOf('slack'), projectRoot });

    new CfnOutput(this, 'WebhookBaseUrl', { description: 'Vendors post to <this>webhooks/<source>', value: this.api.url });
    new CfnOutput(this, 'HealthUrl', { description: 'GET with a SigV4-signed request (execute-api, IAM) for the health report as JSON; unsigned requests get 403', value: `${this.api.url}health` });
    new CfnOutput(this, 'AlertsTopicArn', { description: 'Subscribe Slack (AWS Chatbot) or e-mail here', value: this.alarms.topic.topicArn });
    // What the operator CLI (`npm run syncline -- quarantine|dlq|review|audit`) needs to reach a deployed stack.
    new CfnOutput(this, 'StateTableName', { description: 'Set SYNCLINE_STATE_TABLE to this for the syncline CLI', value: this.tables.state.tableName });
    new CfnOutput(this, 'AuditTableName', { description: 'Set SYNCLINE_AUDIT_TABLE to this for the syncline CLI', value: this.tables.audit.tableName });
    new CfnOutput(this, 'ChangesQueueUrl', { description: 'Set SYNCLINE_CHANGES_QUEUE_URL to this for the syncline CLI', value: this.worker.queue.queueUrl });
    new CfnOutput(this, 'IdempotencyTableName', { description: 'Set SYNCLINE_IDEMPOTENCY_TABLE to this for `syncline sync`', value: this.tables.idempotency.tableName });
    if (this.enrichment) new CfnOutput(this, 'EnrichStateMachineArn', { description: 'Set SYNCLINE_ENRICH_MACHINE to this for `syncline enrich --now`', value: this.enrichment.stateMachine.stateMachineArn });
    if (this.syncRuns) new CfnOutput(this, 'SyncRunStateMachineArn', { description: 'Set SYNCLINE_SYNC_RUN_MACHINE to this for `syncline sync`/`backfill`/`import`', value: this.syncRuns.stateMachine.stateMachineArn });
    // Last, so its status widget lists every alarm above.
    this.dashboard = new OperationsDashboard(this, 'Operations', {
      syncs,
      queue: this.worker.queue,
      deadLetterQueue: this.worker.deadLetterQueue,
      apiVendors: processorConnectors(props.contract),
      budgetVendors: (['salesforce', 'hubspot'] as const).filter((v) => connectors.includes(v)),
      activitySources: [...new Set(syncs.filter((s) => s.object === 'activity').map((s) => s.from))],
      credentialVendors: [...new Set([...expiring, ...oauthRefreshConnectors(props.contract)])],
      alarms: this.node.findAll().filter((c): c is Alarm => c instanceof Alarm),
    });
    new CfnOutput(this, 'DashboardUrl', { description: 'The operations dashboard in the CloudWatch console', value: this.dashboard.url });
    new CfnOutput(this, 'DeadLetterQueueUrl', { description: 'Set SYNCLINE_DLQ_URL to this for `syncline dlq`', value: this.worker.deadLetterQueue.queueUrl });
  }
}
