import {
  amendedEventId,
  amendFact,
  ClosedVersion,
  DatedFact,
  factOf,
  placeSnapshots,
  RecordedEvent,
  relationshipId,
  Snapshot,
  SNAPSHOT_POLICY,
  SnapshotPolicy,
  snapshotThreshold,
  validTimeOrder,
  WalkedFact,
} from '@app/domain';
import type { BuildProgress, ReadModelFile } from '../read-models/read-model-file';
import { factJson, factOfRow } from '../read-models/fact-rows';
import { positionToRow } from '../read-models/positions';
import type { OpenFactRow, SearchFactRow } from '../read-models/read-model-statements';
import { searchDay } from '../search/search-sql';
import { searchTextOf } from '../search/search-text';

/** A version of a fact as the search's index keeps it (read-model-schema.ts). */
function searchRow(
  relationship: string,
  fact: DatedFact,
  pos: bigint,
  opened: bigint,
  recordedMs: number,
  openedMs: number,
): SearchFactRow {
  return {
    opened,
    pos,
    relationship,
    type: fact.type,
    start: searchDay(fact.period.start),
    end: searchDay(fact.period.end),
    recordedMs: recordedMs === openedMs ? null : recordedMs,
    openedMs,
  };
}

/**
 * Writes the log into the read models: each event's fact rows (a version opened or closed) and their
 * rows in the search's index, its revision, and the snapshots its relationship then needs. The same step serves live catch-up, the first build
 * stream by stream and the replay; each call is one transaction with the checkpoint or the build progress.
 */
export class ProjectionWriter {
  constructor(
    private readonly file: ReadModelFile,
    private readonly policy: SnapshotPolicy = SNAPSHOT_POLICY,
  ) {}

  /** Applies a batch of events (global order) and moves the checkpoint past it, in one transaction. */
  applyBatch(events: RecordedEvent[]): void {
    if (events.length === 0) return;
    this.file.transaction(() => {
      const byRelationship = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const id = relationshipId(...event.payload.actors);
        const list = byRelationship.get(id);
        if (list) list.push(event);
        else byRelationship.set(id, [event]);
      }
      for (const [id, list] of byRelationship) this.applyToRelationship(id, list);
      this.file.setCheckpoint(events[events.length - 1].position);
    });
  }

  /**
   * A step of a build from position 0 on empty read models, stream by stream: each relationship's whole
   * history up to `progress.through`, and the progress, in one transaction. Rows then go in key order, one
   * relationship after another. The checkpoint stays unset until finishBuild: queries meanwhile see some
   * relationships built and others not yet, and minPosition waits for the end.
   */
  buildRelationships(histories: RecordedEvent[][], progress: BuildProgress): void {
    this.file.transaction(() => {
      for (const events of histories) {
        const id = relationshipId(...events[0].payload.actors);
        if (this.file.statements.getRelationship.get(id)) {
          throw new Error(
            `${id} is in the read models already: a build stream by stream starts from empty ones`,
          );
        }
        this.applyToRelationship(id, events);
      }
      this.file.setBuildProgress(progress);
    });
  }

  /** Ends a build from position 0: the checkpoint is where it read the log up to. */
  finishBuild(through: string): void {
    this.file.transaction(() => {
      this.file.setBuildProgress(undefined);
      this.file.setCheckpoint(through);
    });
  }

  private applyToRelationship(id: string, events: RecordedEvent[]): void {
    const s = this.file.statements;
    const indexText = (event: RecordedEvent, opened: bigint) => {
      const text = searchTextOf(event);
      if (text) s.insertSearchText.run(opened, text);
    };
    const [actorA, actorB] = id.split('-');
    const known = s.getRelationship.get(id);
    if (!known) {
      s.insertActorRelationship.run(actorA, id, actorB);
      s.insertActorRelationship.run(actorB, id, actorA);
    }
    const last = s.lastSnapshotHead.get(id);
    const after = last?.through ?? '';
    let earliest: string | undefined; // the earliest start whose facts changed
    let tail = known?.tailSize ?? 0; // kept while no snapshot is invalidated
    const touch = (start: string, sizeChange: number) => {
      if (earliest === undefined || start < earliest) earliest = start;
      if (start > after) tail += sizeChange;
    };
    // A relationship new to the read models has all its facts in this batch: the walk takes them from
    // here instead of reading back and parsing the rows just written (the whole of a build's walk).
    const fresh = known ? undefined : new Map<string, WalkedFact>();
    const closedHere: ClosedVersion[] = [];
    let lastRecordedAt = '';
    for (const event of events) {
      const { recordedAt } = event.metadata;
      if (recordedAt > lastRecordedAt) lastRecordedAt = recordedAt;
      s.insertRevision.run(id, event.revision, positionToRow(event.position), recordedAt);
      const target = amendedEventId(event);
      if (target === undefined) {
        const fact = factOf(event)!;
        const json = factJson(fact);
        const pos = positionToRow(event.position);
        s.insertFact.run(id, fact.period.start, pos, pos, recordedAt, fact.eventId, json);
        const recordedMs = Date.parse(recordedAt);
        s.insertSearchFact.run(searchRow(id, fact, pos, pos, recordedMs, recordedMs));
        indexText(event, pos);
        touch(fact.period.start, json.length);
        fresh?.set(fact.eventId, { fact, size: json.length, openedAt: recordedAt });
        continue;
      }
      const row = s.openFactById.get(id, target);
      if (!row) continue; // retracted already, or not a fact of this relationship: nothing changes
      s.closeFact.run(recordedAt, id, row.start, row.pos, row.opened);
      s.closeSearchFact.run(Date.parse(recordedAt), row.opened);
      touch(row.start, -row.fact.length);
      fresh?.delete(target);
      closedHere.push({ start: row.start, changedAt: row.openedAt > recordedAt ? row.openedAt : recordedAt });
      const amended = amendFact(factOfRow(row.eventId, row.pos, row.fact), event);
      if (amended) {
        const json = factJson(amended);
        const opened = positionToRow(event.position);
        s.insertFact.run(id, amended.period.start, row.pos, opened, recordedAt, target, json);
        const firstRecordedMs = s.searchFactRecordedMs.get(row.opened)!;
        s.insertSearchFact.run(
          searchRow(id, amended, row.pos, opened, firstRecordedMs, Date.parse(recordedAt)),
        );
        indexText(event, opened);
        touch(amended.period.start, json.length);
        fresh?.set(target, { fact: amended, size: json.length, openedAt: recordedAt });
      }
    }
    if (fresh) {
      tail = this.placeFreshSnapshots(id, [...fresh.values()], closedHere, tail);
    } else if (earliest !== undefined && last && earliest <= last.through) {
      // Snapshots that folded a changed fact are gone; the walk places them again from the last one left.
      s.deleteSnapshotsFrom.run(id, earliest);
      const kept = s.lastSnapshotHead.get(id);
      tail = 0;
      for (const json of s.openFactTextsAfter.all(id, kept?.through ?? '')) tail += json.length;
      tail = this.placeSnapshots(id, kept?.size, tail);
    } else {
      tail = this.placeSnapshots(id, last?.size, tail);
    }
    const head = events[events.length - 1];
    s.upsertRelationship.run({
      relationship: id,
      actorA,
      actorB,
      revision: Number(head.revision),
      position: head.position,
      // The latest record time of any event (clocks may step back): knownAt at or after it sees them all.
      lastRecordedAt,
      tailSize: tail,
    });
  }

  /** The walk over a new relationship's facts, all in memory; returns the size of those after the last snapshot. */
  private placeFreshSnapshots(
    id: string,
    facts: WalkedFact[],
    closed: ClosedVersion[],
    tail: number,
  ): number {
    if (tail < snapshotThreshold(undefined, this.policy)) return tail;
    facts.sort((a, b) => validTimeOrder(a.fact, b.fact));
    closed.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const { snapshots, tailSize } = placeSnapshots(undefined, facts, closed, this.policy);
    for (const snapshot of snapshots) {
      this.file.statements.insertSnapshot.run(
        id,
        snapshot.through,
        snapshot.knownFrom,
        snapshot.json,
        snapshot.size,
      );
    }
    return tailSize;
  }

  /** Places the snapshots the open facts after the last one call for; returns the size of those after. */
  private placeSnapshots(id: string, lastSize: number | undefined, tail: number): number {
    if (tail < snapshotThreshold(lastSize, this.policy)) return tail;
    const s = this.file.statements;
    const last = s.lastSnapshot.get(id);
    const from: Snapshot | undefined = last && {
      through: last.through,
      knownFrom: last.knownFrom,
      json: last.fold,
      size: last.fold.length,
    };
    const after = last?.through ?? '';
    const facts = s.openFactsAfter.all(id, after).map((row: OpenFactRow) => ({
      fact: factOfRow(row.eventId, row.pos, row.fact),
      size: row.fact.length,
      openedAt: row.openedAt,
    }));
    const { snapshots, tailSize } = placeSnapshots(from, facts, s.closedAfter.all(id, after), this.policy);
    for (const snapshot of snapshots) {
      s.insertSnapshot.run(id, snapshot.through, snapshot.knownFrom, snapshot.json, snapshot.size);
    }
    return tailSize;
  }
}
