/** A client whose middleware stack takes a handler around each attempt's send (the AWS SDK v3 clients). */
export interface WithSendMiddleware {
  middlewareStack: { add(middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>, options: { step: 'deserialize'; name: string; priority: 'high' }): void };
}

/**
 * The SDK's HTTP agent keeps at most 50 sockets per host and queues further requests inside the agent, where the
 * connection timeout already runs (`@smithy/node-http-handler` starts it when the request is made, not when it gets a
 * socket). A window of a thousand changes starts thousands of state-table requests at once: against a slow endpoint
 * (DynamoDB Local, a cold connection pool) the queued ones then "time out" without ever reaching the server, and
 * their changes wait out a backoff for an outage that is not one. Holding each attempt here until fewer than
 * `limit` are in flight keeps the queue outside the agent, so the timeouts measure only the server.
 */
export function limitInFlight<T extends WithSendMiddleware>(client: T, limit: number, name: string): T {
  const gate = new Gate(limit);
  client.middlewareStack.add(
    (next) => async (args) => {
      await gate.enter();
      try {
        return await next(args);
      } finally {
        gate.leave();
      }
    },
    // `deserialize` is the step nearest the send, inside the retries: each attempt takes its own turn. First in that
    // step, so the turn lasts until the response body has been read and parsed, not only until its headers came.
    { step: 'deserialize', name: `syncline-${name}-in-flight-limit`, priority: 'high' },
  );
  return client;
}

/** A counting semaphore, first come first served. */
export class Gate {
  #inFlight = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`in-flight limit ${limit} is not a positive integer`);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  enter(): Promise<void> {
    if (this.#inFlight < this.limit) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  leave(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next in line, so a newcomer cannot overtake it.
    if (next) next();
    else this.#inFlight--;
  }
}
