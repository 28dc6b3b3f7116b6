import { resourcesOfType, type CfnTemplate } from '#local/runner/template';

/**
 * Demo credentials shared by the local sandboxes and the hub's local secrets file. They open nothing but the
 * sandboxes on loopback.
 */
export const localCredentials = {
  hubspot: { accessToken: 'pat-local-sandbox-token', clientSecret: 'local-hubspot-client-secret', appId: 54321, portalId: 62515 },
  salesforce: { clientId: 'local-connected-app', clientSecret: 'local-connected-app-secret', refreshToken: 'local-refresh-token' },
} as const;

/** The local secrets file: each connector secret of the template, pointing at its sandbox. */
export function sandboxSecrets(template: CfnTemplate, hubspotUrl: string, salesforceUrl: string): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {
    hubspot: { accessToken: localCredentials.hubspot.accessToken, clientSecret: localCredentials.hubspot.clientSecret, basePath: hubspotUrl },
    salesforce: { instanceUrl: salesforceUrl, loginUrl: salesforceUrl, ...localCredentials.salesforce },
  };
  const secrets: Record<string, Record<string, unknown>> = {};
  for (const [id, r] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
    const name = String(r.Properties?.['Name'] ?? id);
    const connector = name.split('/').pop() ?? '';
    secrets[name] = values[connector] ?? {};
  }
  return secrets;
}
