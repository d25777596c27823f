import { parsePartialDate } from '../partial-date';
import type { CowState, StateDates, StateSystem } from './state-system';
import stateSystemJson from './state-system.v2016.json';

/**
 * Which actor code stands for a state at a period, and which states existed when
 * (docs/data-sets.md#states-that-existed). Pure functions over the list, which they take as data; the
 * list of the COW State System Membership v2016 is the default.
 */
export const STATE_SYSTEM = stateSystemJson as StateSystem;

const index = new WeakMap<StateSystem, { cow: Map<number, CowState>; states: Map<string, StateDates> }>();
function indexed(system: StateSystem) {
  let found = index.get(system);
  if (!found) {
    found = {
      cow: new Map(system.cow.map((c) => [c.ccode, c])),
      states: new Map(system.states.map((s) => [s.code, s])),
    };
    index.set(system, found);
  }
  return found;
}

export function cowState(ccode: number, system = STATE_SYSTEM): CowState | undefined {
  return indexed(system).cow.get(ccode);
}

export function stateDates(code: string, system = STATE_SYSTEM): StateDates | undefined {
  return indexed(system).states.get(code);
}

/** Whether the COW state was a member of the system at any time in `year` (the data set's rows say so). */
export function isMemberIn(state: CowState, year: number): boolean {
  return state.spells.some((s) => s.from <= `${year}-12-31` && s.to >= `${year}-01-01`);
}

function isMemberOn(state: CowState, day: string): boolean {
  return state.spells.some((s) => s.from <= day && s.to >= day);
}

/** The actor code a COW code stands for in `year`; undefined where it has none (cow-unmapped.csv). */
export function actorOfCow(ccode: number, year: number, system = STATE_SYSTEM): string | undefined {
  return cowState(ccode, system)?.codes.find((p) => p.fromYear <= year && year <= p.toYear)?.code;
}

/**
 * The COW code of an actor in `year`, among the COW states that were members that year: where two were
 * (Germany in 1990: the Federal Republic to 2 October, COW 260, unified Germany from 3 October, COW 255),
 * the one that was a member on 31 December, the day the panel describes.
 */
export function cowOfActor(code: string, year: number, system = STATE_SYSTEM): number | undefined {
  const candidates = (stateDates(code, system)?.ccodes ?? [])
    .map((c) => cowState(c, system)!)
    .filter((c) => actorOfCow(c.ccode, year, system) === code && isMemberIn(c, year));
  return (candidates.find((c) => isMemberOn(c, `${year}-12-31`)) ?? candidates[candidates.length - 1])?.ccode;
}

/**
 * The code that stands for `code`'s state on the period `occurredOn` (an EDTF date): `RU` in 1950 is
 * `SUHH`, `SUHH` in 1995 is `RU`. The code as given where the list knows no other, or where the period
 * straddles a change.
 */
export function actorForPeriod(code: string, occurredOn: string, system = STATE_SYSTEM): string {
  const period = parsePartialDate(occurredOn);
  const state = stateDates(code, system);
  if (!period || !state) return code;
  const startYear = Number(period.start.slice(0, 4));
  const endYear = Number(period.end.slice(0, 4));
  for (const ccode of state.ccodes) {
    const atStart = actorOfCow(ccode, startYear, system);
    if (atStart === undefined || atStart !== actorOfCow(ccode, endYear, system)) continue;
    let chosen = stateDates(atStart, system);
    // The mapping is by year; the list's days refine it (SUHH ends 1991-12-25, RU continues it).
    if (chosen?.from && period.end < chosen.from && chosen.predecessor)
      chosen = stateDates(chosen.predecessor);
    else if (chosen?.to && period.start > chosen.to && chosen.successor)
      chosen = stateDates(chosen.successor);
    if (chosen && isCertainlyWithin(period, chosen)) return chosen.code;
  }
  return code;
}

function isCertainlyWithin(period: { start: string; end: string }, state: StateDates): boolean {
  return !(state.from && period.start < state.from) && !(state.to && period.end > state.to);
}

/**
 * Whether a fact's period lies certainly before the state existed or after it ceased to (the whole
 * period outside its dates: a fact dated "1971" is not before Bangladesh's 1971-12-16).
 */
export function outsideExistence(
  state: StateDates,
  period: { start: string; end: string },
): 'before' | 'after' | undefined {
  if (state.from && period.end < state.from) return 'before';
  if (state.to && period.start > state.to) return 'after';
  return undefined;
}
