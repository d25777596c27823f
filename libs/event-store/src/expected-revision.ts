import { ConcurrencyError } from '@app/domain';
import type { ExpectedRevision } from './event-store.port';

/**
 * The revision a stream with no events is at. Internal only: the port speaks of 'no_stream', and a
 * ConcurrencyError says 'no_stream' too, so that a client can send the value straight back.
 */
export const NO_STREAM_REVISION = -1n;

/** A revision (or its absence) as a ConcurrencyError and an HTTP problem show it. */
export function describeRevision(revision: ExpectedRevision): string {
  if (revision === 'any' || revision === 'no_stream') return revision;
  return revision === NO_STREAM_REVISION ? 'no_stream' : revision.toString();
}

/**
 * Throws ConcurrencyError unless a stream whose last event has revision `current`
 * (NO_STREAM_REVISION when it has none) satisfies `expected` (docs/architecture.md#the-path-of-a-write).
 */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, current: bigint): void {
  if (satisfies(expected, current)) return;
  throw new ConcurrencyError(stream, describeRevision(expected), describeRevision(current));
}

function satisfies(expected: ExpectedRevision, current: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === NO_STREAM_REVISION;
  if (typeof expected === 'bigint') return expected === current;
  // Only reachable from untyped callers (a number parsed from a header, say): refuse loudly rather
  // than treat 3 and 3n as different revisions and report a misleading conflict.
  throw new TypeError(`expectedRevision must be 'any', 'no_stream' or a bigint, got ${String(expected)}`);
}
