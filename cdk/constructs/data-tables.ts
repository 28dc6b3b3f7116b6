import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Properties of {@link DataTables}. */
export interface DataTablesProps {
  /**
   * Deletion protection on the state and audit tables (golden records, links and the audit trail cannot be
   * rebuilt from elsewhere). Turn it off only for throw-away environments.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * Syncline's DynamoDB tables: on-demand, point-in-time recovery, encrypted with the AWS-managed key, TTL on.
 *
 * - `idempotency`: `id` (S) and TTL `expiration`, the default schema of Powertools idempotency, so its
 *   `DynamoDBPersistenceLayer` needs no attribute overrides. Records live 7 days; losing the table costs at most
 *   a re-run of changes that are idempotent anyway, so it is destroyed with the stack.
 * - `state`: `pk`/`sk` (S), TTL `expiresAt`: golden records, links, match keys, cursors, rate budgets. Retained.
 * - `audit`: `pk`/`sk` (S), TTL `expiresAt` (the app keeps entries at least a year). Retained.
 */
export class DataTables extends Construct {
  readonly idempotency: Table;
  readonly state: Table;
  readonly audit: Table;

  constructor(scope: Construct, id: string, props: DataTablesProps = {}) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? true;
    const common = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS-managed key (aws/dynamodb) rather than the AWS-owned default: key use shows in CloudTrail, and
      // no customer key is needed because cdk-nag's AwsSolutions pack does not require one for DynamoDB.
      encryption: TableEncryption.AWS_MANAGED,
    } as const;

    this.idempotency = new Table(this, 'Idempotency', {
      ...common,
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.state = new Table(this, 'State', {
      ...common,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection,
    });
    this.audit = new Table(this, 'Audit', {
      ...common,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection,
    });
  }

  /** Read and write on all three tables: what the processor needs. */
  grantReadWriteData(grantee: IGrantable): void {
    for (const table of [this.idempotency, this.state, this.audit]) table.grantReadWriteData(grantee);
  }
}
