import { UsMissionsRow, usMissionsEvents } from './us-missions-events';

/**
 * The US missions data set (Office of the Historian, via Brenton Kenkel, CC-BY 4.0): names to codes by period
 * (docs/data-sets.md#us-diplomatic-missions).
 */
const names = new Map([
  ['Russia', 'RU'],
  ['Bangladesh', 'BD'],
  ['Algeria', 'DZ'],
  ['Brunei', 'BN'],
  ['Belize', 'BZ'],
  ['Bavaria', ''],
]);
let line = 1;
const row = (name: string, status: string, occurredOn: string): UsMissionsRow => ({
  line: ++line,
  name,
  status,
  occurredOn,
  notes: '',
});
const summary = (rows: UsMissionsRow[]) => {
  const { events, skipped } = usMissionsEvents(rows, names);
  return {
    events: events.map((e) => [
      (e.actors as string[])[1],
      e.occurredOn,
      (e.data as { mission: string }).mission,
    ]),
    skipped: skipped.map((s) => s.reason),
  };
};

describe('US missions: codes by period, states that existed, heads of mission', () => {
  test('given Russia in 1933, then the USSR (SUHH), and the embassy goes on in RU from 1991-12-26', () => {
    expect(
      summary([row('Russia', 'Legation', '1809-11-05'), row('Russia', 'Embassy', '1933-12-13')]).events,
    ).toEqual([
      ['RU', '1809-11-05', 'legation'],
      ['SUHH', '1933-12-13', 'embassy'],
      ['RU', '1991-12-26', 'embassy'],
    ]);
  });

  test('given a consulate in Dacca in 1949, then a consulate in Bangladesh from 1971-12-16, the day it became a state', () => {
    expect(
      summary([row('Bangladesh', 'Consulate', '1949-08-29'), row('Bangladesh', 'Embassy', '1972-05-18')])
        .events,
    ).toEqual([
      ['BD', '1971-12-16', 'consulate'],
      ['BD', '1972-05-18', 'embassy'],
    ]);
  });

  test('given Algeria 1835, Belize 1847 and Brunei 1868, then each from the day of its statehood, or skipped if replaced before', () => {
    const { events, skipped } = summary([
      row('Algeria', 'Consulate', '1835'),
      row('Algeria', 'Embassy', '1962-09-29'),
      row('Belize', 'Consulate', '1847-03-03'),
      row('Brunei', 'Consulate', '1865'),
      row('Brunei', 'None', '1868-03-05'),
    ]);
    expect(events).toEqual([
      ['DZ', '1962-07-05', 'consulate'],
      ['DZ', '1962-09-29', 'embassy'],
      ['BZ', '1981-09-21', 'consulate'],
    ]);
    expect(skipped).toEqual([
      `before BN became a state (1984-01-01), replaced before then (line ${line})`,
      'before BN became a state (1984-01-01), no mission',
    ]);
  });

  test('an embassy is headed by an ambassador, a legation by a minister; a consulate has no head of mission', () => {
    const { events } = usMissionsEvents(
      [
        row('Russia', 'Legation', '1809'),
        row('Russia', 'Embassy', '1898'),
        row('Russia', 'Consulate', '1900'),
      ],
      names,
    );
    expect(events.map((e) => (e.data as { headOfMission?: string }).headOfMission)).toEqual([
      'minister',
      'ambassador',
      undefined,
    ]);
  });
});
