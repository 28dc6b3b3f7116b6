import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InfrastructureUnavailable } from '#domain/errors';
import type { AuditEntry, AuditLog } from '#ports/stores';
import { auditValue } from './audit-value.ts';
import { partitionKey, sortKey } from './dynamodb-key.ts';

/** Audit entries are kept 400 days (at least a year), then expire by TTL. */
export const AUDIT_RETENTION_SECONDS = 400 * 24 * 3600;
const BATCH = 25;
/** Resends of throttled items before giving up; the change then goes back to the queue and is retried whole. */
const MAX_ATTEMPTS = 6;

/**
 * The audit trail: one item per written field, `pk` = the written record's key, `sk` = time, event and field.
 * The sort key is deterministic per event and field, so a retried write overwrites its own entry instead of
 * adding a second one. Both keys are built from record values and event ids, so long ones are digested
 * ({@link partitionKey}, {@link sortKey}); the entry keeps `recordKey`, `eventId` and `field` as they are.
 *
 * A `before`/`after` string longer than 2,000 characters (`AUDIT_VALUE_MAX_CHARS`) is stored truncated to that length, with the
 * whole value's length and SHA-256 beside it (`beforeLength`/`beforeSha256`, `afterLength`/`afterSha256`): the trail
 * still shows what changed and can prove which value it was, and one huge field cannot push the entry past
 * DynamoDB's 400 KB item limit. `history` then returns the truncated value.
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += BATCH) {
      let requests = entries.slice(i, i + BATCH).map((e) => ({
        PutRequest: { Item: { pk: partitionKey(e.recordKey), sk: sortKey(`${e.eventId}#${e.field}`), ...e, ...auditValue('before', e.before), ...auditValue('after', e.after), expiresAt: Math.floor(Date.parse(e.at) / 1000) + AUDIT_RETENTION_SECONDS } },
      }));
      // BatchWrite may leave items unprocessed under throttling; resend them until none remain.
      for (let attempt = 0; requests.length > 0; attempt++) {
        // Items left unprocessed after every backoff are DynamoDB throttling: the batch waits for it, as for an outage.
        if (attempt === MAX_ATTEMPTS) throw new InfrastructureUnavailable('dynamodb', 'UnprocessedItems');
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async history(recordKey: string): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitionKey(recordKey) }, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) {
        entries.push({ recordKey: item['recordKey'], sourceKey: item['sourceKey'], eventId: item['eventId'], field: item['field'], before: item['before'], after: item['after'], actor: item['actor'], at: item['at'] });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entries.sort((a, b) => a.at.localeCompare(b.at) || a.field.localeCompare(b.field));
  }
}
