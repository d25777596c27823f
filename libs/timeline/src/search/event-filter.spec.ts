import { InvalidInputError } from '@app/domain';
import type { RecordedEvent } from '@app/domain';
import { EventFilterParams, eventMatches, matchesFilter, parseEventFilter, termsOf } from './event-filter';

/** The errors a parse reports, as field and rule. */
function errorsOf(params: EventFilterParams): { field: string; rule: string }[] {
  try {
    parseEventFilter(params);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors.map(({ field, rule }) => ({ field, rule }));
    throw error;
  }
  return [];
}

describe('the filter of a search (parseEventFilter)', () => {
  test('list parameters take repeated values, comma lists or both: codes normalised, sorted, once each', () => {
    expect(parseEventFilter({ actor: ['sa', 'AE,qa', 'SA'], type: 'VisitHeld,MeetingHeld' })).toEqual({
      actors: ['AE', 'QA', 'SA'],
      types: ['MeetingHeld', 'VisitHeld'],
    });
  });

  test('a pair in either order is its relationship id', () => {
    expect(parseEventFilter({ pair: 'cn-AZ' })).toEqual({ pair: 'AZ-CN' });
  });

  test('from and to are the periods of their dates: from a month its first day, to a year its last', () => {
    expect(parseEventFilter({ from: '2024-07', to: '2025' })).toEqual({
      from: '2024-07-01',
      to: '2025-12-31',
    });
    expect(parseEventFilter({ from: '2024-07-15', to: '2024-07-15' })).toEqual({
      from: '2024-07-15',
      to: '2024-07-15',
    });
  });

  test('instants are normalised to UTC with milliseconds, as recordedAt is written', () => {
    expect(
      parseEventFilter({ recordedFrom: '2025-01-01T02:00:00+02:00', knownAt: '2025-06-01T00:00Z' }),
    ).toEqual({
      recordedFrom: '2025-01-01T00:00:00.000Z',
      knownAt: '2025-06-01T00:00:00.000Z',
    });
  });

  test('q: its words, lower-cased, once each; punctuation splits them as the index does', () => {
    expect(parseEventFilter({ q: 'Middle Corridor, middle-corridor!' })).toEqual({
      terms: ['middle', 'corridor'],
    });
    expect(termsOf('Zhao Leji — 赵乐际 Bakı')).toEqual(['zhao', 'leji', '赵乐际', 'bakı']);
  });

  test('every mistake is reported at once, each naming its parameter and rule', () => {
    expect(
      errorsOf({
        actor: ['AZ', 'XX'],
        pair: 'AZ',
        type: 'Nope',
        from: '2024-13',
        knownAt: 'yesterday',
        q: 'tab\there',
      }),
    ).toEqual([
      { field: 'actor', rule: 'isActor' },
      { field: 'pair', rule: 'isPair' },
      { field: 'type', rule: 'isIn' },
      { field: 'from', rule: 'isPartialDate' },
      { field: 'knownAt', rule: 'isInstant' },
      { field: 'q', rule: 'isText' },
    ]);
  });

  test.each<[EventFilterParams, string, string]>([
    [{ pair: ['AZ-CN', 'AZ-TR'] }, 'pair', 'notRepeated'],
    [{ q: ['a', 'b'] }, 'q', 'notRepeated'],
    [{ pair: 'AZ-az' }, 'pair', 'distinctActors'],
    [{ actor: 'AZ,' }, 'actor', 'isActor'],
    [{ actor: ' AZ' }, 'actor', 'isActor'],
    [{ from: '2025', to: '2024' }, 'to', 'notBeforeFrom'],
    [
      { recordedFrom: '2025-02-01T00:00:00Z', recordedTo: '2025-01-01T00:00:00Z' },
      'recordedTo',
      'notBeforeRecordedFrom',
    ],
    [{ q: '- / -' }, 'q', 'hasWord'],
    [{ q: 'x'.repeat(201) }, 'q', 'isText'],
  ])('%j: 400 naming %s (%s)', (params, field, rule) => {
    expect(errorsOf(params)).toEqual([{ field, rule }]);
  });
});

describe('a filter checked against one fact at a time (matchesFilter)', () => {
  const fact = {
    type: 'MeetingHeld',
    actors: ['AE', 'SA'] as const,
    period: { start: '2018-03-01', end: '2018-03-31' },
    recordedAt: '2025-09-01T09:00:00.000Z',
  };
  test.each<[string, EventFilterParams, boolean]>([
    ['one of its states', { actor: 'SA' }, true],
    ['another state', { actor: 'QA' }, false],
    ['states of which it is between two', { actor: 'QA,SA,AE' }, true],
    ['states of which it has only one', { actor: 'QA,SA' }, false],
    ['its pair', { pair: 'SA-AE' }, true],
    ['its type among others', { type: 'VisitHeld,MeetingHeld' }, true],
    ['a period its month overlaps', { from: '2018-03-15', to: '2018-04-15' }, true],
    ['a period after its month', { from: '2018-04' }, false],
    ['a period before its month', { to: '2018-02' }, false],
    ['recorded before the bound', { recordedFrom: '2025-09-02T00:00:00Z' }, false],
    ['recorded by the bound, included', { recordedTo: '2025-09-01T09:00:00Z' }, true],
  ])('%s: %j → %s', (_name, params, expected) => {
    expect(matchesFilter(parseEventFilter(params), fact)).toBe(expected);
  });
});

describe('an event of the log checked as the live feed reads it (eventMatches)', () => {
  const event = (type: string, occurredOn: string, recordedAt: string) =>
    ({
      eventId: '00000000-0000-4000-8000-000000000001',
      type,
      stream: 'relationship-AE-SA',
      revision: 0n,
      position: '1',
      payload: { actors: ['AE', 'SA'], occurredOn, data: {}, sources: [] },
      metadata: { recordedAt, recordedBy: 'r', schemaVersion: 2, prevHash: '', hash: '' },
    }) as RecordedEvent;
  const meeting = event('MeetingHeld', '2018-03', '2025-09-01T09:00:00.000Z');
  // A correction is dated the day it was recorded, and is an event of its pair.
  const correction = event('EventCorrected', '2025-09-03', '2025-09-03T09:00:00.000Z');
  test.each<[string, EventFilterParams, [boolean, boolean]]>([
    ['no filter: both', {}, [true, true]],
    ['states between two of which they are', { actor: 'SA,AE,QA' }, [true, true]],
    ['the fact type only', { type: 'MeetingHeld' }, [true, false]],
    ['the amendments only', { type: 'EventCorrected,EventRetracted' }, [false, true]],
    ['a fact as its period, an amendment as its own day', { from: '2025' }, [false, true]],
    ['interval periods overlap', { from: '2018-03-31', to: '2018-04-01' }, [true, false]],
    ['each by its own record time', { recordedFrom: '2025-09-02T00:00:00Z' }, [false, true]],
  ])('%s: %j', (_name, params, expected) => {
    const filter = parseEventFilter(params);
    expect([eventMatches(filter, meeting), eventMatches(filter, correction)]).toEqual(expected);
  });
});
