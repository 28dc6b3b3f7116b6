import { randomInt } from 'node:crypto';
import type { SandboxResponse } from '../kit/index.ts';

/** One REST error (vendor-apis §1.7). Collections use `statusCode` instead of `errorCode` for the same data. */
export interface SaveError {
  code: string;
  message: string;
  fields: string[];
  /** DUPLICATES_DETECTED only: the rule and the records it matched (rendered as `duplicateResut`, see {@link renderSaveError}). */
  duplicateResult?: Record<string, unknown>;
}

/**
 * One SaveError on the wire: `errorCode` in single-record responses, `statusCode` in collections (vendor-apis §1.4).
 * The duplicate detail is spelled `duplicateResut` (sic), as two live captures (v54, v56) show; hand-written
 * fixtures spell it `duplicateResult`, so the sandbox emits the typo and clients must accept both [T] (§1.7).
 */
export function renderSaveError(e: SaveError, codeKey: 'errorCode' | 'statusCode'): Record<string, unknown> {
  return { message: e.message, [codeKey]: e.code, fields: e.fields, ...(e.duplicateResult ? { duplicateResut: e.duplicateResult } : {}) };
}

/** A REST error response: a JSON array of `{message, errorCode, fields?}`. */
export function sfError(status: number, errorCode: string, message: string, fields?: string[]): SandboxResponse {
  return { status, body: [fields ? { message, errorCode, fields } : { message, errorCode }] };
}

/** Several errors for one request (e.g. REQUIRED_FIELD_MISSING and INVALID_FIELD). */
export function sfErrors(status: number, errors: SaveError[]): SandboxResponse {
  return { status, body: errors.map((e) => renderSaveError(e, 'errorCode')) };
}

/** 401 for an expired, revoked or unknown token; jsforce refreshes on it (vendor-apis §1.1). */
export function invalidSession(): SandboxResponse {
  return sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

/** 404 for a resource or id that does not exist. */
export function notFound(): SandboxResponse {
  return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
}

/** The OAuth endpoints answer `{error, error_description}` instead of an array. */
export function oauthError(status: number, error: string, description: string): SandboxResponse {
  return { status, body: { error, error_description: description } };
}

/** Renders any status the Salesforce way; used for routing errors and `status` faults. */
export function errorForStatus(status: number, message: string, isOauth: boolean): SandboxResponse {
  if (isOauth) return status >= 500 ? oauthError(status, 'unknown_error', 'retry your request') : oauthError(status, 'invalid_request', message || 'bad request');
  switch (status) {
    case 400: return sfError(400, 'JSON_PARSER_ERROR', message || 'The request body could not be parsed.');
    case 401: return invalidSession();
    case 403: return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    case 404: return notFound();
    case 405: return sfError(405, 'METHOD_NOT_ALLOWED', message || 'HTTP Method not allowed.');
    case 413: return sfError(413, 'REQUEST_ENTITY_TOO_LARGE', message || 'The request body is too large.');
    case 500: {
      const errorId = `${randomInt(100_000_000, 999_999_999)}-${randomInt(10_000, 99_999)} (${-randomInt(100_000_000, 999_999_999)})`;
      return sfError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred. Please include this ErrorId if you contact support: ${errorId}`);
    }
    default:
      if (status >= 500) return sfError(status, 'SERVER_UNAVAILABLE', 'Server is temporarily unavailable. Please try again later.');
      return sfError(status, 'INVALID_REQUEST', message || `Request failed with status ${status}.`);
  }
}
