import { describe, expect, it } from 'vitest';
import { isScheduledEvent } from '#adapters/aws/scheduled-event';
import { scheduledEvent } from '#local/runner/schedules';

describe('isScheduledEvent', () => {
  it('recognises the event an EventBridge schedule rule hands its target', () => {
    expect(isScheduledEvent(scheduledEvent('Rule', Date.parse('2026-12-07T15:30:00Z')))).toBe(true);
  });

  it.each([
    ['an HTTP API request', { version: '2.0', routeKey: 'GET /health', rawPath: '/health', requestContext: { http: { method: 'GET' } } }],
    ['an HTTP API request whose body looks scheduled', { version: '2.0', routeKey: 'GET /health', body: '{"detail-type":"Scheduled Event","source":"aws.events"}', requestContext: {} }],
    ['an event put on a bus by someone else', { 'detail-type': 'Scheduled Event', source: 'com.example.jobs', detail: {} }],
    ['another AWS event', { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2', detail: {} }],
  ])('rejects %s', (_name, event) => {
    expect(isScheduledEvent(event)).toBe(false);
  });
});
