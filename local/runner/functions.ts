import { LocalFunction, type LogSink } from './function-host.ts';
import { resolveValue, resourcesOfType, type CfnTemplate, type LocalResource } from './template.ts';

/** Creates a local function for every AWS::Lambda::Function that names its source in `syncline:entry` metadata. */
export function localFunctions(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>, root: string, baseEnv: Record<string, string>, log: LogSink): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  for (const [id, r] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const entry = r.Metadata?.['syncline:entry'];
    if (typeof entry !== 'string') continue; // CDK's own helper functions (log retention, custom resources)
    const props = r.Properties ?? {};
    const variables = resolveValue((props['Environment'] as { Variables?: unknown } | undefined)?.Variables ?? {}, resources) as Record<string, unknown>;
    const environment = { ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])), ...baseEnv, AWS_LAMBDA_FUNCTION_NAME: id };
    functions.set(id, new LocalFunction({ logicalId: id, entry, handlerName: String(r.Metadata?.['syncline:handler'] ?? 'handler'), environment, timeoutSeconds: Number(props['Timeout'] ?? 3) }, root, log));
  }
  return functions;
}

/** `POST /webhooks/hubspot` → the function behind it (Route → Integration → function ARN). */
export function localRoutes(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>, functions: ReadonlyMap<string, LocalFunction>) {
  const byArn = new Map([...functions].map(([id, fn]) => [resources.get(id)?.attributes['Arn'], fn]));
  const integrations = new Map(resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, byArn.get(String(resolveValue(r.Properties?.['IntegrationUri'], resources)))]));
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Route').flatMap(([, r]) => {
    const target = r.Properties?.['Target'] as { 'Fn::Join'?: [string, unknown[]] } | undefined;
    const integrationRef = target?.['Fn::Join']?.[1]?.find((p) => typeof p === 'object') as { Ref?: string } | undefined;
    const fn = integrations.get(integrationRef?.Ref ?? '');
    return fn ? [{ routeKey: String(r.Properties?.['RouteKey']), fn }] : [];
  });
}

/** The template's SQS event source mappings: which queue feeds which function, how. */
export function localEventSources(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>) {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').map(([, r]) => {
    const p = r.Properties ?? {};
    return {
      queueArn: String(resolveValue(p['EventSourceArn'], resources)),
      functionId: String(resolveValue(p['FunctionName'], resources)),
      batchSize: Number(p['BatchSize'] ?? 10),
      reportBatchItemFailures: Array.isArray(p['FunctionResponseTypes']) && p['FunctionResponseTypes'].includes('ReportBatchItemFailures'),
      /** `ScalingConfig.MaximumConcurrency`: how many invocations the mapping runs at once, when the template caps it. */
      maxConcurrency: Number((p['ScalingConfig'] as { MaximumConcurrency?: unknown } | undefined)?.MaximumConcurrency ?? 0) || undefined,
    };
  });
}

/** The template's Lambda subscriptions to SNS topics (the alerts topic → the Slack forwarder). */
export function localTopicSubscriptions(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>, functions: ReadonlyMap<string, LocalFunction>) {
  const byArn = new Map([...functions].map(([id, fn]) => [resources.get(id)?.attributes['Arn'], fn]));
  return resourcesOfType(template, 'AWS::SNS::Subscription').flatMap(([, r]) => {
    const p = r.Properties ?? {};
    const fn = p['Protocol'] === 'lambda' ? byArn.get(String(resolveValue(p['Endpoint'], resources))) : undefined;
    return fn ? [{ topicArn: String(resolveValue(p['TopicArn'], resources)), fn }] : [];
  });
}
