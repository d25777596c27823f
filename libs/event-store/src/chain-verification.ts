import canonicalize from 'canonicalize';
import type { RecordedEvent } from '@app/domain';
import { chainHash, genesisHash, hashedFields, sha256Hex } from './hash-chain';

/** The first link of a stream's chain that does not hold, and why. */
export interface BrokenLink {
  stream: string;
  revision: number;
  eventId: string;
  problem: 'hash-mismatch' | 'prev-hash-mismatch' | 'revision-gap' | 'revision-out-of-order' | 'unreadable';
  expected: string;
  found: string;
}

export interface StreamHead {
  stream: string;
  revision: number;
  hash: string;
}

/**
 * A digest of the log (docs/audit.md): one hash over every stream head at a position. Filed by an
 * auditor, it later proves that the log still holds exactly those heads, hence (the chains being
 * verified) every event before them, unchanged.
 */
export interface LogDigest {
  position: string;
  streams: number;
  events: number;
  headsHash: string;
}

export interface ChainReport {
  ok: boolean;
  streams: number;
  events: number;
  /** The last position read. */
  position: string | null;
  firstBroken: BrokenLink | null;
}

/**
 * Checks the hash chains of a log read in global order, one pass, one head per stream in memory.
 * Within a stream the global order is the revision order, so a deleted event shows as a revision gap,
 * a reordering as revisions out of order, and any changed byte of a hashed field as a hash mismatch.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, StreamHead>();
  private eventCount = 0;
  private lastPosition: string | null = null;
  firstBroken: BrokenLink | null = null;

  /** Checks one more event; false once a link is broken (later events are not checked). */
  add(event: RecordedEvent): boolean {
    if (this.firstBroken) return false;
    const revision = Number(event.revision);
    const head = this.heads.get(event.stream);
    const expectedRevision = head ? head.revision + 1 : 0;
    const prevHash = head ? head.hash : genesisHash(event.stream);
    const broken = (problem: BrokenLink['problem'], expected: string, found: string) => {
      this.firstBroken = { stream: event.stream, revision, eventId: event.eventId, problem, expected, found };
      return false;
    };
    if (revision !== expectedRevision) {
      return broken(
        revision > expectedRevision ? 'revision-gap' : 'revision-out-of-order',
        String(expectedRevision),
        String(revision),
      );
    }
    if (event.metadata.prevHash !== prevHash)
      return broken('prev-hash-mismatch', prevHash, event.metadata.prevHash);
    const recomputed = chainHash(prevHash, hashedFields(event, event.stream, event.revision, event.metadata));
    if (recomputed !== event.metadata.hash) return broken('hash-mismatch', recomputed, event.metadata.hash);
    this.heads.set(event.stream, { stream: event.stream, revision, hash: event.metadata.hash });
    this.eventCount += 1;
    this.lastPosition = event.position;
    return true;
  }

  report(): ChainReport {
    return {
      ok: this.firstBroken === null,
      streams: this.heads.size,
      events: this.eventCount,
      position: this.lastPosition,
      firstBroken: this.firstBroken,
    };
  }
}

/** The digest of a set of stream heads: sha256 of their canonical JSON, sorted by stream. */
export function digestOfHeads(heads: Iterable<StreamHead>, position: string, events: number): LogDigest {
  const sorted = [...heads].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  return {
    position,
    streams: sorted.length,
    events,
    headsHash: sha256Hex(canonicalize(sorted.map((h) => [h.stream, h.revision, h.hash])) ?? '[]'),
  };
}

/** Collects the head of every stream, in global order, up to a position (inclusive) when given. */
export class HeadCollector {
  private readonly heads = new Map<string, StreamHead>();
  private events = 0;
  private position = '0';

  constructor(private readonly upTo?: string) {}

  /** False once the position is passed (the caller may stop reading). */
  add(event: RecordedEvent): boolean {
    if (this.upTo !== undefined && BigInt(event.position) > BigInt(this.upTo)) return false;
    this.heads.set(event.stream, {
      stream: event.stream,
      revision: Number(event.revision),
      hash: event.metadata.hash,
    });
    this.events += 1;
    this.position = event.position;
    return true;
  }

  digest(): LogDigest {
    return digestOfHeads(this.heads.values(), this.upTo ?? this.position, this.events);
  }
}
