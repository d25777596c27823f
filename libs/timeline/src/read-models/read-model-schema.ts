import type Database from 'better-sqlite3';

/** Bump when the tables change: a read model of another version is rebuilt from the log. */
export const READ_MODEL_VERSION = 10;

/**
 * The read models (docs/architecture.md, "The read side"): no copy of the events, only what answers need.
 * - `facts`: one row per version of a fact, bitemporal: valid time from `start` (its period's start) to
 *   `end` (its last day), record time from `opened_at` until `closed_at` (a correction closes a version and
 *   opens the corrected one; a retraction closes it). `pos` is the fact's own position (ties on a day fold
 *   in record order), `opened` the position of the event that opened the version, `recorded_at` (a
 *   corrected version only) when the fact was first recorded. The state on D as known at K folds the rows
 *   with start <= D that were open at K; K = now reads the open ones. The same rows are the search's index
 *   (docs/search.md): by type and start, by relationship, type and start, and by `opened`, the rowid of
 *   the words each fact or correction brought in `search_text` (FTS5, contentless: the words are indexed,
 *   not stored).
 * - `snapshots`: the fold of the open facts up to `through`, placed so that their bytes stay a share of
 *   the facts' (see libs/domain/src/relationship/snapshots.ts); valid for record times from `known_from`;
 *   the fold's JSON deflated (snapshot-folds.ts), `size` its length.
 * - `revisions`: the record time of each revision, for the stream's head as known at a time.
 * - `relationships`: the head, and the size of open facts after the last snapshot (when to place one).
 * Sizes are JSON lengths in UTF-16 units, as JavaScript counts them, the same in every path.
 * Every byte of a row counts a million times over (docs/benchmarks.md): positions are integers shifted by
 * 2^63 (positions.ts: unsigned 64-bit in SQLite's signed integers, in order); dates are YYYY-MM-DD text;
 * record times milliseconds (record-times.ts); a fact's type a small code (fact-type-codes.ts); an event
 * id a UUID's 16 bytes (event-ids.ts). WITHOUT ROWID keeps each relationship's rows together in key order,
 * which a build writes in order; snapshots, of kilobytes, keep a rowid (SQLite stores large rows badly in
 * WITHOUT ROWID b-trees).
 * No index by event id: an amendment finds its target among its relationship's rows (amendments are rare).
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
      tail_size INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS facts (
      relationship TEXT NOT NULL,
      start TEXT NOT NULL,
      pos INTEGER NOT NULL,
      opened INTEGER NOT NULL,
      type INTEGER NOT NULL,
      end TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      closed_at INTEGER,
      recorded_at INTEGER,
      event_id NOT NULL,
      fact TEXT NOT NULL,
      PRIMARY KEY (relationship, start, pos, opened)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS facts_by_relationship_type ON facts (relationship, type, start, pos);
    CREATE TABLE IF NOT EXISTS revisions (
      relationship TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position INTEGER NOT NULL,
      recorded_at INTEGER NOT NULL,
      PRIMARY KEY (relationship, revision)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS snapshots (
      relationship TEXT NOT NULL,
      through TEXT NOT NULL,
      known_from INTEGER NOT NULL,
      fold BLOB NOT NULL,
      size INTEGER NOT NULL,
      PRIMARY KEY (relationship, through)
    );
    CREATE TABLE IF NOT EXISTS actor_relationships (
      actor TEXT NOT NULL,
      relationship TEXT NOT NULL,
      counterpart TEXT NOT NULL,
      PRIMARY KEY (actor, relationship)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
      text, content = '', tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS search_terms USING fts5vocab(search_text, 'row');
  `);
}

/**
 * The search's indexes whose entries a build stream by stream would write in no order (types and
 * positions are scattered over the relationships): a build from position 0 drops them and creates them
 * at its end, sorting once instead of touching a random page per row (docs/architecture.md). Queries
 * meanwhile do without them (the search, slower, over what is built so far).
 */
export const SEARCH_INDEXES: [name: string, sql: string][] = [
  ['facts_by_type', 'CREATE INDEX IF NOT EXISTS facts_by_type ON facts (type, start, pos)'],
  ['facts_by_opened', 'CREATE INDEX IF NOT EXISTS facts_by_opened ON facts (opened)'],
];

/** The tables a digest covers, with the key order that makes their content comparable. */
export const DIGESTED_TABLES: [string, string[]][] = [
  ['relationships', ['relationship']],
  ['facts', ['relationship', 'start', 'pos', 'opened']],
  ['revisions', ['relationship', 'revision']],
  ['snapshots', ['relationship', 'through']],
  ['actor_relationships', ['actor', 'relationship']],
  // The full-text index's own b-trees depend on how its inserts were batched (segments, merges), and a
  // contentless index keeps no text to compare: its vocabulary (each term, with how many rows and how
  // many times it occurs) is what is the same for the same log however it was built.
  ['search_terms', ['term']],
];
