/**
 * The state table's partitions, as the adapters write them, for IAM conditions on `dynamodb:LeadingKeys`: each
 * function may touch only the partitions it names. Kept in one place so a grant and the items it covers stay in step.
 */

/** The quarantine (`pk = quarantine`): the only state items a webhook may touch. */
export const QUARANTINE_PARTITION = 'quarantine';

/** The review queue (`pk = review`), which the report counts and the enrichment batch adds suggestions to. */
export const REVIEW_PARTITION = 'review';

/** Suggestions people declined (`pk = declined`, dynamodb-review-store.ts), never suggested again. */
export const DECLINED_PARTITION = 'declined';

/** The paused set (`syncline pause`), which a poller reads to leave a paused source alone. */
export const PAUSED_PARTITION = 'paused';

/** The cursor items (`cursor#<source>:<object>`): the only state items a poller may touch. */
export const CURSOR_KEY_PATTERN = 'cursor#*';

/** Enrichment runs (`enrich-run#<id>`) and credit days (`credits#<vendor>`), dynamodb-enrich-runs.ts. */
export const ENRICHMENT_PARTITIONS = ['enrich-run#*', 'credits#*'] as const;

/** The vendors' shared budgets (`budget#<vendor>`, dynamodb-vendor-budget.ts). */
export const BUDGET_PARTITION = 'budget#*';

/** Entities (`entity#<id>`) and the links from each system's records to them (`link#<system:object:id>`). */
export const ENTITY_PARTITION = 'entity#*';
export const LINK_PARTITION = 'link#*';
