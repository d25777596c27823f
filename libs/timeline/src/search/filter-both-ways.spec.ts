import { NewEvent, parseFactInput, RecordedEvent } from '@app/domain';
import { example, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { asLogged } from '../../../../test/fixtures/logged-events';
import { ProjectionWriter } from '../projections/projection-writer';
import { ReadModelFile } from '../read-models/read-model-file';
import { EventFilterParams, eventMatches, parseEventFilter } from './event-filter';
import { findFacts } from './search-sql';

/**
 * One filter, two forms: the search's SQL over the read models (findFacts) and the live feed's predicate on
 * events as they are read from the log (eventMatches). The same table of filters runs through both over the
 * same facts, and each form finds the same events — so that their meanings cannot drift apart.
 */

const STATES = ['SA', 'AE', 'QA', 'AZ', 'CN', 'TR'];
const PAIRS = STATES.flatMap((a, i) => STATES.slice(i + 1).map((b): [string, string] => [a, b]));
const TYPES: ExampleFactType[] = ['StatementIssued', 'PartnershipDeclared', 'DiplomaticRelationsRestored'];
/** Dates of every precision, intervals among them, spread over 2015–2024. */
const dateOf = (i: number): string => {
  const year = 2015 + (i % 10);
  const month = String(1 + ((i * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
  switch (i % 4) {
    case 0:
      return String(year);
    case 1:
      return `${year}-${month}`;
    case 2:
      return `${year}-${month}-${day}`;
    default:
      return `${year}-${month}-${day}/${year + 1}-${month}-01`;
  }
};

/** 90 facts: each pair of the six states several times, the types and dates in turn, a day apart in record time. */
function log(): RecordedEvent[] {
  const events = Array.from({ length: 90 }, (_, i): NewEvent => {
    const actors = PAIRS[i % PAIRS.length];
    const type = TYPES[i % TYPES.length];
    const overrides: Record<string, unknown> = { actors, occurredOn: dateOf(i) };
    if (type === 'StatementIssued') overrides.data = { by: actors[0], summary: `Statement ${i}` };
    const fact = parseFactInput(example(type, overrides));
    return {
      eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: fact.type,
      payload: fact.payload,
    };
  });
  return asLogged(events, 9);
}

describe('one filter: the search (SQL over the read models) and the feed (a predicate on events) agree', () => {
  const events = log();
  let file: ReadModelFile;
  beforeAll(() => {
    file = ReadModelFile.open(':memory:');
    new ProjectionWriter(file).applyBatch(events);
  });
  afterAll(() => file.close());

  test.each<[string, EventFilterParams]>([
    ['everything', {}],
    ['one state: the facts that involve it', { actor: 'QA' }],
    ['several states: the facts between two of them', { actor: 'SA,AE,QA' }],
    ['several states, repeated and in any case', { actor: ['sa', 'TR'] }],
    ['a pair, either order', { pair: 'CN-AZ' }],
    ['nothing: a state and a pair it is not in', { actor: 'SA', pair: 'AZ-CN' }],
    ['a state and a pair it is in', { actor: 'CN', pair: 'AZ-CN' }],
    ['types', { type: 'StatementIssued,PartnershipDeclared' }],
    ['a year: every period that overlaps it', { from: '2018', to: '2018' }],
    ['from a day: periods ending on or after it', { from: '2020-06-15' }],
    ['to a month: periods starting by its last day', { to: '2016-02' }],
    [
      'record time, both bounds included',
      { recordedFrom: '2025-01-11T09:00:00Z', recordedTo: '2025-02-10T09:00Z' },
    ],
    [
      'all of them at once',
      {
        actor: 'SA,AE,QA,TR',
        type: ['StatementIssued', 'DiplomaticRelationsRestored'],
        from: '2016',
        to: '2022-06',
      },
    ],
    [
      'nothing: a state, a type and a period none of its facts share',
      { actor: 'AZ', type: 'PartnershipDeclared', from: '2030' },
    ],
  ])('%s: %j', (name, params) => {
    const filter = parseEventFilter(params);
    const searched = findFacts(file, filter, undefined, 1000).map((hit) => hit.eventId);
    const fed = events.filter((e) => eventMatches(filter, e)).map((e) => e.eventId);
    expect(searched.sort()).toEqual(fed.sort());
    // The table means something: each filter leaves some facts out, and all but those named `nothing` find some.
    if (Object.keys(params).length > 0) expect(fed.length).toBeLessThan(events.length);
    expect(fed.length > 0).toBe(!name.startsWith('nothing'));
  });

  test('the table is not vacuous: a filter of several states finds facts of more than one pair', () => {
    const filter = parseEventFilter({ actor: 'SA,AE,QA' });
    const pairs = new Set(events.filter((e) => eventMatches(filter, e)).map((e) => e.stream));
    expect([...pairs].sort()).toEqual(['relationship-AE-QA', 'relationship-AE-SA', 'relationship-QA-SA']);
  });
});
