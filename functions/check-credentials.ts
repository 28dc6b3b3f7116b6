import { Logger } from '@aws-lambda-powertools/logger';
import { checkCredentials } from '#app/check-credentials';
import { readCheckCredentialsEnv } from '#config/env';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { secretSourceFor } from '#adapters/wiring';
import { systemClock } from '#ports/clock';

/**
 * The daily credential check (an EventBridge rule): for each connector whose credentials can expire, the days left
 * that its secret declares (`expiresAt`), as `CredentialDaysLeft` {vendor}; the alarms fire at 7 days and at 1 day.
 * A secret it cannot read, or an `expiresAt` that is not a date-time, fails the run after the others are emitted:
 * its error alarm says the check is blind there.
 */
const env = readCheckCredentialsEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();
const secrets = secretSourceFor(env.secretIds, env.secretsFile);

export const handler = async (): Promise<void> => {
  try {
    const statuses = await checkCredentials({ secrets, metrics, clock: systemClock }, Object.keys(env.secretIds));
    for (const s of statuses) {
      if (s.status === 'unreadable') logger.error('credential expiry not readable', { connector: s.connector, reason: s.reason });
      else if (s.status === 'undeclared') logger.info('secret declares no expiresAt; its expiry is not watched', { connector: s.connector });
      else logger.info('credential expiry checked', { connector: s.connector, expiresAt: s.expiresAt, daysLeft: s.daysLeft });
    }
    const blind = statuses.filter((s) => s.status === 'unreadable').map((s) => s.connector);
    if (blind.length > 0) throw new Error(`credential expiry could not be checked for ${blind.join(', ')}; see the log lines above`);
  } finally {
    metrics.flush();
  }
};
