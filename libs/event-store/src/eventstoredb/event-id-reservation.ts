import { randomUUID } from 'node:crypto';
import {
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventIdConflictError } from '@app/domain';

/**
 * Streams that hold one reservation each, `event-id-<eventId>`: outside our prefix, so no read of
 * `$all`, subscription or eventId index sees them.
 */
export const RESERVATION_PREFIX = 'event-id-';

export const RESERVATION_TYPE = 'EventIdReserved';

/**
 * Binds `eventId` to `stream` before the event is appended, so that an eventId is unique across streams
 * on EventStoreDB as it is in SQLite's unique index. EventStoreDB has no transaction over two streams and
 * no unique index, but a stream created with expected revision `no_stream` is created once: the first
 * append of the id's reservation stream owns the id. Another stream claiming it gets EventIdConflictError;
 * the same stream (a retry, or a retry racing its first try) passes, and the append's own checks follow.
 *
 * A reservation outlives an append refused afterwards (a wrong revision, another id of the batch taken):
 * the id stays bound to the stream it was first offered to, where a retry still succeeds.
 */
export async function reserveEventId(
  client: EventStoreDBClient,
  eventId: string,
  stream: string,
  read: (reservation: string) => Promise<ResolvedEvent[]>,
): Promise<void> {
  const reservation = `${RESERVATION_PREFIX}${eventId}`;
  try {
    await client.appendToStream(
      reservation,
      jsonEvent({ id: randomUUID(), type: RESERVATION_TYPE, data: { stream } }),
      { expectedRevision: NO_STREAM },
    );
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const [held] = await read(reservation);
    const owner = (held?.event?.data as { stream?: unknown } | undefined)?.stream;
    if (owner !== stream) throw new EventIdConflictError(eventId);
  }
}

export const FIRST_EVENT = { fromRevision: START, direction: FORWARDS, maxCount: 1n } as const;
