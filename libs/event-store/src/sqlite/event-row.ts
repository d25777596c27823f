import type { EventMetadata, EventPayload, EventType, RecordedEvent } from '@app/domain';
import { CorruptEventError } from '../corrupt-event.error';

/** A row of `events` as read with safe integers on (INTEGER columns arrive as bigint). */
export interface EventRow {
  position: bigint;
  stream: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

function decode<T>(row: EventRow, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CorruptEventError(row.stream, row.revision, row.event_id, row.position.toString(), error);
  }
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    // The table only holds what append accepted, which the port typed as EventType.
    type: row.type as EventType,
    stream: row.stream,
    revision: row.revision,
    position: row.position.toString(),
    payload: decode<EventPayload>(row, row.data),
    metadata: decode<EventMetadata>(row, row.metadata),
  };
}

/**
 * A position given back by a caller, as the rowid it stands for; absent means "before the first
 * event" (rowids start at 1). Positions are decimal strings (RecordedEvent.position); anything else
 * is a caller's bug, refused rather than read as 0 (which would replay the whole log).
 */
export function parsePosition(position: string | undefined): bigint {
  if (position === undefined) return 0n;
  if (!/^\d{1,19}$/.test(position)) {
    throw new RangeError(`a position is a decimal string of digits, got ${JSON.stringify(position)}`);
  }
  return BigInt(position);
}
