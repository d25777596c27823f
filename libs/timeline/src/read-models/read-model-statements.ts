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

/** A fact row as the fold reads it: event id (event-ids.ts), position, and the fact's JSON (type, occurredOn, data). */
export type FactRow = [eventId: Buffer | string, pos: bigint, fact: string];

/** A version of a fact as the reader keeps it for knownAt: its record-time interval (closed: null while open). */
export type FactVersionOfRow = [
  start: string,
  openedAt: bigint,
  closedAt: bigint | null,
  eventId: Buffer | string,
  pos: bigint,
  fact: string,
];

/**
 * A snapshot as a query finds it: its day, its fold's size (the JSON's length), and the fold itself (as its
 * row keeps it, snapshot-folds.ts) when it is small.
 */
export interface SnapshotHead {
  through: string;
  size: number;
  fold: Buffer | null;
}

/** An open fact row as the writer reads it (positions exact, as bigints; times in milliseconds). */
export interface OpenFactRow {
  start: string;
  pos: bigint;
  opened: bigint;
  openedAt: bigint;
  /** When the fact was first recorded: `openedAt` unless this version is a correction's. */
  recordedAt: bigint;
  eventId: Buffer | string;
  fact: string;
}

/** A version of a fact as the projection writes it (read-model-schema.ts). */
export interface FactVersionRow {
  relationship: string;
  start: string;
  pos: bigint;
  opened: bigint;
  /** fact-type-codes.ts */
  type: number;
  end: string;
  openedAt: number;
  /** When the fact was first recorded, for a corrected version; null when it is `openedAt`. */
  recordedAt: number | null;
  eventId: Buffer | string;
  fact: string;
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
    snapshotKnownAt: db.prepare<[number, string, string, number], SnapshotHead>(
      `SELECT through, size, CASE WHEN size < ? THEN fold END AS fold FROM snapshots
       WHERE relationship = ? AND through <= ? AND known_from <= ? ORDER BY through DESC LIMIT 1`,
    ),
    // The day of the snapshot in force on a date as the record stands (a knownAt query keeps its fold).
    snapshotDayOn: db
      .prepare<[string, string], string>(
        'SELECT through FROM snapshots WHERE relationship = ? AND through <= ? ORDER BY through DESC LIMIT 1',
      )
      .pluck(),
    snapshotFold: db
      .prepare<[string, string], Buffer>('SELECT fold FROM snapshots WHERE relationship = ? AND through = ?')
      .pluck(),
    openFactsBetween: db
      .prepare<[string, string, string], FactRow>(
        `SELECT event_id, pos, fact FROM facts
         WHERE relationship = ? AND start > ? AND start <= ? AND closed_at IS NULL ORDER BY start, pos`,
      )
      .raw()
      .safeIntegers(),
    factsBetweenKnownAt: db
      .prepare<[string, string, string, number, number], FactRow>(
        `SELECT event_id, pos, fact FROM facts
         WHERE relationship = ? AND start > ? AND start <= ? AND opened_at <= ?
           AND (closed_at IS NULL OR closed_at > ?) ORDER BY start, pos`,
      )
      .raw()
      .safeIntegers(),
    // Every version of a relationship's facts, in valid-time order: what the reader keeps parsed for knownAt.
    factVersionsOf: db
      .prepare<[string], FactVersionOfRow>(
        `SELECT start, opened_at, closed_at, event_id, pos, fact FROM facts
         WHERE relationship = ? ORDER BY start, pos, opened`,
      )
      .raw()
      .safeIntegers(),
    headKnownAt: db
      .prepare<[string, number], { revision: bigint; position: bigint }>(
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
    insertRevision: db.prepare<[string, bigint, bigint, number]>(
      'INSERT INTO revisions (relationship, revision, position, recorded_at) VALUES (?, ?, ?, ?)',
    ),
    insertFact: db.prepare<[FactVersionRow]>(
      `INSERT INTO facts (relationship, start, pos, opened, type, end, opened_at, closed_at, recorded_at,
         event_id, fact)
       VALUES (@relationship, @start, @pos, @opened, @type, @end, @openedAt, NULL, @recordedAt, @eventId, @fact)`,
    ),
    openFactById: db
      .prepare<[string, Buffer | string], OpenFactRow>(
        `SELECT start, pos, opened, opened_at AS openedAt, coalesce(recorded_at, opened_at) AS recordedAt,
           event_id AS eventId, fact FROM facts
         WHERE relationship = ? AND event_id = ? AND closed_at IS NULL`,
      )
      .safeIntegers(),
    closeFact: db.prepare<[number, string, string, bigint, bigint]>(
      'UPDATE facts SET closed_at = ? WHERE relationship = ? AND start = ? AND pos = ? AND opened = ?',
    ),
    openFactsAfter: db
      .prepare<[string, string], Omit<OpenFactRow, 'recordedAt'>>(
        `SELECT start, pos, opened, opened_at AS openedAt, event_id AS eventId, fact FROM facts
         WHERE relationship = ? AND start > ? AND closed_at IS NULL ORDER BY start, pos`,
      )
      .safeIntegers(),
    closedAfter: db.prepare<[string, string], { start: string; changedAt: number }>(
      `SELECT start, max(opened_at, closed_at) AS changedAt FROM facts
       WHERE relationship = ? AND start > ? AND closed_at IS NOT NULL ORDER BY start`,
    ),
    openFactTextsAfter: db
      .prepare<[string, string], string>(
        'SELECT fact FROM facts WHERE relationship = ? AND start > ? AND closed_at IS NULL',
      )
      .pluck(),
    lastSnapshot: db.prepare<[string], { through: string; knownFrom: number; fold: Buffer }>(
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
    insertSearchText: db.prepare<[bigint, string]>('INSERT INTO search_text (rowid, text) VALUES (?, ?)'),
    insertSnapshot: db.prepare<[string, string, number, Buffer, number]>(
      'INSERT INTO snapshots (relationship, through, known_from, fold, size) VALUES (?, ?, ?, ?, ?)',
    ),
  };
}

export type ReadModelStatements = ReturnType<typeof prepareStatements>;
