import {
  answerJson,
  applyFact,
  deepFreeze,
  emptyRelationship,
  foldOnto,
  RelationshipFold,
  renderBody,
  StateSummary,
  stateSummary,
} from '@app/domain';
import { AnswerCache } from './answer-cache';
import { eventIdOfRow } from './event-ids';
import { factOfRow } from './fact-rows';
import { KeptFactVersions } from './kept-fact-versions';
import { positionOfRow } from './positions';
import type { ReadModelFile } from './read-model-file';
import type { FactRow, RelationshipRow, SnapshotHead } from './read-model-statements';
import { recordTimeToRow } from './record-times';
import { foldOfRow } from './snapshot-folds';

/** The answer of GET /v1/relationships/{a}/{b} as JSON text, with its ETag's revision. */
export interface StateJson {
  json: string;
  revision: number;
}

/**
 * Every answer the read models give about a relationship's state, on one path: the snapshot in force on
 * the date (for a past record time, its fold as known then, kept in memory), plus the facts after it up to
 * the date, folded and rendered. The work is in proportion to the answer (docs/architecture.md, "The read side").
 */
export class StateReader {
  /** Bodies of answers as the record stands, by relationship, revision and date. */
  private readonly cache = new AnswerCache();
  /**
   * Large snapshots' folds as parsed (and frozen), by relationship, revision and day, bounded by their JSON's
   * length: a pair with a long history, asked about on many dates, parses each of its snapshots once, not
   * once per query. Smaller folds cost less to parse than to keep and copy. Also the folds on snapshots'
   * days as known at past record times (foldKnownAt), whatever their size: each is folded, not parsed.
   */
  private readonly folds = new AnswerCache<{ fold: RelationshipFold; size: number }>(
    256,
    16 * 1024 * 1024,
    (entry) => entry.size,
  );

  /**
   * Relationships' fact versions as parsed, by relationship and revision, bounded by their JSON's length:
   * a pair asked about as known at past record times folds most of its facts on each query (the snapshots
   * in force then are early ones when facts were backfilled since), and parsing them was most of the work.
   */
  private readonly versions: AnswerCache<KeptFactVersions>;
  /** Relationships whose versions are too large for that cache: their knownAt queries read rows. */
  private readonly tooLarge = new Set<string>();
  private readonly versionsLimit: number;

  constructor(
    private readonly file: ReadModelFile,
    /** Snapshots of this size or more (their JSON's length) are kept parsed; smaller ones parsed per query. */
    private readonly keptFoldSize = 32 * 1024,
    /**
     * The bound of the kept fact versions, as their JSON's length (parsed, they take about five times as
     * many bytes of heap); 0: knownAt queries read and parse their rows.
     */
    keptVersionsSize = 16 * 1024 * 1024,
  ) {
    this.versions = new AnswerCache<KeptFactVersions>(16, keptVersionsSize, (kept) => kept.size);
    // The cache takes no entry over an eighth of its bound (answer-cache.ts).
    this.versionsLimit = keptVersionsSize / 8;
  }

  /** Forgets every cached answer: after the read models are replaced (a replay's swap). */
  forget(): void {
    this.cache.clear();
    this.folds.clear();
    this.versions.clear();
    this.tooLarge.clear();
  }

  relationship(id: string): RelationshipRow | undefined {
    return this.file.statements.getRelationship.get(id);
  }

  relationshipsOf(actor: string): { relationship: string; counterpart: string }[] {
    return this.file.statements.relationshipsOfActor.all(actor);
  }

  /**
   * The relationship on `at` (YYYY-MM-DD) as the record read at `knownAt` (an ISO instant), or as it stands
   * when `knownAt` is `now` or later than its last record time. Undefined when nothing of the pair was
   * recorded by then.
   */
  stateJson(row: RelationshipRow, at: string, knownAt: string, now: boolean): StateJson | undefined {
    const current = now || knownAt >= row.lastRecordedAt;
    let head = { revision: row.revision, position: row.position };
    if (!current) {
      const known = this.file.statements.headKnownAt.get(row.relationship, recordTimeToRow(knownAt));
      if (!known) return undefined;
      head = { revision: Number(known.revision), position: positionOfRow(known.position) };
    }
    const context = { actors: [row.actorA, row.actorB] as [string, string], at, knownAt, ...head };
    const key = `${row.relationship}|${row.revision}|${at}`;
    let body = current ? this.cache.get(key) : undefined;
    if (body === undefined) {
      body = JSON.stringify(renderBody(this.foldOn(row, at, current ? undefined : knownAt), at));
      if (current) this.cache.set(key, body);
    }
    return { json: answerJson(body, context), revision: head.revision };
  }

  /** What the country view shows of a relationship on `at`, as the record stands. */
  summaryOn(id: string, at: string): StateSummary | undefined {
    const row = this.relationship(id);
    return row && stateSummary(this.foldOn(row, at));
  }

  /** The fold of the facts that start by `at`, as known at `knownAt` (as they stand when undefined). */
  private foldOn(row: RelationshipRow, at: string, knownAt?: string): RelationshipFold {
    const s = this.file.statements;
    const id = row.relationship;
    const k = knownAt === undefined ? undefined : recordTimeToRow(knownAt);
    const kept = k === undefined ? undefined : this.keptVersions(row);
    if (kept) return this.foldKnownAt(row, kept, at, k!);
    const snapshot =
      k === undefined
        ? s.snapshotOn.get(this.keptFoldSize, id, at)
        : s.snapshotKnownAt.get(this.keptFoldSize, id, at, k);
    const fold = this.foldOf(row, snapshot);
    const after = snapshot?.through ?? '';
    const rows: FactRow[] =
      k === undefined
        ? s.openFactsBetween.all(id, after, at)
        : s.factsBetweenKnownAt.all(id, after, at, k, k);
    // Rows come in valid-time order (start, then position): the fold's order.
    for (const [eventId, pos, json] of rows) applyFact(fold, factOfRow(eventIdOfRow(eventId), pos, json));
    return fold;
  }

  /** A copy of a snapshot's fold to fold more facts onto (an empty fold without one). */
  private foldOf(row: RelationshipRow, snapshot: SnapshotHead | undefined): RelationshipFold {
    if (!snapshot) return emptyRelationship();
    if (snapshot.fold !== null) return JSON.parse(foldOfRow(snapshot.fold)) as RelationshipFold;
    return foldOnto(this.keptFold(row, snapshot));
  }

  /**
   * The fold on `at` as known at record time `k`, from the kept versions. A past record time reads the
   * snapshots valid then, early ones once facts were backfilled since; so the fold on the day of the
   * snapshot in force on `at` as the record stands is kept too, for the record as it read at `k`: the same
   * for every record time after the last change, by `k`, of the facts that start by that day. A query then
   * folds the facts after that day, as the current one does (docs/architecture.md, "The read side").
   */
  private foldKnownAt(row: RelationshipRow, kept: KeptFactVersions, at: string, k: number): RelationshipFold {
    const s = this.file.statements;
    const id = row.relationship;
    const day = s.snapshotDayOn.get(id, at);
    if (day === undefined) {
      const fold = emptyRelationship();
      for (const fact of kept.between('', at, k)) applyFact(fold, fact);
      return fold;
    }
    const key = `known|${id}|${row.revision}|${day}|${kept.lastChange(day, k)}`;
    let base = this.folds.get(key)?.fold;
    if (!base) {
      const from = s.snapshotKnownAt.get(this.keptFoldSize, id, day, k);
      const fold = this.foldOf(row, from);
      for (const fact of kept.between(from?.through ?? '', day, k)) applyFact(fold, fact);
      // As a snapshot placed on that day (snapshots.ts): uncertainty that ended before it is never listed.
      fold.pending = fold.pending.filter((p) => p.end >= day);
      base = deepFreeze(fold);
      this.folds.set(key, { fold: base, size: JSON.stringify(base).length });
    }
    const fold = foldOnto(base);
    for (const fact of kept.between(day, at, k)) applyFact(fold, fact);
    return fold;
  }

  /** The relationship's fact versions, parsed once at this revision; undefined when the cache is off. */
  private keptVersions(row: RelationshipRow): KeptFactVersions | undefined {
    if (this.versionsLimit === 0 || this.tooLarge.has(row.relationship)) return undefined;
    const key = `${row.relationship}|${row.revision}`;
    let kept = this.versions.get(key);
    if (!kept) {
      kept = KeptFactVersions.of(this.file.statements.factVersionsOf.all(row.relationship));
      if (kept.size > this.versionsLimit) this.tooLarge.add(row.relationship);
      else this.versions.set(key, kept);
    }
    return kept;
  }

  /** A large snapshot's fold, parsed once while its relationship stays at this revision; frozen, as it is shared. */
  private keptFold(row: RelationshipRow, snapshot: SnapshotHead): RelationshipFold {
    const key = `${row.relationship}|${row.revision}|${snapshot.through}`;
    const kept = this.folds.get(key);
    if (kept) return kept.fold;
    const stored = this.file.statements.snapshotFold.get(row.relationship, snapshot.through)!;
    const fold = deepFreeze(JSON.parse(foldOfRow(stored)) as RelationshipFold);
    this.folds.set(key, { fold, size: snapshot.size });
    return fold;
  }
}
