/**
 * `syncline check [--config FILE]`: the contract against the live metadata of every enabled CRM (the sandboxes under
 * `npm start`, the real ones deployed), before the first sync finds the problems one record at a time.
 */
import { checkContract, type FieldsOf } from '#app/check-contract';
import { neededFields, neededSubscriptions, type NeededSubscription } from '#app/contract-setup';
import { sourceReadFields } from '#domain/mapping';
import { crmConnectorFor } from '#adapters/vendors/crm-registry';
import { secretSourceFor } from '#adapters/wiring';
import type { Contract } from '#config/contract-schema';
import { enabledConnectors, loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { SyncPlan } from '#domain/mapping';
import { ASSOCIATION_PREFIX } from '#adapters/vendors/hubspot/associations';
import type { CrmWriter } from '#ports/crm';
import { HubspotSecret } from '#adapters/vendors/hubspot/secret';
import { ensureSubscriptions, subscriptionName, type SubscriptionsApplied } from '#adapters/vendors/hubspot/subscriptions';

/**
 * Each enabled CRM's writer, with its credentials: the hub's secrets file locally, Secrets Manager deployed. A
 * connector whose credentials cannot be read is the reason instead, and the check names it.
 */
async function liveWriters(c: SecretsConnection, contract: Contract): Promise<Record<string, CrmWriter | Error>> {
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.writer);
  const secrets = secretSourceFor(Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), c.secretsFile);
  const writers: Record<string, CrmWriter | Error> = {};
  for (const vendor of vendors) {
    try {
      const writer = crmConnectorFor(vendor)?.writer?.(await secrets.get(vendor));
      if (writer) writers[vendor] = writer;
    } catch (error) {
      writers[vendor] = new Error(`its credentials could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  return writers;
}

/** Each writer's field metadata reader; a connector without credentials answers every ask with the reason. */
function metadataOf(writers: Readonly<Record<string, CrmWriter | Error>>): Record<string, FieldsOf | undefined> {
  return Object.fromEntries(Object.entries(writers).map(([vendor, w]) => [vendor, w instanceof Error ? () => Promise.reject(w) : w.fields?.bind(w)]));
}

async function liveMetadata(c: SecretsConnection, contract: Contract): Promise<Record<string, FieldsOf | undefined>> {
  return metadataOf(await liveWriters(c, contract));
}

/** The webhook subscriptions the contract needs of the HubSpot app: properties only, no association pseudo-field. */
function hubspotSubscriptions(plan: SyncPlan): NeededSubscription[] {
  return neededSubscriptions(plan, 'hubspot', (objectName, object) => sourceReadFields(plan.objects[objectName]!, 'hubspot', object), (field) => !field.startsWith(ASSOCIATION_PREFIX));
}

const pushes = (contract: Contract, name: string) => contract.connectors[name as keyof typeof contract.connectors]?.webhooks === true;

/**
 * The Outbound Messages the contract's Salesforce webhooks need: one per object something syncs from Salesforce (a
 * message about any other would be ignored), with SystemModstamp, the record version a message and the poller's row
 * share, so one change is processed once.
 */
function outboundMessageLines(contract: Contract, plan: SyncPlan): string[] {
  if (!pushes(contract, 'salesforce')) return [];
  return Object.entries(plan.objects).flatMap(([objectName, mapping]) => {
    const salesforce = mapping.systems['salesforce'];
    if (!salesforce || !plan.syncs.some((s) => s.object === objectName && s.from === 'salesforce')) return [];
    return salesforce.objects.map((object) => `Salesforce Outbound Message on ${object} (${objectName}), to <hub>/webhooks/salesforce, with the fields: Id, SystemModstamp, ${sourceReadFields(mapping, 'salesforce', object).join(', ')}`);
  });
}

/** Where `check` and `setup` find the credentials and the contract: the running hub's file, else the deployed stack's secrets. */
export interface SecretsConnection {
  secretsFile?: string;
  contractFile?: string;
}

/** The check's report: what was checked, and each problem on a line of its own; not ok when there is any. */
export async function checkLiveContract(c: SecretsConnection, contractFile: string | undefined): Promise<{ text: string; ok: boolean }> {
  const contract = loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml');
  const { checked, notChecked, problems } = await checkContract(toSyncPlan(contract), await liveMetadata(c, contract));
  const lines = [
    `Checked ${checked.length} object(s) against their systems' metadata: ${checked.join(', ') || 'none'}.`,
    ...(notChecked.length > 0 ? [`Not checked (no field metadata read for them): ${notChecked.join(', ')}.`] : []),
    problems.length === 0 ? 'No problems: every mapped field exists, fits and can be written.' : `${problems.length} problem(s):`,
    ...problems.map((p) => `  - ${p}`),
  ];
  return { text: lines.join('\n'), ok: problems.length === 0 };
}

/**
 * `syncline setup`: what each CRM must have before the first sync, from its live metadata: the custom fields and
 * properties it lacks (with type, picklist values in its own spelling and the external-id flags), the Outbound
 * Messages' fields and the HubSpot webhook subscriptions the contract's webhooks need. Writes nothing.
 */
export async function setupInstructions(c: SecretsConnection, contractFile: string | undefined): Promise<{ text: string; ok: boolean }> {
  const contract = loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml');
  const plan = toSyncPlan(contract);
  const { needed, unreadable } = await neededFields(plan, await liveMetadata(c, contract));
  const lines: string[] = [];
  const groups = new Map<string, typeof needed>();
  for (const n of needed) groups.set(`${n.system} ${n.object}`, [...(groups.get(`${n.system} ${n.object}`) ?? []), n]);
  lines.push(needed.length === 0 && unreadable.length === 0 ? 'Every field the contract maps exists in Salesforce and HubSpot.' : `${needed.length} field(s) to create:`);
  for (const [where, fields] of groups) {
    const how = where.startsWith('hubspot') ? '(Settings > Properties, or POST /crm/v3/properties/' + where.split(' ')[1] + ')' : '(Setup > Object Manager > Fields & Relationships, or the Metadata API)';
    lines.push(`  ${where} ${how}:`, ...fields.map((f) => `    - ${f.field}: ${f.definition}  (for ${f.for})`));
  }
  lines.push(...unreadable.map((u) => `Not read: ${u}`));
  lines.push(...outboundMessageLines(contract, plan));
  if (pushes(contract, 'hubspot')) {
    const byObject = new Map<string, NeededSubscription[]>();
    for (const n of hubspotSubscriptions(plan)) byObject.set(`${n.object} (${n.for})`, [...(byObject.get(`${n.object} (${n.for})`) ?? []), n]);
    for (const [where, subscriptions] of byObject) {
      const actions = subscriptions.filter((n) => !n.propertyName).map((n) => n.action);
      lines.push(`HubSpot webhook subscriptions on ${where}, to <hub>/webhooks/hubspot: ${actions.join(', ')}, and propertyChange of ${subscriptions.flatMap((n) => n.propertyName ?? []).join(', ')}`);
    }
  }
  return { text: lines.join('\n'), ok: true };
}

/**
 * `syncline setup --apply`: creates what each CRM lacks of the contract's fields (Salesforce custom fields through the
 * Tooling API, HubSpot properties through the properties API), grants the integration user access to them (Salesforce
 * field-level security, through the Syncline_Integration permission set), then reads the metadata again and runs the check, so
 * the report ends with whether the contract now holds; and the HubSpot app's webhook subscriptions, where the secret
 * holds the app's developer key. Idempotent: what exists is never asked for again. The Outbound Messages are printed.
 */
export async function applySetup(c: SecretsConnection, contractFile: string | undefined): Promise<{ text: string; ok: boolean }> {
  const contract = loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml');
  const plan = toSyncPlan(contract);
  const writers = await liveWriters(c, contract);
  const { needed, unreadable } = await neededFields(plan, metadataOf(writers));
  const lines: string[] = [needed.length === 0 ? 'Nothing to create: every field the contract maps exists.' : `Creating ${needed.length} field(s):`];
  let failed = 0;
  const made: typeof needed = [];
  for (const n of needed) {
    const writer = writers[n.system];
    if (!writer || writer instanceof Error || !writer.createField) {
      failed += 1;
      lines.push(`  - ${n.system} ${n.object}.${n.field}: not created (this connector cannot create fields; create it as: ${n.definition})`);
      continue;
    }
    try {
      const outcome = await writer.createField(n.object, n.spec);
      made.push(n);
      // A field the metadata did not list: hidden from the integration user (Salesforce), or archived (HubSpot).
      const exists = n.system === 'salesforce' ? 'exists, hidden from the integration user' : 'exists, not listed (archived?)';
      lines.push(`  - ${n.system} ${n.object}.${n.field}: ${outcome === 'created' ? 'created' : exists} (${n.definition})`);
    } catch (error) {
      failed += 1;
      lines.push(`  - ${n.system} ${n.object}.${n.field}: not created: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Fields made through an API are hidden from the integration user until it is granted them (Salesforce).
  for (const [system, writer] of Object.entries(writers)) {
    const fields = made.filter((n) => n.system === system).map((n) => ({ objectType: n.object, field: n.field }));
    if (fields.length === 0 || writer instanceof Error || !writer.grantFieldAccess) continue;
    try {
      lines.push(`Access for the integration (${system}):`, ...(await writer.grantFieldAccess(fields)).map((d) => `  - ${d}`));
    } catch (error) {
      failed += 1;
      lines.push(`Access for the integration (${system}) not granted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // Salesforce copies a converted Lead's custom fields to the Contact only where Setup maps them.
  const onLead = new Set(made.filter((n) => n.system === 'salesforce' && n.object === 'Lead').map((n) => n.field));
  const both = made.filter((n) => n.system === 'salesforce' && n.object === 'Contact' && onLead.has(n.field)).map((n) => n.field);
  if (both.length > 0) lines.push(`Salesforce: map the Lead fields to the Contact's in Setup > Object Manager > Lead > Fields & Relationships > Map Lead Fields, so a conversion carries them: ${both.join(', ')}.`);
  lines.push(...unreadable.map((u) => `Not read: ${u}`));
  if (pushes(contract, 'hubspot') && writers['hubspot']) {
    const subscriptions = await applySubscriptions(c, plan);
    lines.push(...subscriptions.lines);
    if (!subscriptions.ok) failed += 1;
  }
  const messages = outboundMessageLines(contract, plan);
  if (messages.length > 0) lines.push('To make by hand (an Outbound Message needs the flow or workflow rule that sends it):', ...messages.map((m) => `  - ${m}`));
  // New writers read the metadata afresh: the ones above keep what they read before the fields were made.
  const check = await checkContract(plan, await liveMetadata(c, contract));
  lines.push(check.problems.length === 0 ? 'syncline check: no problems.' : `syncline check: ${check.problems.length} problem(s) remain:`, ...check.problems.map((p) => `  - ${p}`));
  return { text: lines.join('\n'), ok: failed === 0 && unreadable.length === 0 && check.problems.length === 0 };
}

/**
 * Creates the HubSpot app's missing webhook subscriptions, or says why it cannot and what to make by hand; `ok` is
 * false when HubSpot refused one (a propertyChange of a property that could not be created, say).
 */
async function applySubscriptions(c: SecretsConnection, plan: SyncPlan): Promise<{ lines: string[]; ok: boolean }> {
  const wanted = hubspotSubscriptions(plan);
  let applied: SubscriptionsApplied;
  try {
    const secret = HubspotSecret.parse(await secretSourceFor({ hubspot: 'syncline/hubspot' }, c.secretsFile).get('hubspot'));
    applied = await ensureSubscriptions(secret, wanted);
  } catch (error) {
    // A private app, or a public app without its developer key here: the subscriptions are made in the app's settings.
    return { lines: [`HubSpot webhook subscriptions not made: ${error instanceof Error ? error.message : String(error)}. Make them in the app's settings (target URL <hub>/webhooks/hubspot): ${wanted.map(subscriptionName).join(', ')}.`], ok: true };
  }
  const made = [...applied.created, ...applied.activated];
  const failed = Object.entries(applied.failed);
  const lines = [made.length === 0 ? `HubSpot webhook subscriptions: all ${applied.present.length} in place.` : `HubSpot webhook subscriptions: ${made.length} made (${made.join(', ')}); ${applied.present.length} were in place.`];
  lines.push(...failed.map(([name, reason]) => `  - ${name}: not made: ${reason}`));
  return { lines, ok: failed.length === 0 };
}
