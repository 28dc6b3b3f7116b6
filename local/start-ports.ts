import { createServer } from 'node:net';

/** What listens where when `npm start` runs: the hub's HTTP API on its port, then one vendor sandbox a port. */
export interface HubPorts {
  /** The hub's port (SYNCLINE_PORT); 0 lets the system pick free ones for everything. */
  readonly port: number;
  /** The sandboxes, in the order of their ports after the hub's. */
  readonly sandboxes: readonly string[];
}

/** A port `npm start` cannot listen on (taken, or not a port): its message is the whole answer (no stack). */
export class PortError extends Error {
  override readonly name = 'PortError';
}

/** The port `npm start` runs the hub on: SYNCLINE_PORT, else 3000; anything but a port number is refused. */
export function hubPort(value: string | undefined): number {
  const port = Number(value ?? 3000);
  if ((value !== undefined && !/^\d{1,5}$/.test(value)) || port > 65_535) throw new PortError(`SYNCLINE_PORT must be a port number (0 to 65535), received ${JSON.stringify(value)}`);
  return port;
}

/** The message for a taken port: what to do first, then who needs that port. */
export function portTakenMessage(taken: number, ports: HubPorts): string {
  const sandbox = ports.sandboxes[taken - ports.port - 1];
  const role = taken === ports.port ? "the hub's HTTP API" : sandbox ? `the ${sandbox} sandbox` : 'the hub';
  return `port ${taken} is taken (is another hub running? stop it, or set SYNCLINE_PORT=...)\n  ${role} listens there: the hub takes SYNCLINE_PORT (now ${ports.port}) and its sandboxes the ${ports.sandboxes.length} ports after it`;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Fails with a {@link PortError} when a port the hub and its sandboxes listen on is taken, before anything
 * starts (synthesis and DynamoDB Local take a while, and a hub half up has to be taken down again).
 */
export async function checkPortsFree(ports: HubPorts, host: string): Promise<void> {
  if (ports.port === 0) return;
  for (let port = ports.port; port <= ports.port + ports.sandboxes.length; port++) {
    if (!(await canListen(port, host))) throw new PortError(portTakenMessage(port, ports));
  }
}

/** The port of a listen error (Node's EADDRINUSE carries it: https://nodejs.org/docs/latest-v22.x/api/errors.html#erroraddress), if it is one. */
export function takenPort(error: unknown): number | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  return code === 'EADDRINUSE' && typeof port === 'number' ? port : undefined;
}
