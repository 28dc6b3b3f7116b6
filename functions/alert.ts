import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SNSEvent } from 'aws-lambda';
import { readAlertEnv } from '#config/env';
import { alertFromCloudWatchAlarm } from '#adapters/vendors/slack/cloudwatch-alarm';
import { slackAlertSender } from '#adapters/vendors/slack/send-alert';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { PermanentError } from '#domain/errors';
import { secretSourceFor } from '#adapters/wiring';

/** The alerts topic → Slack: each CloudWatch alarm notification becomes one message in the team's channel. */
const env = readAlertEnv();
const logger = new Logger({ serviceName: 'syncline' });
const secrets = secretSourceFor(env.secretIds, env.secretsFile);

export const handler = async (event: SNSEvent, context?: Context): Promise<void> => {
  setCallDeadline(context ? Date.now() + context.getRemainingTimeInMillis() : undefined);
  const sender = slackAlertSender(await secrets.get('slack'));
  for (const record of event.Records) {
    let alert;
    try {
      alert = alertFromCloudWatchAlarm(record.Sns.Message);
    } catch (error) {
      // Not an alarm (a test publish from the console): retrying cannot change that, so it is logged and left.
      if (!(error instanceof PermanentError)) throw error;
      logger.warn('not an alarm notification; nothing sent to Slack', { messageId: record.Sns.MessageId, reason: error.message });
      continue;
    }
    // A failure to send throws: SNS invokes asynchronously, so Lambda retries the notification twice more.
    await sender.send(alert);
    logger.info('alert sent to Slack', { title: alert.title, severity: alert.severity });
  }
};
