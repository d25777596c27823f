import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
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
import { prepareStatements, ReadModelStatements } from './read-model-statements';
import { eventFromJson, eventToJson } from './stored-event-json';

export interface RelationshipRow {
  relationship: string;
  actorA: string;
  actorB: string;
  revision: number;
  position: string;
  lastRecordedAt: string;
}

/** The tables a digest covers, with the order that makes their content comparable. */
const DIGESTED_TABLES: [string, string[]][] = [
  ['relationships', ['relationship']],
  ['relationship_events', ['relationship', 'pos']],
  ['facts', ['relationship', 'start', 'pos']],
  ['versions', ['relationship', 'valid_from']],
  ['actor_relationships', ['actor', 'relationship']],
];
const DIGEST_PAGE = 2000;

function openDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  // The read models can always be rebuilt from the log, so a lost last transaction costs a re-read only:
  // NORMAL is durable enough, and the checkpoint commits with the rows it covers either way.
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  return db;
}

/**
 * The read-model database (READ_MODEL_PATH): written only by the projector, one transaction per batch
 * that also moves the checkpoint, so a crash can neither lose nor double-apply an event.
 */
export class ReadModelDb {
  private db!: Database.Database;
  private statements!: ReadModelStatements;

  private constructor(private readonly path: string) {
    this.connect(openDatabase(path));
  }

  private connect(db: Database.Database): void {
    createReadModelTables(db);
    this.db = db;
    this.statements = prepareStatements(db);
  }

  /** Opens (creating when missing) the read models at a file path, or ':memory:'. */
  static open(path: string): ReadModelDb {
    const readModels = new ReadModelDb(path);
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
      // The latest record time of any event (clocks may step back): knownAt at or after it sees them all.
      lastRecordedAt: events.reduce(
        (max, e) => (e.metadata.recordedAt > max ? e.metadata.recordedAt : max),
        '',
      ),
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
    for (const version of versionsFrom(start, facts, (state) => JSON.stringify(state))) {
      this.statements.insertVersion.run(id, version.validFrom, version.state);
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

  /**
   * A digest of the whole content of the read models (every table but `meta`, rows in key order):
   * the same log projected from position 0 gives the same digest, bit for bit. Read in pages by key,
   * yielding between pages, so that requests go on while a large read model is hashed; the caller
   * keeps writers away meanwhile (the replay pauses the projector).
   */
  async digest(): Promise<string> {
    const hash = createHash('sha256');
    for (const [table, keys] of DIGESTED_TABLES) {
      hash.update(`\u0000${table}\u0000`);
      const keyList = keys.join(', ');
      const first = this.db
        .prepare(`SELECT ${keyList}, * FROM ${table} ORDER BY ${keyList} LIMIT ${DIGEST_PAGE}`)
        .raw();
      const next = this.db
        .prepare(
          `SELECT ${keyList}, * FROM ${table} WHERE (${keyList}) > (${keys.map(() => '?').join(', ')}) ORDER BY ${keyList} LIMIT ${DIGEST_PAGE}`,
        )
        .raw();
      let page = first.all() as unknown[][];
      while (page.length > 0) {
        for (const row of page) {
          hash.update(JSON.stringify(row.slice(keys.length)));
          hash.update('\n');
        }
        if (page.length < DIGEST_PAGE) break;
        await new Promise((r) => setImmediate(r));
        page = next.all(...page[page.length - 1].slice(0, keys.length)) as unknown[][];
      }
    }
    return hash.digest('hex');
  }

  /**
   * Takes over the content of a shadow read model (a replay) in one synchronous step, so that no
   * request sees a mix: for files, the shadow file replaces this one, which a restart then opens.
   */
  replaceWith(shadow: ReadModelDb): void {
    if (this.path === ':memory:' || shadow.path === ':memory:') {
      this.db.close();
      this.connect(shadow.db);
      return;
    }
    shadow.db.pragma('wal_checkpoint(TRUNCATE)');
    shadow.db.close();
    this.db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(this.path + suffix, { force: true });
    renameSync(shadow.path, this.path);
    for (const suffix of ['-wal', '-shm']) rmSync(shadow.path + suffix, { force: true });
    this.connect(openDatabase(this.path));
  }

  /** A fresh, empty read model beside this one (for a replay); an older one there is deleted first. */
  openShadow(): ReadModelDb {
    if (this.path === ':memory:') return ReadModelDb.open(':memory:');
    const shadowPath = `${this.path}.replay`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(shadowPath + suffix, { force: true });
    return ReadModelDb.open(shadowPath);
  }

  close(): void {
    this.db.close();
  }
}
