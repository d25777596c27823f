import type Database from 'better-sqlite3';
import type { RelationshipRow } from './read-model-db';

/** The prepared statements of the read models, made once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    getRelationship: db.prepare<[string], RelationshipRow>(
      `SELECT relationship, actor_a AS actorA, actor_b AS actorB, revision, position,
         last_recorded_at AS lastRecordedAt, last_amended_at AS lastAmendedAt, dirty_from AS dirtyFrom
       FROM relationships WHERE relationship = ?`,
    ),
    // The row and the version in force on a day, in one statement: the state query's whole read.
    getRelationshipOn: db.prepare<{ id: string; at: string }, RelationshipRow & { body: string | null }>(
      `SELECT relationship, actor_a AS actorA, actor_b AS actorB, revision, position,
         last_recorded_at AS lastRecordedAt, last_amended_at AS lastAmendedAt, dirty_from AS dirtyFrom,
         (SELECT body FROM versions v WHERE v.relationship = r.relationship AND v.valid_from <= @at
          ORDER BY v.valid_from DESC LIMIT 1) AS body
       FROM relationships r WHERE relationship = @id`,
    ),
    deleteMeta: db.prepare<[string]>('DELETE FROM meta WHERE key = ?'),
    upsertRelationship: db.prepare(
      `INSERT INTO relationships (relationship, actor_a, actor_b, revision, position, last_recorded_at,
         last_amended_at, dirty_from)
       VALUES (@relationship, @actorA, @actorB, @revision, @position, @lastRecordedAt, @lastAmendedAt, @dirtyFrom)
       ON CONFLICT (relationship) DO UPDATE SET revision = excluded.revision, position = excluded.position,
         last_recorded_at = max(last_recorded_at, excluded.last_recorded_at),
         last_amended_at = CASE WHEN last_amended_at IS NULL THEN excluded.last_amended_at
           WHEN excluded.last_amended_at IS NULL THEN last_amended_at
           ELSE max(last_amended_at, excluded.last_amended_at) END,
         dirty_from = CASE WHEN excluded.dirty_from IS NULL THEN dirty_from
           WHEN dirty_from IS NULL OR excluded.dirty_from < dirty_from THEN excluded.dirty_from
           ELSE dirty_from END`,
    ),
    getFold: db.prepare<
      [string],
      { fold: string | null; foldThrough: string | null; dirtyFrom: string | null }
    >(
      `SELECT f.fold, f.through AS foldThrough, r.dirty_from AS dirtyFrom
       FROM relationships r LEFT JOIN folds f ON f.relationship = r.relationship WHERE r.relationship = ?`,
    ),
    setFold: db.prepare<[string, string, string]>(
      `INSERT INTO folds (relationship, through, fold) VALUES (?, ?, ?)
       ON CONFLICT (relationship) DO UPDATE SET through = excluded.through, fold = excluded.fold`,
    ),
    deleteFold: db.prepare<[string]>('DELETE FROM folds WHERE relationship = ?'),
    markRendered: db.prepare<[string]>('UPDATE relationships SET dirty_from = NULL WHERE relationship = ?'),
    dirtyRelationships: db.prepare<[number], { relationship: string }>(
      'SELECT relationship FROM relationships WHERE dirty_from IS NOT NULL LIMIT ?',
    ),
    countDirty: db.prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM relationships WHERE dirty_from IS NOT NULL',
    ),
    insertActorRelationship: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO actor_relationships (actor, relationship, counterpart) VALUES (?, ?, ?)',
    ),
    insertEvent: db.prepare<[string, string, number, string, string, string]>(
      `INSERT INTO relationship_events (relationship, pos, revision, event_id, recorded_at, event)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    headKnownAt: db.prepare<[string, string], { revision: number; pos: string }>(
      `SELECT revision, pos FROM relationship_events WHERE relationship = ? AND recorded_at <= ?
       ORDER BY pos DESC LIMIT 1`,
    ),
    eventsOf: db.prepare<[string], { event: string }>(
      'SELECT event FROM relationship_events WHERE relationship = ? ORDER BY pos',
    ),
    eventsKnownAt: db.prepare<[string, string], { event: string }>(
      'SELECT event FROM relationship_events WHERE relationship = ? AND recorded_at <= ? ORDER BY pos',
    ),
    factById: db.prepare<[string, string], { fact: string }>(
      'SELECT fact FROM facts WHERE relationship = ? AND event_id = ?',
    ),
    deleteFact: db.prepare<[string, string]>('DELETE FROM facts WHERE relationship = ? AND event_id = ?'),
    insertFact: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO facts (relationship, start, pos, event_id, recorded_at, fact) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    factsUntilKnownAt: db
      .prepare<[string, string, string], string>(
        'SELECT fact FROM facts WHERE relationship = ? AND start <= ? AND recorded_at <= ? ORDER BY start, pos',
      )
      .pluck(),
    factsFrom: db.prepare<[string, string], { fact: string }>(
      'SELECT fact FROM facts WHERE relationship = ? AND start >= ? ORDER BY start, pos',
    ),
    factsOf: db.prepare<[string], { fact: string }>(
      'SELECT fact FROM facts WHERE relationship = ? ORDER BY start, pos',
    ),
    factsUntil: db.prepare<[string, string], { fact: string }>(
      'SELECT fact FROM facts WHERE relationship = ? AND start <= ? ORDER BY start, pos',
    ),
    summaryAt: db
      .prepare<[string, string], string>(
        'SELECT summary FROM versions WHERE relationship = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1',
      )
      .pluck(),
    deleteVersionsFrom: db.prepare<[string, string]>(
      'DELETE FROM versions WHERE relationship = ? AND valid_from >= ?',
    ),
    insertVersion: db.prepare<[string, string, string, string]>(
      'INSERT INTO versions (relationship, valid_from, body, summary) VALUES (?, ?, ?, ?)',
    ),
    relationshipsOfActor: db.prepare<[string], { relationship: string; counterpart: string }>(
      'SELECT relationship, counterpart FROM actor_relationships WHERE actor = ? ORDER BY counterpart',
    ),
  };
}

export type ReadModelStatements = ReturnType<typeof prepareStatements>;
