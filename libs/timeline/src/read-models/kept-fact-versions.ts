import { DatedFact, deepFreeze } from '@app/domain';
import { eventIdOfRow } from './event-ids';
import { factOfRow } from './fact-rows';
import type { FactVersionOfRow } from './read-model-statements';

/**
 * Every version of one relationship's facts, parsed once (and frozen, as queries share them), in valid-time
 * order with their record-time intervals: a query as known at a past record time folds them from memory
 * instead of reading and parsing its rows again (docs/architecture.md, "The read side"). Its size is the
 * rows' JSON length, which bounds the cache that holds it.
 */
export class KeptFactVersions {
  private constructor(
    private readonly starts: string[],
    private readonly openedAt: number[],
    /** Infinity while open. */
    private readonly closedAt: number[],
    private readonly facts: DatedFact[],
    readonly size: number,
  ) {}

  static of(rows: FactVersionOfRow[]): KeptFactVersions {
    const starts: string[] = [];
    const openedAt: number[] = [];
    const closedAt: number[] = [];
    const facts: DatedFact[] = [];
    let size = 0;
    for (const [start, opened, closed, eventId, pos, json] of rows) {
      starts.push(start);
      openedAt.push(Number(opened));
      closedAt.push(closed === null ? Infinity : Number(closed));
      facts.push(deepFreeze(factOfRow(eventIdOfRow(eventId), pos, json)));
      size += json.length;
    }
    return new KeptFactVersions(starts, openedAt, closedAt, facts, size);
  }

  /**
   * The last record time by `k` (milliseconds) at which a fact starting by `day` was recorded, corrected or
   * retracted (-Infinity: none): the record of those facts reads the same at every time from it to `k`.
   */
  lastChange(day: string, k: number): number {
    let last = -Infinity;
    for (let i = 0, n = this.starts.length; i < n && this.starts[i] <= day; i++) {
      const opened = this.openedAt[i];
      if (opened <= k && opened > last) last = opened;
      const closed = this.closedAt[i];
      if (closed <= k && closed > last) last = closed;
    }
    return last;
  }

  /**
   * The facts that start after `after` and by `at`, as known at record time `k` (milliseconds): open by
   * then and not yet closed, in valid-time order (start, then position), as factsBetweenKnownAt reads them.
   */
  *between(after: string, at: string, k: number): Generator<DatedFact> {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < starts.length && starts[i] <= at; i++) {
      if (this.openedAt[i] <= k && this.closedAt[i] > k) yield this.facts[i];
    }
  }
}
