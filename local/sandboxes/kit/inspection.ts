import type { CallLog } from './calls.ts';
import { parseFaultSpec, type Fault, type FaultInjector } from './faults.ts';
import { BadRequestError, emptyResponse, isPlainObject, jsonResponse, type SandboxRequest } from './http.ts';
import type { Router } from './router.ts';

/** What a vendor sandbox exposes to the common inspection API. */
export interface InspectionState {
  /** Current stored records of `object`, or `undefined` when the object is unknown. */
  records(object: string): unknown[] | undefined;
  /** Clears vendor state (records, deliveries…) and reseeds when `seed` is true. */
  reset(seed: boolean): void;
  /** Extra vendor checks on a fault (throw BadRequestError to refuse it). */
  validateFault?(fault: Omit<Fault, 'id'>): void;
}

/** Dependencies of {@link addInspectionRoutes}. */
export interface InspectionDeps {
  calls: CallLog;
  faults: FaultInjector;
  /** The vendor endpoint names faults may target. */
  endpoints: () => readonly string[];
  state: InspectionState;
}

function optionalJson(req: SandboxRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(req.rawBody) as unknown;
  } catch {
    throw new BadRequestError('The request body is not valid JSON.');
  }
}

function parseResetBody(req: SandboxRequest): boolean {
  const body = optionalJson(req);
  if (body === undefined) return true;
  if (!isPlainObject(body)) throw new BadRequestError('The reset body must be a JSON object like {"seed":true}.');
  const seed = body['seed'];
  if (seed === undefined) return true;
  if (typeof seed !== 'boolean') throw new BadRequestError("The reset field 'seed' must be true or false.");
  return seed;
}

/**
 * Registers the common inspection API on `router`:
 * `GET /__sandbox/records/:object`, `GET /__sandbox/calls`, `POST /__sandbox/reset`,
 * `POST /__sandbox/faults`, `GET /__sandbox/faults` and `DELETE /__sandbox/faults`.
 */
export function addInspectionRoutes(router: Router, deps: InspectionDeps): Router {
  const { calls, faults, state } = deps;
  return router
    .add('GET', '/__sandbox/records/:object', 'records', (req) => {
      const object = req.params['object'] ?? '';
      const records = state.records(object);
      if (!records) throw new BadRequestError(`Unknown object '${object}'.`, 404);
      return jsonResponse(200, { records });
    })
    .add('GET', '/__sandbox/calls', 'calls', () => jsonResponse(200, calls.snapshot()))
    .add('POST', '/__sandbox/reset', 'reset', (req) => {
      const seed = parseResetBody(req);
      state.reset(seed);
      calls.clear();
      faults.clear();
      return jsonResponse(200, { reset: true, seed });
    })
    .add('POST', '/__sandbox/faults', 'addFault', (req) => {
      const spec = parseFaultSpec(optionalJson(req), deps.endpoints());
      state.validateFault?.(spec);
      return jsonResponse(200, { id: faults.add(spec) });
    })
    .add('GET', '/__sandbox/faults', 'listFaults', () => jsonResponse(200, { faults: faults.list() }))
    .add('DELETE', '/__sandbox/faults', 'clearFaults', () => {
      faults.clear();
      return emptyResponse(204);
    });
}
