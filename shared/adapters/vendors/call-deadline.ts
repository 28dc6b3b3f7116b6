/**
 * The time by which the running invocation must be done, so that every vendor call can take a timeout shorter than
 * what is left of it: a hung call then fails fast as a retry instead of running the function out of time.
 * Set by each handler at the start of an invocation (Lambda runs one invocation at a time per environment).
 */
let deadlineMs: number | undefined;

/** What a call leaves for the handler to record its outcome after the call gave up. */
export const CALL_DEADLINE_MARGIN_MS = 3_000;

/** The running invocation ends at `at` (epoch ms); `undefined` outside an invocation (tests, the CLI). */
export function setCallDeadline(at: number | undefined): void {
  deadlineMs = at;
}

/** The shortest a deadline makes a call's timeout: a call given less could not even connect. */
export const MIN_CALL_TIMEOUT_MS = 1_000;

/**
 * A call's timeout: its own default, shortened to what the invocation has left less the margin, but not below 1 s
 * (a default that is shorter still is kept: the deadline only ever shortens a timeout).
 */
export function callTimeoutMs(defaultMs: number, nowMs = Date.now()): number {
  if (deadlineMs === undefined) return defaultMs;
  return Math.min(defaultMs, Math.max(MIN_CALL_TIMEOUT_MS, deadlineMs - nowMs - CALL_DEADLINE_MARGIN_MS));
}
