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
import { eventIdOfRow, eventIdToRow } from '../read-models/event-ids';
import { factJson, factOfRow } from '../read-models/fact-rows';
import { factTypeCode } from '../read-models/fact-type-codes';
import { positionToRow } from '../read-models/positions';
import type { FactVersionRow } from '../read-models/read-model-statements';
import { recordTimeOfRow, recordTimeToRow } from '../read-models/record-times';
import { foldOfRow, foldToRow } from '../read-models/snapshot-folds';
import { searchTextOf } from '../search/search-text';

/** The row of a version of a fact (read-model-schema.ts): also the search's index of it. */
function factRow(
  relationship: string,
  fact: DatedFact,
  json: string,
  pos: bigint,
  opened: bigint,
  openedAt: number,
  recordedAt: number,
): FactVersionRow {
  return {
    relationship,
    start: fact.period.start,
    pos,
    opened,
    type: factTypeCode(fact.type),
    end: fact.period.end,
    openedAt,
    recordedAt: recordedAt === openedAt ? null : recordedAt,
    eventId: eventIdToRow(fact.eventId),
    fact: json,
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
      this.indexWords();
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
      if (this.file.searchIndexed()) this.file.dropSearchIndexes();
      for (const events of histories) {
        const id = relationshipId(...events[0].payload.actors);
        if (this.file.statements.getRelationship.get(id)) {
          throw new Error(
            `${id} is in the read models already: a build stream by stream starts from empty ones`,
          );
        }
        this.applyToRelationship(id, events);
      }
      this.indexWords();
      this.file.setBuildProgress(progress);
    });
  }

  /** Ends a build from position 0: the checkpoint is where it read the log up to. */
  finishBuild(through: string): void {
    this.file.transaction(() => {
      if (!this.file.searchIndexed()) this.file.createSearchIndexes();
      this.file.setBuildProgress(undefined);
      this.file.setCheckpoint(through);
    });
  }

  /** The words of the versions opened in this transaction, by rowid: written by indexWords. */
  private words: [opened: bigint, text: string][] = [];

  /**
   * Writes the words gathered in this transaction into the full-text index in rowid order: FTS5 writes
   * its pending terms out as a new segment whenever a rowid comes lower than the one before, so that a
   * build stream by stream (positions in no order) would write a segment per fact and merge them all.
   */
  private indexWords(): void {
    const words = this.words;
    this.words = [];
    words.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const insert = this.file.statements.insertSearchText;
    for (const [opened, text] of words) insert.run(opened, text);
  }

  private applyToRelationship(id: string, events: RecordedEvent[]): void {
    const s = this.file.statements;
    const indexText = (event: RecordedEvent, opened: bigint) => {
      const text = searchTextOf(event);
      if (text) this.words.push([opened, text]);
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
      if (event.metadata.recordedAt > lastRecordedAt) lastRecordedAt = event.metadata.recordedAt;
      const at = recordTimeToRow(event.metadata.recordedAt);
      const recordedAt = recordTimeOfRow(at); // as every path hands it to the snapshots' walk
      s.insertRevision.run(id, event.revision, positionToRow(event.position), at);
      const target = amendedEventId(event);
      if (target === undefined) {
        const fact = factOf(event)!;
        const json = factJson(fact);
        const pos = positionToRow(event.position);
        s.insertFact.run(factRow(id, fact, json, pos, pos, at, at));
        indexText(event, pos);
        touch(fact.period.start, json.length);
        fresh?.set(fact.eventId, { fact, size: json.length, openedAt: recordedAt });
        continue;
      }
      const row = s.openFactById.get(id, eventIdToRow(target));
      if (!row) continue; // retracted already, or not a fact of this relationship: nothing changes
      s.closeFact.run(at, id, row.start, row.pos, row.opened);
      touch(row.start, -row.fact.length);
      fresh?.delete(target);
      const changedAt = Number(row.openedAt) > at ? Number(row.openedAt) : at;
      closedHere.push({ start: row.start, changedAt: recordTimeOfRow(changedAt) });
      const amended = amendFact(factOfRow(target, row.pos, row.fact), event);
      if (amended) {
        const json = factJson(amended);
        const opened = positionToRow(event.position);
        s.insertFact.run(factRow(id, amended, json, row.pos, opened, at, Number(row.recordedAt)));
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
        recordTimeToRow(snapshot.knownFrom),
        foldToRow(snapshot.json),
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
    let from: Snapshot | undefined;
    if (last) {
      const json = foldOfRow(last.fold);
      from = { through: last.through, knownFrom: recordTimeOfRow(last.knownFrom), json, size: json.length };
    }
    const after = last?.through ?? '';
    const facts = s.openFactsAfter.all(id, after).map((row) => ({
      fact: factOfRow(eventIdOfRow(row.eventId), row.pos, row.fact),
      size: row.fact.length,
      openedAt: recordTimeOfRow(row.openedAt),
    }));
    const closed = s.closedAfter
      .all(id, after)
      .map((row) => ({ start: row.start, changedAt: recordTimeOfRow(row.changedAt) }));
    const { snapshots, tailSize } = placeSnapshots(from, facts, closed, this.policy);
    for (const snapshot of snapshots) {
      s.insertSnapshot.run(
        id,
        snapshot.through,
        recordTimeToRow(snapshot.knownFrom),
        foldToRow(snapshot.json),
        snapshot.size,
      );
    }
    return tailSize;
  }
}
