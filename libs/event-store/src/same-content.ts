import canonicalize from 'canonicalize';

/** The part of an event that says what happened; metadata (when, by whom, hashes) is not in it. */
export interface EventContent {
  type: string;
  payload: unknown;
}

/**
 * Whether an event already stored and one offered again are the same record, for idempotent retries
 * (docs/architecture.md#the-event-store): same type and the same payload as RFC 8785 canonical JSON, so key
 * order does not matter. Metadata is deliberately not compared: a retry is stamped anew (recordedAt, hash),
 * and the stored stamp is the one that counts.
 */
export function sameContent(stored: EventContent, offered: EventContent): boolean {
  return stored.type === offered.type && canonicalize(stored.payload) === canonicalize(offered.payload);
}
