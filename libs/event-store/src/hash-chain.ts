import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, NewEvent } from '@app/domain';

export function sha256Hex(text: string): string {
  // The one-shot digest: several times faster than createHash().update().digest() on short texts.
  return hash('sha256', text, 'hex');
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

/**
 * The members hashedFields adds around a payload, in canonical key order (a payload holding one would
 * override it or be overridden).
 */
const STAMPED_KEYS = ['eventId', 'recordedAt', 'recordedBy', 'revision', 'schemaVersion', 'stream', 'type'];
/** Cannot occur in canonical JSON text (JSON escapes every control character): it separates segments. */
const SEPARATOR = '\u0000';

/**
 * A payload's part of the hashed text (docs/audit.md): its members in RFC 8785 form and canonical key order,
 * cut where the stamp's members fall between them — 8 segments (some empty) joined by U+0000. It does not
 * depend on where the event lands, so it can be computed ahead — on an import's parser thread — leaving the
 * writer to add the stamp and hash (hashedText). Undefined for a payload holding a key of the stamp, or
 * toJSON (the catalogue's never do): such an event is hashed through hashedFields and chainHash.
 */
export function canonicalPayload(payload: object): string | undefined {
  const segments = ['', '', '', '', '', '', '', ''];
  let at = 0;
  // Sorted as canonicalize sorts them: by UTF-16 code units.
  for (const key of Object.keys(payload).sort()) {
    if (key === 'toJSON' || STAMPED_KEYS.includes(key)) return undefined;
    const value = (payload as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'symbol') continue;
    while (at < STAMPED_KEYS.length && STAMPED_KEYS[at] < key) at++;
    const member = `${JSON.stringify(key)}:${canonicalize(value)}`;
    segments[at] = segments[at] === '' ? member : `${segments[at]},${member}`;
  }
  return segments.join(SEPARATOR);
}

/**
 * canonicalize(hashedFields(event, stream, revision, meta)), built from canonicalPayload(event.payload) and
 * the stamp's members. The same text, so the same hash: verification recomputes it through hashedFields
 * (hash-chain.spec.ts holds the two equal).
 */
export function hashedText(
  payload: string,
  event: Pick<NewEvent, 'eventId' | 'type'>,
  stream: string,
  revision: bigint,
  meta: Pick<EventMetadata, 'recordedAt' | 'recordedBy' | 'schemaVersion'>,
): string {
  const segments = payload.split(SEPARATOR);
  // In the order of STAMPED_KEYS.
  const values = [
    event.eventId,
    meta.recordedAt,
    meta.recordedBy,
    Number(revision),
    meta.schemaVersion,
    stream,
    event.type,
  ];
  let text = '';
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] !== '') text += text === '' ? segments[i] : `,${segments[i]}`;
    const value: unknown = values[i];
    if (i === values.length || value === undefined) continue;
    const member = `"${STAMPED_KEYS[i]}":${typeof value === 'string' ? JSON.stringify(value) : canonicalize(value)}`;
    text += text === '' ? member : `,${member}`;
  }
  return `{${text}}`;
}
