import { NewEvent, parseFactInput, RecordedEvent } from '@app/domain';
import { example } from '../../../../test/fixtures/example-facts';
import { asLogged } from '../../../../test/fixtures/logged-events';
import { ProjectionWriter } from '../projections/projection-writer';
import { factTypeCode } from '../read-models/fact-type-codes';
import { positionToRow } from '../read-models/positions';
import { ReadModelFile } from '../read-models/read-model-file';
import { parseEventFilter } from './event-filter';
import { searchSql } from './search-sql';
import { searchTextOf } from './search-text';
import { findByWords } from './search-words';

const logOf = (...events: NewEvent[]): RecordedEvent[] => asLogged(events);

const fact = (body: Record<string, unknown>, eventId: string): NewEvent => {
  const { type, payload } = parseFactInput(body);
  return { eventId, type, payload };
};
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const statement = fact(example('StatementIssued', { occurredOn: '2025-04', note: 'Said in Baku' }), ID(1));
const meeting = fact(example('MeetingHeld', { actors: ['AE', 'SA'] }), ID(2));
const correction: NewEvent = {
  eventId: ID(3),
  type: 'EventCorrected',
  payload: {
    actors: statement.payload.actors,
    occurredOn: '2025-05-01',
    data: { targetEventId: ID(1), changes: { occurredOn: '2025-04-18' }, reason: 'the transcript is dated' },
    sources: [{ publisher: 'Xinhua' }],
  },
};
const retraction: NewEvent = {
  eventId: ID(4),
  type: 'EventRetracted',
  payload: { ...meeting.payload, data: { targetEventId: ID(2), reason: 'never held' } },
};

describe("the search's index (the fact rows, search_text), written by the projection writer", () => {
  let file: ReadModelFile;
  beforeEach(() => {
    file = ReadModelFile.open(':memory:');
    new ProjectionWriter(file).applyBatch(logOf(statement, meeting, correction, retraction));
  });
  afterEach(() => file.close());

  const rows = () =>
    file
      .prepared(
        `SELECT opened, pos, relationship, type, start, end, recorded_at AS recorded, opened_at AS openedMs,
           closed_at AS closed FROM facts ORDER BY opened`,
      )
      .safeIntegers(false)
      .all();
  const day = (d: number) => Date.UTC(2025, 0, d);

  test('a row per version of a fact: a correction closes one and opens the next, a retraction closes it', () => {
    expect(rows()).toEqual([
      {
        opened: Number(positionToRow('1')),
        pos: Number(positionToRow('1')),
        relationship: 'AZ-CN',
        type: factTypeCode('StatementIssued'),
        start: '2025-04-01',
        end: '2025-04-30',
        recorded: null, // first recorded when this version was opened
        openedMs: day(1),
        closed: day(3),
      },
      {
        opened: Number(positionToRow('2')),
        pos: Number(positionToRow('2')),
        relationship: 'AE-SA',
        type: factTypeCode('MeetingHeld'),
        start: '2025-04-23',
        end: '2025-04-23',
        recorded: null,
        openedMs: day(2),
        closed: day(4),
      },
      {
        // The corrected version: its own period, the fact's first record time, opened by the correction.
        opened: Number(positionToRow('3')),
        pos: Number(positionToRow('1')),
        relationship: 'AZ-CN',
        type: factTypeCode('StatementIssued'),
        start: '2025-04-18',
        end: '2025-04-18',
        recorded: day(1),
        openedMs: day(3),
        closed: null,
      },
    ]);
  });

  test('the words of each fact and correction, under the rowid of the version it opened; none for a retraction', () => {
    const match = (word: string) =>
      file
        .prepared('SELECT rowid FROM search_text WHERE search_text MATCH ? ORDER BY rowid')
        .pluck()
        .safeIntegers()
        .all(`"${word}"`);
    expect(match('baku')).toEqual([positionToRow('1')]); // the note
    expect(match('guo')).toEqual([positionToRow('1')]); // the speaker's name
    expect(match('hall')).toEqual([positionToRow('2')]); // the venue
    expect(match('xinhua')).toEqual([positionToRow('3')]); // the correction's source
    expect(match('transcript')).toEqual([positionToRow('3')]); // its reason
    expect(match('never')).toEqual([]); // the retraction's reason
    expect(searchTextOf(logOf(retraction)[0])).toBeUndefined();
  });

  test('the search finds the version open at knownAt: as first recorded, then as corrected, then nothing', () => {
    const find = (params: Record<string, string>) => {
      const filter = parseEventFilter(params);
      if (filter.terms) return findByWords(file, filter, undefined, 10).map((hit) => hit.start);
      const { sql, params: bound } = searchSql(filter, undefined, undefined, 10);
      return file
        .prepared(sql)
        .all(bound)
        .map((r) => (r as { eventId: string; start: string }).start);
    };
    expect(find({ q: 'Baku', knownAt: '2025-01-02T00:00:00Z' })).toEqual(['2025-04-01']);
    expect(find({ q: 'Baku' })).toEqual(['2025-04-18']);
    expect(find({ q: 'xinhua', knownAt: '2025-01-02T00:00:00Z' })).toEqual([]);
    expect(find({ type: 'MeetingHeld', knownAt: '2025-01-03T00:00:00Z' })).toEqual(['2025-04-23']);
    expect(find({ type: 'MeetingHeld' })).toEqual([]);
  });
});
