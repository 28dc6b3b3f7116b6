import { randomBytes } from 'node:crypto';
import type { SandboxResponse } from '../kit/index.ts';

/** Gong API errors: `{"requestId":"…","errors":["…"]}` [T: integrators' captures; the reference needs a login]. */
export function gongError(status: number, message: string): SandboxResponse {
  return { status, body: { requestId: randomBytes(10).toString('hex').slice(0, 19), errors: [message || `Request failed with status ${status}.`] } };
}

export function unauthorized(): SandboxResponse {
  return gongError(401, 'Unauthorized: invalid access key or secret.');
}
