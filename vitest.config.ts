import { defineConfig } from 'vitest/config';

/**
 * Four suites, run in this order by `npm test`:
 * unit (no network), cdk (synthesized template + cdk-nag), integration (adapters against DynamoDB Local,
 * fauxqs and the sandboxes), e2e (whole flows through the local hub over HTTP).
 */
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          // Two files at a time on a two-core machine: most of an integration test waits on a socket.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Bounds for a slow machine: every wait ends as soon as its condition holds.
          testTimeout: 300_000,
          hookTimeout: 180_000,
          // Two hubs at a time: much of an e2e file is waiting (an outage, retries, a vendor's timers), which the
          // other file's work fills.
          maxWorkers: 2,
        },
      },
    ],
  },
});
