/**
 * `syncline check [--config FILE]`: the contract against the live metadata of every enabled CRM (the sandboxes under
 * `npm start`, the real ones deployed), before the first sync finds the problems one record at a time.
 */
import { checkContract, type FieldsOf } from '#app/check-contract';
import { crmConnectorFor } from '#adapters/vendors/crm-registry';
import { secretSourceFor } from '#adapters/wiring';
import { enabledConnectors, loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import type { HubConnection } from '#local/hub-file';

/** The check's report: what was checked, and each problem on a line of its own; not ok when there is any. */
export async function checkLiveContract(c: HubConnection, contractFile: string | undefined): Promise<{ text: string; ok: boolean }> {
  const contract = loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml');
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.writer);
  // Locally the hub's secrets file; deployed, Secrets Manager under the stack's names.
  const secrets = secretSourceFor(Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), c.secretsFile);
  const metadata: Record<string, FieldsOf | undefined> = {};
  for (const vendor of vendors) {
    const writer = crmConnectorFor(vendor)?.writer?.(await secrets.get(vendor));
    metadata[vendor] = writer?.fields?.bind(writer);
  }
  const { checked, notChecked, problems } = await checkContract(toSyncPlan(contract), metadata);
  const lines = [
    `Checked ${checked.length} object(s) against their systems' metadata: ${checked.join(', ') || 'none'}.`,
    ...(notChecked.length > 0 ? [`Not checked (no metadata API): ${notChecked.join(', ')}.`] : []),
    problems.length === 0 ? 'No problems: every mapped field exists, fits and can be written.' : `${problems.length} problem(s):`,
    ...problems.map((p) => `  - ${p}`),
  ];
  return { text: lines.join('\n'), ok: problems.length === 0 };
}
