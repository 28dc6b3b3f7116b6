import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuarantineItem, QuarantineStore } from '#ports/stores';
import { DynamoDbParkedStore } from './dynamodb-parked-store.ts';

/** The quarantine, in the state table (`pk = quarantine`, `sk = <record key>`). */
export class DynamoDbQuarantineStore extends DynamoDbParkedStore<QuarantineItem> implements QuarantineStore {
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'quarantine');
  }
}
