import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '#cdk/app';
import { FunctionMetadata } from '#cdk/constructs/node-function';
import { PROJECT_ROOT } from '#cdk/syncline-stack';
import { ContractError } from '#config/load-contract';

const workDir = mkdtempSync(join(tmpdir(), 'syncline-cdk-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes a variant of the repository's syncline.yaml and returns its path. */
function contractFile(name: string, edit: (yaml: string) => string): string {
  const file = join(workDir, name);
  writeFileSync(file, edit(readFileSync(join(PROJECT_ROOT, 'syncline.yaml'), 'utf8')));
  return file;
}

describe('buildApp', () => {
  it('fails on an invalid contract, listing every problem', () => {
    const file = contractFile('invalid.yaml', (yaml) =>
      yaml.replace('version: 1', 'version: 2').replace('owner: salesforce', 'owner: pipedrive'),
    );

    const build = () => buildApp({ contractFile: file, bundling: false });

    expect(build).toThrow(ContractError);
    expect(build).toThrow(/invalid\.yaml is invalid:\n {2}version: .*\n {2}objects\.person\.fields\.email\.owner: /);
  });

  it('fails on an invalid contract named by the cdk context', () => {
    const file = contractFile('unknown-object.yaml', (yaml) => yaml.replace('- { object: person,', '- { object: widget,'));

    // The CLI hands `--context contract=<file>` to the app through CDK_CONTEXT_JSON.
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ contract: file });
    try {
      expect(() => buildApp({ bundling: false })).toThrow(/syncs\.0\.object: unknown object "widget"/);
    } finally {
      delete process.env.CDK_CONTEXT_JSON;
    }
  });

  it('creates one webhook function and route per webhook source, from the same entry; an enabled enricher gets its secret and an alarm', () => {
    const file = contractFile('two-sources.yaml', (yaml) =>
      yaml.replace(/(outreach|gong|stripe): \{ enabled: true, webhooks: true \}/g, '$1: { enabled: false, webhooks: true }').replace(/zoominfo:\n {4}enabled: false/, 'zoominfo:\n    enabled: true'),
    );

    const template = Template.fromStack(buildApp({ contractFile: file, bundling: false }).stack);

    const webhooks = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { [FunctionMetadata.Entry]: 'functions/webhook.ts' } }));
    const sources = webhooks.map((fn) => (fn as { Properties: { Environment: { Variables: { SOURCE: string } } } }).Properties.Environment.Variables.SOURCE);
    expect(sources.sort()).toEqual(['hubspot', 'salesforce']);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey);
    expect(routes.sort()).toEqual(['GET /health', 'POST /webhooks/hubspot', 'POST /webhooks/salesforce']);

    // ZoomInfo is called from the processor: its secret is among the processor's, and failing lookups raise an alarm.
    const [processor] = Object.values(template.findResources('AWS::Lambda::Function', { Metadata: { [FunctionMetadata.Entry]: 'functions/process.ts' } })) as { Properties: { Environment: { Variables: Record<string, unknown> } } }[];
    const secretIds = processor?.Properties.Environment.Variables['CONNECTOR_SECRETS'] as { 'Fn::Join': [string, unknown[]] };
    expect(secretIds['Fn::Join'][1].filter((part) => typeof part === 'string').join('')).toBe('{"hubspot":"","salesforce":"","zoominfo":""}');
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.includes('EnrichmentFailingAlarm'));
    expect(alarms.map(([, a]) => (a as { Properties: Record<string, unknown> }).Properties)).toEqual([expect.objectContaining({ MetricName: 'EnrichmentFailures', Namespace: 'Syncline', Threshold: 10, Period: 900 })]);
  });

  it('passes cdk-nag AwsSolutions, every acknowledgement carrying a reason', () => {
    const { app } = buildApp({ bundling: false, outdir: join(workDir, 'nag.out') });

    expect(() => app.synth()).not.toThrow();

    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => ({ path: c.node.path, data: m.data as Record<string, unknown> })))
      .flatMap(({ path, data }) => Object.entries(data).map(([id, reason]) => ({ path, id, reason })));
    // The sync-run machine's role: only the two wildcards AWS's own grants need (log delivery and X-Ray; its function's versions).
    expect(new Set(acknowledgements.map((a) => a.id.replace(/^[\w-]+::/, '')))).toEqual(
      new Set(['AwsSolutions-SMG4', 'AwsSolutions-L1', 'AwsSolutions-APIG4', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::<SyncRunsHandlerFunctionCED9AF92.Arn>:*]']),
    );
    for (const { path, id, reason } of acknowledgements) {
      expect(typeof reason === 'string' && reason.trim().length > 20, `${id} on ${path} needs a reason`).toBe(true);
    }
    const report = JSON.parse(readFileSync(join(workDir, 'nag.out', 'validation-report.json'), 'utf8')) as { pluginReports: { conclusion: string }[] };
    expect(report.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);
  });

  it('fails synthesis on an unacknowledged cdk-nag finding', () => {
    const { app, stack } = buildApp({ bundling: false, outdir: join(workDir, 'nag-fail.out') });
    new Queue(stack, 'PlainQueue'); // no DLQ, no TLS-only policy: AwsSolutions-SQS3 and SQS4

    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    expect(readFileSync(join(workDir, 'nag-fail.out', 'validation-report.json'), 'utf8')).toContain('AwsSolutions-SQS4');
  });
});
