import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, UpdateTimeToLiveCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveValue, resourcesOfType, type CfnTemplate, type LocalResource } from './template.ts';

export interface LocalQueue {
  logicalId: string;
  name: string;
  url: string;
  arn: string;
  fifo: boolean;
  visibilityTimeout: number;
  /** The queue another queue's redrive policy points at. */
  deadLetter: boolean;
}

export interface Provisioned {
  resources: Map<string, LocalResource>;
  queues: LocalQueue[];
  tables: string[];
}

const arn = (service: string, resource: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${resource}`;

/**
 * Creates what the template describes in DynamoDB Local and fauxqs, and records how every resource resolves locally.
 * Idempotent: on state kept from an earlier run, tables and queues that exist keep their items and messages; only
 * what is missing is created.
 */
export async function provision(template: CfnTemplate, dynamo: DynamoDBClient, sqs: SQSClient, sqsEndpoint: string): Promise<Provisioned> {
  const resources = new Map<string, LocalResource>();
  registerPassive(template, resources);
  const tables = await createTables(template, dynamo, resources);
  const queues = await createQueues(template, sqs, sqsEndpoint, resources);
  return { resources, queues, tables };
}

/** Resources that need no local server, only a name to resolve to. */
function registerPassive(template: CfnTemplate, resources: Map<string, LocalResource>): void {
  for (const [id, r] of Object.entries(template.Resources)) {
    const props = r.Properties ?? {};
    if (r.Type === 'AWS::SecretsManager::Secret') {
      // Locally a secret is addressed by its name, which keys the local secrets file.
      const name = typeof props['Name'] === 'string' ? props['Name'] : id;
      resources.set(id, { ref: name, attributes: { Id: name } });
    } else if (r.Type === 'AWS::Lambda::Function') {
      resources.set(id, { ref: id, attributes: { Arn: arn('lambda', `function:${id}`) } });
    } else {
      resources.set(id, { ref: `local-${id}`, attributes: { Arn: arn(r.Type.split('::')[1]?.toLowerCase() ?? 'local', id) } });
    }
  }
}

/** The table as DynamoDB Local has it, or undefined when it does not exist. */
async function describeTable(dynamo: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamo.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** A kept table whose keys differ from the template's cannot take the new code's items: say how to start over. */
function assertSameKeys(name: string, kept: TableDescription, p: Record<string, unknown>): void {
  const keys = (schema: unknown) => JSON.stringify(((schema ?? []) as { AttributeName?: string; KeyType?: string }[]).map((k) => `${k.AttributeName}:${k.KeyType}`));
  const indexes = (list: unknown) => JSON.stringify(((list ?? []) as { IndexName?: string; KeySchema?: unknown }[]).map((i) => `${i.IndexName}=${keys(i.KeySchema)}`).sort());
  if (keys(kept.KeySchema) !== keys(p['KeySchema']) || indexes(kept.GlobalSecondaryIndexes) !== indexes(p['GlobalSecondaryIndexes'])) {
    throw new Error(`the kept table ${name} has other keys or indexes than the template now gives it; npm start -- --fresh starts with new tables`);
  }
}

async function createTables(template: CfnTemplate, dynamo: DynamoDBClient, resources: Map<string, LocalResource>): Promise<string[]> {
  const names: string[] = [];
  const tables = [...resourcesOfType(template, 'AWS::DynamoDB::Table'), ...resourcesOfType(template, 'AWS::DynamoDB::GlobalTable')];
  for (const [id, r] of tables) {
    const p = r.Properties ?? {};
    const name = typeof p['TableName'] === 'string' ? p['TableName'] : id;
    const kept = await describeTable(dynamo, name);
    if (kept) assertSameKeys(name, kept, p);
    else await createTable(dynamo, name, p);
    resources.set(id, { ref: name, attributes: { Arn: arn('dynamodb', `table/${name}`), StreamArn: arn('dynamodb', `table/${name}/stream/local`) } });
    names.push(name);
  }
  return names;
}

async function createTable(dynamo: DynamoDBClient, name: string, p: Record<string, unknown>): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: p['AttributeDefinitions'] as never,
      KeySchema: p['KeySchema'] as never,
      BillingMode: 'PAY_PER_REQUEST',
      ...(p['GlobalSecondaryIndexes'] ? { GlobalSecondaryIndexes: (p['GlobalSecondaryIndexes'] as Record<string, unknown>[]).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })) as never } : {}),
    }),
  );
  // Only on a new table: UpdateTimeToLive on a table whose TTL is already on is a ValidationException.
  const ttl = p['TimeToLiveSpecification'] as { AttributeName?: string; Enabled?: boolean } | undefined;
  if (ttl?.Enabled && ttl.AttributeName) {
    await dynamo.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }));
  }
}

/** The URL of a queue that exists already, or undefined. */
async function existingQueueUrl(sqs: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
}

/** Queues first, then redrive policies, which point at other queues by ARN. */
async function createQueues(template: CfnTemplate, sqs: SQSClient, sqsEndpoint: string, resources: Map<string, LocalResource>): Promise<LocalQueue[]> {
  const queues: LocalQueue[] = [];
  const found = resourcesOfType(template, 'AWS::SQS::Queue');
  for (const [id, r] of found) {
    const p = r.Properties ?? {};
    const fifo = p['FifoQueue'] === true;
    const name = typeof p['QueueName'] === 'string' ? p['QueueName'] : `${id}${fifo ? '.fifo' : ''}`;
    const attributes: Record<string, string> = {};
    for (const key of ['FifoQueue', 'ContentBasedDeduplication', 'VisibilityTimeout', 'MessageRetentionPeriod', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'DeduplicationScope', 'FifoThroughputLimit']) {
      if (p[key] !== undefined) attributes[key] = String(p[key]);
    }
    // A kept queue keeps its messages and takes the template's attributes (FifoQueue cannot change on SQS).
    const kept = await existingQueueUrl(sqs, name);
    const url = kept ?? (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
    if (!url) throw new Error(`the SQS emulator returned no URL for ${name}`);
    // fauxqs answers with a virtual host (sqs.<region>.<host>) and the port it had then; address the queue on the
    // endpoint itself instead.
    const QueueUrl = `${sqsEndpoint}${url.replace(/^[a-z]+:\/\/[^/]+/, '')}`;
    const { FifoQueue: _fifo, ...mutable } = attributes;
    if (kept && Object.keys(mutable).length > 0) await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: mutable }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const queueArn = Attributes?.['QueueArn'] ?? arn('sqs', name);
    resources.set(id, { ref: QueueUrl, attributes: { Arn: queueArn, QueueName: name, QueueUrl } });
    queues.push({ logicalId: id, name, url: QueueUrl, arn: queueArn, fifo, visibilityTimeout: Number(p['VisibilityTimeout'] ?? 30), deadLetter: false });
  }
  for (const [id, r] of found) {
    const redrive = r.Properties?.['RedrivePolicy'];
    if (!redrive) continue;
    const policy = resolveValue(redrive, resources) as Record<string, unknown>;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: resources.get(id)?.ref, Attributes: { RedrivePolicy: JSON.stringify(policy) } }));
    const dlq = queues.find((q) => q.arn === policy['deadLetterTargetArn']);
    if (dlq) dlq.deadLetter = true;
  }
  return queues;
}
