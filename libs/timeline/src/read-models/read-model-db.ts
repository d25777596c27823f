import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  DatedFact,
  emptyRelationship,
  foldFacts,
  FoldPoint,
  RecordedEvent,
  RelationshipFold,
  relationshipId,
  renderBody,
  renderState,
  RenderContext,
  renderVersions,
  stateAt,
  stateViewJson,
  VersionSummary,
  versionSummary,
} from '@app/domain';
import { planRelationshipUpdate, RelationshipUpdate } from '../projections/plan-relationship-update';
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
  /** The latest record time of a correction or retraction; null when there is none. */
  lastAmendedAt: string | null;
  /** Versions from this date on are not yet brought up to date (see materialize); null when all are. */
  dirtyFrom: string | null;
}

/** How far a build from position 0 got: the log up to `through`, the streams up to `lastStream`. */
export interface BuildProgress {
  through: string;
  lastStream: string;
}

/** A relationship's row read for a day: the version in force then, as stored (see relationshipOn). */
export interface RelationshipOnDay extends RelationshipRow {
  at: string;
  body: string | null;
}

/** The event a correction or retraction amends; undefined for a fact. */
function targetOf(event: RecordedEvent): string | undefined {
  const target = event.payload.data.targetEventId;
  return target === undefined ? undefined : String(target);
}

/** The tables a digest covers, with the order that makes their content comparable. */
const DIGESTED_TABLES: [string, string[]][] = [
  ['relationships', ['relationship']],
  ['relationship_events', ['relationship', 'pos']],
  ['facts', ['relationship', 'start', 'pos']],
  ['versions', ['relationship', 'valid_from']],
  ['folds', ['relationship']],
  ['actor_relationships', ['actor', 'relationship']],
];
const DIGEST_PAGE = 2000;

/**
 * Rows of a digest page as one text, each value after the first `skip` (the key columns, selected twice)
 * prefixed with its kind and length: unambiguous, and without escaping the JSON the rows hold, which
 * JSON.stringify of each row spent most of a digest on.
 */
function encodeRows(rows: unknown[][], skip: number): string {
  let text = '';
  for (const row of rows) {
    for (let i = skip; i < row.length; i++) {
      const value = row[i];
      if (value === null) text += 'n;';
      else {
        const chars = String(value);
        text += `${typeof value === 'number' ? 'i' : 's'}${chars.length}:${chars}`;
      }
    }
    text += '\n';
  }
  return text;
}

function openDatabase(path: string): Database.Database {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  if (!inMemory) db.pragma('journal_mode = WAL');
  // The read models can always be rebuilt from the log, so a lost last transaction costs a re-read only:
  // NORMAL is durable enough, and the checkpoint commits with the rows it covers either way.
  db.pragma('synchronous = NORMAL');
  // 32 MB of page cache: a query reads one row; beyond that, the operating system's file cache serves.
  db.pragma('cache_size = -32768');
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

  /**
   * Where a build from position 0 stands (see buildRelationships): the log position it covers and the
   * last stream done; undefined when none is under way.
   */
  buildProgress(): BuildProgress | undefined {
    const value = this.statements.getMeta.get('build')?.value;
    return value === undefined ? undefined : (JSON.parse(value) as BuildProgress);
  }

  /**
   * A step of a build from position 0 on empty read models, stream by stream instead of in log order:
   * each relationship's whole history up to `progress.through`, its versions rendered at once, and the
   * progress, in one transaction. Rows then go in key order, one relationship after another, instead of
   * a page per relationship touched by every batch. The checkpoint stays unset until finishBuild: queries
   * meanwhile see some relationships built and others not yet, and minPosition waits for the end.
   */
  buildRelationships(histories: RecordedEvent[][], progress: BuildProgress): void {
    this.db.transaction(() => {
      for (const events of histories) {
        const id = relationshipId(...events[0].payload.actors);
        if (this.statements.getRelationship.get(id)) {
          throw new Error(
            `${id} is in the read models already: a build stream by stream starts from empty ones`,
          );
        }
        // A relationship new to the read models: its live facts are the ones just planned, rendered
        // as they are instead of read back.
        const { upsert, recomputeFrom } = this.applyToRelationship(id, events);
        if (recomputeFrom !== undefined) this.writeVersions(id, recomputeFrom, upsert);
        else this.statements.markRendered.run(id);
      }
      this.statements.setMeta.run('build', JSON.stringify(progress));
    })();
  }

  /** Ends a build from position 0: the checkpoint is where it read the log up to. */
  finishBuild(through: string): void {
    this.db.transaction(() => {
      this.statements.deleteMeta.run('build');
      this.statements.setMeta.run('checkpoint', positionKey(through));
    })();
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

  private applyToRelationship(id: string, events: RecordedEvent[]): RelationshipUpdate {
    const [actorA, actorB] = id.split('-');
    const last = events[events.length - 1];
    if (!this.statements.getRelationship.get(id)) {
      this.statements.insertActorRelationship.run(actorA, id, actorB);
      this.statements.insertActorRelationship.run(actorB, id, actorA);
    }
    for (const event of events) {
      this.statements.insertEvent.run(
        id,
        positionKey(event.position),
        Number(event.revision),
        event.eventId,
        event.metadata.recordedAt,
        eventToJson(event),
      );
    }
    const update = planRelationshipUpdate(events, (eventId) => this.fact(id, eventId));
    // Only amended facts have a row to replace; a new fact's eventId has none.
    const amended = new Set(events.map(targetOf).filter((t) => t !== undefined));
    for (const eventId of [...update.remove, ...update.upsert.map((f) => f.eventId)]) {
      if (amended.has(eventId)) this.statements.deleteFact.run(id, eventId);
    }
    for (const fact of update.upsert) {
      this.statements.insertFact.run(
        id,
        fact.period.start,
        positionKey(fact.position),
        fact.eventId,
        fact.recordedAt,
        JSON.stringify(fact),
      );
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
      lastAmendedAt: events.reduce<string | null>(
        (max, e) =>
          targetOf(e) !== undefined && (max === null || e.metadata.recordedAt > max)
            ? e.metadata.recordedAt
            : max,
        null,
      ),
      // The versions are brought up to date later, once per relationship for many batches (materialize).
      dirtyFrom: update.recomputeFrom ?? null,
    });
    return update;
  }

  /**
   * Brings the versions of relationships marked dirty up to date, in one transaction, for about
   * `budgetMs`; true while some remain. A catch-up of many batches thus renders each relationship once,
   * not once per batch. Meanwhile queries on the dates concerned fold the facts (stateJson).
   */
  materialize(budgetMs: number): boolean {
    const until = performance.now() + budgetMs;
    // One transaction per turn, not per relationship: a commit costs as much as rendering a small one.
    return this.db.transaction(() => {
      for (;;) {
        const ids = this.statements.dirtyRelationships.all(64);
        if (ids.length === 0) return false;
        for (const { relationship } of ids) {
          this.materializeRelationship(relationship);
          if (performance.now() >= until) return true;
        }
      }
    })();
  }

  /** How many relationships have versions still to bring up to date. */
  relationshipsToMaterialize(): number {
    return this.statements.countDirty.get()!.n;
  }

  private materializeRelationship(id: string): void {
    const row = this.statements.getFold.get(id);
    if (!row || row.dirtyFrom === null) return;
    const from = row.dirtyFrom;
    // Facts that all start after the fold's last one continue it; anything earlier refolds from the start.
    const resume: FoldPoint | undefined =
      row.fold !== null && row.foldThrough !== null && row.foldThrough < from
        ? { fold: JSON.parse(row.fold) as RelationshipFold, through: row.foldThrough }
        : undefined;
    const rows = resume ? this.statements.factsFrom.all(id, from) : this.statements.factsOf.all(id);
    this.writeVersions(
      id,
      from,
      rows.map((r) => JSON.parse(r.fact) as DatedFact),
      resume,
    );
  }

  /** Renders the versions from `from` on (see renderVersions) and writes them in place of those stored. */
  private writeVersions(id: string, from: string, facts: DatedFact[], resume?: FoldPoint): void {
    const { versions, tail } = renderVersions(facts, from, resume);
    this.statements.deleteVersionsFrom.run(id, from);
    for (const v of versions) this.statements.insertVersion.run(id, v.validFrom, v.body, v.summary);
    if (tail) this.statements.setFold.run(id, tail.through, JSON.stringify(tail.fold));
    else this.statements.deleteFold.run(id);
    this.statements.markRendered.run(id);
  }

  private fact(id: string, eventId: string): DatedFact | undefined {
    const row = this.statements.factById.get(id, eventId);
    return row ? (JSON.parse(row.fact) as DatedFact) : undefined;
  }

  relationship(id: string): RelationshipRow | undefined {
    return this.statements.getRelationship.get(id);
  }

  /**
   * The answer of docs/domain.md on `at` (YYYY-MM-DD) as JSON: the version in force, or the empty state before the
   * first; on a date whose version is not yet brought up to date, the fold of the facts started by then.
   */
  stateJson(row: RelationshipOnDay, context: RenderContext): string {
    const at = row.at;
    if (row.dirtyFrom !== null && at >= row.dirtyFrom)
      return JSON.stringify(renderState(this.foldOn(row.relationship, at), context));
    return stateViewJson(row.body ?? JSON.stringify(renderBody(emptyRelationship(), at)), context);
  }

  /** The relationship's row with the JSON of its version in force on `at` (null before the first). */
  relationshipOn(id: string, at: string): RelationshipOnDay | undefined {
    const row = this.statements.getRelationshipOn.get({ id, at });
    return row && { ...row, at };
  }

  /** What the country view shows of a relationship on `at`, by the same rules as stateJson. */
  summaryOn(row: RelationshipRow, at: string): VersionSummary {
    if (row.dirtyFrom !== null && at >= row.dirtyFrom)
      return versionSummary(this.foldOn(row.relationship, at));
    const summary = this.statements.summaryAt.get(row.relationship, at);
    return summary === undefined
      ? versionSummary(emptyRelationship())
      : (JSON.parse(summary) as VersionSummary);
  }

  /**
   * The answer on `at` as the record read at `knownAt` (before the last record time), as JSON; undefined
   * when nothing of the pair was recorded by then. With no correction or retraction recorded after
   * `knownAt`, the facts as known then are the live facts recorded by then: their rows are folded, without
   * reading the events. Otherwise the events recorded by then are folded as they were (stateAt).
   */
  stateJsonKnownAt(
    row: RelationshipRow,
    at: string,
    knownAt: string,
  ): { json: string; revision: number } | undefined {
    const actors: [string, string] = [row.actorA, row.actorB];
    if (row.lastAmendedAt !== null && row.lastAmendedAt > knownAt) {
      const state = stateAt(this.events(row.relationship, knownAt), { actors, at, knownAt });
      return state && { json: JSON.stringify(state), revision: state.revision };
    }
    const head = this.statements.headKnownAt.get(row.relationship, knownAt);
    if (!head) return undefined;
    const facts = this.statements.factsUntilKnownAt
      .all(row.relationship, at, knownAt)
      .map((json) => JSON.parse(json) as DatedFact);
    const context = { actors, at, knownAt, revision: head.revision, position: positionOfKey(head.pos) };
    return { json: JSON.stringify(renderState(foldFacts(facts), context)), revision: head.revision };
  }

  private foldOn(id: string, at: string): RelationshipFold {
    return foldFacts(this.statements.factsUntil.all(id, at).map((r) => JSON.parse(r.fact) as DatedFact));
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
    // Versions are part of what is compared: bring them all up to date first.
    while (this.materialize(50)) await new Promise((r) => setImmediate(r));
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
        hash.update(encodeRows(page, keys.length));
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
