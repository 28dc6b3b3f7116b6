import { describe, expect, it } from 'vitest';
import { budgetUpdate } from '#adapters/aws/vendor-budget-update';

const NOW = 1_000;

describe('budgetUpdate', () => {
  it('takes a call by adding one, only while unpaused and under the share', () => {
    const update = budgetUpdate({ now: NOW, cap: 0 });

    expect(update.UpdateExpression).toBe('ADD #used :one');
    expect(update.ConditionExpression).toBe('attribute_not_exists(#paused) AND (attribute_not_exists(#cap) OR #used < #cap)');
    expect(update.ExpressionAttributeValues).toEqual({ ':one': 1 });
    expect(update.ExpressionAttributeNames).toEqual({ '#used': 'used', '#paused': 'pausedUntil', '#cap': 'cap' });
  });

  it('writes a report with the call it takes, lifting a pause only when newer than it', () => {
    const update = budgetUpdate({ now: NOW, cap: 50, pending: { daily: { used: 10, limit: 100 }, at: 900 } });

    expect(update.UpdateExpression).toBe('SET #used = :used, #cap = :cap, #limit = :limit, #at = :at REMOVE #paused, #reason');
    expect(update.ConditionExpression).toBe('(attribute_not_exists(#paused) OR attribute_not_exists(#at) OR #at <= :at)');
    expect(update.ExpressionAttributeValues).toEqual({ ':used': 11, ':cap': 50, ':limit': 100, ':at': 900 });
  });

  it('writes a spent report as a pause, without taking a call', () => {
    const update = budgetUpdate({ now: NOW, cap: 50, pending: { daily: { used: 50, limit: 100 }, at: 900 }, countCall: false, pauseUntil: 5_000 });

    expect(update.UpdateExpression).toBe('SET #used = :used, #cap = :cap, #limit = :limit, #at = :at, #paused = :until, #reason = :reason');
    expect(update.ConditionExpression).toBe('(attribute_not_exists(#at) OR #at <= :at)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':used': 50, ':until': 5_000 });
  });

  it('opens a new burst window, or counts in the current one while it has room', () => {
    const opening = budgetUpdate({ now: NOW, cap: 0, window: { index: 7, max: 50, fresh: true } });
    const counting = budgetUpdate({ now: NOW, cap: 0, window: { index: 7, max: 50, fresh: false } });

    expect(opening.UpdateExpression).toBe('SET #window = :window, #calls = :one ADD #used :one');
    expect(opening.ConditionExpression).toContain('(attribute_not_exists(#window) OR #window < :window)');
    expect(counting.UpdateExpression).toBe('ADD #used :one, #calls :one');
    expect(counting.ConditionExpression).toContain('#window = :window AND #calls < :max');
    expect(counting.ExpressionAttributeValues).toEqual({ ':one': 1, ':window': 7, ':max': 50 });
  });

  it('fails on an update that neither takes a call nor writes a report', () => {
    expect(() => budgetUpdate({ now: NOW, cap: 0, countCall: false })).toThrow(/takes a call or writes a report/);
  });
});
