import { z } from 'zod';
import type { GongCall } from './model.ts';

const iso = z.iso.datetime({ offset: true });
const flags = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.boolean().optional()])) as Record<K, z.ZodOptional<z.ZodBoolean>>);

/**
 * Body of `POST /v2/calls/extensive` (help.gong.io "Retrieve detailed call data by various filters"; gong-rs models
 * `CallsRequestFilterWithOwners`, `ContentSelector`, `ExposedFields`, `CallContent`, `CallInteraction`). `filter` is
 * required; whether Gong refuses unknown keys is [?], so they are ignored.
 */
export const ExtensiveRequest = z.object({
  cursor: z.string().min(1).optional(),
  filter: z.object({
    fromDateTime: iso.optional(),
    toDateTime: iso.optional(),
    workspaceId: z.string().optional(),
    callIds: z.array(z.string()).optional(),
    primaryUserIds: z.array(z.string()).optional(),
  }),
  contentSelector: z
    .object({
      /** Default 'None'. */
      context: z.enum(['None', 'Basic', 'Extended']).optional(),
      /** "Can be provided only when the context field is set to 'Extended'"; default ["Now"]. */
      contextTiming: z.array(z.enum(['Now', 'TimeOfCall'])).optional(),
      exposedFields: z
        .object({
          parties: z.boolean().optional(),
          content: flags(['structure', 'topics', 'trackers', 'trackerOccurrences', 'pointsOfInterest', 'brief', 'outline', 'highlights', 'callOutcome', 'keyPoints'] as const).optional(),
          interaction: flags(['speakers', 'video', 'personInteractionStats', 'questions'] as const).optional(),
          collaboration: flags(['publicComments'] as const).optional(),
          media: z.boolean().optional(),
        })
        .optional(),
    })
    .refine((s) => s.contextTiming === undefined || s.context === 'Extended', { message: "contextTiming can be provided only when context is 'Extended'", path: ['contextTiming'] })
    .optional(),
});
export type ExtensiveRequest = z.infer<typeof ExtensiveRequest>;
type ContentSelector = NonNullable<ExtensiveRequest['contentSelector']>;
type Party = GongCall['parties'][number];
type Tracker = GongCall['content']['trackers'][number];

/** CRM context as shown: `fields` only at the 'Extended' level. */
type ShownContext = Array<{ system: 'Salesforce'; objects: Array<{ objectType: string; objectId: string; fields?: Array<{ name: string; value: unknown }> }> }>;

/** The call as `/v2/calls/extensive` shows it: `metaData` always, the rest only as selected. */
export interface ExtensiveCall {
  metaData: GongCall['metaData'];
  context?: ShownContext;
  parties?: Array<Omit<Party, 'context'> & { context?: ShownContext }>;
  content?: { topics?: GongCall['content']['topics']; trackers?: Array<Omit<Tracker, 'occurrences'> & { occurrences?: unknown[] }> };
  interaction?: Partial<GongCall['interaction']>;
}

/** 'Basic' links the CRM objects (type and id); 'Extended' adds their fields; 'None' (the default) leaves context out. */
function contextAt(level: ContentSelector['context'], context: GongCall['context']): ShownContext | undefined {
  if (level === 'Extended') return context;
  if (level !== 'Basic') return undefined;
  return context.map((c) => ({ system: c.system, objects: c.objects.map(({ objectType, objectId }) => ({ objectType, objectId })) }));
}

/**
 * Shapes a stored call by the content selector. The sandbox keeps only some of what Gong can expose: content
 * `topics` and `trackers` (their `occurrences` only with `trackerOccurrences`), interaction `interactionStats` (asked
 * for as `personInteractionStats` [?]) and `questions`; `collaboration`, `media`, and the other content parts are
 * never answered [?]. A party's own CRM context follows `context` as the call's does [?].
 */
export function selectContent(call: GongCall, selector: ContentSelector | undefined): ExtensiveCall {
  const out: ExtensiveCall = { metaData: call.metaData };
  const context = contextAt(selector?.context, call.context);
  if (context) out.context = context;
  const exposed = selector?.exposedFields;
  if (exposed?.parties) {
    out.parties = call.parties.map(({ context: partyContext, ...party }) => {
      const shown = partyContext && contextAt(selector?.context, partyContext);
      return shown ? { ...party, context: shown } : party;
    });
  }
  const content: NonNullable<ExtensiveCall['content']> = {};
  if (exposed?.content?.topics) content.topics = call.content.topics;
  if (exposed?.content?.trackers) content.trackers = call.content.trackers.map(({ occurrences, ...t }) => (exposed.content?.trackerOccurrences ? { ...t, occurrences } : t));
  if (Object.keys(content).length > 0) out.content = content;
  const interaction: Partial<GongCall['interaction']> = {};
  if (exposed?.interaction?.personInteractionStats) interaction.interactionStats = call.interaction.interactionStats;
  if (exposed?.interaction?.questions) interaction.questions = call.interaction.questions;
  if (Object.keys(interaction).length > 0) out.interaction = interaction;
  return out;
}
