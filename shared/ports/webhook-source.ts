import type { ChangeEvent } from '#domain/change-event';

/** The parts of an inbound HTTP request a verifier needs. Header names are lower-case. */
export interface InboundRequest {
  method: string;
  /** The full URL the vendor called, as it signed it (scheme, host, path and query). */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: string;
}

/** Why a request was refused; each maps to a precise HTTP status. */
export type Rejection =
  | { reason: 'missing-signature'; message: string }
  | { reason: 'bad-signature'; message: string }
  | { reason: 'stale-timestamp'; message: string }
  | { reason: 'malformed-body'; message: string };

export type VerifyOutcome = { ok: true } | ({ ok: false } & Rejection);
/** An event of a batch that could not be read; the rest of the batch still goes through. */
export interface SkippedEvent {
  index: number;
  reason: string;
}

export type ParseOutcome = { ok: true; events: ChangeEvent[]; skipped: SkippedEvent[] } | ({ ok: false } & Rejection);

/** A vendor-specific success answer. */
export interface Acknowledgement {
  status: number;
  contentType: string;
  body: string;
}

/** Port: one vendor's webhook dialect: how it signs and what its bodies look like. */
export interface WebhookSource {
  readonly name: string;
  /** Checks the signature and timestamp window against the vendor's secret. `nowMs` is the current time. */
  verify(request: InboundRequest, nowMs: number): Promise<VerifyOutcome>;
  /** Turns a verified body into change events. */
  parse(rawBody: string): ParseOutcome;
  /** The success answer the vendor needs, when a plain 202 is not enough. */
  acknowledge?(accepted: number): Acknowledgement;
}
