import { describe, expect, it } from 'vitest';
import type { LocalFunction } from '#local/runner/function-host';
import { localSchedules, rateMs, scheduledEvent, startSchedules } from '#local/runner/schedules';
import type { CfnTemplate, LocalResource } from '#local/runner/template';

describe('local EventBridge schedules', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(2 hours)', 7_200_000],
    ['cron(0 3 * * ? *)', undefined],
    ['rate(1 fortnight)', undefined],
  ])('reads %s as %s ms', (expression, ms) => {
    expect(rateMs(expression)).toBe(ms);
  });

  it('resolves each rule target to its local function, as routes resolve integrations', () => {
    const template: CfnTemplate = {
      Resources: {
        Poller: { Type: 'AWS::Lambda::Function' },
        Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', Targets: [{ Arn: { 'Fn::GetAtt': ['Poller', 'Arn'] }, Id: 'Target0' }] } },
        Topic: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['x'] }, Targets: [{ Arn: { 'Fn::GetAtt': ['Poller', 'Arn'] } }] } },
      },
    };
    const resources = new Map<string, LocalResource>([['Poller', { ref: 'Poller', attributes: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:Poller' } }]]);
    const fn = { spec: { logicalId: 'Poller' } } as LocalFunction;

    const schedules = localSchedules(template, resources, new Map([['Poller', fn]]));

    expect(schedules).toEqual([{ ruleId: 'Rule', expression: 'rate(1 minute)', intervalMs: 60_000, fn }]);
  });

  it('invokes the function with a scheduled event on each tick, and stops', async () => {
    const events: unknown[] = [];
    const fn = { spec: { logicalId: 'Poller' }, invoke: async (e: unknown) => void events.push(e) } as unknown as LocalFunction;
    const logs: string[] = [];

    const stop = startSchedules(
      [
        { ruleId: 'Rule', expression: 'rate(1 minute)', intervalMs: 60_000, fn },
        { ruleId: 'Nightly', expression: 'cron(0 3 * * ? *)', intervalMs: undefined, fn },
      ],
      (_id, line) => logs.push(line),
      20,
    );
    await new Promise((r) => setTimeout(r, 110));
    await stop();
    const seen = events.length;
    await new Promise((r) => setTimeout(r, 60));

    expect(seen).toBeGreaterThanOrEqual(2);
    expect(events.length).toBe(seen);
    expect(events[0]).toMatchObject({ 'detail-type': 'Scheduled Event', source: 'aws.events', resources: ['arn:aws:events:us-east-1:000000000000:rule/Rule'], detail: {} });
    // Only the rate rule ran: the cron rule is not emulated, override or not.
    expect(new Set(events.map((e) => (e as { resources: string[] }).resources[0]))).toEqual(new Set(['arn:aws:events:us-east-1:000000000000:rule/Rule']));
    expect(logs).toEqual([expect.stringContaining('"rule":"Nightly"')]);
  });

  it.each([
    ['without an override', undefined],
    ['with an override: a daily job every few seconds would be something else', 50],
  ])('logs a cron schedule as not emulated, and never runs it, %s', async (_, overrideMs) => {
    let invoked = 0;
    const fn = { spec: { logicalId: 'Batch' }, invoke: async () => void invoked++ } as unknown as LocalFunction;
    const logs: string[] = [];

    const stop = startSchedules([{ ruleId: 'Nightly', expression: 'cron(0 3 * * ? *)', intervalMs: undefined, fn }], (_id, line) => logs.push(line), overrideMs);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();

    expect(logs).toEqual([expect.stringContaining('schedule not emulated locally')]);
    expect(invoked).toBe(0);
  });

  it('stamps scheduled events with whole seconds', () => {
    expect(scheduledEvent('Rule', Date.parse('2026-11-23T10:00:05.678Z')).time).toBe('2026-11-23T10:00:05Z');
  });
});
