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
}

type WorkerMessage = { type: 'ready' } | { type: 'init-error'; error: { message: string } } | { type: 'result'; id: string; ok: boolean; value?: unknown; error?: { name: string; message: string } };

const WORKER_FILE = new URL('./lambda-worker.mjs', import.meta.url);

/**
 * Runs one Lambda function locally: each execution environment is a worker thread with the function's own
 * environment variables, handling one invocation at a time; up to `maxConcurrency` environments run at once.
 * An invocation past the function's timeout, or an environment that crashes, ends that environment, as in Lambda;
 * the next invocation starts a fresh one.
 */
export class LocalFunction {
  private readonly idle: Environment[] = [];
  private readonly all = new Set<Environment>();
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly spec: LocalFunctionSpec,
    private readonly root: string,
    private readonly log: LogSink,
    private readonly maxConcurrency = 4,
  ) {}

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const env = await this.acquire();
    let healthy = true;
    try {
      return await this.run<T>(env, event);
    } catch (error) {
      healthy = !(error instanceof EnvironmentError);
      throw error;
    } finally {
      this.release(env, healthy);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((env) => env.worker.terminate()));
    this.all.clear();
    for (const wake of this.waiting.splice(0)) wake();
  }

  private run<T>(env: Environment, event: unknown): Promise<T> {
    const id = randomUUID();
    const deadlineMs = Date.now() + this.spec.timeoutSeconds * 1000;
    return new Promise<T>((resolvePromise, reject) => {
      const done = () => {
        clearTimeout(timer);
        env.worker.off('message', onMessage);
        env.worker.off('exit', onExit);
      };
      const timer = setTimeout(() => {
        done();
        reject(new EnvironmentError(`${this.spec.logicalId} timed out after ${this.spec.timeoutSeconds} s`));
      }, this.spec.timeoutSeconds * 1000);
      const onExit = (code: number) => {
        done();
        reject(new EnvironmentError(`${this.spec.logicalId} exited with code ${code} during an invocation`));
      };
      const onMessage = (message: WorkerMessage) => {
        if (message.type !== 'result' || message.id !== id) return;
        done();
        if (message.ok) resolvePromise(message.value as T);
        else reject(Object.assign(new Error(message.error?.message ?? 'handler failed'), { name: message.error?.name ?? 'Error' }));
      };
      env.worker.on('message', onMessage);
      env.worker.once('exit', onExit);
      env.worker.postMessage({ id, event, context: { functionName: this.spec.logicalId, awsRequestId: id, deadlineMs, invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${this.spec.logicalId}`, memoryLimitInMB: '512', functionVersion: '$LATEST', logGroupName: `/aws/lambda/${this.spec.logicalId}`, logStreamName: 'local' } });
    });
  }

  /** An idle environment, a new one while under the concurrency limit, or the next one to free up. */
  private async acquire(): Promise<Environment> {
    for (;;) {
      if (this.closed) throw new Error(`${this.spec.logicalId} is shut down`);
      const env = this.idle.pop() ?? (this.all.size < this.maxConcurrency ? this.spawn() : undefined);
      if (!env) {
        await new Promise<void>((wake) => this.waiting.push(wake));
        continue;
      }
      try {
        await env.ready;
        return env;
      } catch (error) {
        this.release(env, false);
        throw error;
      }
    }
  }

  /** Returns an environment to the pool, or ends it; either way the next waiter may go on. */
  private release(env: Environment, healthy: boolean): void {
    if (healthy && this.all.has(env)) this.idle.push(env);
    else {
      this.all.delete(env);
      void env.worker.terminate();
    }
    this.waiting.shift()?.();
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
      worker.once('message', (m: WorkerMessage) => (m.type === 'ready' ? resolveReady() : reject(new Error(`${this.spec.logicalId} failed to initialize: ${m.type === 'init-error' ? m.error.message : m.type}`))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`${this.spec.logicalId} exited with code ${code} while initializing`)));
    });
    // An environment ended by close() while it was starting (the hub shutting down) did not fail.
    ready.catch((error: unknown) => this.closed || this.log(this.spec.logicalId, JSON.stringify({ level: 'ERROR', message: 'init failed', error: String(error) })));
    // An idle environment that dies is dropped from the pool.
    worker.once('exit', () => {
      const at = this.idle.findIndex((e) => e.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.all.delete(env);
    });
    const env: Environment = { worker, ready };
    this.all.add(env);
    return env;
  }
}

/** The execution environment itself failed (timeout, crash): it is discarded, as Lambda does. */
class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}
