import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export interface EventLocation {
  stream: string;
  revision: bigint;
}

export interface IndexEntry extends EventLocation {
  eventId: string;
}

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
}

/**
 * Where each event is, by eventId: the index EventStoreDB does not have (the port's findEvent and
 * eventId idempotency need "is this id anywhere in the store?"). A local SQLite file per API replica,
 * beside its read models, fed by the adapter's own `$all` subscription and checkpointed with it, so a
 * restart resumes where it stopped. It holds locations only; events are read from EventStoreDB.
 *
 * It is a cache of the log: deleting the file makes the next start rebuild it from `$all`.
 */
export class EventIdIndex {
  private readonly insert: Database.Statement<[string, string, bigint]>;
  private readonly select: Database.Statement<[string], { stream: string; revision: bigint }>;
  private readonly saveCheckpoint: Database.Statement<[string]>;
  private readonly addBatch: Database.Transaction<(entries: IndexEntry[], checkpoint?: bigint) => void>;
  private position?: bigint;
  private waiters: Waiter[] = [];

  /** A file path (parent directories are created) or ':memory:'. */
  static open(path: string): EventIdIndex {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const db = new Database(path);
    try {
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // A lost tail after a power cut is re-read from EventStoreDB: the checkpoint commits with the rows.
      db.pragma('synchronous = NORMAL');
      db.exec(`
        CREATE TABLE IF NOT EXISTS event_ids (
          event_id TEXT PRIMARY KEY,
          stream TEXT NOT NULL,
          revision INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS feed_checkpoint (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          position TEXT NOT NULL
        );`);
      return new EventIdIndex(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO event_ids (event_id, stream, revision) VALUES (?, ?, ?)');
    this.select = db.prepare<[string], { stream: string; revision: bigint }>(
      'SELECT stream, revision FROM event_ids WHERE event_id = ?',
    );
    this.select.safeIntegers(true);
    this.saveCheckpoint = db.prepare(
      'INSERT INTO feed_checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
    );
    const row = db
      .prepare<[], { position: string }>('SELECT position FROM feed_checkpoint WHERE id = 1')
      .get();
    this.position = row === undefined ? undefined : BigInt(row.position);
    this.addBatch = db.transaction((entries: IndexEntry[], checkpoint?: bigint) => {
      for (const { eventId, stream, revision } of entries) this.insert.run(eventId, stream, revision);
      if (checkpoint !== undefined) this.saveCheckpoint.run(checkpoint.toString());
    });
  }

  /** Where the feed stands: the commit position of the last event it indexed; undefined before any. */
  get checkpoint(): bigint | undefined {
    return this.position;
  }

  lookup(eventId: string): EventLocation | undefined {
    return this.select.get(eventId);
  }

  /** Events from the feed, with the position it reached: one transaction, so both move together. */
  addFromFeed(entries: IndexEntry[], checkpoint: bigint): void {
    this.addBatch(entries, checkpoint);
    this.position = checkpoint;
    for (const waiter of this.waiters.filter((w) => checkpoint >= w.position)) waiter.resolve(true);
  }

  /** Our own appends, indexed at once so this replica finds them before its feed gets there. */
  addOwn(entries: IndexEntry[]): void {
    this.addBatch(entries);
  }

  /** Resolves true once the feed has indexed `position`, false after `timeoutMs` or on abort. */
  waitFor(position: bigint, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.position !== undefined && this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', abandon);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(reached);
        },
      };
      const abandon = (): void => waiter.resolve(false);
      const timer = setTimeout(abandon, timeoutMs);
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiters.push(waiter);
    });
  }

  close(): void {
    for (const waiter of [...this.waiters]) waiter.resolve(false);
    this.db.close();
  }
}
