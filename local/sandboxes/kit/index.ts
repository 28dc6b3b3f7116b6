/** Shared toolkit for stateful vendor sandboxes on node:http. */
export { CallLog, type CallRecord } from './calls.ts';
export { FaultInjector, parseFaultSpec, FAULT_KINDS, type Fault, type FaultKind } from './faults.ts';
export {
  BadRequestError,
  decodeSegment,
  emptyResponse,
  isPlainObject,
  jsonResponse,
  parseJsonBody,
  readBody,
  ResponseError,
  type SandboxRequest,
  type SandboxResponse,
} from './http.ts';
export { addInspectionRoutes, type InspectionDeps, type InspectionState } from './inspection.ts';
export { Router, type Handler, type RouteMatch } from './router.ts';
export { startSandboxServer, type ErrorContext, type RunningSandbox, type SandboxServerOptions, type VendorHooks } from './server.ts';
export { parseRetryAfter, WebhookTransport, type PostResult } from './webhook-transport.ts';
export { Timers } from './timers.ts';
export { decodeState, encodeState, keepState, type PersistentStore, type SavedState } from './saved-state.ts';
