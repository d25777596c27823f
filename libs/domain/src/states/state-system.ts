/**
 * The states that existed, as data (docs/data-sets.md#states-that-existed): the Correlates of War state
 * system membership (v2016) mapped to the actor codes of this record (ISO 3166-1, or ISO 3166-3 for a
 * former state) by period. Generated from datasets/cow (datasets/cow/build-state-system.ts); a test proves the
 * committed JSON is what the source files give.
 */
export interface CowSpell {
  /** First and last day of a spell of membership (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface CowIsoPeriod {
  /** First and last year in which the COW code stands for `code`. */
  fromYear: number;
  toYear: number;
  code: string;
}

export interface CowState {
  ccode: number;
  abb: string;
  name: string;
  spells: CowSpell[];
  /** The actor code by period; empty for a COW state with no ISO code (then `unmapped` says why). */
  codes: CowIsoPeriod[];
  unmapped?: string;
}

/** One actor code as a state: its dates of existence as far as the list tells them, and its neighbours. */
export interface StateDates {
  code: string;
  name: string;
  /** The day it became a state, when the list tells it (docs/data-sets.md says when it does not). */
  from?: string;
  /** The day it ceased to be one; absent for a state that still exists. */
  to?: string;
  /** The state it continues (RU continues SUHH). */
  predecessor?: string;
  /** The state that continues it (SUHH is continued by RU). */
  successor?: string;
  /** The COW codes that stand for it at some period. */
  ccodes: number[];
}

export interface StateSystem {
  source: string;
  cow: CowState[];
  states: StateDates[];
}
