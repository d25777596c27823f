import { levelOfMission, panelRows, panelYears } from './cow-panel';

const mission = (kind: string, headOfMission?: string) => ({
  mission: kind,
  resident: true,
  headOfMission,
  since: '1950',
  eventId: 'e',
});

describe('the COW panel (docs/data-sets.md#the-panel)', () => {
  test.each([
    [undefined, 0],
    [mission('none'), 0],
    [mission('consulate'), 0],
    [mission('embassy', 'charge-d-affaires'), 1],
    [mission('legation', 'minister'), 2],
    [mission('embassy', 'ambassador'), 3],
    [mission('embassy'), 9],
    [mission('interests-section'), 9],
  ])('%j is level %d', (m, level) => {
    expect(levelOfMission(m)).toBe(level);
  });

  test('given US and SUHH in 1950, then two directed rows with COW codes 2 and 365', () => {
    expect(panelRows(['SUHH', 'US'], 1950, { US: mission('embassy', 'ambassador') })).toEqual([
      { ccode1: 365, ccode2: 2, year: 1950, DR_at_1: 3, DR_at_2: 0, DE: 1 },
      { ccode1: 2, ccode2: 365, year: 1950, DR_at_1: 0, DR_at_2: 3, DE: 1 },
    ]);
  });

  test('given a year when one side was no system member, then no row (never a row of zeros)', () => {
    expect(panelRows(['BD', 'US'], 1950, {})).toEqual([]);
  });

  test('given an interests section on each side, then 9 and 9 and no exchange', () => {
    expect(
      panelRows(['CU', 'US'], 1990, {
        US: mission('interests-section'),
        CU: mission('interests-section'),
      })[0],
    ).toMatchObject({
      DR_at_1: 9,
      DR_at_2: 9,
      DE: 0,
    });
  });

  test('years: a list, a step, the data set’s own, or every year; anything else names the rule', () => {
    expect(panelYears(1950, 1960, '5')).toEqual([1950, 1955, 1960]);
    expect(panelYears(1817, 2005, '1955,1950,3000')).toEqual([1950, 1955]);
    expect(panelYears(1900, 1930, 'cow')).toEqual([1904, 1909, 1914, 1920, 1925, 1930]);
    expect(panelYears(2000, 2002)).toEqual([2000, 2001, 2002]);
    expect(() => panelYears(2000, 1990)).toThrow('from not after to');
    expect(() => panelYears(1990, 2000, '5y')).toThrow('years must be');
  });
});
