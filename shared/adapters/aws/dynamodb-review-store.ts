import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReviewItem, ReviewStore } from '#ports/stores';
import { DynamoDbParkedStore } from './dynamodb-parked-store.ts';

/** The review queue, in the state table (`pk = review`, `sk = <entityId>#<field>`). */
export class DynamoDbReviewStore extends DynamoDbParkedStore<ReviewItem> implements ReviewStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'review');
  }
}
