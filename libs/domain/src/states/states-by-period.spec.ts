import { parsePartialDate } from '../partial-date';
import { foldFacts } from '../relationship/state-at';
import { existenceAnomalies } from './existence-anomalies';
import { actorForPeriod, actorOfCow, cowOfActor, stateDates } from './states-by-period';

describe('states by period (docs/data-sets.md#states-that-existed)', () => {
  test.each([
    [365, 1850, 'RU'],
    [365, 1950, 'SUHH'],
    [365, 1995, 'RU'],
    [345, 1995, 'YUCS'],
    [345, 2005, 'CSXX'],
    [345, 2010, 'RS'],
    [265, 1970, 'DDDE'],
    [260, 1970, 'DE'],
    [240, 1850, undefined], // Hanover: no ISO code
  ])('COW %d in %d is %s', (ccode, year, code) => {
    expect(actorOfCow(ccode, year)).toBe(code);
  });

  test.each([
    ['DE', 1960, 260],
    ['DE', 1930, 255],
    ['DE', 1990, 255], // both were members in 1990; unified Germany on 31 December
    ['SUHH', 1950, 365],
    ['YE', 1990, 679],
    ['BD', 1950, undefined],
  ])('%s in %d is COW %s', (code, year, ccode) => {
    expect(cowOfActor(code, year)).toBe(ccode);
  });

  test.each([
    ['RU', '1950-01-01', 'SUHH'],
    ['RU', '1991-12-25', 'SUHH'],
    ['RU', '1991-12-26', 'RU'],
    ['RU', '1991', 'RU'], // straddles the change: kept as given
    ['SUHH', '1995', 'RU'],
    ['RU', '1900', 'RU'],
    ['DE', '1970', 'DE'],
    ['BD', '1949', 'BD'], // no other code: kept (and reported by whoever needs a state)
  ])('%s on %s is %s', (code, on, expected) => {
    expect(actorForPeriod(code, on)).toBe(expected);
  });

  describe('facts dated outside a state’s existence are anomalies', () => {
    const fact = (eventId: string, start: string, end = start) => ({ eventId, period: { start, end } });

    test('given a fact of 1949 about Bangladesh, then it is dated before BD became a state', () => {
      const anomalies = existenceAnomalies(
        ['BD', 'US'],
        [fact('e1', '1949-01-01', '1949-12-31')],
        stateDates,
      );
      expect(anomalies).toEqual([
        {
          kind: 'before-state-existed',
          message: 'dated before BD became a state (1971-12-16)',
          eventIds: ['e1'],
        },
      ]);
    });

    test('given a fact of 1995 about the USSR, then it is dated after SUHH ceased, RU after', () => {
      const anomalies = existenceAnomalies(['SUHH', 'US'], [fact('e2', '1995-03-01')], stateDates);
      expect(anomalies).toEqual([
        {
          kind: 'after-state-ceased',
          message: 'dated after SUHH ceased to be a state (1991-12-25); after, RU',
          eventIds: ['e2'],
        },
      ]);
    });

    test('given a period that overlaps the day the state began, then the order is not certain: no anomaly', () => {
      expect(existenceAnomalies(['BD'], [fact('e3', '1971-01-01', '1971-12-31')], stateDates)).toEqual([]);
    });

    test('given a state the list does not date, then nothing is an anomaly', () => {
      expect(existenceAnomalies(['US', 'JP'], [fact('e4', '1700-01-01')], stateDates)).toEqual([]);
    });
  });
});

describe('the state of a pair lists its facts dated when one of the pair was no state', () => {
  const fact = (eventId: string, actors: string[], occurredOn: string) => ({
    eventId,
    type: 'RepresentationChanged' as const,
    occurredOn,
    data: { sender: 'US', mission: 'consulate', resident: true },
    position: '1',
    period: parsePartialDate(occurredOn)!,
    actors,
  });

  test('given a US consulate in Bangladesh dated 1949 and another of 1972, then the first is an anomaly, the second not', () => {
    const fold = foldFacts([fact('e1', ['US', 'BD'], '1949-08-29'), fact('e2', ['US', 'BD'], '1972')]);
    expect(fold.anomalies).toEqual([
      {
        kind: 'before-state-existed',
        message: 'dated before BD became a state (1971-12-16)',
        eventIds: ['e1'],
      },
    ]);
  });

  test('given a fact about the USSR dated 1992, then it is dated after SUHH ceased to be a state', () => {
    const fold = foldFacts([fact('e3', ['SUHH', 'US'], '1992-03')]);
    expect(fold.anomalies.map((a) => a.kind)).toEqual(['after-state-ceased']);
  });
});
