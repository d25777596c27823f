import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  DatedFact,
  emptyRelationship,
  RecordedEvent,
  RelationshipFold,
  relationshipId,
  versionsFrom,
} from '@app/domain';
import { planRelationshipUpdate } from '../projections/plan-relationship-update';
import { positionKey, positionOfKey } from './positions';
import { createReadModelTables, READ_MODEL_VERSION } from './read-model-schema';
import { eventFromJson, eventToJson } from './stored-event-json';

export interface RelationshipRow {
  relationship: string;
  actorA: string;
  actorB: string;
  revision: number;
  position: string;
  lastRecordedAt: string;
}

/**
 * The read-model database (READ_MODEL_PATH): written only by the projector, one transaction per batch
 * that also moves the checkpoint, so a crash can neither lose nor double-apply an event.
 */
export class ReadModelDb {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    createReadModelTables(db);
    this.statements = {
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
           last_recorded_at = excluded.last_recorded_at`,
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

  static open(path: string): ReadModelDb {
    const inMemory = path === ':memory:';
    if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
    const db = new Database(path);
    if (!inMemory) db.pragma('journal_mode = WAL');
    // The read models can always be rebuilt from the log, so a lost last transaction costs a re-read only:
    // NORMAL is durable enough, and the checkpoint commits with the rows it covers either way.
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    const readModels = new ReadModelDb(db);
    readModels.checkVersion();
    return readModels;
  }

  private checkVersion(): void {
    const stored = this.statements.getMeta.get('version')?.value;
    if (stored !== undefined && Number(stored) !== READ_MODEL_VERSION) {
      throw new Error(
        `the read models are of version ${stored}, this build needs ${READ_MODEL_VERSION}: delete the read-model file to rebuild it from the log`,
      );
    }
    this.statements.setMeta.run('version', String(READ_MODEL_VERSION));
  }

  /** The position of the last event applied; undefined before the first. */
  checkpoint(): string | undefined {
    const key = this.statements.getMeta.get('checkpoint')?.value;
    return key === undefined ? undefined : positionOfKey(key);
  }

  /** Applies a batch of events (global order) and moves the checkpoint past it, in one transaction. */
  applyBatch(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    this.db.transaction(() => {
      const byRelationship = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const [a, b] = event.payload.actors;
        const id = relationshipId(a, b);
        const list = byRelationship.get(id) ?? [];
        list.push(event);
        byRelationship.set(id, list);
      }
      for (const [id, list] of byRelationship) this.applyToRelationship(id, list);
      this.statements.setMeta.run('checkpoint', positionKey(events[events.length - 1].position));
    })();
  }

  private applyToRelationship(id: string, events: RecordedEvent[]): void {
    const [actorA, actorB] = id.split('-');
    const last = events[events.length - 1];
    if (!this.statements.getRelationship.get(id)) {
      this.statements.insertActorRelationship.run(actorA, id, actorB);
      this.statements.insertActorRelationship.run(actorB, id, actorA);
    }
    this.statements.upsertRelationship.run({
      relationship: id,
      actorA,
      actorB,
      revision: Number(last.revision),
      position: last.position,
      lastRecordedAt: last.metadata.recordedAt,
    });
    for (const event of events) {
      this.statements.insertEvent.run(
        id,
        positionKey(event.position),
        event.eventId,
        event.metadata.recordedAt,
        eventToJson(event),
      );
    }
    const update = planRelationshipUpdate(events, (eventId) => this.fact(eventId));
    // Only amended facts have a row to replace; a new fact's eventId has none.
    const amended = new Set(
      events
        .filter((e) => e.payload.data.targetEventId !== undefined)
        .map((e) => String(e.payload.data.targetEventId)),
    );
    for (const eventId of [...update.remove, ...update.upsert.map((f) => f.eventId)]) {
      if (amended.has(eventId)) this.statements.deleteFact.run(eventId);
    }
    for (const fact of update.upsert) {
      this.statements.insertFact.run(
        id,
        fact.period.start,
        positionKey(fact.position),
        fact.eventId,
        JSON.stringify(fact),
      );
    }
    if (update.recomputeFrom === undefined) return;
    const from = update.recomputeFrom;
    const before = this.statements.versionBefore.get(id, from);
    const start: RelationshipFold = before
      ? (JSON.parse(before.state) as RelationshipFold)
      : emptyRelationship();
    const facts = this.statements.factsFrom.all(id, from).map((row) => JSON.parse(row.fact) as DatedFact);
    this.statements.deleteVersionsFrom.run(id, from);
    for (const version of versionsFrom(start, facts)) {
      this.statements.insertVersion.run(id, version.validFrom, JSON.stringify(version.state));
    }
  }

  private fact(eventId: string): DatedFact | undefined {
    const row = this.statements.factById.get(eventId);
    return row ? (JSON.parse(row.fact) as DatedFact) : undefined;
  }

  relationship(id: string): RelationshipRow | undefined {
    return this.statements.getRelationship.get(id);
  }

  /** The state version in force on `at` (YYYY-MM-DD); the empty state before the first. */
  stateOn(id: string, at: string): RelationshipFold {
    const row = this.statements.versionAt.get(id, at);
    return row ? (JSON.parse(row.state) as RelationshipFold) : emptyRelationship();
  }

  /** The relationship's events in record order, those recorded by `knownAt` when given. */
  events(id: string, knownAt?: string): RecordedEvent[] {
    const rows =
      knownAt === undefined
        ? this.statements.eventsOf.all(id)
        : this.statements.eventsKnownAt.all(id, knownAt);
    return rows.map((row) => eventFromJson(row.event));
  }

  relationshipsOf(actor: string): { relationship: string; counterpart: string }[] {
    return this.statements.relationshipsOfActor.all(actor);
  }

  close(): void {
    this.db.close();
  }
}
