/**
 * `syncline check [--config FILE]`: the contract against the live metadata of every enabled CRM (the sandboxes under
 * `npm start`, the real ones deployed), before the first sync finds the problems one record at a time.
 */
import { checkContract, type FieldsOf } from '#app/check-contract';
import { neededFields } from '#app/contract-setup';
import { sourceReadFields } from '#domain/mapping';
import { crmConnectorFor } from '#adapters/vendors/crm-registry';
import { secretSourceFor } from '#adapters/wiring';
import type { Contract } from '#config/contract-schema';
import { enabledConnectors, loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { ASSOCIATION_PREFIX } from '#adapters/vendors/hubspot/associations';

/**
 * Each enabled CRM's field metadata reader, with its credentials: the hub's secrets file locally, Secrets Manager
 * deployed. A connector whose credentials cannot be read answers every ask with that, and the check names it.
 */
async function liveMetadata(c: SecretsConnection, contract: Contract): Promise<Record<string, FieldsOf | undefined>> {
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.writer);
  const secrets = secretSourceFor(Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), c.secretsFile);
  const metadata: Record<string, FieldsOf | undefined> = {};
  for (const vendor of vendors) {
    try {
      const writer = crmConnectorFor(vendor)?.writer?.(await secrets.get(vendor));
      metadata[vendor] = writer?.fields?.bind(writer);
    } catch (error) {
      const reason = `its credentials could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      metadata[vendor] = () => Promise.reject(new Error(reason));
    }
  }
  return metadata;
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
  const pushes = (name: string) => contract.connectors[name as keyof typeof contract.connectors]?.webhooks === true;
  // Only objects something syncs from: a message about any other would be ignored.
  const feeds = (object: string, system: string) => plan.syncs.some((s) => s.object === object && s.from === system);
  for (const [objectName, mapping] of Object.entries(plan.objects)) {
    const salesforce = mapping.systems['salesforce'];
    if (pushes('salesforce') && salesforce && feeds(objectName, 'salesforce')) {
      // SystemModstamp is the record version a message and the poller's row share, so one change is processed once.
      for (const object of salesforce.objects) lines.push(`Salesforce Outbound Message on ${object} (${objectName}), to <hub>/webhooks/salesforce, with the fields: Id, SystemModstamp, ${sourceReadFields(mapping, 'salesforce', object).join(', ')}`);
    }
    const hubspot = mapping.systems['hubspot'];
    if (pushes('hubspot') && hubspot && feeds(objectName, 'hubspot')) {
      // A record's companies are associations, not properties: no propertyChange subscription names them.
      for (const object of hubspot.objects) lines.push(`HubSpot webhook subscriptions on ${object} (${objectName}): creation, deletion, merge, and propertyChange of ${sourceReadFields(mapping, 'hubspot', object).filter((f) => !f.startsWith(ASSOCIATION_PREFIX)).join(', ')}`);
    }
  }
  return { text: lines.join('\n'), ok: true };
}
