import type { ChangeReader, CrmWriter } from '#ports/crm';
import type { WebhookSource } from '#ports/webhook-source';

/**
 * A vendor's webhook side: builds the verifier and parser from the connector's secret. Kept apart from the CRM
 * side so the webhook function's bundle carries no vendor SDK (cold starts stay short).
 */
export interface WebhookConnector {
  readonly name: string;
  webhookSource(secret: Record<string, unknown>): WebhookSource;
}

/** A vendor's API side: reads records from it and/or writes records into it. */
export interface CrmConnector {
  readonly name: string;
  /** Vendor objects it reads changes from and writes to. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  reader?(secret: Record<string, unknown>): ChangeReader;
  writer?(secret: Record<string, unknown>): CrmWriter;
}
