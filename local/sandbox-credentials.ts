import { resourcesOfType, type CfnTemplate } from '#local/runner/template';

/**
 * Demo credentials shared by the local sandboxes and the hub's local secrets file. They open nothing but the
 * sandboxes on loopback.
 */
export const localCredentials = {
  hubspot: { accessToken: 'pat-local-sandbox-token', clientSecret: 'local-hubspot-client-secret', appId: 54321, portalId: 62515, developerApiKey: 'local-hubspot-developer-api-key' },
  salesforce: {
    clientId: 'local-connected-app',
    clientSecret: 'local-connected-app-secret',
    refreshToken: 'local-refresh-token',
    organizationId: '00D000000000042EAA',
    outboundMessageToken: 'local-outbound-message-token-7f3a9c',
  },
  // The access token is valid for Outreach's two hours from the sandbox's start; the refresh token renews it.
  outreach: { clientId: 'local-outreach-app', clientSecret: 'local-outreach-app-secret', refreshToken: 'local-outreach-refresh-token', accessToken: 'local-outreach-access-token', webhookSecret: 'local-outreach-webhook-secret' },
  stripe: { apiKey: 'sk_test_syncline', webhookSecret: 'whsec_local_stripe_signing_secret' },
  zoominfo: { username: 'local-zoominfo-user', password: 'local-zoominfo-password' },
  // The Gong sandbox's API defaults (basic auth).
  gong: { accessKey: 'sandbox-access-key', accessKeySecret: 'sandbox-access-secret' },
  slack: { webhookPath: '/services/T0SYNCLINE/B0ALERTS/LocalSlackWebhookSecret24' },
} as const;

/** Where each sandbox listens, and what only a started sandbox knows (Gong's public key). */
export interface SandboxEndpoints {
  hubspot: string;
  salesforce: string;
  outreach: string;
  zoominfo: string;
  slack: string;
  gong: string;
  gongPublicKey: string;
}

/** The Salesforce Outbound Message endpoint: the hub's webhook URL with the secret token Salesforce sends back. */
export function outboundMessageUrl(webhookUrl: string): string {
  return `${webhookUrl}?token=${localCredentials.salesforce.outboundMessageToken}`;
}

/** The local secrets file: each connector secret of the template, pointing at its sandbox. */
export function sandboxSecrets(template: CfnTemplate, at: SandboxEndpoints): Record<string, Record<string, unknown>> {
  const { hubspot, salesforce, outreach, gong, stripe, zoominfo } = localCredentials;
  const values: Record<string, Record<string, unknown>> = {
    hubspot: { accessToken: hubspot.accessToken, clientSecret: hubspot.clientSecret, developerApiKey: hubspot.developerApiKey, appId: hubspot.appId, basePath: at.hubspot },
    salesforce: { instanceUrl: at.salesforce, loginUrl: at.salesforce, ...salesforce },
    outreach: { baseUrl: at.outreach, ...outreach },
    gong: { publicKey: at.gongPublicKey },
    'gong-api': { baseUrl: at.gong, ...gong },
    stripe: { webhookSecret: stripe.webhookSecret },
    zoominfo: { baseUrl: at.zoominfo, ...zoominfo },
    slack: { webhookUrl: `${at.slack}${localCredentials.slack.webhookPath}` },
  };
  const secrets: Record<string, Record<string, unknown>> = {};
  for (const [id, r] of resourcesOfType(template, 'AWS::SecretsManager::Secret')) {
    const name = String(r.Properties?.['Name'] ?? id);
    const connector = name.split('/').pop() ?? '';
    secrets[name] = values[connector] ?? {};
  }
  return secrets;
}
