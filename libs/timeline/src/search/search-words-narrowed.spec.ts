import { NewEvent, parseFactInput, RecordedEvent } from '@app/domain';
import { example } from '../../../../test/fixtures/example-facts';
import { asLogged } from '../../../../test/fixtures/logged-events';
import { ProjectionWriter } from '../projections/projection-writer';
import { positionOfRow } from '../read-models/positions';
import { ReadModelFile } from '../read-models/read-model-file';
import { EventFilterParams, parseEventFilter } from './event-filter';
import { findFacts, SearchHit } from './search-sql';
import { findByWords, WordsKey } from './search-words';

/**
 * A search with `q` and narrow other filters skips, unread, the matches of facts that cannot pass them
 * (findFacts): the same answer as reading every match (findByWords alone) — the same facts, ranks, order
 * and pages, corrections and `knownAt` included.
 */

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const STATES = ['SA', 'AE', 'QA', 'AZ', 'CN'];
const PAIRS = STATES.flatMap((a, i) => STATES.slice(i + 1).map((b): [string, string] => [a, b]));
const WORDS = ['corridor', 'trade', 'energy', 'culture'];

/** 60 statements over the pairs (2015–2024, words in turn, some twice), then corrections of a few. */
function log(): RecordedEvent[] {
  const events: NewEvent[] = Array.from({ length: 60 }, (_, i) => {
    const actors = PAIRS[i % PAIRS.length];
    const summary = `On ${WORDS[i % 4]} and ${WORDS[(i * 3) % 4]}${i % 5 === 0 ? ' and the corridor again' : ''}.`;
    const { type, payload } = parseFactInput(
      example('StatementIssued', {
        actors,
        occurredOn: String(2015 + (i % 10)),
        data: { by: actors[0], summary },
      }),
    );
    return { eventId: ID(i + 1), type, payload };
  });
  // Corrections: a new summary (the old one still finds the fact), and a new date (another period).
  for (const [n, changes] of [
    [3, { data: { by: PAIRS[2][0], summary: 'Nothing on the corridor, much on energy.' } }],
    [7, { occurredOn: '2024-06' }],
    [12, { data: { by: PAIRS[1][0], summary: 'Only trade.' } }],
  ] as const) {
    const target = events[n - 1];
    events.push({
      eventId: ID(100 + n),
      type: 'EventCorrected',
      payload: {
        actors: target.payload.actors,
        occurredOn: '2025-03-01',
        data: { targetEventId: target.eventId, changes, reason: 'a better source' },
        sources: [{ publisher: 'A better source' }],
      },
    });
  }
  return asLogged(events);
}

describe('q with narrow filters: skipping the matches of other facts changes nothing in the answer', () => {
  let file: ReadModelFile;
  beforeAll(() => {
    file = ReadModelFile.open(':memory:');
    new ProjectionWriter(file).applyBatch(log());
  });
  afterAll(() => file.close());

  /** Every page of `limit`, read after the last hit's (rank, matched version) as the cursor does. */
  function pages(find: (key: WordsKey | undefined) => SearchHit[]): SearchHit[][] {
    const all: SearchHit[][] = [];
    let key: WordsKey | undefined;
    // A bound, so that a page that repeats fails rather than loops.
    for (let n = 0; n < 100; n++) {
      const page = find(key);
      if (page.length === 0) return all;
      all.push(page);
      const last = page[page.length - 1];
      key = { r: last.rank!, p: last.matched! };
    }
    throw new Error('more than 100 pages');
  }

  test.each<EventFilterParams>([
    { q: 'corridor', actor: 'SA' },
    { q: 'corridor', actor: 'SA,AE,QA' },
    { q: 'trade culture', pair: 'AZ-CN' },
    { q: 'corridor', from: '2018', to: '2020' },
    { q: 'corridor', actor: 'AZ', knownAt: '2025-01-20T00:00:00Z' },
    { q: 'energy', actor: 'SA', type: 'StatementIssued' },
    { q: 'culture', from: '2024-06-15' },
    { q: 'corridor', recordedTo: '2025-01-30T00:00:00Z' },
  ])('%j', (params) => {
    const filter = parseEventFilter(params);
    const byFact = pages((key) => findFacts(file, filter, key && { r: key.r, p: positionOfRow(key.p) }, 3));
    const byRank = pages((key) => findByWords(file, filter, key, 3));
    expect(byFact).toEqual(byRank);
    expect(byFact.flat().length).toBeGreaterThan(0);
  });
});
