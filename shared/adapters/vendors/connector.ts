import type { ChangeFeed } from '#ports/change-feed';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter, RecordLister } from '#ports/crm';
import type { Acknowledgement, InboundRequest, ParseOutcome, VerifyOutcome } from '#ports/webhook-source';

/**
 * A vendor's webhook dialect: how it signs (given the connector's secret) and what its bodies look like. Kept apart
 * from the CRM side so the webhook function's bundle carries no vendor SDK (cold starts stay short).
 */
export interface WebhookConnector {
  readonly name: string;
  /** May be async (a signed JWT's key import is). Never throws for a bad request: it returns the rejection. */
  verify(secret: Record<string, unknown>, request: InboundRequest, nowMs: number): VerifyOutcome | Promise<VerifyOutcome>;
  parse(rawBody: string): ParseOutcome;
  /**
   * The body a vendor needs back to count a delivery as received, where a plain 2xx is not enough (Salesforce
   * Outbound Messages retry until they get a SOAP Ack). Without it the function answers 202 with a JSON summary.
   */
  acknowledge?(accepted: number): Acknowledgement;
}

/** A vendor's API side: reads records from it and/or writes records into it. */
export interface CrmConnector {
  readonly name: string;
  /** Vendor objects it reads changes from and writes to. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /**
   * Vendor objects whose records have a unique key of their own that a write can be keyed on (HubSpot contacts by
   * `email`): writing one twice is the same record, so an import creates new records there first.
   */
  readonly createKeys?: readonly { objectType: string; field: string }[];
  reader?(secret: Record<string, unknown>): ChangeReader;
  writer?(secret: Record<string, unknown>): CrmWriter;
  /**
   * Reads every record of an object in the vendor's bulk form, for an initial sync or a reconciliation; undefined
   * when the secret holds no credentials for it (Gong's API key is optional beside its webhook rule).
   */
  lister?(secret: Record<string, unknown>): RecordLister | undefined;
  /** For a vendor that cannot push its changes: the feed a scheduled poller reads them from. */
  changeFeed?(secret: Record<string, unknown>, options: ChangeFeedOptions): ChangeFeed;
}

/** Settings every polled feed takes. */
export interface ChangeFeedOptions {
  clock: Clock;
  /** How far back the first poll (no cursor yet) starts. @default 0: from now */
  lookbackMs?: number;
}
