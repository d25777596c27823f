import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConcurrencyError, EventIdConflictError, type RecordedEvent } from '@app/domain';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadByStreamOptions,
  StreamAppend,
  SubscribeOptions,
} from '../event-store.port';
import { checkExpectedRevision, NO_STREAM_REVISION } from '../expected-revision';
import { sameContent } from '../same-content';
import { StoreUnavailableError } from '../store-unavailable.error';
import { AppendNotifier } from './append-notifier';
import { parsePosition, toRecordedEvent, type EventRow } from './event-row';
import { sqliteCode, translatingSqliteErrors } from './sqlite-errors';
import { prepareDatabase } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** A file path (parent directories are created) or ':memory:'. */
  path: string;
  /** FULL (default) makes an acknowledged append survive power loss; NORMAL trades that for speed. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How often a live subscriber looks for appends made by other processes (default 200 ms). */
  pollIntervalMs?: number;
  /** How long an append waits for another process's write lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface SqliteSettings {
  /** 'wal' for a file, 'memory' for ':memory:'. */
  journalMode: string;
  synchronous: string;
  busyTimeoutMs: number;
}

/** PRAGMA synchronous answers with a number. */
const SYNCHRONOUS_LEVELS: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

/** readAll's page size when the caller names none. */
export const DEFAULT_READ_ALL_LIMIT = 1000;
/** How many events a subscriber reads per query while catching up. */
const SUBSCRIBE_BATCH = 500;
const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

interface PendingAppend {
  /** One append, or (appendMany) several that stand or fall together. */
  appends: StreamAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

type InsertParams = [
  stream: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/**
 * The embedded event store (docs/architecture.md#sqlite-the-default): one SQLite file in WAL mode, or
 * ':memory:'.
 *
 * better-sqlite3 is synchronous, so every method does its work before its promise settles; the
 * promises are there because the port is shared with adapters that do I/O. Several instances (and
 * processes) may open the same file: appends are serialised by SQLite's write lock.
 */
export class SqliteEventStore implements EventStore {
  private readonly notifier = new AppendNotifier();
  private closed = false;

  private readonly insertEvent: Database.Statement<InsertParams>;
  private readonly selectStreamHead: Database.Statement<[string], Pick<EventRow, 'revision' | 'position'>>;
  private readonly selectByEventId: Database.Statement<[string], EventRow>;
  private readonly eventIdExists: Database.Statement<[string], number>;
  private readonly selectStream: Database.Statement<[string, bigint], EventRow>;
  private readonly selectAfter: Database.Statement<[bigint, number], EventRow>;
  private readonly selectHead: Database.Statement<[], { position: bigint | null }>;
  private readonly selectByStream: Database.Statement<[string, bigint, number], EventRow>;
  private readonly selectStreamThrough: Database.Statement<[string, bigint], EventRow>;
  private pendingAppends: PendingAppend[] = [];
  private readonly groupTransaction: Database.Transaction<(work: () => void) => void>;
  private readonly appendTransaction: Database.Transaction<
    (appends: StreamAppend[], careful: boolean) => (AppendResult & { wrote: boolean })[]
  >;

  /** Opens (creating if needed) the store. Synchronous, like better-sqlite3; a bad option is a RangeError. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const synchronous = options.synchronous ?? 'FULL';
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    // Checked at run time too: these may come from configuration, and two end up in PRAGMA text.
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new RangeError(`synchronous must be 'FULL' or 'NORMAL', got ${String(synchronous)}`);
    }
    if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
      throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${String(busyTimeoutMs)}`);
    }
    if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 1) {
      throw new RangeError(`pollIntervalMs must be at least 1, got ${String(pollIntervalMs)}`);
    }
    const inMemory = options.path === ':memory:';
    if (!inMemory) mkdirSync(dirname(resolve(options.path)), { recursive: true });
    const db = new Database(options.path);
    try {
      prepareDatabase(db, { inMemory, synchronous, busyTimeoutMs });
      return new SqliteEventStore(db, pollIntervalMs);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    private readonly pollIntervalMs: number,
  ) {
    // Safe integers: revisions and positions come back as bigint, never as a lossy number.
    const prepare = <P extends unknown[], R>(sql: string): Database.Statement<P, R> =>
      db.prepare<P, R>(sql).safeIntegers(true);
    this.insertEvent = db.prepare<InsertParams>(
      `INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStreamHead = prepare(
      'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    );
    this.selectByEventId = prepare('SELECT * FROM events WHERE event_id = ?');
    this.eventIdExists = db.prepare<[string], number>('SELECT 1 FROM events WHERE event_id = ?').pluck();
    this.selectStream = prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision');
    this.selectAfter = prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    this.selectHead = prepare('SELECT MAX(position) AS position FROM events');
    // In the order of the (stream, revision) index: a stream's events lie together, read in key order.
    this.selectByStream = prepare(
      'SELECT * FROM events WHERE stream > ? AND position <= ? ORDER BY stream, revision LIMIT ?',
    );
    this.selectStreamThrough = prepare(
      'SELECT * FROM events WHERE stream = ? AND position <= ? ORDER BY revision',
    );
    this.groupTransaction = db.transaction((work: () => void) => work());
    // One savepoint per queued item: appendMany's appends share theirs (a savepoint each costs about
    // as much as the inserts of a small append).
    this.appendTransaction = db.transaction((appends: StreamAppend[], careful: boolean) =>
      appends.map((a) => this.appendInTransaction(a.stream, a.events, a.expectedRevision, careful)),
    );
  }

  /**
   * Appends `events` to `stream` atomically (docs/architecture.md#the-event-store): all or none.
   * - If every event's id is already stored in this stream with the same content, writes nothing and
   *   returns the original revision and position of the latest of them, `idempotent: true` — a retry
   *   succeeds even though the stream has moved on since.
   * - An id stored with other content, in another stream, twice in the batch, or a batch of which only
   *   some ids are stored: EventIdConflictError.
   * - Otherwise the expected revision must hold (ConcurrencyError), then the events get the next revisions.
   * - No events: checks the expected revision and returns the stream's current revision and the
   *   position of its last event (-1n and '0' for a stream with none), writing nothing.
   */
  async append(
    stream: string,
    events: EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const [result] = await this.enqueue([{ stream, events, expectedRevision: options.expectedRevision }]);
    return result;
  }

  /** Several appends in one savepoint of the group commit: all stored, or none (the port's appendMany). */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    return appends.length === 0 ? [] : this.enqueue(appends);
  }

  private enqueue(appends: StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the event store is closed'));
    // Group commit: appends that arrive together (concurrent requests reach here in the same turn of
    // the event loop) share one transaction and one sync to disk; each is acknowledged only after it.
    return new Promise((resolve, reject) => {
      this.pendingAppends.push({ appends, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.commitPending());
    });
  }

  /**
   * Commits every queued append in one IMMEDIATE transaction — the write lock taken before any stream
   * head is read, so another process cannot append between a check and its insert. Each append runs in
   * its own savepoint (better-sqlite3 nests transactions that way): one that is refused (a wrong expected
   * revision, a reused eventId) rolls back alone and is rejected; the others commit. If the commit itself
   * fails, every append of the group is rejected: none of them was acknowledged.
   */
  private commitPending(): void {
    const group = this.pendingAppends;
    this.pendingAppends = [];
    const outcomes: ({ ok: (AppendResult & { wrote: boolean })[] } | { error: unknown })[] = [];
    try {
      this.use(() =>
        this.groupTransaction.immediate(() => {
          for (const item of group) {
            try {
              outcomes.push({ ok: translatingSqliteErrors(() => this.appendItem(item.appends)) });
            } catch (error) {
              outcomes.push({ error });
            }
          }
        }),
      );
    } catch (error) {
      // The commit failed, so no append of the group was stored. SQLite rolls a transaction back by
      // itself on some errors (a full disk, an I/O error), and the commit then fails for want of one:
      // the append that met the error says why.
      const cause = outcomes.find(
        (o): o is { error: unknown } => 'error' in o && o.error instanceof StoreUnavailableError,
      )?.error;
      const failure =
        cause ??
        (String((error as { code?: unknown })?.code).startsWith('SQLITE_')
          ? new StoreUnavailableError(
              `the event store could not commit: ${String((error as Error).message)}`,
              {
                cause: error,
              },
            )
          : error);
      for (const item of group) item.reject(failure);
      return;
    }
    let wrote = false;
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if ('error' in outcome) return item.reject(outcome.error);
      item.resolve(
        outcome.ok.map(({ wrote: itemWrote, ...result }) => {
          wrote ||= itemWrote;
          return result;
        }),
      );
    });
    if (wrote) this.notifier.notify();
  }

  async readStream(stream: string, options: { fromRevision?: bigint } = {}): Promise<RecordedEvent[]> {
    // fromRevision is inclusive: readStream(s, { fromRevision: 2n }) starts with revision 2.
    return this.use(() => this.selectStream.all(stream, options.fromRevision ?? 0n).map(toRecordedEvent));
  }

  async readByStream(options: ReadByStreamOptions): Promise<RecordedEvent[][]> {
    const { limit } = options;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    }
    const through = parsePosition(options.through);
    return this.use(() => {
      let rows = this.selectByStream.all(options.afterStream ?? '', through, limit);
      if (rows.length === limit) {
        // The page may end inside its last stream: that one is left to the next page, unless it is alone.
        const last = rows[rows.length - 1].stream;
        const whole = rows.filter((row) => row.stream !== last);
        rows = whole.length > 0 ? whole : this.selectStreamThrough.all(last, through);
      }
      const streams: RecordedEvent[][] = [];
      for (const row of rows) {
        const event = toRecordedEvent(row);
        if (streams.at(-1)?.[0].stream === event.stream) streams[streams.length - 1].push(event);
        else streams.push([event]);
      }
      return streams;
    });
  }

  /** Events with a position after `fromPosition` (exclusive), at most `limit` (default 1000). */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
    }
    const after = parsePosition(options.fromPosition);
    return this.use(() => this.readAfter(after, limit));
  }

  /**
   * Catch-up, then live: every event after `fromPosition`, in order, each exactly once. Live, it
   * wakes on an append through this instance, or every `pollIntervalMs` to see other processes'.
   * Ends when `signal` aborts (also while waiting) or the store is closed; read errors are thrown to
   * the consumer.
   */
  async *subscribe(options: SubscribeOptions = {}): AsyncGenerator<RecordedEvent, void, undefined> {
    const { signal } = options;
    let after = parsePosition(options.fromPosition);
    for (;;) {
      if (this.closed || signal?.aborted) return;
      // Noted before reading: an append during the read or while the consumer holds an event
      // moves the version on, and the wait below then returns at once.
      const seen = this.notifier.current;
      const batch = this.use(() => this.readAfter(after, SUBSCRIBE_BATCH));
      for (const event of batch) {
        if (this.closed || signal?.aborted) return;
        after = BigInt(event.position);
        yield event;
      }
      if (batch.length < SUBSCRIBE_BATCH) await this.notifier.wait(seen, this.pollIntervalMs, signal);
      // Catching up, every page is read synchronously: give the event loop a turn between pages, or a
      // consumer that catches up on a large log starves every request of the process meanwhile.
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    // The index alone first: most lookups (an import's) are of ids not stored, and need no row read.
    const row = this.use(() =>
      this.eventIdExists.get(eventId) === undefined ? undefined : this.selectByEventId.get(eventId),
    );
    return row && toRecordedEvent(row);
  }

  /** The position of the last event; undefined when the store is empty. */
  async headPosition(): Promise<string | undefined> {
    const { position } = this.use(() => this.selectHead.get()) ?? { position: null };
    return position === null ? undefined : position.toString();
  }

  /** What SQLite actually runs with, read back with PRAGMAs — for start-up logs, health and tests. */
  settings(): SqliteSettings {
    return this.use(() => ({
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_LEVELS[Number(this.db.pragma('synchronous', { simple: true }))] ?? 'unknown',
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    }));
  }

  /** Closes the database and ends live subscriptions. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.notifier.notify();
  }

  /** Every database access goes through here: a closed or failing database is StoreUnavailableError. */
  private use<T>(work: () => T): T {
    if (this.closed) throw new StoreUnavailableError('the event store is closed');
    return translatingSqliteErrors(work);
  }

  private readAfter(position: bigint, limit: number): RecordedEvent[] {
    return this.selectAfter.all(position, limit).map(toRecordedEvent);
  }

  /**
   * An item of the group in its savepoint: first as if every eventId were new — the table's UNIQUE event_id
   * stands for a lookup per event — and, when that is refused (an id stored already, a moved stream), rolled
   * back and done again carefully, retries looked up first (findRetry), for the precise outcome.
   */
  private appendItem(appends: StreamAppend[]): (AppendResult & { wrote: boolean })[] {
    try {
      return this.appendTransaction(appends, false);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) && sqliteCode(error) !== 'SQLITE_CONSTRAINT_UNIQUE')
        throw error;
      return this.appendTransaction(appends, true);
    }
  }

  /** `careful`: look for a retry (findRetry) before checking the expected revision and inserting. */
  private appendInTransaction(
    stream: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
    careful: boolean,
  ): AppendResult & { wrote: boolean } {
    const head = this.selectStreamHead.get(stream);
    const current = head?.revision ?? NO_STREAM_REVISION;
    if (events.length === 0) {
      checkExpectedRevision(stream, expected, current);
      return {
        revision: current,
        position: (head?.position ?? 0n).toString(),
        idempotent: false,
        wrote: false,
      };
    }
    const retried = careful ? this.findRetry(stream, events) : undefined;
    if (retried) return { ...retried, wrote: false };
    checkExpectedRevision(stream, expected, current);

    let revision = current;
    let position = 0n;
    for (const event of events) {
      revision += 1n;
      const { lastInsertRowid } = this.insertEvent.run(
        stream,
        revision,
        event.eventId,
        event.type,
        event.payloadJson ?? JSON.stringify(event.payload),
        JSON.stringify(event.metadata),
        event.metadata.recordedAt,
      );
      position = BigInt(lastInsertRowid);
    }
    return { revision, position: position.toString(), idempotent: false, wrote: true };
  }

  /**
   * The original result when this batch was stored before, undefined when none of its ids is known;
   * throws EventIdConflictError for any other reuse of an id.
   */
  private findRetry(stream: string, events: EventToAppend[]): AppendResult | undefined {
    const ids = new Set<string>();
    const knownIds: string[] = [];
    let latest: EventRow | undefined;
    for (const event of events) {
      if (ids.has(event.eventId)) throw new EventIdConflictError(event.eventId);
      ids.add(event.eventId);
      // The index alone first: a new id (the common case) costs no row read.
      if (this.eventIdExists.get(event.eventId) === undefined) continue;
      const row = this.selectByEventId.get(event.eventId);
      if (!row) continue;
      const stored = { type: row.type, payload: JSON.parse(row.data) as unknown };
      if (row.stream !== stream || !sameContent(stored, event)) throw new EventIdConflictError(event.eventId);
      knownIds.push(event.eventId);
      if (!latest || row.revision > latest.revision) latest = row;
    }
    if (!latest) return undefined;
    // Part of the batch stored and part not is no retry of any append we acknowledged.
    if (knownIds.length < events.length) throw new EventIdConflictError(knownIds[0]);
    return { revision: latest.revision, position: latest.position.toString(), idempotent: true };
  }
}
