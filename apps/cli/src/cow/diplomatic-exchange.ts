import { parse } from 'csv-parse/sync';
import { actorOfCow, cowOfActor, cowState, type StateSystem, STATE_SYSTEM } from '@app/domain';
import { deterministicUuid } from '../deterministic-uuid';

/**
 * The Correlates of War Diplomatic Exchange data set, v2006.1, as RepresentationChanged events
 * (docs/data-sets.md#the-cow-diplomatic-exchange-data-set). Pure: the caller reads the file and writes.
 */
export const COW_DIPLOMATIC_EXCHANGE_CITATION =
  'Bayer, Reşat. 2006. "Diplomatic Exchange Data set, v2006.1." Correlates of War Project, ' +
  'http://correlatesofwar.org (doi:10.7910/DVN/KG4HLQ)';

const SOURCE = {
  publisher: 'Correlates of War Project',
  url: 'https://correlatesofwar.org/data-sets/diplomatic-exchange/',
  title: 'Diplomatic Exchange Data set, v2006.1',
  citing: COW_DIPLOMATIC_EXCHANGE_CITATION,
};

/** The codebook's levels of representation (DR_at_1, DR_at_2). */
export const COW_LEVELS = [0, 1, 2, 3, 9] as const;
export type CowLevel = (typeof COW_LEVELS)[number];

const LEVEL_NAMES: Record<CowLevel, string> = {
  0: 'no evidence of representation',
  1: "chargé d'affaires",
  2: 'minister',
  3: 'ambassador',
  9: 'other',
};

export const COW_COLUMNS = ['ccode1', 'ccode2', 'year', 'DR_at_1', 'DR_at_2', 'DE'] as const;

export interface CowRow {
  line: number;
  ccode1: number;
  ccode2: number;
  year: number;
  drAt1: CowLevel;
  drAt2: CowLevel;
  de: 0 | 1;
}

export interface CowSkipped {
  line?: number;
  reason: string;
}

/** Thrown when the file is not the data set (its columns are missing): nothing is read from it. */
export class NotTheDataSetError extends Error {}

const isLevel = (n: number): n is CowLevel => (COW_LEVELS as readonly number[]).includes(n);

/** The rows of the official file (any column order, CRLF or LF); malformed rows are skipped with a reason. */
export function parseDiplomaticExchange(text: string): { rows: CowRow[]; skipped: CowSkipped[] } {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const header = records.length > 0 ? Object.keys(records[0]) : [];
  const missing = COW_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new NotTheDataSetError(
      `not the Diplomatic Exchange file: no column ${missing.join(', ')} (expected ${COW_COLUMNS.join(', ')}, version)`,
    );
  }
  const rows: CowRow[] = [];
  const skipped: CowSkipped[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const [ccode1, ccode2, year, drAt1, drAt2, de] = COW_COLUMNS.map((c) => Number(r[c]));
    const whole = [ccode1, ccode2, year].every((n) => Number.isInteger(n) && n > 0);
    if (!whole) skipped.push({ line, reason: 'ccode1, ccode2 and year must be whole numbers' });
    else if (!isLevel(drAt1) || !isLevel(drAt2))
      skipped.push({ line, reason: 'DR_at_1 and DR_at_2 must be 0, 1, 2, 3 or 9' });
    else if (de !== 0 && de !== 1) skipped.push({ line, reason: 'DE must be 0 or 1' });
    else rows.push({ line, ccode1, ccode2, year, drAt1, drAt2, de });
  });
  return { rows, skipped };
}

/** What a directed level becomes in the catalogue (docs/data-sets.md#levels). */
export function missionOfLevel(level: CowLevel, exchange: boolean): Record<string, unknown> {
  switch (level) {
    case 0:
      return { mission: 'none', resident: false };
    case 1:
      return { mission: 'embassy', resident: true, headOfMission: 'charge-d-affaires' };
    case 2:
      return { mission: 'legation', resident: true, headOfMission: 'minister' };
    case 3:
      return { mission: 'embassy', resident: true, headOfMission: 'ambassador' };
    case 9:
      // "Other": a mission of unknown rank where COW counts an exchange in the dyad-year, an interests
      // section (or the like) where it does not (DE = 0, e.g. US–Cuba 1980–2005).
      return exchange
        ? { mission: 'embassy', resident: true }
        : { mission: 'interests-section', resident: true };
  }
}

interface Observation {
  line: number;
  /** The row's key and the column read, for the eventId. */
  key: string;
  sender: string;
  host: string;
  senderCcode: number;
  hostCcode: number;
  year: number;
  level: CowLevel;
  exchange: boolean;
}

const sameLevel = (a: Observation, b: Observation) =>
  a.level === b.level && (a.level !== 9 || a.exchange === b.exchange);

/**
 * One RepresentationChanged per change of a directed level between two observations of the pair (and one
 * for the first observation), dated by the years since the previous one. Rows of COW states with no actor
 * code that year, and rows of a COW state that is not the one standing for its actor on 31 December (the
 * Federal Republic of Germany in 1990), are skipped and reported. A missing row is never read as level 0.
 */
export function cowEvents(rows: CowRow[], system: StateSystem = STATE_SYSTEM) {
  const skipped: CowSkipped[] = [];
  const unmapped = new Map<number, number[]>();
  const observations = new Map<string, Observation>();
  const conflicts: CowSkipped[] = [];
  for (const row of rows) {
    const a = actorOfCow(row.ccode1, row.year, system);
    const b = actorOfCow(row.ccode2, row.year, system);
    if (a === undefined || b === undefined) {
      const ccode = a === undefined ? row.ccode1 : row.ccode2;
      const years = unmapped.get(ccode) ?? [];
      years.push(row.year);
      unmapped.set(ccode, years);
      continue;
    }
    const standIn = [row.ccode1, row.ccode2].find(
      (c, i) => cowOfActor(i === 0 ? a : b, row.year, system) !== c,
    );
    if (standIn !== undefined) {
      const actor = standIn === row.ccode1 ? a : b;
      skipped.push({
        line: row.line,
        reason: `COW ${standIn} is not ${actor} on ${row.year}-12-31 (COW ${cowOfActor(actor, row.year, system) ?? 'none'} is)`,
      });
      continue;
    }
    const exchange = row.de === 1;
    const rowKey = `${row.ccode1},${row.ccode2},${row.year}`;
    // DR_at_1: side 2's mission at side 1; DR_at_2: side 1's mission at side 2.
    for (const o of [
      {
        key: `${rowKey}:DR_at_1`,
        sender: b,
        host: a,
        senderCcode: row.ccode2,
        hostCcode: row.ccode1,
        level: row.drAt1,
      },
      {
        key: `${rowKey}:DR_at_2`,
        sender: a,
        host: b,
        senderCcode: row.ccode1,
        hostCcode: row.ccode2,
        level: row.drAt2,
      },
    ]) {
      const observation: Observation = { ...o, line: row.line, year: row.year, exchange };
      const id = `${o.sender}>${o.host}:${row.year}`;
      const earlier = observations.get(id);
      if (!earlier) observations.set(id, observation);
      else if (!sameLevel(earlier, observation)) {
        conflicts.push({
          line: row.line,
          reason: `${o.sender} at ${o.host} in ${row.year}: level ${o.level}, line ${earlier.line} says ${earlier.level}`,
        });
      }
    }
  }
  const series = new Map<string, Observation[]>();
  for (const o of observations.values()) {
    const list = series.get(`${o.sender}>${o.host}`) ?? [];
    list.push(o);
    series.set(`${o.sender}>${o.host}`, list);
  }
  const events: Record<string, unknown>[] = [];
  for (const list of series.values()) {
    list.sort((x, y) => x.year - y.year);
    list.forEach((o, i) => {
      const previous = list[i - 1];
      if (previous && sameLevel(previous, o)) return;
      const since = previous ? previous.year + 1 : o.year;
      events.push({
        eventId: deterministicUuid(`cow/Diplomatic_Exchange_2006v1.csv:${o.key}`),
        type: 'RepresentationChanged',
        actors: [o.sender, o.host],
        occurredOn: since === o.year ? String(o.year) : `${since}/${o.year}`,
        data: { sender: o.sender, ...missionOfLevel(o.level, o.exchange) },
        sources: [SOURCE],
        note:
          `COW Diplomatic Exchange v2006.1: level ${o.level} (${LEVEL_NAMES[o.level]}) of COW ${o.senderCcode} ` +
          `at COW ${o.hostCcode} in ${o.year}` +
          (previous
            ? `; ${previous.level} (${LEVEL_NAMES[previous.level]}) in ${previous.year}`
            : '; first observation') +
          (o.level === 9 ? `; DE ${o.exchange ? 1 : 0}` : ''),
      });
    });
  }
  for (const [ccode, years] of unmapped) {
    const state = cowState(ccode, system);
    const why = state?.unmapped ?? (state ? 'no actor code for those years' : 'not in the state list');
    const span = `${Math.min(...years)}–${Math.max(...years)}`;
    skipped.push({ reason: `COW ${ccode} (${state?.name ?? '?'}), ${years.length} rows ${span}: ${why}` });
  }
  return { events, skipped: [...skipped, ...conflicts] };
}
