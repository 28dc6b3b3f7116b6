import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeclinedStore, DeclinedSuggestion, ReviewItem, ReviewStore } from '#ports/stores';
import { DynamoDbParkedStore } from './dynamodb-parked-store.ts';

/** The review queue, in the state table (`pk = review`, `sk = <entityId>#<field>`). */
export class DynamoDbReviewStore extends DynamoDbParkedStore<ReviewItem> implements ReviewStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'review');
  }
}

/** Suggestions people declined, in the state table (`pk = declined`, `sk = <review id>`), kept for good. */
export class DynamoDbDeclinedStore extends DynamoDbParkedStore<DeclinedSuggestion> implements DeclinedStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'declined');
  }
}
