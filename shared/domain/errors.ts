/** Base of every error Syncline raises on purpose. Keeps the original `cause`. */
export class SynclineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A failure that may succeed later: a vendor 429 or 5xx, a timeout, throttling, a lost race.
 * The message goes back to the queue; `retryAfterMs` carries the vendor's Retry-After when it gave one.
 */
export class RetryableError extends SynclineError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A failure that retrying cannot fix: a bad payload, a validation error, a missing required field. */
export class PermanentError extends SynclineError {
  /** A machine-readable reason, e.g. `REQUIRED_FIELD_MISSING`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
