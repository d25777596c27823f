import type Database from 'better-sqlite3';

/** Bump when the tables change: a read model of another version is rebuilt from the log. */
export const READ_MODEL_VERSION = 4;

/**
 * The read models (docs/architecture.md): each relationship's events (for knownAt folds, the timeline and history),
 * its live facts in valid-time order, its answer as versions in valid time (rendered JSON, with the fold
 * after its last fact to resume from), and each state's relationships. `dirty_from` marks versions not yet
 * brought up to date from that date on: the facts are, and queries on those dates fold them instead.
 * Positions are zero-padded text (see positions.ts); dates are YYYY-MM-DD text. Tables whose rows
 * carry JSON of hundreds of bytes keep a rowid: SQLite stores large rows badly in WITHOUT ROWID b-trees.
 * No index by event id: random ids would cost an index page per event written; the primary keys already
 * refuse an event applied twice, and facts are looked up by id only for amendments, within their relationship.
 */
export function createReadModelTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS relationships (
      relationship TEXT PRIMARY KEY,
      actor_a TEXT NOT NULL,
      actor_b TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      last_recorded_at TEXT NOT NULL,
      last_amended_at TEXT,
      dirty_from TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS relationships_dirty ON relationships (dirty_from) WHERE dirty_from IS NOT NULL;
    CREATE TABLE IF NOT EXISTS relationship_events (
      relationship TEXT NOT NULL,
      pos TEXT NOT NULL,
      revision INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      event TEXT NOT NULL,
      PRIMARY KEY (relationship, pos)
    );
    CREATE TABLE IF NOT EXISTS facts (
      relationship TEXT NOT NULL,
      start TEXT NOT NULL,
      pos TEXT NOT NULL,
      event_id TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      fact TEXT NOT NULL,
      PRIMARY KEY (relationship, start, pos)
    );
    CREATE TABLE IF NOT EXISTS versions (
      relationship TEXT NOT NULL,
      valid_from TEXT NOT NULL,
      body TEXT NOT NULL,
      summary TEXT NOT NULL,
      PRIMARY KEY (relationship, valid_from)
    );
    -- Apart from relationships, whose row every batch rewrites: a fold is kilobytes, written only when rendering.
    CREATE TABLE IF NOT EXISTS folds (
      relationship TEXT PRIMARY KEY,
      through TEXT NOT NULL,
      fold TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS actor_relationships (
      actor TEXT NOT NULL,
      relationship TEXT NOT NULL,
      counterpart TEXT NOT NULL,
      PRIMARY KEY (actor, relationship)
    ) WITHOUT ROWID;
  `);
}
