import type { EventMetadata, NewEvent } from '@app/domain';
import type { EventToAppend } from './event-store.port';
import { canonicalPayload, chainHash, genesisHash, hashedFields, hashedText, sha256Hex } from './hash-chain';

/** Where a stream's chain stands: its last revision (-1 when empty) and that event's hash (none when empty). */
export interface ChainHead {
  revision: bigint;
  headHash?: string;
}

/** What the service stamps on every event of a write: when, by whom, under which schema. */
export type Stamp = Pick<EventMetadata, 'recordedAt' | 'recordedBy' | 'schemaVersion'>;

/**
 * A payload's texts computed ahead (payloadTexts), by an import's parser thread, for that very payload object.
 */
export interface KnownPayload {
  payload: object;
  texts: PayloadTexts;
}

/** The texts of a payload that a write needs: computed once, possibly where it was parsed. */
export interface PayloadTexts {
  /** JSON.stringify(payload), byte for byte: what the store keeps. */
  json: string;
  /** canonicalPayload(payload): its part of the hashed text. */
  canonical: string | undefined;
}

export function payloadTexts(payload: object): PayloadTexts {
  return { json: JSON.stringify(payload), canonical: canonicalPayload(payload) };
}

/**
 * The one way events are stamped for appending — by the command handlers, the importer and any seeder: each
 * event after `head` gets the next revision, `stamp`, and its link of the stream's hash chain
 * (docs/architecture.md#the-path-of-a-write). Returns the stamped events and the head they leave. `known`: the
 * texts of one event's payload, computed ahead (by an import's parser thread); they are used for the event
 * whose payload is that object (its JSON text goes to the store as `payloadJson`), the others are
 * canonicalised here.
 */
export function stampBatch(
  stream: string,
  head: ChainHead,
  events: NewEvent[],
  stamp: Stamp,
  known?: KnownPayload,
): { events: EventToAppend[]; head: Required<ChainHead> } {
  let prevHash = head.headHash ?? genesisHash(stream);
  let revision = head.revision;
  const stamped = events.map((event): EventToAppend => {
    revision += 1n;
    const texts = known?.payload === event.payload ? known.texts : undefined;
    const canonical = texts ? texts.canonical : canonicalPayload(event.payload);
    const hash =
      canonical === undefined
        ? chainHash(prevHash, hashedFields(event, stream, revision, stamp))
        : sha256Hex(prevHash + hashedText(canonical, event, stream, revision, stamp));
    const metadata = {
      recordedAt: stamp.recordedAt,
      recordedBy: stamp.recordedBy,
      schemaVersion: stamp.schemaVersion,
      prevHash,
      hash,
    };
    prevHash = hash;
    return texts
      ? {
          eventId: event.eventId,
          type: event.type,
          payload: event.payload,
          metadata,
          payloadJson: texts.json,
        }
      : { eventId: event.eventId, type: event.type, payload: event.payload, metadata };
  });
  return { events: stamped, head: { revision, headHash: prevHash } };
}
