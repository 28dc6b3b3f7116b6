import { BadRequestError, isPlainObject } from './http.ts';

/** The kinds of fault a sandbox can inject. */
export const FAULT_KINDS = ['status', 'latency', 'hang', 'drop', 'malformed', 'token-expiry'] as const;

/** A fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A validated fault, as stored by the injector. */
export interface Fault {
  id: string;
  /** An endpoint name, or `*` for every endpoint. */
  endpoint: string;
  kind: FaultKind;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** How many more matching requests this fault affects. */
  remaining: number;
}

function optionalInt(input: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequestError(`Fault field '${key}' must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function parseEndpoint(input: Record<string, unknown>, known: readonly string[]): string {
  const endpoint = input['endpoint'];
  if (typeof endpoint !== 'string' || endpoint === '') throw new BadRequestError("Fault field 'endpoint' must be an endpoint name or '*'.");
  if (endpoint !== '*' && !known.includes(endpoint)) {
    throw new BadRequestError(`Unknown endpoint '${endpoint}'; known endpoints are: ${known.join(', ')}.`);
  }
  return endpoint;
}

function parseKind(input: Record<string, unknown>): FaultKind {
  const kind = input['kind'];
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new BadRequestError(`Fault field 'kind' must be one of ${FAULT_KINDS.join(', ')}.`);
  }
  return kind as FaultKind;
}

/**
 * Validates the body of `POST /__sandbox/faults`.
 * @throws BadRequestError naming the first field that is wrong.
 */
export function parseFaultSpec(input: unknown, knownEndpoints: readonly string[]): Omit<Fault, 'id'> {
  if (!isPlainObject(input)) throw new BadRequestError('A fault must be a JSON object.');
  const endpoint = parseEndpoint(input, knownEndpoints);
  const kind = parseKind(input);
  const status = optionalInt(input, 'status', 100, 599);
  if (kind === 'status' && status === undefined) throw new BadRequestError("A 'status' fault needs a 'status' field.");
  const fault: Omit<Fault, 'id'> = { endpoint, kind, remaining: optionalInt(input, 'count', 1, 1_000_000) ?? 1 };
  if (status !== undefined) fault.status = status;
  if (input['body'] !== undefined) fault.body = input['body'];
  const retryAfterSeconds = optionalInt(input, 'retryAfterSeconds', 0, 86_400);
  if (retryAfterSeconds !== undefined) fault.retryAfterSeconds = retryAfterSeconds;
  const latencyMs = optionalInt(input, 'latencyMs', 0, 600_000);
  if (kind === 'latency' && latencyMs === undefined) throw new BadRequestError("A 'latency' fault needs a 'latencyMs' field.");
  if (latencyMs !== undefined) fault.latencyMs = latencyMs;
  return fault;
}

/** Holds armed faults and hands them out to matching requests, oldest first. */
export class FaultInjector {
  #faults: Fault[] = [];
  #nextId = 1;

  /** Arms a fault and returns its id. */
  add(spec: Omit<Fault, 'id'>): string {
    const id = `f${this.#nextId++}`;
    this.#faults.push({ ...spec, id });
    return id;
  }

  /** Takes the next fault for a request to `endpoint`, using up one of its count. */
  take(endpoint: string): Fault | undefined {
    const fault = this.#faults.find((f) => f.endpoint === endpoint || f.endpoint === '*');
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** The armed faults. */
  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** Disarms every fault. */
  clear(): void {
    this.#faults = [];
  }
}
