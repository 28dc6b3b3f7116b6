import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';

export interface LocalFunctionSpec {
  logicalId: string;
  /** Source file of the handler, relative to the project root (from the function's `syncline:entry` metadata). */
  entry: string;
  handlerName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
}

export type LogSink = (functionId: string, line: string) => void;

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

const WORKER_FILE = new URL('./lambda-worker.mjs', import.meta.url);

/**
 * Runs one Lambda function locally: each execution environment is a worker thread with the function's own
 * environment variables, handling one invocation at a time; up to `maxConcurrency` environments run at once.
 * An invocation past the function's timeout ends its environment, as Lambda does.
 */
export class LocalFunction {
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  private readonly waiting: ((env: Environment) => void)[] = [];
  private closed = false;

  constructor(
    readonly spec: LocalFunctionSpec,
    private readonly root: string,
    private readonly log: LogSink,
    private readonly maxConcurrency = 2,
  ) {}

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const env = await this.acquire();
    const id = randomUUID();
    const deadlineMs = Date.now() + this.spec.timeoutSeconds * 1000;
    try {
      return await new Promise<T>((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          this.discard(env);
          reject(new Error(`${this.spec.logicalId} timed out after ${this.spec.timeoutSeconds} s`));
        }, this.spec.timeoutSeconds * 1000);
        const onMessage = (message: { type: string; id?: string; ok?: boolean; value?: T; error?: { name: string; message: string } }) => {
          if (message.type !== 'result' || message.id !== id) return;
          clearTimeout(timer);
          env.worker.off('message', onMessage);
          if (message.ok) resolvePromise(message.value as T);
          else reject(Object.assign(new Error(message.error?.message ?? 'handler failed'), { name: message.error?.name ?? 'Error' }));
        };
        env.worker.on('message', onMessage);
        env.worker.postMessage({ id, event, context: { functionName: this.spec.logicalId, awsRequestId: id, deadlineMs, invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${this.spec.logicalId}`, memoryLimitInMB: '512', functionVersion: '$LATEST', logGroupName: `/aws/lambda/${this.spec.logicalId}`, logStreamName: 'local' } });
      });
    } finally {
      this.release(env);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((env) => env.worker.terminate()));
    this.all.clear();
  }

  private async acquire(): Promise<Environment> {
    if (this.closed) throw new Error(`${this.spec.logicalId} is shut down`);
    const env = this.idle.pop() ?? (this.all.size < this.maxConcurrency ? this.spawn() : await new Promise<Environment>((r) => this.waiting.push(r)));
    env.busy = true;
    await env.ready;
    return env;
  }

  private release(env: Environment): void {
    env.busy = false;
    if (!this.all.has(env)) return;
    const next = this.waiting.shift();
    if (next) next(env);
    else this.idle.push(env);
  }

  private discard(env: Environment): void {
    this.all.delete(env);
    void env.worker.terminate();
    const next = this.waiting.shift();
    if (next && !this.closed) next(this.spawn());
  }

  private spawn(): Environment {
    const worker = new Worker(WORKER_FILE, {
      workerData: { entry: resolve(this.root, this.spec.entry), handlerName: this.spec.handlerName },
      env: this.spec.environment,
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(this.spec.logicalId, line));
    }
    const ready = new Promise<void>((resolveReady, reject) => {
      worker.once('message', (m: { type: string; error?: { message: string } }) => (m.type === 'ready' ? resolveReady() : reject(new Error(`${this.spec.logicalId} failed to initialize: ${m.error?.message}`))));
      worker.once('error', reject);
    });
    const env: Environment = { worker, ready, busy: false };
    ready.catch((error: unknown) => {
      this.all.delete(env);
      this.log(this.spec.logicalId, JSON.stringify({ level: 'ERROR', message: 'init failed', error: String(error) }));
    });
    this.all.add(env);
    return env;
  }
}
