import type { EventBridgeEvent } from 'aws-lambda';

/** The event an EventBridge schedule rule hands its Lambda target. */
export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', unknown>;

/**
 * Whether a function's event came from an EventBridge schedule rule, not from API Gateway: a scheduled event has
 * `source` `aws.events` and `detail-type` `Scheduled Event` (Lambda Developer Guide, "Invoke a Lambda function on a
 * schedule", example event), while an HTTP API payload 2.0 has neither, and a `requestContext` instead.
 */
export function isScheduledEvent(event: object): event is ScheduledEvent {
  return 'detail-type' in event && 'source' in event && event['detail-type'] === 'Scheduled Event' && event.source === 'aws.events';
}
