import type Database from 'better-sqlite3';

/**
 * The table of docs/architecture.md#sqlite-the-default. `position` is the rowid. SQLite admits one writer at
 * a time and a new rowid is max + 1, so positions grow in commit order: a reader never sees a position appear
 * behind one it has already read, which is what lets subscribers resume from "position > last seen".
 */
const CREATE_EVENTS = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  )`;

export interface ConnectionSettings {
  inMemory: boolean;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
}

/** Pragmas first (journal mode must be set outside a transaction), then the table. */
export function prepareDatabase(db: Database.Database, settings: ConnectionSettings): void {
  // WAL lets readers (subscribers, queries, other processes) run while one writer appends.
  // An in-memory database has no WAL; SQLite keeps its journal in memory.
  if (!settings.inMemory) db.pragma('journal_mode = WAL');
  // FULL: an append acknowledged to a client survives a power loss, not only a process crash.
  // NORMAL in WAL mode may lose the last commits on power loss (never corrupts) — faster, opt-in.
  db.pragma(`synchronous = ${settings.synchronous}`);
  // Another process holding the write lock makes us wait this long instead of failing at once.
  db.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  // Savepoint journals in memory: a bulk append (appendMany) would otherwise spill its journal to a
  // temporary file, a write per page it changes.
  db.pragma('temp_store = MEMORY');
  db.exec(CREATE_EVENTS);
}
