import { App, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { WebhookApi } from '#cdk/constructs/webhook-api';
import { WebhookEndpoint, webhookAuthorizationReason } from '#cdk/constructs/webhook-endpoint';
import { PROJECT_ROOT } from '#cdk/syncline-stack';
import { CONNECTOR_CATALOG, type ConnectorProfile } from '#config/connector-catalog';
import { loadContract, webhookSources } from '#config/load-contract';

/** The APIG4 acknowledgement a webhook route carries, as cdk-nag reads it. */
function apig4Reason(source: string): string | undefined {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const endpoint = new WebhookEndpoint(stack, 'Endpoint', {
    api: new WebhookApi(stack, 'Api'),
    source,
    queue: new Queue(stack, 'Queue', { fifo: true }),
    stateTable: new Table(stack, 'State', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING } }),
    secret: new Secret(stack, 'Secret'),
    projectRoot: PROJECT_ROOT,
  });
  const route: IConstruct = endpoint.route;
  const acknowledged = route.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>);
  return Object.entries(Object.assign({}, ...acknowledged) as Record<string, string>).find(([id]) => id.endsWith('AwsSolutions-APIG4'))?.[1];
}

describe('the webhook routes’ reason for having no API Gateway authorizer', () => {
  it.each(webhookSources(loadContract('syncline.yaml')))('states how %s requests are really verified', (source) => {
    const reason = apig4Reason(source);

    expect(reason).toBe(webhookAuthorizationReason(source));
    const verification = (CONNECTOR_CATALOG as Readonly<Record<string, ConnectorProfile>>)[source]?.verification;
    expect(verification).toBeDefined();
    expect(reason?.endsWith(`every ${source} request is authenticated in the handler: ${verification ?? ''}`)).toBe(true);
  });

  it('claims a timestamp window only for the sources whose verifiers check one (HubSpot v3, Stripe, Gong’s JWT exp)', () => {
    const windowed = webhookSources(loadContract('syncline.yaml')).filter((source) => /with an? [\w-]+ timestamp window|\bexp\b/.test(apig4Reason(source) ?? ''));

    expect(windowed).toEqual(['gong', 'hubspot', 'stripe']);
    expect(apig4Reason('salesforce')).toMatch(/token in the endpoint URL .* organization id .* no timestamp window$/);
    expect(apig4Reason('outreach')).toMatch(/HMAC-SHA256 of the body .* no replay window/);
    expect(apig4Reason('gong')).toMatch(/JWT signed \(RS256\).*or the rule's secret URL token/);
  });

  it('fails synthesis for a webhook source the connector catalog does not describe', () => {
    expect(() => apig4Reason('acme')).toThrow(/webhook source "acme" has no verification in the connector catalog/);
  });
});
