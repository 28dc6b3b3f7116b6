import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MatchLabel, MatchLabelStore } from '#ports/stores';
import { DynamoDbParkedStore } from './dynamodb-parked-store.ts';

/**
 * Identity decisions kept as labels, in the state table (`pk = label`, `sk = <review id>#<candidate>`): one small
 * item per decided pair (a dozen level numbers), a few per review, read all at once by `syncline identity train`.
 */
export class DynamoDbMatchLabelStore extends DynamoDbParkedStore<MatchLabel> implements MatchLabelStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'label');
  }
}
