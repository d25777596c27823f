import type { EventMetadata, NewEvent } from '@app/domain';
import type { EventToAppend } from './event-store.port';
import { chainHash, genesisHash, hashedFields } from './hash-chain';

/** Where a stream's chain stands: its last revision (-1 when empty) and that event's hash (none when empty). */
export interface ChainHead {
  revision: bigint;
  headHash?: string;
}

/** What the service stamps on every event of a write: when, by whom, under which schema. */
export type Stamp = Pick<EventMetadata, 'recordedAt' | 'recordedBy' | 'schemaVersion'>;

/**
 * The one way events are stamped for appending — by the command handlers, the importer and any seeder: each
 * event after `head` gets the next revision, `stamp`, and its link of the stream's hash chain
 * (docs/architecture.md#the-path-of-a-write). Returns the stamped events and the head they leave.
 */
export function stampBatch(
  stream: string,
  head: ChainHead,
  events: NewEvent[],
  stamp: Stamp,
): { events: EventToAppend[]; head: Required<ChainHead> } {
  let prevHash = head.headHash ?? genesisHash(stream);
  let revision = head.revision;
  const stamped = events.map((event): EventToAppend => {
    revision += 1n;
    const hash = chainHash(prevHash, hashedFields(event, stream, revision, stamp));
    const metadata = { ...stamp, prevHash, hash };
    prevHash = hash;
    return { ...event, metadata };
  });
  return { events: stamped, head: { revision, headHash: prevHash } };
}
