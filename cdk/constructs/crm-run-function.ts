import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { NodeFunction } from './node-function.ts';

/** The timeout of such a function: Lambda's longest. */
export const CRM_RUN_TIMEOUT = Duration.minutes(15);

/** What a function that runs over whole CRMs (the reconciliation, the sync runs) is given. */
export interface CrmRunFunctionProps {
  readonly queue: IQueue;
  readonly stateTable: ITable;
  readonly idempotencyTable: ITable;
  /** `CONNECTOR_SECRETS` for the CRMs it reads. */
  readonly secretIdsJson: string;
  readonly projectRoot: string;
  /** The contract and the model files it names: bundle path → file, copied into the bundle. */
  readonly contractFiles: Readonly<Record<string, string>>;
  readonly bundledContractFile: string;
}

/**
 * A function that reads whole CRMs and sends what it finds through the changes queue: 15 minutes (reading 50,000
 * records a side and waiting for the pipeline take minutes), the contract bundled, allowed to send to the queue, to
 * read and write the state table (links, entities, reviews, the quarantine, the vendor budgets, its own position)
 * and to read the idempotency records of the changes it sent.
 */
export function crmRunFunction(scope: Construct, props: CrmRunFunctionProps & { entry: string; description: string; memorySize: number; environment?: Record<string, string> }): NodejsFunction {
  const fn = new NodeFunction(scope, 'Handler', {
    projectRoot: props.projectRoot,
    entry: props.entry,
    timeout: CRM_RUN_TIMEOUT,
    memorySize: props.memorySize,
    description: props.description,
    environment: {
      [EnvName.ChangesQueueUrl]: props.queue.queueUrl,
      [EnvName.StateTable]: props.stateTable.tableName,
      [EnvName.IdempotencyTable]: props.idempotencyTable.tableName,
      [EnvName.ContractFile]: props.bundledContractFile,
      [EnvName.ConnectorSecrets]: props.secretIdsJson,
      ...props.environment,
    },
    bundledFiles: props.contractFiles,
  }).function;
  props.queue.grantSendMessages(fn);
  props.stateTable.grantReadWriteData(fn);
  props.idempotencyTable.grantReadData(fn);
  return fn;
}
