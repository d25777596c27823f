import type { RecordedEvent } from '../recorded-event';
import { factsAsKnown, validTimeOrder } from '../relationship/dated-fact';
import { applyFact } from '../relationship/evolve-relationship';
import { emptyRelationship, type Mission } from '../relationship/relationship-state';
import type { StateSystem } from '../states/state-system';
import { cowOfActor, STATE_SYSTEM } from '../states/states-by-period';

/**
 * The record as a dyad-year panel in the columns of the Correlates of War Diplomatic Exchange data set
 * (docs/data-sets.md#the-panel): each pair of the record, at 31 December of each year in which both of its
 * states were members of the state system, in both directions. Pure.
 */
export const PANEL_COLUMNS = ['ccode1', 'ccode2', 'year', 'DR_at_1', 'DR_at_2', 'DE'] as const;

export interface PanelRow {
  ccode1: number;
  ccode2: number;
  year: number;
  DR_at_1: number;
  DR_at_2: number;
  DE: number;
}

/** The data set's observation years (its codebook), for `--years cow`. */
export const COW_OBSERVATION_YEARS = [
  1817, 1824, 1827, 1832, 1836, 1840, 1844, 1849, 1854, 1859, 1864, 1869, 1874, 1879, 1884, 1889, 1894, 1899,
  1904, 1909, 1914, 1920, 1925, 1930, 1935, 1940, 1950, 1955, 1960, 1965, 1970, 1975, 1980, 1985, 1990, 1995,
  2000, 2005,
];

const RANK_LEVEL: Record<string, number> = { 'charge-d-affaires': 1, minister: 2, ambassador: 3 };

/** Whether a mission is diplomatic exchange in the data set's sense: an embassy or a legation, of any rank. */
function isExchange(mission: Mission | undefined): boolean {
  return mission?.mission === 'embassy' || mission?.mission === 'legation';
}

/**
 * A mission as a level of the codebook: 0 none (or a consulate: no diplomatic representation), 1–3 the
 * class of its head, 9 a mission of unknown rank, an interests section or a liaison office.
 */
export function levelOfMission(mission: Mission | undefined): number {
  if (!mission || mission.mission === 'none' || mission.mission === 'consulate') return 0;
  if (isExchange(mission)) return RANK_LEVEL[mission.headOfMission ?? ''] ?? 9;
  return 9;
}

/** The two directed rows of a pair in a year, or none when either state was not a system member. */
export function panelRows(
  actors: readonly [string, string],
  year: number,
  representation: Record<string, Mission>,
  system: StateSystem = STATE_SYSTEM,
): PanelRow[] {
  const [a, b] = actors;
  const ca = cowOfActor(a, year, system);
  const cb = cowOfActor(b, year, system);
  if (ca === undefined || cb === undefined) return [];
  const atA = levelOfMission(representation[b]);
  const atB = levelOfMission(representation[a]);
  const DE = isExchange(representation[a]) || isExchange(representation[b]) ? 1 : 0;
  return [
    { ccode1: ca, ccode2: cb, year, DR_at_1: atA, DR_at_2: atB, DE },
    { ccode1: cb, ccode2: ca, year, DR_at_1: atB, DR_at_2: atA, DE },
  ];
}

/** One pair's rows for the years (ascending), folded from its stored events as known at `knownAt`. */
export function pairPanel(
  actors: readonly [string, string],
  events: RecordedEvent[],
  years: readonly number[],
  knownAt?: string,
  system: StateSystem = STATE_SYSTEM,
): PanelRow[] {
  const facts = factsAsKnown(events, knownAt).sort(validTimeOrder);
  const state = emptyRelationship();
  const rows: PanelRow[] = [];
  let next = 0;
  for (const year of [...years].sort((x, y) => x - y)) {
    while (next < facts.length && facts[next].period.start <= `${year}-12-31`)
      applyFact(state, facts[next++]);
    rows.push(...panelRows(actors, year, state.representation, system));
  }
  return rows;
}

/** The panel's rows in the data set's order: by ccode1, ccode2, year. */
export function byPanelOrder(x: PanelRow, y: PanelRow): number {
  return x.ccode1 - y.ccode1 || x.ccode2 - y.ccode2 || x.year - y.year;
}

/**
 * The years of a panel: `years` is a list (`1950,1955`), a step (`5`: every fifth year from `from`), `cow`
 * (the data set's observation years) or absent (every year); bounded by from and to. Throws a RangeError
 * naming the rule.
 */
export function panelYears(from: number, to: number, years?: string): number[] {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1000 || to > 9999 || from > to) {
    throw new RangeError('from and to must be years (YYYY), from not after to');
  }
  const within = (y: number) => y >= from && y <= to;
  if (years === undefined || years === '') return range(from, to, 1);
  if (years === 'cow') return COW_OBSERVATION_YEARS.filter(within);
  if (/^\d{1,3}$/.test(years) && Number(years) > 0) return range(from, to, Number(years));
  if (/^\d{4}(,\d{4})*$/.test(years))
    return [...new Set(years.split(',').map(Number))].filter(within).sort((x, y) => x - y);
  throw new RangeError('years must be a list of years (1950,1955), a step (5) or "cow"');
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y += step) out.push(y);
  return out;
}
