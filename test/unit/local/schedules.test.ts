import { describe, expect, it, vi } from 'vitest';
import type { LocalFunction } from '#local/runner/function-host';
import { dailyAt, localSchedules, nextDailyRun, rateMs, scheduledEvent, startSchedules } from '#local/runner/schedules';
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
    // Only the rate rule ran: the daily cron rule waits for its time of day, override or not.
    expect(new Set(events.map((e) => (e as { resources: string[] }).resources[0]))).toEqual(new Set(['arn:aws:events:us-east-1:000000000000:rule/Rule']));
    expect(logs).toEqual([expect.stringContaining('"rule":"Nightly"')]);
  });

  it.each([
    ['cron(0 5 * * ? *)', { hour: 5, minute: 0 }],
    ['cron(30 3 * * ? *)', { hour: 3, minute: 30 }],
    ['cron(0 3 ? * MON-FRI *)', undefined],
    ['cron(0/15 * * * ? *)', undefined],
    ['cron(0 24 * * ? *)', undefined],
    ['rate(1 day)', undefined],
  ])('reads %s as a daily time %j', (expression, at) => {
    expect(dailyAt(expression)).toEqual(at);
  });

  it('fires a daily schedule next at its time of day, today or tomorrow', () => {
    const at = { hour: 5, minute: 0 };

    expect(new Date(nextDailyRun(at, Date.parse('2026-12-07T04:59:59Z'))).toISOString()).toBe('2026-12-07T05:00:00.000Z');
    expect(new Date(nextDailyRun(at, Date.parse('2026-12-07T05:00:00Z'))).toISOString()).toBe('2026-12-08T05:00:00.000Z');
    expect(new Date(nextDailyRun(at, Date.parse('2026-12-31T23:00:00Z'))).toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('runs a daily cron at its time of day, whatever the override', async () => {
    let invoked = 0;
    const fn = { spec: { logicalId: 'Batch' }, invoke: async () => void invoked++ } as unknown as LocalFunction;
    const logs: string[] = [];

    // 50 ms before 03:00 UTC: the timer fires once, then waits a day; the 10 ms override does not make it repeat.
    const stop = startSchedules([{ ruleId: 'Nightly', expression: 'cron(0 3 * * ? *)', intervalMs: undefined, fn }], (_id, line) => logs.push(line), 10, Date.parse('2026-12-07T02:59:59.950Z'));
    await vi.waitFor(() => expect(invoked).toBe(1), { timeout: 2_000, interval: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop();

    expect(invoked).toBe(1);
    expect(logs).toEqual([expect.stringContaining('"next":"2026-12-07T03:00:00.000Z"')]);
  });

  it.each([
    ['without an override', undefined],
    ['with an override: a weekday job every few seconds would be something else', 50],
  ])('logs a cron schedule other than daily as not emulated, and never runs it, %s', async (_, overrideMs) => {
    let invoked = 0;
    const fn = { spec: { logicalId: 'Batch' }, invoke: async () => void invoked++ } as unknown as LocalFunction;
    const logs: string[] = [];

    const stop = startSchedules([{ ruleId: 'Weekdays', expression: 'cron(0 3 ? * MON-FRI *)', intervalMs: undefined, fn }], (_id, line) => logs.push(line), overrideMs);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();

    expect(logs).toEqual([expect.stringContaining('schedule not emulated locally')]);
    expect(invoked).toBe(0);
  });

  it('stamps scheduled events with whole seconds', () => {
    expect(scheduledEvent('Rule', Date.parse('2026-11-23T10:00:05.678Z')).time).toBe('2026-11-23T10:00:05Z');
  });
});
