// One Lambda execution environment: a worker thread with its own process.env, loading the handler's
// TypeScript source through tsx, invoked one event at a time like Lambda.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const { entry, handlerName } = workerData;
let handler;
try {
  const module = await import(pathToFileURL(entry).href);
  handler = module[handlerName];
  if (typeof handler !== 'function') throw new Error(`${entry} does not export a function named ${handlerName}`);
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'init-error', error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
}

parentPort.on('message', async ({ id, event, context }) => {
  const deadline = context.deadlineMs;
  const lambdaContext = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), callbackWaitsForEmptyEventLoop: false };
  try {
    const value = await handler(event, lambdaContext);
    parentPort.postMessage({ type: 'result', id, ok: true, value });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id, ok: false, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
  }
});
