import type { DatedFact } from './dated-fact';
import { applyFact } from './evolve-relationship';
import { emptyRelationship, RelationshipFold } from './relationship-state';

/**
 * Where the read models keep the fold of a relationship so that a query folds only the facts after it
 * (docs/architecture.md, "The read side"). A snapshot is placed once the facts since the previous one
 * outweigh that one's own size (sizes: JSON lengths): snapshots then stay a fixed share of the facts'
 * size (linear in the history), and a query folds at most `ratio` times a snapshot's worth of facts
 * (in proportion to its answer).
 */
export interface SnapshotPolicy {
  /** No snapshot before facts of this size: small relationships fold from the start. */
  minSize: number;
  /** A snapshot once the facts since the previous one weigh `ratio` times its size. */
  ratio: number;
}

/**
 * Facts since the previous snapshot weigh a quarter of it: a query folds at most a fifth of a growing
 * history onto a snapshot, and snapshots weigh about four times the facts. Half as dense, a query on a long
 * history folded twice the facts for its answer (the trade is measured in docs/benchmarks.md, "Growth").
 */
export const SNAPSHOT_POLICY: SnapshotPolicy = { minSize: 4096, ratio: 0.25 };

/**
 * The fold of every live fact whose period starts on or before `through`, valid for any record time from
 * `knownFrom` on: the latest record time at which a fact starting by then was recorded, corrected or
 * retracted.
 */
export interface Snapshot {
  through: string;
  knownFrom: string;
  /** The fold (a RelationshipFold) as JSON, as stored, and its length. */
  json: string;
  size: number;
}

/** A live fact as the walk reads it: the length of its stored JSON, when its version was recorded. */
export interface WalkedFact {
  fact: DatedFact;
  size: number;
  openedAt: string;
}

/** A fact version closed by a correction or retraction: it weighs on the record times a snapshot covers. */
export interface ClosedVersion {
  start: string;
  /** The later of the times it was recorded and closed. */
  changedAt: string;
}

/** What size of facts after a snapshot of `previousSize` (none: undefined) calls for the next one. */
export function snapshotThreshold(previousSize: number | undefined, policy: SnapshotPolicy): number {
  return Math.max(policy.minSize, (previousSize ?? 0) * policy.ratio);
}

/**
 * Walks the live facts after a snapshot (or from the start) in valid-time order and places the snapshots
 * the policy calls for, day by day: where they fall depends only on the facts, so the same facts give the
 * same snapshots however they were recorded or batched. Returns them and the size of the facts after the last.
 * `facts` must be in valid-time order, all after `from.through`; `closed`, those closed after it.
 */
export function placeSnapshots(
  from: Snapshot | undefined,
  facts: readonly WalkedFact[],
  closed: readonly ClosedVersion[],
  policy: SnapshotPolicy = SNAPSHOT_POLICY,
): { snapshots: Snapshot[]; tailSize: number } {
  // The walk changes the fold in place: start from a copy of the snapshot's.
  const state = from ? (JSON.parse(from.json) as RelationshipFold) : emptyRelationship();
  let knownFrom = from?.knownFrom ?? '';
  let threshold = snapshotThreshold(from?.size, policy);
  let tail = 0;
  let c = 0;
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < facts.length;) {
    const day = facts[i].fact.period.start;
    for (; i < facts.length && facts[i].fact.period.start === day; i++) {
      applyFact(state, facts[i].fact);
      tail += facts[i].size;
      if (facts[i].openedAt > knownFrom) knownFrom = facts[i].openedAt;
    }
    // Uncertainty that ended before this day is never listed again: the fold sheds it.
    state.pending = state.pending.filter((p) => p.end >= day);
    if (tail < threshold) continue;
    for (; c < closed.length && closed[c].start <= day; c++) {
      if (closed[c].changedAt > knownFrom) knownFrom = closed[c].changedAt;
    }
    const json = JSON.stringify(state);
    snapshots.push({ through: day, knownFrom, json, size: json.length });
    threshold = snapshotThreshold(json.length, policy);
    tail = 0;
  }
  return { snapshots, tailSize: tail };
}
