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

/**
 * A record that may be a person Syncline (or a target) already holds, but not certainly one: several candidates
 * match about equally, or a target refused to create it as a duplicate (Salesforce DUPLICATES_DETECTED, 300 Multiple
 * Choices). It waits in review with the candidates, never becomes a guess or a new record.
 */
export class IdentityConflict extends SynclineError {
  readonly code: string;
  /** What the record may be, best first: `entity:<id>` or `record:<system:Object:id>` (a target's record). */
  readonly candidates: readonly string[];
  /** The values that name the held record (canonical: a person's names and e-mail), for the person deciding. */
  readonly subject?: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * Per candidate, the person model's level vector of the pair (held record, candidate): what the decision becomes
   * as a label for re-estimating the model (`syncline identity train`). Levels only, never the values.
   */
  readonly levels?: { readonly scheme: string; readonly pairs: readonly (readonly number[])[] };
  constructor(
    code: string,
    message: string,
    candidates: readonly string[],
    options?: { cause?: unknown; subject?: Readonly<Record<string, string | number | boolean | null>>; levels?: { readonly scheme: string; readonly pairs: readonly (readonly number[])[] } },
  ) {
    super(message, options);
    this.code = code;
    this.candidates = candidates;
    if (options?.subject) this.subject = options.subject;
    if (options?.levels) this.levels = options.levels;
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

/** The infrastructure services Syncline itself runs on (not a vendor's API). */
export type InfrastructureService = 'dynamodb' | 'sqs';

/**
 * Syncline's own infrastructure did not answer or refused for load: the connection was refused or reset, a call
 * timed out, the service throttled or failed with a 5xx. It says nothing about the change, so the processor waits
 * for the service instead of spending the change's deliveries. `reason` is short and machine-readable
 * (`ECONNREFUSED`, `ThrottlingException`, `TimeoutError`, `HTTP 503`, ...).
 */
export class InfrastructureUnavailable extends RetryableError {
  readonly service: InfrastructureService;
  readonly reason: string;
  constructor(service: InfrastructureService, reason: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(`${service} is unavailable (${reason})`, options);
    this.service = service;
    this.reason = reason;
  }
}

/**
 * A vendor's allocation is spent until `resumeAt` (epoch ms): Syncline's configured share of it, or the vendor said
 * stop (429, Salesforce REQUEST_LIMIT_EXCEEDED). Like an outage, it says nothing about the change: the change waits,
 * in place or sent back unprocessed, and never spends its deliveries on the wait.
 */
export class VendorPaused extends RetryableError {
  readonly vendor: string;
  readonly resumeAt: number;
  constructor(vendor: string, resumeAt: number, reason: string, options?: { cause?: unknown }) {
    super(`${vendor} is paused until ${new Date(resumeAt).toISOString()}: ${reason}`, options);
    this.vendor = vendor;
    this.resumeAt = resumeAt;
  }
}

/**
 * Another change got there first: the entity was stored by someone else since it was read, or a new entity with the
 * same match key is being created. Retrying after the other change finishes resolves it (the retry sees its result).
 */
export class ConcurrentChange extends RetryableError {}

/**
 * A run over whole CRMs (an initial sync, a backfill, an import) asked for something the contract or its input
 * cannot give: trying again changes nothing, so the state machine does not retry it.
 */
export class RunInputError extends SynclineError {
  // Spelled out: bundles minify class names, and the state machine matches this one.
  override readonly name = 'RunInputError';
}
