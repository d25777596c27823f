import { InvalidInputError, type RecordedEvent } from '@app/domain';
import { eventMatches, parseEventFilter } from './event-filter';

function event(
  type: string,
  actors: [string, string],
  occurredOn: string,
  recordedAt: string,
): RecordedEvent {
  return {
    eventId: '00000000-0000-4000-8000-000000000000',
    type,
    payload: { actors, occurredOn, data: {}, sources: [] },
    stream: `relationship-${[...actors].sort().join('-')}`,
    revision: 0n,
    position: '1',
    metadata: { recordedAt, recordedBy: 'r', schemaVersion: 2, prevHash: 'a', hash: 'b' },
  } as RecordedEvent;
}

const partnership = event('PartnershipDeclared', ['AZ', 'CN'], '2024-07', '2025-04-20T09:00:00.000Z');
const visit = event('VisitHeld', ['FR', 'US'], '2025-04-22/2025-04-24', '2025-07-20T09:00:00.000Z');
const correction = event('EventCorrected', ['AZ', 'CN'], '2025-05-10', '2025-05-10T09:00:00.000Z');
const all = [partnership, visit, correction];
const passing = (params: Record<string, string>) =>
  all.filter((e) => eventMatches(parseEventFilter(params), e));

function fieldsOf(params: Record<string, string>): string[] {
  try {
    parseEventFilter(params);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors.map((e) => `${e.field}:${e.rule}`);
    throw error;
  }
  return [];
}

describe('the live feed filter', () => {
  test('no parameter: every event', () => {
    expect(passing({})).toEqual(all);
  });

  test('actor: events involving any of the states, codes in any case', () => {
    expect(passing({ actor: 'cn' })).toEqual([partnership, correction]);
    expect(passing({ actor: 'US,AZ' })).toEqual(all);
  });

  test('pair: the relationship, either order', () => {
    expect(passing({ pair: 'CN-AZ' })).toEqual([partnership, correction]);
    expect(passing({ pair: 'us-fr' })).toEqual([visit]);
  });

  test('type: the event types, corrections included', () => {
    expect(passing({ type: 'EventCorrected,VisitHeld' })).toEqual([visit, correction]);
  });

  test('valid time is precision-aware: a fact of 2024-07 is in 2024-07-15..2024-08-01', () => {
    expect(passing({ from: '2024-07-15', to: '2024-08-01' })).toEqual([partnership]);
    expect(passing({ from: '2024-08' })).toEqual([visit, correction]);
    // An interval overlaps a window that holds its last day only.
    expect(passing({ from: '2025-04-24', to: '2025-04-30' })).toEqual([visit]);
    expect(passing({ to: '2024-06-30' })).toEqual([]);
  });

  test('record time, both bounds inclusive, any time zone', () => {
    expect(passing({ recordedFrom: '2025-05-10T11:00:00+02:00' })).toEqual([visit, correction]);
    expect(passing({ recordedTo: '2025-05-10T09:00:00Z' })).toEqual([partnership, correction]);
  });

  test('every bad parameter is named with its rule', () => {
    expect(fieldsOf({ actor: 'AZ,XX' })).toEqual(['actor:isActor']);
    expect(fieldsOf({ pair: 'AZ' })).toEqual(['pair:isPair']);
    expect(fieldsOf({ pair: 'AZ-az' })).toEqual(['pair:distinctActors']);
    expect(fieldsOf({ type: 'Visit' })).toEqual(['type:isIn']);
    expect(fieldsOf({ from: '2024-02-30' })).toEqual(['from:isPartialDate']);
    expect(fieldsOf({ from: '2025', to: '2024' })).toEqual(['to:notBeforeFrom']);
    expect(fieldsOf({ recordedFrom: '2025-01-01' })).toEqual(['recordedFrom:isInstant']);
  });
});
