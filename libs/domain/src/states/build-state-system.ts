import type { CowIsoPeriod, CowSpell, CowState, StateDates, StateSystem } from './state-system';

/**
 * Builds the state list (docs/data-sets.md#states-that-existed) from the rows of the source files:
 * `states2016.csv` (COW State System Membership v2016), `cow-to-iso3166.csv` (COW code → actor code by
 * period), `cow-unmapped.csv`, and ISO 3166-3 (the `iso-3166` package) for what became of a former code.
 * Pure: the caller reads the files.
 */
export const STATE_SYSTEM_SOURCE =
  'Correlates of War Project. 2017. "State System Membership List, v2016." http://correlatesofwar.org; ' +
  'COW codes mapped to ISO 3166-1 / ISO 3166-3 by period (datasets/cow/cow-to-iso3166.csv)';

/** The list begins on 1816-01-01 and was made at the end of 2016: those dates bound the list, not the states. */
export const LIST_BEGINS = '1816-01-01';
export const LIST_ENDS = '2016-12-31';

/**
 * Days the mapping file gives in its notes (or that history fixes) where a COW code changes actor code
 * inside a year, or where COW's entry is its recognition threshold and not the state's creation (the
 * German Democratic Republic, founded 1949-10-07, entered in 1954).
 */
export const EXACT_DAYS: Record<string, { from?: string; to?: string }> = {
  SUHH: { from: '1922-12-30', to: '1991-12-25' },
  DDDE: { from: '1949-10-07' },
  DYBJ: { to: '1975-11-29' },
  HVBF: { to: '1984-08-03' },
  ZRCD: { from: '1971-10-27', to: '1997-05-16' },
  RHZW: { to: '1980-04-17' },
  BUMM: { to: '1989-06-17' },
  VDVN: { to: '1976-07-01' },
  YUCS: { to: '2003-02-03' },
  CSXX: { from: '2003-02-04', to: '2006-06-04' },
};

/**
 * States that existed before COW admitted them: COW's entry after 1945 is UN membership or recognition
 * by the major powers, which microstates and some old monarchies reached late. For them the list gives
 * no day of becoming a state (docs/data-sets.md#states-that-existed).
 */
export const OLDER_THAN_THEIR_ENTRY = ['AD', 'BT', 'KI', 'LI', 'MC', 'NR', 'OM', 'SM', 'TO', 'TV', 'WS'];

/** COW's entries before 1945 are thresholds of population and recognition, seldom a state's birth. */
const ENTRIES_TAKEN_AS_BIRTH_FROM = '1945-01-01';

type Row = Record<string, string>;

export interface FormerCode {
  alpha4: string;
  type: string;
  to: { alpha2: string }[];
}

const day = (y: string, m: string, d: string) =>
  `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

function actorCode(row: Row): string {
  return row.iso3166_3 || row.iso_alpha2;
}

interface Segment extends CowSpell {
  ccode: number;
}

export function buildStateSystem(
  input: { states: Row[]; mapping: Row[]; unmapped: Row[]; formerCodes: FormerCode[] },
  names: (code: string) => string | undefined,
): StateSystem {
  const spells = new Map<number, { abb: string; name: string; spells: CowSpell[] }>();
  for (const r of input.states) {
    const ccode = Number(r.ccode);
    const entry = spells.get(ccode) ?? { abb: r.stateabb, name: r.statenme, spells: [] };
    entry.spells.push({ from: day(r.styear, r.stmonth, r.stday), to: day(r.endyear, r.endmonth, r.endday) });
    spells.set(ccode, entry);
  }
  const codesOf = new Map<number, CowIsoPeriod[]>();
  for (const r of input.mapping) {
    const list = codesOf.get(Number(r.cown)) ?? [];
    list.push({ fromYear: Number(r.from_year), toYear: Number(r.to_year), code: actorCode(r) });
    codesOf.set(Number(r.cown), list);
  }
  const unmapped = new Map(input.unmapped.map((r) => [Number(r.cown), r.reason]));
  const cow: CowState[] = [...spells.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ccode, s]) => ({
      ccode,
      abb: s.abb,
      name: s.name,
      spells: s.spells.sort((a, b) => (a.from < b.from ? -1 : 1)),
      codes: (codesOf.get(ccode) ?? []).sort((a, b) => a.fromYear - b.fromYear),
      ...(unmapped.has(ccode) ? { unmapped: unmapped.get(ccode) } : {}),
    }));

  // Each actor code's segments: a spell of membership cut to the years its COW code stands for it.
  const segments = new Map<string, Segment[]>();
  const neighbours = new Map<string, { predecessor?: string; successor?: string }>();
  for (const state of cow) {
    state.codes.forEach((period, i) => {
      for (const spell of state.spells) {
        const from = [spell.from, `${period.fromYear}-01-01`].sort()[1];
        const to = [spell.to, `${period.toYear}-12-31`].sort()[0];
        if (from > to) continue;
        const list = segments.get(period.code) ?? [];
        list.push({ ccode: state.ccode, from, to });
        segments.set(period.code, list);
      }
      // The same COW state under another code before or after: the later code continues the earlier
      // (RU continues SUHH). A code that recurs (RU, the Russian Empire, then the Russian Federation) takes
      // the neighbours of its last period.
      const before = state.codes[i - 1]?.code;
      const after = state.codes[i + 1]?.code;
      if (before !== undefined || after !== undefined) {
        neighbours.set(period.code, {
          ...(before && before !== period.code ? { predecessor: before } : {}),
          ...(after && after !== period.code ? { successor: after } : {}),
        });
      }
    });
  }
  // A former code renamed or merged into one state (ISO 3166-3 "change" or "merge") is continued by it.
  for (const former of input.formerCodes) {
    if (!segments.has(former.alpha4) || former.to.length !== 1 || neighbours.get(former.alpha4)?.successor)
      continue;
    if (former.type === 'change' || former.type === 'merge') {
      neighbours.set(former.alpha4, { ...neighbours.get(former.alpha4), successor: former.to[0].alpha2 });
    }
  }

  const states: StateDates[] = [...segments.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, list]) => {
      const first = list.map((s) => s.from).sort()[0];
      const last = list.map((s) => s.to).sort()[list.length - 1];
      const { predecessor, successor } = neighbours.get(code) ?? {};
      const exact = EXACT_DAYS[code] ?? {};
      const bornInTheList =
        first > LIST_BEGINS &&
        first >= ENTRIES_TAKEN_AS_BIRTH_FROM &&
        !predecessor &&
        !OLDER_THAN_THEIR_ENTRY.includes(code);
      const from = exact.from ?? (bornInTheList ? first : undefined);
      const to = exact.to ?? (last < LIST_ENDS ? last : undefined);
      return {
        code,
        name: names(code) ?? cow.find((c) => c.codes.some((p) => p.code === code))!.name,
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(predecessor ? { predecessor } : {}),
        ...(successor ? { successor } : {}),
        ccodes: [...new Set(list.map((s) => s.ccode))].sort((a, b) => a - b),
      };
    });
  return { source: STATE_SYSTEM_SOURCE, cow, states };
}
