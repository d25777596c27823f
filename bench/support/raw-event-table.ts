import Database from 'better-sqlite3';

/**
 * The reference: the event-store table (docs/architecture.md) driven with raw better-sqlite3, written here independently
 * of the adapter so that the comparison does not share its code.
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

export type Synchronous = 'FULL' | 'NORMAL';

export type RawInsertParams = [
  stream: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

export interface RawEventTable {
  db: Database.Database;
  insert: Database.Statement<RawInsertParams>;
}

export function openRawEventTable(path: string, synchronous: Synchronous): RawEventTable {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(CREATE_EVENTS);
  const insert = db.prepare<RawInsertParams>(
    `INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return { db, insert };
}
