import type { MatchIndex } from '#domain/identity/match-index';
import type { MatchValues } from '#domain/identity/match-record';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import type { FieldChange } from '#domain/diff';
import type { GoldenRecord } from '#domain/golden-record';
import type { Observation } from '#domain/survivorship';

/** Outcome of claiming an idempotency key. A claim's token proves ownership when completing or releasing it. */
export type Claim = { status: 'claimed'; token: string } | { status: 'completed' } | { status: 'in-progress' };

/** Port: remembers which events were processed (7 days), so redeliveries are no-ops. */
export interface IdempotencyStore {
  /** Claims `key` for processing. `completed`: processed before; `in-progress`: another worker holds it now. */
  claim(key: string, nowMs: number): Promise<Claim>;
  /** Marks a claimed key done; later claims answer `completed` until it expires. Throws RetryableError if the claim was taken over. */
  complete(key: string, token: string, nowMs: number): Promise<void>;
  /** Gives a claimed key up after a failure, so a retry can claim it again. A claim taken over by another worker is left alone. */
  release(key: string, token: string): Promise<void>;
  /** Optional batch read: which of `keys` were processed (completed). */
  completedOf?(keys: readonly string[]): Promise<Set<string>>;
}

/**
 * Everything Syncline knows of one entity (a person, a company, ...) across systems: the golden record with each
 * field's provenance, the record that holds it in each system, and what Syncline last wrote to each system (the
 * basis of the echo check and of "send only what changed").
 */
export interface EntityState {
  entityId: string;
  /** The canonical object, e.g. `person`. */
  object: string;
  golden: GoldenRecord;
  /** System → `Object:id` of its record, e.g. `salesforce` → `Contact:003…`. */
  links: Record<string, string>;
  /** System → canonical values it holds as far as Syncline knows: what Syncline wrote there, or last read from it. */
  written: Record<string, FieldValues>;
  /** Data vendor → when it last answered a lookup of this entity (ISO time), matched or not; drives re-enrichment. */
  enriched?: Record<string, string>;
  /**
   * System → the other systems' record ids its record holds in its link fields (`syncline_salesforce_id`,
   * `HubSpot_Id__c`), as written or last read: a link missing there is written back once.
   */
  linksHeld?: Record<string, Record<string, string>>;
  /** Set while the entity is deleted in one system and flagged (never deleted) in the others. */
  deleted?: { by: string; at: string };
  /** Optimistic-concurrency version of the whole state (0 = not stored yet). */
  version: number;
  /** What the entity is indexed under for identity matching, as stored. */
  match?: MatchIndex;
}

/** An entity found under a match key, with the values it is indexed by. */
export interface IndexedEntity {
  entityId: string;
  values: MatchValues;
}

/** Index changes stored with an entity: the keys to index it under (with `state.match.values`), and keys to drop. */
export interface IndexChange {
  put: readonly string[];
  drop: readonly string[];
  /** Claims (one entity per key) the entity gives up. */
  release: readonly string[];
}

/** Port: durable sync state: entities and the links from each system's records to them. */
export interface StateStore {
  /** The entity a system's record belongs to (`system:object:id`), if linked. */
  entityOf(recordKey: string): Promise<string | undefined>;
  getEntity(entityId: string): Promise<EntityState | null>;
  /**
   * Stores the entity if its stored version is still `state.version` (then stores version + 1), and links each of
   * its records to it. Throws RetryableError when another worker changed it first.
   */
  putEntity(state: EntityState, index?: IndexChange): Promise<void>;
  /** Identity: the entities indexed under any of `keys` (blocking keys). */
  candidatesFor?(keys: readonly string[]): Promise<IndexedEntity[]>;
  /**
   * Claims each key for `entityId` with a conditional write (a key already held by that entity is fine). Returns the
   * entity holding a key first, if any: two concurrent creates of one person cannot both claim its e-mail.
   * `replacing` takes over keys still held by that entity (a stale claim).
   */
  claimKeys?(entityId: string, keys: readonly string[], replacing?: string): Promise<string | undefined>;
  /**
   * Optional batch read: the entity each record is linked to (absent = not linked) and those entities' states, in a
   * couple of calls instead of two per record.
   */
  linkedEntities?(recordKeys: readonly string[]): Promise<{ links: Map<string, string>; entities: Map<string, EntityState> }>;
}

/** One audited write of one field. */
export interface AuditEntry extends FieldChange {
  /** The record written, `system:object:id`. */
  recordKey: string;
  /** The record the change came from, `system:object:id`. */
  sourceKey: string;
  eventId: string;
  actor: string;
  at: string;
}

/** Port: the append-only audit trail, kept at least a year. */
export interface AuditLog {
  append(entries: readonly AuditEntry[]): Promise<void>;
  history(recordKey: string): Promise<AuditEntry[]>;
}

/** A change that could not be written, kept with its reason until an operator fixes the data and retries it. */
export interface QuarantineItem {
  /** The record's key, `system:object:id`: one entry per record. */
  id: string;
  /** The latest change that could not be written. */
  event: ChangeEvent;
  /** Machine-readable reason, e.g. `REQUIRED_FIELD_MISSING`. */
  code: string;
  /** The reason in words, e.g. `salesforce requires lastName`. */
  reason: string;
  at: string;
  /** How many changes to this record were quarantined (a retry that fails again counts one more). */
  attempts: number;
}

/** Port: the quarantine. Nothing is dropped: a change that cannot be written waits here. */
export interface QuarantineStore {
  put(item: QuarantineItem): Promise<void>;
  get(id: string): Promise<QuarantineItem | null>;
  list(): Promise<QuarantineItem[]>;
  remove(id: string): Promise<void>;
  /** Optional batch read: which of `ids` are in quarantine now. */
  presentOf?(ids: readonly string[]): Promise<Set<string>>;
}

/** A conflicting change to a `review`-policy field, held for a person. */
export interface ReviewItem {
  /** `<entityId>#<field>`: one open review per field of an entity; a newer proposal replaces an older one. */
  id: string;
  entityId: string;
  /** The canonical object, e.g. `deal`. */
  object: string;
  field: string;
  current: Observation;
  proposed: Observation;
  at: string;
  /**
   * Identity reviews (`field` = `identity`): what the record may be, best first (entity ids or target record keys),
   * the reason, and the change to replay with the decision.
   */
  identity?: { candidates: string[]; code: string; reason: string; event: ChangeEvent; subject?: FieldValues; levels?: { scheme: string; pairs: number[][] } };
  /**
   * A new contact a data vendor suggests for an account (`field` = `new-contact`, `entityId` the account's entity):
   * created only when approved, from a lookup of the vendor's person id made then.
   */
  suggestion?: ContactSuggestionReview;
  /** Why an approved review still waits (the day's credits were spent, the person may be someone known). */
  note?: string;
}

/** What a suggested contact's review holds. */
export interface ContactSuggestionReview {
  provider: string;
  /** The vendor's object of a person (`contact`) and its id of this one. */
  providerObject: string;
  vendorId: string;
  /** The account's name as the vendor gave it, for people. */
  accountName?: string;
  /** The person's field that refers to the account (`account`). */
  reference: string;
  firstName: string;
  lastName: string;
  title?: string;
  score?: number;
}

/** The review field of a suggested contact. */
export const SUGGESTION_FIELD = 'new-contact';

/** One review per suggested person, whichever account suggested them. */
export const suggestionReviewId = (provider: string, vendorId: string): string => `suggestion#${provider}:${vendorId}`;

/**
 * A person's identity decision as a label for the person model: the pair's level vector (which comparison agreed
 * how, never the values themselves) and whether the two were one person. Approving an identity review labels the
 * record and its first candidate a match; rejecting it labels the record and every candidate two people.
 */
export interface MatchLabel {
  /** `<review id>#<held at>#<candidate index>`: a decision carried out twice writes the same label once. */
  id: string;
  at: string;
  /** The comparison scheme the levels are in (`LEVEL_SCHEME`); a label of another is not read. */
  scheme: string;
  levels: number[];
  match: boolean;
}

/** Port: the identity decisions kept as labels. */
export interface MatchLabelStore {
  put(label: MatchLabel): Promise<void>;
  list(): Promise<MatchLabel[]>;
}

/** Port: the review queue. */
export interface ReviewStore {
  put(item: ReviewItem): Promise<void>;
  get(id: string): Promise<ReviewItem | null>;
  list(): Promise<ReviewItem[]>;
  remove(id: string): Promise<void>;
  /** Which of `ids` wait for review now. */
  presentOf(ids: readonly string[]): Promise<Set<string>>;
}

/** A suggestion a person rejected, under its review's id: never suggested again. */
export interface DeclinedSuggestion {
  id: string;
  at: string;
}

/** Port: the suggestions people declined. */
export interface DeclinedStore {
  put(item: DeclinedSuggestion): Promise<void>;
  presentOf(ids: readonly string[]): Promise<Set<string>>;
}

/**
 * The last failure of a change that went back to its queue (a retryable error, an unexpected one): what an operator
 * sees beside a dead-lettered message (`syncline dlq list`), since SQS keeps no reason with the message it moves.
 */
export interface FailureRecord {
  /** The change's idempotency key (`source:eventId`), which a dead-lettered message's body yields again. */
  key: string;
  /** The error class (`RetryableError`, `InfrastructureUnavailable`, `UnexpectedError`, ...). */
  error: string;
  /** A machine-readable code where the error has one. */
  code?: string;
  /** The error's own message: never a body, a token or a raw e-mail. */
  message: string;
  /** Which delivery of the message failed (SQS ApproximateReceiveCount). */
  receiveCount: number;
  at: string;
}

/** Port: failures of changes, by idempotency key, kept as long as a dead-letter queue keeps messages (14 days). */
export interface FailureLog {
  record(failure: FailureRecord): Promise<void>;
  /** The last failure of each key that has one. */
  lastOf(keys: readonly string[]): Promise<Map<string, FailureRecord>>;
}
