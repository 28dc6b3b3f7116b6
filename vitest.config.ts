import { defineConfig } from 'vitest/config';

/**
 * Bounds of the suites that drive the whole local hub (e2e and acceptance), for a slow machine: every wait ends as
 * soon as its condition holds. Two hubs at a time: much of such a file is waiting (an outage, retries, a vendor's
 * timers), which the other file's work fills.
 */
/**
 * Unit files that need a worker of their own: one mocks modules (vi.mock), which wants a module registry of its own;
 * one measures its heap, which the other files' modules would fill.
 */
const UNIT_ISOLATED = ['test/unit/functions/health.test.ts', 'test/unit/support/linkage-corpus.test.ts'] as const;

/**
 * Integration files that need a module graph of their own: they set process-wide state the code under test reads
 * (a vendor's pause, the DynamoDB client's endpoint during an outage, a function's cached wiring), which another file
 * sharing their worker would meet.
 */
const INTEGRATION_ISOLATED = [
  'test/integration/aws/oversized-values.test.ts',
  'test/integration/functions/process-paused.test.ts',
  'test/integration/functions/process.test.ts',
  'test/integration/vendors/hubspot-writer.test.ts',
] as const;

const hubSuite = { testTimeout: 300_000, hookTimeout: 180_000, maxWorkers: 2 } as const;

/** Two files at a time on a two-core machine: most of an integration test waits on a socket. */
const integrationSuite = { globalSetup: ['test/support/dynamodb-global-setup.ts'], maxWorkers: 2, testTimeout: 60_000, hookTimeout: 60_000 };

/**
 * Four suites, run by `npm test` in two lanes side by side (test/run-suites.ts): e2e (whole flows through the local
 * hub over HTTP) beside unit (no network), cdk (synthesized template + cdk-nag) and integration (adapters against
 * DynamoDB Local, fauxqs and the sandboxes). Unit tests share the machine with the e2e hubs, so their time bound is
 * a guard against a hang, not a measure: a 20,000-record dedupe takes seconds on a loaded two-core machine.
 * A fifth, acceptance (`npm run test:acceptance`, run by CI after `npm test`), drives the same hub at the sizes a
 * customer meets (thousands of records, hundreds of edits), minutes per test.
 */
export default defineConfig({
  test: {
    projects: [
      // Unit files share one module graph per worker (no isolation): their modules hold no state one file could leave
      // to the next, and importing the graph once instead of per file makes the suite several times faster. A file
      // that mocks modules or measures memory runs isolated, in `unit-isolated`.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: [...UNIT_ISOLATED], isolate: false, testTimeout: 60_000 } },
      { extends: true, test: { name: 'unit-isolated', include: [...UNIT_ISOLATED], testTimeout: 60_000 } },
      { extends: true, test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      // Integration files share one module graph per worker too (importing the AWS and vendor SDKs once, not per
      // file, saves most of the suite's time); those that leave process-wide state run isolated.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: [...INTEGRATION_ISOLATED], isolate: false, setupFiles: ['test/support/integration-file-setup.ts'], ...integrationSuite } },
      { extends: true, test: { name: 'integration-isolated', include: [...INTEGRATION_ISOLATED], ...integrationSuite } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...hubSuite } },
      // One file at a time: each drives thousands of records through its own hub, and two such hubs on two cores
      // starve each other (CI once saw a 2,300-contact flow stall behind the 10,000-row import beside it).
      { extends: true, test: { name: 'acceptance', include: ['test/acceptance/**/*.test.ts'], ...hubSuite, maxWorkers: 1 } },
    ],
  },
});
