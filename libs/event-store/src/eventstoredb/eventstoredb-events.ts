import { jsonEvent, type EventData, type JSONType } from '@eventstore/db-client';
import type { EventMetadata, EventPayload, EventType, RecordedEvent } from '@app/domain';
import type { EventToAppend } from '../event-store.port';

/**
 * Every stream this service writes starts with this (`relationship-AZ-CN`,
 * docs/domain.md#actors-and-relationships). Reads of `$all` and subscriptions keep only these: the log also
 * holds EventStoreDB's system events (streams starting with `$`) and whatever other applications write to the
 * same database.
 */
export const STREAM_PREFIX = 'relationship-';

/** The largest commit position EventStoreDB can give: positions are unsigned 64-bit integers. */
const MAX_POSITION = 2n ** 64n - 1n;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The one field the adapter adds to an event's metadata, and removes when reading: a UUID per append
 * call. EventStoreDB acknowledges a batch whose ids it already holds as if it had written it (its own
 * deduplication); this is how the adapter tells its write from such an acknowledgement, even when a
 * retry carries the very same content and stamp.
 */
export const APPEND_ID = 'appendId';

/**
 * Our event as EventStoreDB stores it: the eventId as its event id (so operators find it under the
 * same id in EventStoreDB's UI), the type as its type, the payload as its JSON data, and our metadata
 * (recordedAt, recordedBy, schemaVersion, prevHash, hash) as its JSON metadata, with the append's id.
 */
export function toEventData(event: EventToAppend, appendId: string): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.payload as unknown as JSONType,
    metadata: { ...event.metadata, [APPEND_ID]: appendId } as unknown as JSONType,
  });
}

/** The id of the append call that wrote this event (see APPEND_ID). */
export function appendIdOf(resolved: ReadEvent): unknown {
  const metadata = resolved.event?.metadata;
  return isObject(metadata) ? metadata[APPEND_ID] : undefined;
}

/** What reads of a stream and of `$all` give back, as far as we use it. */
export interface ReadEvent {
  event?: {
    id: string;
    streamId: string;
    revision: bigint;
    type: string;
    isJson: boolean;
    data: unknown;
    metadata?: unknown;
    position?: { commit: bigint };
  };
}

/**
 * An event read back, as the port's RecordedEvent. Its position is the decimal string of its commit
 * position, built from the bigint the client gives: positions never pass through `number`.
 * Anything in one of our streams that this service could not have written is refused loudly.
 */
export function toRecordedEvent(resolved: ReadEvent): RecordedEvent {
  const event = resolved.event;
  if (!event) throw new Error('a link to a deleted event is not one of ours');
  const where = `event ${event.id} at ${event.streamId}@${event.revision}`;
  if (!event.isJson || !isObject(event.data) || !isObject(event.metadata) || !event.position) {
    throw new Error(`${where} was not written by this service (no JSON data, metadata or position)`);
  }
  const { [APPEND_ID]: _appendId, ...metadata } = event.metadata;
  return {
    eventId: event.id,
    // Only what append accepted, which the port typed as EventType, is in our streams.
    type: event.type as EventType,
    stream: event.streamId,
    revision: event.revision,
    position: event.position.commit.toString(),
    payload: event.data as unknown as EventPayload,
    metadata: metadata as unknown as EventMetadata,
  };
}

/** Whether an event read from `$all` is one of ours (not a system event nor another application's). */
export function isOurs(resolved: ReadEvent): boolean {
  return resolved.event?.streamId.startsWith(STREAM_PREFIX) ?? false;
}

/**
 * A position given back by a caller, as the commit position it stands for; absent means "before the
 * first event". A decimal string of an unsigned 64-bit integer; anything else is refused rather than
 * read as 0 (which would replay the whole log).
 */
export function parsePosition(position: string | undefined): bigint | undefined {
  if (position === undefined) return undefined;
  if (!/^\d{1,20}$/.test(position) || BigInt(position) > MAX_POSITION) {
    throw new RangeError(`a position is a decimal string of digits, got ${JSON.stringify(position)}`);
  }
  return BigInt(position);
}

/**
 * The client's position for a commit position we keep. Events written through gRPC are implicit
 * transactions whose prepare position equals their commit position, so one number is enough.
 */
export function clientPosition(commit: bigint): { commit: bigint; prepare: bigint } {
  return { commit, prepare: commit };
}

/** Streams outside our prefix would be invisible to readAll, subscribe and findEvent: refuse them. */
export function checkStreamName(stream: string): void {
  if (!stream.startsWith(STREAM_PREFIX) || stream.length === STREAM_PREFIX.length) {
    throw new RangeError(`the EventStoreDB adapter stores streams named ${STREAM_PREFIX}…, got ${stream}`);
  }
}

/** EventStoreDB event ids are UUIDs, and it gives them back in lower case. */
export function checkEventId(eventId: string): void {
  if (!UUID.test(eventId)) {
    throw new RangeError(
      `an eventId must be a lower-case UUID for EventStoreDB, got ${JSON.stringify(eventId)}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
