import type { ChangeReader, CrmWriter } from '#ports/crm';
import type { WebhookSource } from '#ports/webhook-source';

/** A vendor connector: what it supports and how to build its ports from its secret. */
export interface Connector {
  readonly name: string;
  readonly supports: { webhooks: boolean; read: readonly string[]; write: readonly string[] };
  webhookSource?(secret: Record<string, unknown>): WebhookSource;
  reader?(secret: Record<string, unknown>): ChangeReader;
  writer?(secret: Record<string, unknown>): CrmWriter;
}
