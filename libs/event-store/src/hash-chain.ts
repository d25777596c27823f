import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, NewEvent } from '@app/domain';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Revision 0 of a stream chains from the hash of the stream's name (docs/audit.md). */
export function genesisHash(stream: string): string {
  return sha256Hex(stream);
}

/** The recorded fields of an event: everything the hash covers (not position, prevHash or hash). */
export function hashedFields(
  event: NewEvent,
  stream: string,
  revision: bigint,
  meta: Pick<EventMetadata, 'recordedAt' | 'recordedBy' | 'schemaVersion'>,
): Record<string, unknown> {
  return {
    eventId: event.eventId,
    type: event.type,
    stream,
    revision: Number(revision),
    ...event.payload,
    recordedAt: meta.recordedAt,
    recordedBy: meta.recordedBy,
    schemaVersion: meta.schemaVersion,
  };
}

/** hash = sha256(prevHash ‖ RFC 8785 canonical JSON of the recorded fields). */
export function chainHash(prevHash: string, fields: Record<string, unknown>): string {
  const canonical = canonicalize(fields);
  if (canonical === undefined) throw new Error('an event must canonicalise to JSON');
  return sha256Hex(prevHash + canonical);
}
