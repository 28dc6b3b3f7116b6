import type { Contract } from './contract-schema.ts';
import { activeSyncs, enabledConnectors } from './load-contract.ts';

/**
 * What each connector does, in one place that loads no vendor SDK (so `cdk synth` and the webhook bundle stay
 * light): the stack sizes IAM and functions from it, the README's connector table is rendered from it, and a unit
 * test keeps it in step with the connector registries.
 */
export interface ConnectorProfile {
  title: string;
  /** Vendor objects and how they relate to Syncline's objects, as a reader would say it. */
  objects: string;
  /** How changes arrive from it, if it is a source. */
  push?: string;
  /** How its webhook requests are authenticated, as its verifier does it (the API Gateway route names it). */
  verification?: string;
  /** The processor reads from and/or writes to its API. */
  api?: { reads: boolean; writes: boolean };
  /** A scheduled poller reads its changes. */
  poll?: string;
  /** How every record of an object is read at once, for an initial sync and the daily reconciliation. */
  fullRead?: string;
  /**
   * The secret (`syncline/<name>`) that full read takes its credentials from, where it is not the connector's own:
   * Gong's API key stays apart from its webhook rule's key, so the internet-facing webhook function never holds it.
   */
  fullReadSecret?: string;
  /** What Syncline writes into it, if it is a target. */
  target?: string;
  /** Fills blank or stale fields of records Syncline creates or holds. */
  enricher?: boolean;
  /** Receives alerts. */
  alerts?: boolean;
  auth: string;
  /**
   * What of its credentials can expire. Its secret then may say when, in an optional `expiresAt` field (ISO 8601
   * date-time with its offset, e.g. `"expiresAt": "2027-03-01T00:00:00Z"`), beside the credentials; the daily
   * credential check reads it and alarms 7 days and 1 day ahead. The connector's own code ignores the field.
   */
  credentialExpiry?: string;
  /** Its client refreshes OAuth access tokens, so a refused refresh is counted (`OAuthRefreshFailures`). */
  oauthRefresh?: boolean;
}

export const CONNECTOR_CATALOG = {
  salesforce: {
    title: 'Salesforce',
    objects: 'Contact, Lead → person; Account → company; Opportunity → deal; Task ← activity',
    push: 'Outbound Messages (SOAP, acknowledged; URL token + organization id)',
    verification: 'Salesforce signs nothing: a shared secret token in the endpoint URL (constant-time compare), a text/xml body, and the configured organization id in the envelope; no timestamp window',
    poll: 'SOQL on SystemModstamp, queryAll for deletes, Lead conversions',
    fullRead: 'Bulk API 2.0 query jobs (one job per object, result pages by locator)',
    api: { reads: true, writes: true },
    target: 'upsert by external id through sObject Collections (200 per call), Bulk API 2.0 from 2,000 records',
    auth: 'OAuth 2.0 refresh token (connected app); access tokens refreshed on expiry',
    // Salesforce Help, "Manage OAuth Access Policies for a Connected App": the refresh token policy may expire it.
    credentialExpiry: "the refresh token, when the connected app's refresh token policy expires it after a set time",
    oauthRefresh: true,
  },
  hubspot: {
    title: 'HubSpot',
    objects: 'contacts → person; companies → company; deals → deal',
    push: 'app webhooks, v3 signatures (v1/v2 only when allowed)',
    verification: 'X-HubSpot-Signature-v3, an HMAC-SHA256 of method, URI, body and timestamp (constant-time compare) with a 5-minute timestamp window; v1/v2 hashes, without a timestamp, only when allowed',
    poll: 'CRM search on the last-modified date, a moving window under the 10,000-result cap that ends 75 s ago, past the search index lag (`poll: true`)',
    fullRead: 'CRM v3 list pages (100 a page) with each page\'s company associations in one v4 batch read',
    api: { reads: true, writes: true },
    target: 'batch upsert by idProperty (100 per call)',
    auth: 'private app or OAuth access token; webhook client secret',
  },
  outreach: {
    title: 'Outreach',
    objects: 'prospect ↔ person (sequence status ↔ Lead/Contact: Paused, Active, Finished set in Salesforce pause, resume, finish the sequence); mailing, call → activity (Salesforce Task)',
    push: 'webhooks, HMAC-SHA256 of the body',
    verification: 'Outreach-Webhook-Signature, an HMAC-SHA256 of the body (constant-time compare); Outreach sends no timestamp, so there is no replay window and a replay is absorbed by idempotency',
    fullRead: 'mailings and calls, API v2 list pages of 1,000 (activity only: people are read in full from the CRMs)',
    api: { reads: true, writes: true },
    target: 'prospects created or updated from Salesforce; sequenceState pause, resume and finish actions',
    auth: 'OAuth 2.0 refresh token; webhook secret',
    // developers.outreach.io/api/getting-started: tokens are short-lived, and old ones are deleted; re-authorize in time.
    credentialExpiry: 'the OAuth refresh token of the authorized user',
    oauthRefresh: true,
  },
  gong: {
    title: 'Gong',
    objects: 'call → activity (Task), Gong_* fields on the Opportunity and Contact it names',
    push: 'webhook rules, signed JWT (RS256) or URL token',
    verification: "a JWT signed (RS256) with the webhook rule's key, binding the body's SHA-256 and the URL, exp and iat checked with 60 s tolerance; or the rule's secret URL token (constant-time compare)",
    fullRead: 'calls with their Salesforce context, `/v2/calls/extensive` pages of 100 by cursor (with an API access key in the `syncline/gong-api` secret)',
    fullReadSecret: 'gong-api',
    auth: 'public key of the webhook rule, or its URL token; an API access key and secret (a secret of their own) to read calls in full',
  },
  stripe: {
    title: 'Stripe',
    objects: 'invoice and payment events of a customer → company billing fields (Account), one way',
    push: 'webhooks, Stripe-Signature (HMAC-SHA256, 300 s window)',
    verification: 'Stripe-Signature, an HMAC-SHA256 of timestamp and body (constant-time compare) with a 300-second timestamp window',
    auth: 'webhook signing secret (whsec_…)',
  },
  zoominfo: {
    title: 'ZoomInfo',
    objects: 'company (industry, employees, revenue, tech stack) and contact (title, phone, LinkedIn URL) lookups: when a record is first synced or changes once its lookup is `staleAfterDays` old, and in a daily batch (Step Functions, 25 a request) for whatever is due; one daily credit cap for both (off in the shipped contract: lookups spend credits); senior people at looked-up accounts suggested as new contacts, created only when approved in the review queue',
    enricher: true,
    auth: 'username and password for a 60-minute JWT',
  },
  slack: {
    title: 'Slack',
    objects: 'alarm notifications',
    alerts: true,
    auth: 'incoming webhook URL',
  },
} as const satisfies Record<string, ConnectorProfile>;

export type CatalogName = keyof typeof CONNECTOR_CATALOG;

function profileOf(name: string): ConnectorProfile | undefined {
  return (CONNECTOR_CATALOG as Record<string, ConnectorProfile>)[name];
}

/** Connectors that can be polled (they have a change feed). */
export function pollableConnectors(): string[] {
  return Object.keys(CONNECTOR_CATALOG).filter((name) => profileOf(name)?.poll !== undefined);
}

/** Connectors whose every record can be read at once (initial sync, reconciliation). */
export function fullReadConnectors(): string[] {
  return Object.keys(CONNECTOR_CATALOG).filter((name) => profileOf(name)?.fullRead !== undefined);
}

/** Enabled connectors a reconciliation reads: the only secrets it may read. */
/** The secret name (after `syncline/`) a connector's full read takes its credentials from. */
export function fullReadSecretOf(name: string): string {
  return profileOf(name)?.fullReadSecret ?? name;
}

/** Secrets of their own that enabled connectors' full reads need, beside the connectors' own (`gong-api`). */
export function fullReadOnlySecrets(contract: Contract): string[] {
  return reconcileConnectors(contract).map(fullReadSecretOf).filter((secret) => !enabledConnectors(contract).includes(secret));
}

export function reconcileConnectors(contract: Contract): string[] {
  return enabledConnectors(contract).filter((name) => fullReadConnectors().includes(name));
}

/** Enabled connectors whose secret may declare when its credentials expire: the daily check reads these secrets. */
export function expiringConnectors(contract: Contract): string[] {
  return enabledConnectors(contract).filter((name) => profileOf(name)?.credentialExpiry !== undefined);
}

/** Enabled connectors whose clients refresh OAuth tokens. */
export function oauthRefreshConnectors(contract: Contract): string[] {
  return enabledConnectors(contract).filter((name) => profileOf(name)?.oauthRefresh === true);
}

/** Connectors that enrich records (data vendors). */
export function enricherConnectorNames(): string[] {
  return Object.keys(CONNECTOR_CATALOG).filter((name) => profileOf(name)?.enricher === true);
}

/** Enabled connectors whose API the processor reads, writes or enriches from: the only secrets it may read. */
export function processorConnectors(contract: Contract): string[] {
  return enabledConnectors(contract).filter((name) => profileOf(name)?.api !== undefined || profileOf(name)?.enricher === true);
}

/**
 * Connectors that get a scheduled poller: pollable, enabled, the source of at least one active sync, and polled
 * (`poll`, which defaults to true only for a connector that pushes no webhooks).
 */
export function pollSources(contract: Contract): string[] {
  const sources = new Set<string>(activeSyncs(contract).map((s) => s.from));
  const polled = (name: string) => {
    const connector = contract.connectors[name as keyof Contract['connectors']];
    return connector?.poll ?? !connector?.webhooks;
  };
  return pollableConnectors().filter((name) => sources.has(name) && polled(name)).sort();
}

/** The README's connector table, rendered from the catalog so it cannot drift. */
export function connectorTable(): string {
  const rows = Object.values(CONNECTOR_CATALOG).map((raw) => {
    const p: ConnectorProfile = raw;
    const roles = [p.push || p.poll ? 'source' : '', p.target ? 'target' : '', p.enricher ? 'enricher' : '', p.alerts ? 'alerts' : ''].filter(Boolean).join(', ');
    const how = [p.push ? `push: ${p.push}` : '', p.poll ? `poll: ${p.poll}` : '', p.fullRead ? `full read: ${p.fullRead}` : '', p.target ? `write: ${p.target}` : ''].filter(Boolean).join('<br>');
    return `| ${p.title} | ${roles} | ${p.objects} | ${how || '—'} | ${p.auth} |`;
  });
  return ['| connector | role | objects | push / poll / full read / write | auth |', '|---|---|---|---|---|', ...rows].join('\n');
}

const TABLE_START = '<!-- connectors:start (generated from shared/config/connector-catalog.ts by `npm run syncline -- docs`) -->';
const TABLE_END = '<!-- connectors:end -->';

/** The README with its connector table replaced by the current rendering. */
export function withConnectorTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no connector table markers (${TABLE_START} … ${TABLE_END})`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${connectorTable()}\n${readme.slice(end)}`;
}
