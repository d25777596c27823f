import type Database from 'better-sqlite3';

export interface RelationshipRow {
  relationship: string;
  actorA: string;
  actorB: string;
  revision: number;
  position: string;
  /** The latest record time of any of its events: knownAt at or after it reads the record as it stands. */
  lastRecordedAt: string;
  /** Size of the open facts after the last snapshot: the walk places the next one past a threshold. */
  tailSize: number;
}

/** A fact row as the fold reads it: event id, position, and the fact's JSON (type, occurredOn, data). */
export type FactRow = [eventId: string, pos: bigint, fact: string];

/** A snapshot as a query finds it: its day, its fold's size, and the fold itself when it is small. */
export interface SnapshotHead {
  through: string;
  size: number;
  fold: string | null;
}

/** An open fact row as the writer reads it (positions exact, as bigints). */
export interface OpenFactRow {
  start: string;
  pos: bigint;
  opened: bigint;
  openedAt: string;
  eventId: string;
  fact: string;
}

/** A version of a fact in the search's index (read-model-schema.ts); times in milliseconds. */
export interface SearchFactRow {
  opened: bigint;
  pos: bigint;
  relationship: string;
  type: string;
  /** Days since 1970-01-01 (searchDay). */
  start: number;
  end: number;
  /** When the fact was first recorded, for a corrected version; null when it is `openedMs`. */
  recordedMs: number | null;
  /** When this version was opened (the fact's event, or the correction that opened it). */
  openedMs: number;
}

const RELATIONSHIP_COLUMNS = `relationship, actor_a AS actorA, actor_b AS actorB, revision, position,
  last_recorded_at AS lastRecordedAt, tail_size AS tailSize`;

/** The prepared statements of the read models, made once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteMeta: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),

    // ---- read by the state reader ----
    getRelationship: db.prepare<[string], RelationshipRow>(
      `SELECT ${RELATIONSHIP_COLUMNS} FROM relationships WHERE relationship = ?`,
    ),
    // The snapshot in force, with its fold when it is smaller than the size given: the reader keeps the
    // larger ones parsed, and reads their fold apart (snapshotFold) only when it has not.
    snapshotOn: db.prepare<[number, string, string], SnapshotHead>(
      `SELECT through, size, CASE WHEN size < ? THEN fold END AS fold FROM snapshots
       WHERE relationship = ? AND through <= ? ORDER BY through DESC LIMIT 1`,
    ),
    snapshotKnownAt: db.prepare<[number, string, string, string], SnapshotHead>(
      `SELECT through, size, CASE WHEN size < ? THEN fold END AS fold FROM snapshots
       WHERE relationship = ? AND through <= ? AND known_from <= ? ORDER BY through DESC LIMIT 1`,
    ),
    snapshotFold: db
      .prepare<[string, string], string>('SELECT fold FROM snapshots WHERE relationship = ? AND through = ?')
      .pluck(),
    openFactsBetween: db
      .prepare<[string, string, string], FactRow>(
        `SELECT event_id, pos, fact FROM facts
         WHERE relationship = ? AND start > ? AND start <= ? AND closed_at IS NULL ORDER BY start, pos`,
      )
      .raw()
      .safeIntegers(),
    factsBetweenKnownAt: db
      .prepare<[string, string, string, string, string], FactRow>(
        `SELECT event_id, pos, fact FROM facts
         WHERE relationship = ? AND start > ? AND start <= ? AND opened_at <= ?
           AND (closed_at IS NULL OR closed_at > ?) ORDER BY start, pos`,
      )
      .raw()
      .safeIntegers(),
    headKnownAt: db
      .prepare<[string, string], { revision: bigint; position: bigint }>(
        `SELECT revision, position FROM revisions WHERE relationship = ? AND recorded_at <= ?
         ORDER BY revision DESC LIMIT 1`,
      )
      .safeIntegers(),
    relationshipsOfActor: db.prepare<[string], { relationship: string; counterpart: string }>(
      'SELECT relationship, counterpart FROM actor_relationships WHERE actor = ? ORDER BY counterpart',
    ),

    // ---- written by the projection writer ----
    upsertRelationship: db.prepare<[RelationshipRow]>(
      `INSERT INTO relationships (relationship, actor_a, actor_b, revision, position, last_recorded_at, tail_size)
       VALUES (@relationship, @actorA, @actorB, @revision, @position, @lastRecordedAt, @tailSize)
       ON CONFLICT (relationship) DO UPDATE SET revision = excluded.revision, position = excluded.position,
         last_recorded_at = max(last_recorded_at, excluded.last_recorded_at), tail_size = excluded.tail_size`,
    ),
    insertActorRelationship: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO actor_relationships (actor, relationship, counterpart) VALUES (?, ?, ?)',
    ),
    insertRevision: db.prepare<[string, bigint, bigint, string]>(
      'INSERT INTO revisions (relationship, revision, position, recorded_at) VALUES (?, ?, ?, ?)',
    ),
    insertFact: db.prepare<[string, string, bigint, bigint, string, string, string]>(
      `INSERT INTO facts (relationship, start, pos, opened, opened_at, closed_at, event_id, fact)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
    ),
    openFactById: db
      .prepare<[string, string], OpenFactRow>(
        `SELECT start, pos, opened, opened_at AS openedAt, event_id AS eventId, fact FROM facts
         WHERE relationship = ? AND event_id = ? AND closed_at IS NULL`,
      )
      .safeIntegers(),
    closeFact: db.prepare<[string, string, string, bigint, bigint]>(
      'UPDATE facts SET closed_at = ? WHERE relationship = ? AND start = ? AND pos = ? AND opened = ?',
    ),
    openFactsAfter: db
      .prepare<[string, string], OpenFactRow>(
        `SELECT start, pos, opened, opened_at AS openedAt, event_id AS eventId, fact FROM facts
         WHERE relationship = ? AND start > ? AND closed_at IS NULL ORDER BY start, pos`,
      )
      .safeIntegers(),
    closedAfter: db.prepare<[string, string], { start: string; changedAt: string }>(
      `SELECT start, max(opened_at, closed_at) AS changedAt FROM facts
       WHERE relationship = ? AND start > ? AND closed_at IS NOT NULL ORDER BY start`,
    ),
    openFactTextsAfter: db
      .prepare<[string, string], string>(
        'SELECT fact FROM facts WHERE relationship = ? AND start > ? AND closed_at IS NULL',
      )
      .pluck(),
    lastSnapshot: db.prepare<[string], { through: string; knownFrom: string; fold: string }>(
      `SELECT through, known_from AS knownFrom, fold FROM snapshots WHERE relationship = ?
       ORDER BY through DESC LIMIT 1`,
    ),
    lastSnapshotHead: db.prepare<[string], { through: string; size: number }>(
      `SELECT through, size FROM snapshots WHERE relationship = ?
       ORDER BY through DESC LIMIT 1`,
    ),
    deleteSnapshotsFrom: db.prepare<[string, string]>(
      'DELETE FROM snapshots WHERE relationship = ? AND through >= ?',
    ),
    insertSearchFact: db.prepare<[SearchFactRow]>(
      `INSERT INTO search_facts (opened, pos, relationship, type, start, end, opened_ms, closed_ms, recorded_ms)
       VALUES (@opened, @pos, @relationship, @type, @start, @end, @openedMs, NULL, @recordedMs)`,
    ),
    closeSearchFact: db.prepare<[number, bigint]>('UPDATE search_facts SET closed_ms = ? WHERE opened = ?'),
    searchFactRecordedMs: db
      .prepare<[bigint], number>('SELECT coalesce(recorded_ms, opened_ms) FROM search_facts WHERE opened = ?')
      .pluck(),
    insertSearchText: db.prepare<[bigint, string]>('INSERT INTO search_text (rowid, text) VALUES (?, ?)'),
    insertSnapshot: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO snapshots (relationship, through, known_from, fold, size) VALUES (?, ?, ?, ?, ?)',
    ),
  };
}

export type ReadModelStatements = ReturnType<typeof prepareStatements>;
