import type { RecordedEvent } from '@app/domain';

/**
 * A recorded event as clients see it (docs/domain.md#what-every-event-carries): the payload flattened, the
 * revision a number.
 */
export function eventJson(event: RecordedEvent): Record<string, unknown> {
  return {
    eventId: event.eventId,
    type: event.type,
    ...event.payload,
    stream: event.stream,
    revision: Number(event.revision),
    position: event.position,
    ...event.metadata,
  };
}

/** What POST answers: where the event now stands in the log, and its hash. */
export interface Receipt {
  eventId: string;
  stream: string;
  revision: number;
  position: string;
  recordedAt: string;
  hash: string;
}

export function receiptOf(event: RecordedEvent): Receipt {
  return {
    eventId: event.eventId,
    stream: event.stream,
    revision: Number(event.revision),
    position: event.position,
    recordedAt: event.metadata.recordedAt,
    hash: event.metadata.hash,
  };
}
