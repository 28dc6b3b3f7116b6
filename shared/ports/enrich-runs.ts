import type { EntityState } from './stores.ts';

/** One chunk of an enrichment run: up to one vendor request's worth of entities, and what became of them. */
export interface EnrichChunk {
  runId: string;
  /** Its place in the run, from 0. */
  index: number;
  /** The data vendor asked, and the canonical object its entities are of. */
  provider: string;
  object: string;
  entityIds: string[];
  /**
   * `pending` until the lookup was answered; `done` once its answers are saved (and the changes sent);
   * `failed` when the chunk kept failing and the run went on without it.
   */
  status: 'pending' | 'done' | 'failed';
  /** Per entity looked up: matched, no-match, not-asked, failed:<code>, or credit-cap. */
  outcomes?: Record<string, string>;
  /**
   * The answers of a lookup, per entity (vendor field names), kept until the changes carrying them are on the queue:
   * a chunk tried again after its lookup sends them without asking the vendor a second time.
   */
  answers?: Record<string, Record<string, string | number | boolean | null>>;
  /** Lookup credits this chunk took from the day's cap. */
  credits?: number;
  /** When the vendor answered (ISO time): the lookup stamp the processor records. */
  lookedUpAt?: string;
  /** Why a failed chunk failed (the error's name and message, no record values). */
  error?: string;
  /** New contacts the vendor suggested for the chunk's matched accounts, now in the review queue. */
  suggested?: number;
}

/** A run's head: what it covers and, once summarized, its totals. */
export interface EnrichRun {
  runId: string;
  /** The UTC day the run belongs to (`2026-12-07`): a second run that day continues it. */
  day: string;
  chunks: number;
  startedAt: string;
  finishedAt?: string;
  summary?: EnrichSummary;
}

/** What a run did, as metrics and `syncline health` show it. */
export interface EnrichSummary {
  /** Entities the run picked because they were due. */
  selected: number;
  /** Lookups the vendor answered. */
  lookedUp: number;
  enriched: number;
  noMatch: number;
  failed: number;
  /** Entities left for another day: the daily credit cap was reached. */
  capped: number;
  creditsUsed: number;
  /** Chunks that failed after their retries. */
  failedChunks: number;
  /** New contacts suggested for review. */
  suggested: number;
  /** One line for people. */
  text: string;
}

/** Port: enrichment runs and their chunks (the state table, `enrich-run#<id>`). */
export interface EnrichRunStore {
  getRun(runId: string): Promise<EnrichRun | undefined>;
  putRun(run: EnrichRun): Promise<void>;
  getChunk(runId: string, index: number): Promise<EnrichChunk | undefined>;
  putChunk(chunk: EnrichChunk): Promise<void>;
  /** Saves a new chunk unless its place is taken (another start the same day numbered it first); true if saved. */
  createChunk(chunk: EnrichChunk): Promise<boolean>;
  /**
   * Gives the chunk its credits unless it has some already (another execution ran it at the same time): returns the
   * credits the chunk holds now, which the caller takes as its own.
   */
  holdCredits(runId: string, index: number, credits: number): Promise<number>;
  /** Every chunk of a run, in order. */
  chunks(runId: string): Promise<EnrichChunk[]>;
}

/** What the credit ledger granted: at most what was asked, fewer near the cap, none past it. */
export interface CreditGrant {
  granted: number;
  /** Credits taken today, this grant included, and the day's cap. */
  used: number;
  cap: number;
}

/**
 * Port: the day's lookup credits of a data vendor, shared by the processor's lookups and the batch runs, so that
 * together they never spend past `dailyCredits`. Each lookup sent counts one credit, whatever it answers.
 */
export interface CreditLedger {
  take(vendor: string, day: string, wanted: number, cap: number): Promise<CreditGrant>;
  /** Gives back credits taken for lookups that were never made or answered (a paused vendor, a failed request). */
  giveBack(vendor: string, day: string, credits: number): Promise<void>;
  /** Credits taken so far on `day`. */
  used(vendor: string, day: string): Promise<number>;
}

/** Port: the entities a batch goes through. */
export interface EntityScan {
  /** Reads every entity of `object`, page by page, until `onPage` answers true (it has enough). */
  scan(object: string, onPage: (entities: readonly EntityState[]) => boolean): Promise<void>;
  /** The entities of `entityIds` that exist, in any order. */
  getMany(entityIds: readonly string[]): Promise<EntityState[]>;
}
