import { randomUUID } from 'node:crypto';

/** One event as the double keeps it: what a client proposed, where the log put it. */
export interface StoredEvent {
  id: string;
  stream: string;
  revision: bigint;
  /** Commit and prepare position are one number here, as for every event EventStoreDB writes through gRPC. */
  position: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  created: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

/** EventStoreDB's expected revisions, as the wire carries them. */
export type WireExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | { ok: true; revision: bigint; commitPosition: bigint | undefined; preparePosition: bigint | undefined }
  | { ok: false; currentRevision: bigint | undefined };

/** Which events a read or subscription keeps (EventStoreDB's server-side filter on stream name or event type). */
export interface EventFilter {
  on: 'stream' | 'type';
  prefixes: string[];
  regex?: RegExp;
}

type Listener = (event: StoredEvent) => void;

/** What one event "costs" in the log besides its bytes: positions grow like file offsets, never by one. */
const RECORD_OVERHEAD = 89n;
/** Where the first event lands: a real log starts with chunk headers and system records. */
const FIRST_POSITION = 512n;

/**
 * The in-memory state of the wire double: streams and the global log (`$all`), appends with
 * EventStoreDB's expected-revision rules, and live listeners for subscriptions.
 *
 * Positions are byte-offset-like and never consecutive, so code that treats them as event counts
 * fails here as it would against a real server. Like a real server, the log holds a few system
 * events (streams starting with `$`) that clients reading `$all` must skip.
 *
 * Not modelled: deletes and tombstones, stream metadata ($maxAge, $tb, ACLs), explicit transactions,
 * the maximum append size, scavenging, persistence, clustering.
 */
export class InMemoryLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<Listener>();
  private nextPosition = FIRST_POSITION;

  constructor(options: { systemEvents?: boolean } = {}) {
    if (options.systemEvents ?? true) this.writeSystemEvents();
  }

  get events(): readonly StoredEvent[] {
    return this.all;
  }

  stream(name: string): readonly StoredEvent[] | undefined {
    return this.streams.get(name);
  }

  /**
   * Appends atomically with EventStoreDB's checks. Like the real server, a batch whose event ids are
   * already in the stream right after the expected revision is acknowledged again without being
   * written (its best-effort idempotency): clients must not take a success as proof of a write.
   */
  append(stream: string, expected: WireExpectedRevision, proposed: ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? undefined : existing[existing.length - 1].revision;
    const repeated = this.alreadyWritten(existing, expected, proposed);
    if (repeated) return repeated;
    if (!satisfies(expected, current)) return { ok: false, currentRevision: current };
    if (proposed.length === 0) {
      return { ok: true, revision: current ?? -1n, commitPosition: undefined, preparePosition: undefined };
    }
    const created = BigInt(Date.now()) * 10_000n;
    const written = proposed.map((event, i): StoredEvent => {
      const position = this.nextPosition;
      this.nextPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length);
      return { ...event, stream, revision: (current ?? -1n) + BigInt(i) + 1n, position, created };
    });
    this.streams.set(stream, [...existing, ...written]);
    this.all.push(...written);
    for (const event of written) for (const listener of [...this.listeners]) listener(event);
    return this.result(written);
  }

  /** Calls `listener` with every event appended from now on, until the returned function is called. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The server's idempotency check (simplified): the ids proposed are exactly the events stored after
   * the expected revision (exact or no_stream), or for `any` the events starting where the first id is.
   */
  private alreadyWritten(
    existing: StoredEvent[],
    expected: WireExpectedRevision,
    proposed: ProposedEvent[],
  ): AppendOutcome | undefined {
    if (proposed.length === 0) return undefined;
    let from: number;
    if (expected.kind === 'revision') from = Number(expected.revision) + 1;
    else if (expected.kind === 'no_stream') from = 0;
    else if (expected.kind === 'any') from = existing.findIndex((e) => e.id === proposed[0].id);
    else return undefined;
    if (from < 0 || from >= existing.length) return undefined;
    const stored = existing.slice(from, from + proposed.length);
    if (stored.length !== proposed.length || stored.some((e, i) => e.id !== proposed[i].id)) return undefined;
    return this.result(stored);
  }

  private result(events: StoredEvent[]): AppendOutcome {
    const last = events[events.length - 1];
    // What the server acknowledges: the commit record of an implicit transaction is its last event,
    // the transaction (prepare) position its first.
    return {
      ok: true,
      revision: last.revision,
      commitPosition: last.position,
      preparePosition: events[0].position,
    };
  }

  private writeSystemEvents(): void {
    const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
    const system = (stream: string, type: string, data: unknown): ProposedEvent => ({
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data: json(data),
      customMetadata: new Uint8Array(),
    });
    this.append('$$$scavenges', { kind: 'any' }, [system('$$$scavenges', '$metadata', { $maxAge: 2592000 })]);
    this.append('$settings', { kind: 'any' }, [system('$settings', 'settings', { $userStreamAcl: {} })]);
  }
}

function satisfies(expected: WireExpectedRevision, current: bigint | undefined): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    case 'revision':
      return current === expected.revision;
  }
}

/** Whether `filter` (none: every event) keeps `event`. */
export function keeps(filter: EventFilter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.stream : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}
