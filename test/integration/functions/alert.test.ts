import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snsAlarmEvent } from '#local/runner/alarms';
import { startSlackSandbox, type SlackSandbox } from '#local/sandboxes/index';

const PATH = '/services/T0ALERT/B0ALERT/AlertFunctionWebhookSecret77';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:alerts';

/** functions/alert.ts as Lambda runs it: its environment, its secret (from a local file), the Slack sandbox over HTTP. */
describe('the alert function (alerts topic → Slack)', () => {
  let slack: SlackSandbox;
  let handler: (event: SNSEvent) => Promise<void>;
  beforeAll(async () => {
    slack = await startSlackSandbox({ webhooks: [PATH], rateLimit: { perSecond: 100, burst: 100 } });
    const secretsFile = join(mkdtempSync(join(tmpdir(), 'syncline-alert-')), 'secrets.json');
    writeFileSync(secretsFile, JSON.stringify({ 'syncline/slack': { webhookUrl: `${slack.url}${PATH}` } }));
    process.env['CONNECTOR_SECRETS'] = JSON.stringify({ slack: 'syncline/slack' });
    process.env['SYNCLINE_SECRETS_FILE'] = secretsFile;
    ({ handler } = await import('../../../functions/alert.ts'));
  });
  afterAll(() => slack.close());

  it('posts an alarm state change to the channel, saying what happened', async () => {
    const alarm = snsAlarmEvent({ alarm: 'WorkerDlqDepthAlarm1A2B3C', state: 'ALARM', description: 'Changes reached the DLQ', value: 2, at: '2026-12-02T03:00:00.000Z' }, TOPIC, 'us-east-1') as unknown as SNSEvent;
    await handler(alarm);
    expect(JSON.stringify(slack.messages())).toContain('dead-letter queue');
  });

  it('leaves a message that is not an alarm with a warning instead of failing (a retry could not change it)', async () => {
    const before = slack.messages().length;
    const alarm = snsAlarmEvent({ alarm: 'X', state: 'ALARM', description: '', value: 0, at: '2026-12-02T03:00:00.000Z' }, TOPIC, 'us-east-1') as unknown as SNSEvent;
    const notAlarm: SNSEvent = { Records: [{ ...alarm.Records[0]!, Sns: { ...alarm.Records[0]!.Sns, Message: 'hello from the console' } }] };
    await expect(handler(notAlarm)).resolves.toBeUndefined();
    expect(slack.messages()).toHaveLength(before);
  });
});
