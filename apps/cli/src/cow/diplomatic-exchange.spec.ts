import { cowEvents, CowRow, parseDiplomaticExchange } from './diplomatic-exchange';

/** Rows of the COW Diplomatic Exchange data set v2006.1 (Bayer 2006, Correlates of War Project) → events. */
const row = (
  line: number,
  ccode1: number,
  ccode2: number,
  year: number,
  drAt1: number,
  drAt2: number,
  de = 1,
) => ({ line, ccode1, ccode2, year, drAt1, drAt2, de }) as CowRow;

describe('COW Diplomatic Exchange rows as RepresentationChanged events (docs/data-sets.md)', () => {
  test('given the first observation of a dyad, then each side’s level is a fact of that year', () => {
    const { events } = cowEvents([row(2, 2, 20, 1930, 0, 2)]);
    expect(events.map((e) => [e.actors, e.occurredOn, e.data])).toEqual([
      [['CA', 'US'], '1930', { sender: 'CA', mission: 'none', resident: false }],
      [
        ['US', 'CA'],
        '1930',
        { sender: 'US', mission: 'legation', resident: true, headOfMission: 'minister' },
      ],
    ]);
  });

  test('given a level unchanged, then nothing; given a change, then one fact covering the years since the previous observation', () => {
    const { events } = cowEvents([
      row(2, 2, 20, 1930, 2, 2),
      row(3, 2, 20, 1935, 2, 2),
      row(4, 2, 20, 1940, 3, 2),
    ]);
    expect(events.filter((e) => e.occurredOn !== '1930').map((e) => [e.occurredOn, e.data])).toEqual([
      ['1936/1940', { sender: 'CA', mission: 'embassy', resident: true, headOfMission: 'ambassador' }],
    ]);
  });

  test('given a missing row (not a system member), then it is not level 0: the next row is compared with the last one present', () => {
    const { events } = cowEvents([row(2, 2, 255, 1940, 3, 3), row(3, 2, 255, 1990, 3, 3)]);
    expect(events).toHaveLength(2); // the first observation only
  });

  test('given level 9, then a mission of unknown rank where COW counts an exchange, an interests section where not', () => {
    const { events } = cowEvents([row(2, 2, 40, 1980, 9, 9, 0), row(3, 2, 630, 1960, 9, 9, 1)]);
    expect(events.map((e) => e.data)).toEqual([
      { sender: 'CU', mission: 'interests-section', resident: true },
      { sender: 'US', mission: 'interests-section', resident: true },
      { sender: 'IR', mission: 'embassy', resident: true },
      { sender: 'US', mission: 'embassy', resident: true },
    ]);
  });

  test('the eventIds derive from the rows: the same rows give the same ids, in both directions of a dyad', () => {
    const once = cowEvents([row(2, 2, 20, 1930, 0, 2)]).events.map((e) => e.eventId);
    const mirrored = cowEvents([row(9, 20, 2, 1930, 2, 0), row(2, 2, 20, 1930, 0, 2)]).events.map(
      (e) => e.eventId,
    );
    expect(once).toEqual(cowEvents([row(7, 2, 20, 1930, 0, 2)]).events.map((e) => e.eventId));
    expect(mirrored).toHaveLength(2);
  });

  test('COW 365 is SUHH in 1950 and RU in 1995', () => {
    const { events } = cowEvents([row(2, 2, 365, 1950, 9, 9), row(3, 2, 365, 1995, 3, 3)]);
    expect(events.map((e) => e.actors)).toEqual([
      ['SUHH', 'US'],
      ['US', 'SUHH'],
      ['RU', 'US'],
      ['US', 'RU'],
    ]);
  });

  test('malformed rows are skipped with their line and the rule', () => {
    const text =
      '"ccode1","ccode2","year","DR_at_1","DR_at_2","DE","version"\r\n2,20,1930,0,2,1,2006.1\r\n2,20,x,0,2,1,2006.1\r\n2,20,1935,4,2,1,2006.1\r\n';
    const { rows, skipped } = parseDiplomaticExchange(text);
    expect(rows).toHaveLength(1);
    expect(skipped).toEqual([
      { line: 3, reason: 'ccode1, ccode2 and year must be whole numbers' },
      { line: 4, reason: 'DR_at_1 and DR_at_2 must be 0, 1, 2, 3 or 9' },
    ]);
  });
});
