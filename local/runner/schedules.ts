import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { LocalFunction, LogSink } from './function-host.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveValue, resourcesOfType, type CfnTemplate, type LocalResource } from './template.ts';

/** One scheduled rule target: which function, how often. */
export interface LocalSchedule {
  ruleId: string;
  expression: string;
  /** The rule's rate; undefined for `cron(...)`, which is not emulated. */
  intervalMs: number | undefined;
  fn: LocalFunction;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(5 minutes)` → 300000; anything else (cron, a typo) → undefined. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0) : undefined;
}

/** Every `AWS::Events::Rule` with a ScheduleExpression whose target is a local function (Targets[].Arn → function ARN). */
export function localSchedules(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>, functions: ReadonlyMap<string, LocalFunction>): LocalSchedule[] {
  const byArn = new Map([...functions].map(([id, fn]) => [resources.get(id)?.attributes['Arn'], fn]));
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([ruleId, r]) => {
    const expression = r.Properties?.['ScheduleExpression'];
    if (typeof expression !== 'string' || r.Properties?.['State'] === 'DISABLED') return [];
    const targets = (r.Properties?.['Targets'] ?? []) as { Arn?: unknown }[];
    return targets.flatMap((t) => {
      const fn = byArn.get(String(resolveValue(t.Arn, resources)));
      return fn ? [{ ruleId, expression, intervalMs: rateMs(expression), fn }] : [];
    });
  });
}

/** The event EventBridge hands a function on a schedule. */
export function scheduledEvent(ruleId: string, nowMs: number): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    // EventBridge stamps scheduled events with whole seconds.
    time: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${ruleId}`],
    detail: {},
  };
}

/**
 * A schedule as a timer. A tick that comes while the previous invocation still runs is skipped, so a slow poll never
 * piles up invocations on one machine; a failed invocation is left to the function's own logs, as EventBridge does.
 */
export class ScheduleTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly schedule: LocalSchedule,
    private readonly intervalMs: number,
    private readonly log: LogSink,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.schedule.fn
      .invoke(scheduledEvent(this.schedule.ruleId, Date.now()))
      .catch((error: unknown) => this.log(this.schedule.fn.spec.logicalId, JSON.stringify({ level: 'WARN', message: 'scheduled invocation failed', rule: this.schedule.ruleId, error: String(error) })))
      .finally(() => (this.running = undefined));
  }
}

/**
 * Starts a timer per rate schedule: every `overrideMs` when given (tests, demos), else the rule's own rate.
 * `cron(...)` schedules (the daily reconciliation) are logged as not emulated, override or not: run a daily job
 * every few seconds and it would be something else. Returns a function that stops every timer.
 */
export function startSchedules(schedules: readonly LocalSchedule[], log: LogSink, overrideMs?: number): () => Promise<void> {
  const timers: ScheduleTimer[] = [];
  for (const schedule of schedules) {
    const intervalMs = schedule.intervalMs === undefined ? undefined : (overrideMs ?? schedule.intervalMs);
    if (intervalMs === undefined) {
      log(schedule.fn.spec.logicalId, JSON.stringify({ level: 'WARN', message: 'schedule not emulated locally', rule: schedule.ruleId, expression: schedule.expression }));
      continue;
    }
    const timer = new ScheduleTimer(schedule, intervalMs, log);
    timer.start();
    timers.push(timer);
  }
  return async () => void (await Promise.all(timers.map((t) => t.stop())));
}
