import { z } from 'zod';

/** Body of `POST /__sandbox/calls`: what the rule's call looks like; everything else is filled in. */
export const CallInput = z.strictObject({
  title: z.string().min(1),
  started: z.iso.datetime({ offset: true }),
  /** Seconds. */
  duration: z.number().int().nonnegative(),
  scheduled: z.iso.datetime({ offset: true }).optional(),
  media: z.enum(['Video', 'Audio']).optional(),
  system: z.string().optional(),
  direction: z.enum(['Conference', 'Inbound', 'Outbound', 'Unknown']).optional(),
  salesforceOpportunityId: z.string().optional(),
  salesforceAccountId: z.string().optional(),
  /** One External party per id, each carrying its Salesforce Contact in its context. */
  salesforceContactIds: z.array(z.string()).optional(),
  trackers: z.array(z.strictObject({ name: z.string().min(1), count: z.number().int().nonnegative(), type: z.string().optional() })).optional(),
  /** 0..1, the share of the call the company side talked. */
  talkRatio: z.number().min(0).max(1).optional(),
  isTest: z.boolean().optional(),
  /** Stored without firing the rule: a call from before the rule existed. */
  silent: z.boolean().optional(),
});
export type CallInput = z.infer<typeof CallInput>;

interface CrmObject {
  objectType: string;
  objectId: string;
  fields: Array<{ name: string; value: unknown }>;
}

/** The call structure of Gong's `/v2/calls` API, which the webhook's `callData` repeats (help.gong.io payload article). */
export interface GongCall {
  metaData: {
    id: string;
    url: string;
    title: string;
    scheduled: string;
    started: string;
    duration: number;
    primaryUserId: string;
    direction: string;
    system: string;
    scope: 'External' | 'Internal' | 'Unknown';
    media: 'Video' | 'Audio';
    language: string;
    workspaceId: string;
    sdrDisposition: string | null;
    clientUniqueId: string;
    customData: string | null;
    purpose: string | null;
    meetingUrl: string;
    isPrivate: boolean;
    calendarEventId: string;
  };
  context: Array<{ system: 'Salesforce'; objects: CrmObject[] }>;
  parties: Array<{
    id: string;
    emailAddress: string;
    name: string;
    title: string | null;
    userId?: string;
    speakerId: string;
    affiliation: 'Internal' | 'External' | 'Unknown';
    methods: string[];
    context?: Array<{ system: 'Salesforce'; objects: CrmObject[] }>;
  }>;
  content: { trackers: Array<{ id: string; name: string; count: number; type: string; occurrences: unknown[] }>; topics: Array<{ name: string; duration: number }> };
  interaction: { interactionStats: Array<{ name: string; value: number }>; questions: { companyCount: number; nonCompanyCount: number } };
}

/** The webhook body: `{"callData":…,"isTest":…}`. */
export interface GongWebhookBody {
  callData: GongCall;
  isTest: boolean;
}

export const WORKSPACE_ID = '5582219003921130422';
const PRIMARY_USER = { id: '7744111777663220493', name: 'Sam Seller', email: 'sam.seller@syncline.example' };

/** Builds the full call a rule would send from the trigger input. `seq` makes party and tracker ids unique. */
export function buildCall(id: string, input: CallInput, seq: number): GongCall {
  const contactIds = input.salesforceContactIds ?? [];
  const sfObjects: CrmObject[] = [];
  if (input.salesforceOpportunityId) sfObjects.push({ objectType: 'Opportunity', objectId: input.salesforceOpportunityId, fields: [{ name: 'Name', value: input.title }] });
  if (input.salesforceAccountId) sfObjects.push({ objectType: 'Account', objectId: input.salesforceAccountId, fields: [] });
  const talk = input.talkRatio ?? 0.46;
  return {
    metaData: {
      id,
      url: `https://app.gong.io/call?id=${id}`,
      title: input.title,
      scheduled: input.scheduled ?? input.started,
      started: input.started,
      duration: input.duration,
      primaryUserId: PRIMARY_USER.id,
      direction: input.direction ?? 'Conference',
      system: input.system ?? 'Zoom',
      scope: contactIds.length > 0 ? 'External' : 'Unknown',
      media: input.media ?? 'Video',
      language: 'eng',
      workspaceId: WORKSPACE_ID,
      sdrDisposition: null,
      clientUniqueId: `zoom-${seq}`,
      customData: null,
      purpose: null,
      meetingUrl: `https://zoom.us/j/9${String(seq).padStart(9, '0')}`,
      isPrivate: false,
      calendarEventId: `cal-${seq}`,
    },
    context: sfObjects.length > 0 ? [{ system: 'Salesforce', objects: sfObjects }] : [],
    parties: [
      { id: `${seq}01`, emailAddress: PRIMARY_USER.email, name: PRIMARY_USER.name, title: 'Account Executive', userId: PRIMARY_USER.id, speakerId: `${seq}901`, affiliation: 'Internal', methods: ['Invitee'] },
      ...contactIds.map((contactId, i) => ({
        id: `${seq}1${i}`,
        emailAddress: `guest${i + 1}.${seq}@customer.example`,
        name: `Guest ${i + 1}`,
        title: null,
        speakerId: `${seq}91${i}`,
        affiliation: 'External' as const,
        methods: ['Invitee'],
        context: [{ system: 'Salesforce' as const, objects: [{ objectType: 'Contact', objectId: contactId, fields: [] }] }],
      })),
    ],
    content: {
      trackers: (input.trackers ?? []).map((t, i) => ({ id: `${seq}7${i}`, name: t.name, count: t.count, type: t.type ?? 'KEYWORD', occurrences: [] })),
      topics: [{ name: 'Pricing', duration: Math.round(input.duration / 5) }],
    },
    interaction: {
      interactionStats: [
        { name: 'Talk Ratio', value: talk },
        { name: 'Longest Monologue', value: 95 },
        { name: 'Interactivity', value: 6.2 },
        { name: 'Patience', value: 1.1 },
      ],
      questions: { companyCount: 7, nonCompanyCount: 3 },
    },
  };
}
