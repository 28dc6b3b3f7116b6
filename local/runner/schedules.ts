import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { LocalFunction, LogSink } from './function-host.ts';
import { runMachineLocally } from './state-machine.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, resolveValue, resourcesOfType, type CfnTemplate, type LocalResource } from './template.ts';

/** What a rule targets: a function, or a state machine run locally (its tasks answered by the local functions). */
export type ScheduleTarget = Pick<LocalFunction, 'invoke'> & { spec: { logicalId: string } };

/** One scheduled rule target: which function or state machine, how often. */
export interface LocalSchedule {
  ruleId: string;
  expression: string;
  /** The rule's rate; undefined for `cron(...)`, which runs at its time of day where {@link dailyAt} reads it. */
  intervalMs: number | undefined;
  fn: ScheduleTarget;
}

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(5 minutes)` → 300000; anything else (cron, a typo) → undefined. */
export function rateMs(expression: string): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0) : undefined;
}

/**
 * `cron(0 5 * * ? *)` → 05:00 UTC every day; any other cron (weekdays, lists, steps) → undefined. The schedules of
 * the stack are daily ones; a local hub runs those at their time of day.
 */
export function dailyAt(expression: string): { hour: number; minute: number } | undefined {
  const m = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression.trim());
  const [minute, hour] = [Number(m?.[1]), Number(m?.[2])];
  return m && minute < 60 && hour < 24 ? { hour, minute } : undefined;
}

/** The next time (epoch ms) a daily schedule at `at` (UTC) fires after `nowMs`. */
export function nextDailyRun(at: { hour: number; minute: number }, nowMs: number): number {
  const day = new Date(nowMs);
  const today = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), at.hour, at.minute);
  return today > nowMs ? today : today + 86_400_000;
}

/**
 * Every `AWS::Events::Rule` with a ScheduleExpression whose target is a local function (Targets[].Arn → function
 * ARN) or a state machine, which runs through aws-local-stepfunctions with the target's Input, each of its Lambda
 * tasks answered by the local function it names.
 */
export function localSchedules(template: CfnTemplate, resources: ReadonlyMap<string, LocalResource>, functions: ReadonlyMap<string, LocalFunction>): LocalSchedule[] {
  const byArn = new Map([...functions].map(([id, fn]) => [resources.get(id)?.attributes['Arn'], fn]));
  const machines = new Map<unknown, [string, StateMachineDefinition]>();
  for (const [id, r] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine')) {
    const local = resources.get(id);
    const definition = JSON.parse(String(resolveValue(r.Properties?.['DefinitionString'], resources))) as StateMachineDefinition;
    for (const key of [local?.ref, local?.attributes['Arn']]) if (key !== undefined) machines.set(key, [id, definition]);
  }
  const machineTarget = ([id, definition]: [string, StateMachineDefinition], input: unknown): ScheduleTarget => ({
    spec: { logicalId: id },
    invoke: async <T>() =>
      (await runMachineLocally(definition, (payload, arn) => {
        const fn = byArn.get(arn);
        if (!fn) throw new Error(`state machine ${id} invokes ${arn}, which is no local function`);
        return fn.invoke(payload);
      }, input, { what: `${id} run` })) as T,
  });
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([ruleId, r]) => {
    const expression = r.Properties?.['ScheduleExpression'];
    if (typeof expression !== 'string' || r.Properties?.['State'] === 'DISABLED') return [];
    const targets = (r.Properties?.['Targets'] ?? []) as { Arn?: unknown; Input?: unknown }[];
    return targets.flatMap((t) => {
      const arn = resolveValue(t.Arn, resources);
      const machine = machines.get(arn);
      const fn: ScheduleTarget | undefined = byArn.get(String(arn)) ?? (machine && machineTarget(machine, typeof t.Input === 'string' ? JSON.parse(t.Input) : {}));
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

  /** Fires first after `delayMs`, then every interval: a daily schedule at its time of day. */
  startAfter(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.tick();
      this.start();
    }, Math.max(0, delayMs));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.timer);
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
 * Starts a timer per rate schedule: every `overrideMs` when given (tests, demos), else the rule's own rate. A daily
 * `cron(...)` (the reconciliation, the enrichment batch) fires at its time of day (UTC) while the hub runs, never
 * on the override: run a daily job every few seconds and it would be something else. Any other cron is logged as not
 * emulated. Returns a function that stops every timer.
 */
export function startSchedules(schedules: readonly LocalSchedule[], log: LogSink, overrideMs?: number, nowMs = Date.now()): () => Promise<void> {
  const timers: ScheduleTimer[] = [];
  for (const schedule of schedules) {
    const daily = schedule.intervalMs === undefined ? dailyAt(schedule.expression) : undefined;
    if (daily) {
      const timer = new ScheduleTimer(schedule, 86_400_000, log);
      const at = nextDailyRun(daily, nowMs);
      timer.startAfter(at - nowMs);
      timers.push(timer);
      log(schedule.fn.spec.logicalId, JSON.stringify({ level: 'INFO', message: 'daily schedule', rule: schedule.ruleId, expression: schedule.expression, next: new Date(at).toISOString() }));
      continue;
    }
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
