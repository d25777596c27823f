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
      `SELECT relationship, actor_a AS actorA, actor_b AS actorB, revision, position, last_recorded_at AS lastRecordedAt
       FROM relationships WHERE relationship = ?`,
    ),
    upsertRelationship: db.prepare(
      `INSERT INTO relationships (relationship, actor_a, actor_b, revision, position, last_recorded_at)
       VALUES (@relationship, @actorA, @actorB, @revision, @position, @lastRecordedAt)
       ON CONFLICT (relationship) DO UPDATE SET revision = excluded.revision, position = excluded.position,
         last_recorded_at = max(last_recorded_at, excluded.last_recorded_at)`,
    ),
    insertActorRelationship: db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO actor_relationships (actor, relationship, counterpart) VALUES (?, ?, ?)',
    ),
    insertEvent: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO relationship_events (relationship, pos, event_id, recorded_at, event) VALUES (?, ?, ?, ?, ?)',
    ),
    eventsOf: db.prepare<[string], { event: string }>(
      'SELECT event FROM relationship_events WHERE relationship = ? ORDER BY pos',
    ),
    eventsKnownAt: db.prepare<[string, string], { event: string }>(
      'SELECT event FROM relationship_events WHERE relationship = ? AND recorded_at <= ? ORDER BY pos',
    ),
    factById: db.prepare<[string], { fact: string }>('SELECT fact FROM facts WHERE event_id = ?'),
    deleteFact: db.prepare<[string]>('DELETE FROM facts WHERE event_id = ?'),
    insertFact: db.prepare<[string, string, string, string, string]>(
      'INSERT INTO facts (relationship, start, pos, event_id, fact) VALUES (?, ?, ?, ?, ?)',
    ),
    factsFrom: db.prepare<[string, string], { fact: string }>(
      'SELECT fact FROM facts WHERE relationship = ? AND start >= ? ORDER BY start, pos',
    ),
    versionBefore: db.prepare<[string, string], { state: string }>(
      'SELECT state FROM versions WHERE relationship = ? AND valid_from < ? ORDER BY valid_from DESC LIMIT 1',
    ),
    versionAt: db.prepare<[string, string], { state: string }>(
      'SELECT state FROM versions WHERE relationship = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1',
    ),
    deleteVersionsFrom: db.prepare<[string, string]>(
      'DELETE FROM versions WHERE relationship = ? AND valid_from >= ?',
    ),
    insertVersion: db.prepare<[string, string, string]>(
      'INSERT INTO versions (relationship, valid_from, state) VALUES (?, ?, ?)',
    ),
    relationshipsOfActor: db.prepare<[string], { relationship: string; counterpart: string }>(
      'SELECT relationship, counterpart FROM actor_relationships WHERE actor = ? ORDER BY counterpart',
    ),
  };
}

export type ReadModelStatements = ReturnType<typeof prepareStatements>;
