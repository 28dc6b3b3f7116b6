/**
 * The import through Syncline: the whole local hub (startHub, as `npm start` runs it) on free ports with its state
 * in a fresh temporary folder, only the HubSpot and Salesforce connectors on (every Salesforce person would
 * otherwise also become an Outreach prospect), and the sandboxes at the vendors' limits: HubSpot 100 requests per
 * rolling 10 s (Free/Starter, vendor-apis §2.7) and Salesforce's 15,000-call day (the sandbox's default
 * allocation; startHub has no option to set another).
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queuesDrained, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { localCredentials } from '#test/support/local-aws';
import type { Hub } from '#local/hub';
import type { ImportDataSet } from './generate.ts';
import type { ImportRun } from './report.ts';
import { runImport, type RunOptions } from './run-import.ts';

/** HubSpot's burst limit for Free and Starter portals (vendor-apis §2.7). */
export const HUBSPOT_PER_10S = 100;

/** Messages waiting in the hub's dead-letter queues, as `syncline dlq list` would list them. */
async function deadLetterDepth(hub: Hub): Promise<number> {
  const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  let depth = 0;
  for (const queue of hub.aws.queues.filter((q) => q.deadLetter)) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    depth += Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
  }
  sqs.destroy();
  return depth;
}

/** Runs the import through a fresh local hub and stops it. */
export async function importThroughHub(data: ImportDataSet, options: RunOptions): Promise<ImportRun> {
  const hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce']), seed: false, hubspotRateLimitPer10s: HUBSPOT_PER_10S });
  try {
    return await runImport(
      'syncline hub',
      {
        hubspotUrl: hub.hubspot.url,
        hubspotToken: hub.credentials.hubspot.accessToken,
        salesforceUrl: hub.salesforce.url,
        salesforceCredentials: hub.credentials.salesforce,
        drained: () => queuesDrained(hub),
        deadLetters: () => deadLetterDepth(hub),
      },
      data,
      options,
    );
  } finally {
    await hub.stop();
  }
}
