import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, STACK_NAME, type BuiltApp } from '#cdk/app';
import { CREDIT_ALARM_PERCENT, ENRICH_CONCURRENCY } from '#cdk/constructs/enrich-machine';
import { BUNDLE_NAMES, FunctionMetadata } from '#cdk/constructs/node-function';
import { PROJECT_ROOT } from '#cdk/syncline-stack';
import { EnvName } from '#config/env-names';
import { machineDefinitionFrom } from '#local/runner/state-machine';
import type { CfnTemplate } from '#local/runner/template';
import { MetricName } from '#ports/metrics';
import { shippedContractWith } from '#test/support/hub-client';

/** asl-validator 4 is CommonJS without types: `validator(definition)` → `{ isValid, errors }`. */
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
/** Validates a copy: asl-validator writes the default `QueryLanguage` into each state it checks. */
const validateAsl = (definition: unknown) => aslValidator(structuredClone(definition));

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };
type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string };
type TaskState = { Type: 'Task'; Next?: string; End?: boolean; Retry?: Retrier[]; Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[]; Parameters?: Record<string, unknown>; TimeoutSeconds?: number; ResultPath?: string | null };
type MapState = { Type: 'Map'; Next?: string; ItemsPath?: string; ItemSelector?: Record<string, unknown>; MaxConcurrency?: number; ResultPath?: string | null; ItemProcessor: { StartAt: string; States: Record<string, Record<string, unknown>> } };
type Statement = { Action: string | string[]; Resource: unknown };
type SynthesizedTemplate = { Resources: Record<string, Resource>; Outputs?: Record<string, { Value: unknown }> };

const ENRICH_RUN_ENTRY = 'functions/enrich-run.ts';
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

const workDir = mkdtempSync(join(tmpdir(), 'syncline-enrich-cdk-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let built: BuiltApp;
/** What synthesis with cdk-nag threw, if it did; the template then comes from a synthesis without validation. */
let nagError: unknown;
let template: Template;
let resources: Record<string, Resource>;
let definition: StateMachineDefinition;
let states: Record<string, Record<string, unknown>>;

beforeAll(() => {
  // The shipped contract leaves ZoomInfo off; the machine exists only where a data vendor is enabled.
  built = buildApp({ bundling: false, contractFile: shippedContractWith(['salesforce', 'hubspot', 'zoominfo']), outdir: join(workDir, 'zoominfo.out') });
  let assembly;
  try {
    assembly = built.app.synth();
  } catch (error) {
    // A cdk-nag finding fails the nag test below, not every other assertion on the template.
    nagError = error;
    assembly = built.app.synth({ force: true, skipValidation: true });
  }
  const json = assembly.getStackByName(STACK_NAME).template as SynthesizedTemplate;
  template = Template.fromJSON(json);
  resources = json.Resources;
  const found = machineDefinitionFrom(json as CfnTemplate, ENRICH_RUN_ENTRY);
  if (!found) throw new Error(`no state machine invokes ${ENRICH_RUN_ENTRY} with ZoomInfo enabled`);
  definition = found;
  states = definition.States as unknown as Record<string, Record<string, unknown>>;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const mapState = () => states['LookUpChunks'] as unknown as MapState;
/** Every Task state, those of the Map's processor included. */
const tasks = (): [string, TaskState][] => [
  ...(Object.entries(states).filter(([, s]) => s['Type'] === 'Task') as [string, TaskState][]),
  ...(Object.entries(mapState().ItemProcessor.States).filter(([, s]) => s['Type'] === 'Task') as [string, TaskState][]),
];
const enrichRunFunction = () => {
  const found = ofType('AWS::Lambda::Function').find(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === ENRICH_RUN_ENTRY);
  if (!found) throw new Error(`no function from ${ENRICH_RUN_ENTRY}`);
  return found;
};
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** The statements of every policy attached to the role `roleId`. */
const statementsOfRole = (roleId: string) => [
  ...ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties['Roles']).includes(`"${roleId}"`))
    .flatMap(([, p]) => (p.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement),
  ...((resources[roleId]?.Properties['Policies'] as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []).flatMap((p) => p.PolicyDocument.Statement),
];

describe('the enrichment state machine, as synthesized with ZoomInfo enabled', () => {
  it('passes asl-validator', () => {
    const result = validateAsl(definition);

    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it("fails asl-validator once the Map's processor starts at a state that does not exist (the check can fail)", () => {
    const broken = structuredClone(definition) as unknown as { States: Record<string, MapState> };
    const map = Object.values(broken.States).find((s) => s.Type === 'Map');
    if (map) map.ItemProcessor.StartAt = 'NoSuchState';

    expect(map).toBeDefined();
    expect(validateAsl(broken).isValid).toBe(false);
  });

  it('selects what is due, maps the lookup over its chunks only when there is one, then adds the run up and succeeds', () => {
    const select = states[definition.StartAt] as TaskState;
    const anyDue = states[select.Next ?? ''] as { Type: string; Choices: Record<string, unknown>[]; Default: string };
    const map = mapState();
    const summarize = states[map.Next ?? ''] as TaskState;

    expect(definition.StartAt).toBe('SelectDue');
    expect(select).toMatchObject({ Type: 'Task', Next: 'AnyDue', ResultPath: '$.selection', Parameters: { action: 'select', 'request.$': '$.request' } });
    expect(anyDue.Type).toBe('Choice');
    expect(anyDue.Choices).toEqual([{ Variable: '$.selection.chunks[0]', IsPresent: true, Next: 'LookUpChunks' }]);
    // No chunk: straight to the summary, which says the day had nothing due.
    expect(anyDue.Default).toBe('Summarize');
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.selection.chunks', MaxConcurrency: ENRICH_CONCURRENCY, ResultPath: null, Next: 'Summarize' });
    expect(map.ItemSelector).toEqual({ 'runId.$': '$.selection.runId', 'chunk.$': '$$.Map.Item.Value' });
    expect(summarize).toMatchObject({ Type: 'Task', ResultPath: '$.summary', Parameters: { action: 'summarize', 'runId.$': '$.selection.runId' } });
    expect(states[summarize.Next ?? '']).toEqual({ Type: 'Succeed' });
  });

  it('looks each chunk up inside the Map, its answer discarded (the changes go through the queue)', () => {
    const processor = mapState().ItemProcessor;
    const lookUp = processor.States[processor.StartAt] as TaskState;

    expect(processor.StartAt).toBe('LookUpChunk');
    expect(lookUp).toMatchObject({ End: true, ResultPath: null, Parameters: { action: 'chunk', 'runId.$': '$.runId', 'chunk.$': '$.chunk' } });
  });

  it('retries a chunk on Lambda service errors and, with capped backoff and full jitter, on a vendor that said wait; never a chunk asked for the impossible', () => {
    const lookUp = mapState().ItemProcessor.States['LookUpChunk'] as TaskState;

    expect(lookUp.Retry).toEqual([
      { ErrorEquals: ['RunInputError'], MaxAttempts: 0 },
      expect.objectContaining({ ErrorEquals: LAMBDA_SERVICE_ERRORS, BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 6 }),
      expect.objectContaining({ ErrorEquals: ['VendorPaused', 'RetryableError'], BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL', MaxAttempts: 6 }),
      expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 2 }),
    ]);
  });

  it('retries the other tasks on Lambda service errors only, never a run asked for the impossible', () => {
    const others = tasks().filter(([name]) => name !== 'LookUpChunk');

    expect(others.map(([name]) => name).sort()).toEqual(['RecordFailedChunk', 'SelectDue', 'Summarize']);
    for (const [, task] of others) {
      expect(task.Retry).toEqual([{ ErrorEquals: ['RunInputError'], MaxAttempts: 0 }, expect.objectContaining({ ErrorEquals: LAMBDA_SERVICE_ERRORS, BackoffRate: 2, JitterStrategy: 'FULL', MaxAttempts: 6 })]);
    }
  });

  it('retries only error names the bundled function reports', async () => {
    // Lambda's Node.js runtime reports a thrown error's `name` as its errorType, and Step Functions matches
    // ErrorEquals against that ([C] AWS Lambda Developer Guide, Node.js errors: "The name property of the Error
    // object must match the ErrorEquals value"). NodeFunction bundles with esbuild and BUNDLE_NAMES: minified, an
    // error whose name comes from its class (`new.target.name`) would report the minified one unless names are kept.
    const bundle = await build({
      stdin: {
        contents: [
          "import { RetryableError, RunInputError, VendorPaused } from '#domain/errors';",
          "console.log(JSON.stringify({ RunInputError: new RunInputError('x').name, VendorPaused: new VendorPaused('zoominfo', 0, 'x').name, RetryableError: new RetryableError('x').name }));",
        ].join('\n'),
        resolveDir: PROJECT_ROOT,
        loader: 'ts',
      },
      bundle: true,
      ...BUNDLE_NAMES,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      write: false,
      logLevel: 'silent',
    });
    const file = join(workDir, 'errors.mjs');
    writeFileSync(file, bundle.outputFiles[0]?.text ?? '');
    const reported = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as Record<string, string>;
    const retried = tasks()
      .flatMap(([, task]) => task.Retry ?? [])
      .flatMap((r) => r.ErrorEquals)
      .filter((name) => !/^(States|Lambda)\./.test(name));

    const names = [...new Set(retried)].sort();

    expect(names).toEqual(['RetryableError', 'RunInputError', 'VendorPaused']);
    // Each class, bundled, reports the name the retriers match: one taken from `new.target.name` is minified.
    expect(Object.fromEntries(names.map((name) => [name, reported[name]]))).toEqual(Object.fromEntries(names.map((name) => [name, name])));
  });

  it('records a chunk that kept failing, with its error, and goes on with the others', () => {
    const { States: processorStates } = mapState().ItemProcessor;
    const lookUp = processorStates['LookUpChunk'] as TaskState;
    const record = processorStates['RecordFailedChunk'] as TaskState;

    expect(lookUp.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailedChunk' }]);
    expect(record).toMatchObject({ Type: 'Task', End: true, ResultPath: null });
    expect(record.Parameters).toEqual({ action: 'chunk-failed', 'runId.$': '$.runId', 'chunk.$': '$.chunk', 'error.$': '$.error' });
  });

  it("invokes the enrich-run function directly from every task, each outlasting the function's timeout", () => {
    const [id, fn] = enrichRunFunction();
    const [[, machine] = []] = ofType('AWS::StepFunctions::StateMachine').filter(([, m]) => JSON.stringify(m.Properties['DefinitionString']).includes(`"${id}"`));
    const definitionJson = JSON.stringify(machine?.Properties['DefinitionString']);
    const timeout = fn.Properties['Timeout'] as number;

    expect(timeout).toBe(900);
    expect(definitionJson).toContain(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(definitionJson).not.toContain('arn:aws:states:::lambda:invoke');
    expect(tasks()).toHaveLength(4);
    for (const [name, task] of tasks()) expect(task.TimeoutSeconds, name).toBeGreaterThan(timeout);
  });

  it('gives the function the changes queue, the state table and the ZoomInfo secret, and no other connector secret', () => {
    const [, fn] = enrichRunFunction();
    const env = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const outputs = (template.toJSON() as SynthesizedTemplate).Outputs ?? {};
    const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(roleId);
    const secretNames = Object.fromEntries(ofType('AWS::SecretsManager::Secret').map(([id, s]) => [id, s.Properties['Name'] as string]));
    const secretGrants = statements.filter((s) => actions(s).some((a) => a.startsWith('secretsmanager:')));
    const readable = secretGrants.flatMap((s) => [s.Resource].flat()).map((r) => secretNames[(r as { Ref?: string }).Ref ?? ''] ?? JSON.stringify(r));
    const secretIds = env[EnvName.ConnectorSecrets] as { 'Fn::Join': [string, unknown[]] };

    expect(env[EnvName.ChangesQueueUrl]).toEqual(outputs['ChangesQueueUrl']?.Value);
    expect(resources[(env[EnvName.ChangesQueueUrl] as { Ref: string }).Ref]?.Properties).toMatchObject({ FifoQueue: true });
    expect(env[EnvName.StateTable]).toEqual(outputs['StateTableName']?.Value);
    expect(secretIds['Fn::Join'][1].filter((part) => typeof part === 'string').join('')).toBe('{"zoominfo":""}');
    expect(secretIds['Fn::Join'][1].filter((part) => typeof part !== 'string')).toEqual([{ Ref: Object.keys(secretNames).find((id) => secretNames[id] === 'syncline/zoominfo') }]);
    expect(readable).toEqual(['syncline/zoominfo']);
    expect(secretGrants.flatMap(actions).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('lets the function write only its runs, the credits, the vendor budget and the review queue, never an entity', () => {
    const [, fn] = enrichRunFunction();
    const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const dynamo = statementsOfRole(roleId).filter((s) => actions(s).some((a) => a.startsWith('dynamodb:')));
    const leading = (s: Statement) => (s as { Condition?: Record<string, Record<string, string[]>> }).Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    const writes = dynamo.filter((s) => actions(s).some((a) => /Put|Update|Delete|Write/.test(a)));

    expect(writes.flatMap(actions).sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(writes.map(leading)).toEqual([['review', 'enrich-run#*', 'credits#*', 'budget#*']]);
    const reads = dynamo.filter((s) => actions(s).includes('dynamodb:GetItem'));
    expect(reads.map(leading)).toEqual([['entity#*', 'link#*', 'review', 'declined', 'enrich-run#*', 'credits#*', 'budget#*']]);
  });

  it('starts the machine daily by an EventBridge rule, asking for everything due', () => {
    const [[machineId] = []] = ofType('AWS::StepFunctions::StateMachine').filter(([, m]) => JSON.stringify(m.Properties['DefinitionString']).includes(`"${enrichRunFunction()[0]}"`));
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties['Targets']).includes(JSON.stringify({ Ref: machineId })));

    expect(rules).toHaveLength(1);
    const [[, rule] = []] = rules;
    // cron(minutes hours day-of-month month day-of-week year): once a day, at a fixed hour.
    expect(rule?.Properties['ScheduleExpression']).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    expect(rule?.Properties['Targets']).toEqual([expect.objectContaining({ Arn: { Ref: machineId }, Input: JSON.stringify({ request: {} }) })]);
  });

  it("alarms when the day's lookups reach the credit threshold, and on any failed execution", () => {
    const [[machineId] = []] = ofType('AWS::StepFunctions::StateMachine').filter(([, m]) => JSON.stringify(m.Properties['DefinitionString']).includes(`"${enrichRunFunction()[0]}"`));

    expect(CREDIT_ALARM_PERCENT).toBe(80);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Syncline',
      MetricName: MetricName.EnrichmentCreditsUsed,
      Statistic: 'Maximum',
      Threshold: CREDIT_ALARM_PERCENT,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('passes cdk-nag AwsSolutions, acknowledging only the machine role wildcards and the runtime pin, each with a reason', () => {
    const acknowledgements = built.app.node
      .findAll()
      .filter((c) => c.node.path.startsWith(`${STACK_NAME}/Enrichment/`))
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => ({ path: c.node.path, data: m.data as Record<string, unknown> })))
      .flatMap(({ path, data }) => Object.entries(data).map(([id, reason]) => ({ path, id: id.replace(/^[\w-]+::/, ''), reason })));
    const [functionId] = enrichRunFunction();
    const reportFile = join(workDir, 'zoominfo.out', 'validation-report.json');

    expect(nagError).toBeUndefined();
    expect(new Set(acknowledgements.map((a) => a.id))).toEqual(new Set(['AwsSolutions-L1', 'AwsSolutions-IAM5[Resource::*]', `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`]));
    for (const { path, id, reason } of acknowledgements) {
      expect(typeof reason === 'string' && reason.trim().length > 20, `${id} on ${path} needs a reason`).toBe(true);
    }
    expect(existsSync(reportFile)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { conclusion: string }[] };
    expect(report.pluginReports.filter((r) => r.conclusion !== 'success')).toEqual([]);
  });
});

describe('the stack from the shipped syncline.yaml (ZoomInfo disabled)', () => {
  let shipped: SynthesizedTemplate;

  beforeAll(() => {
    shipped = Template.fromStack(buildApp({ bundling: false, outdir: join(workDir, 'shipped.out') }).stack).toJSON() as SynthesizedTemplate;
  });

  it('has no enrichment machine, function, schedule or alarm', () => {
    const shippedResources = Object.entries(shipped.Resources);
    const machineIds = shippedResources.filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine').map(([id]) => id);

    expect(machineDefinitionFrom(shipped as CfnTemplate, ENRICH_RUN_ENTRY)).toBeUndefined();
    expect(shippedResources.filter(([, r]) => r.Metadata?.[FunctionMetadata.Entry] === ENRICH_RUN_ENTRY)).toEqual([]);
    // The sync-run machine stays, started by the CLI; no rule starts any machine.
    expect(machineIds).toHaveLength(1);
    const rulesStartingMachines = shippedResources.filter(([, r]) => r.Type === 'AWS::Events::Rule' && machineIds.some((id) => JSON.stringify(r.Properties['Targets']).includes(JSON.stringify({ Ref: id }))));
    expect(rulesStartingMachines).toEqual([]);
    expect(shippedResources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties['MetricName'] === MetricName.EnrichmentCreditsUsed)).toEqual([]);
    expect(Object.keys(shipped.Outputs ?? {})).not.toContain('EnrichStateMachineArn');
  });
});
