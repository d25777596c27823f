import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { CorrectionChangesJson } from '../corrections';
import { parseFactInput } from '../event-input';
import { NewEvent, RecordedEvent, SCHEMA_VERSION } from '../recorded-event';
import { timelineOf } from './timeline';

// The timeline and the history (docs/audit.md): every fact of a relationship in valid-time order, as it reads now,
// with what amended it — retracted facts included and marked.

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

class Log {
  readonly events: RecordedEvent[] = [];
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  private append(event: NewEvent, recordedBy: string): RecordedEvent {
    const n = this.events.length;
    const recorded: RecordedEvent = {
      ...event,
      stream: 'relationship-AZ-CN',
      revision: BigInt(n),
      position: String(100 + 10 * n),
      metadata: {
        recordedAt: new Date(this.clock).toISOString(),
        recordedBy,
        schemaVersion: SCHEMA_VERSION,
        prevHash: `hash-${n - 1}`,
        hash: `hash-${n}`,
      },
    };
    this.clock += 3_600_000;
    this.events.push(recorded);
    return recorded;
  }

  fact(type: ExampleFactType, occurredOn: string, data: Record<string, unknown> = {}, recordedBy = 'alice') {
    const base = exampleFacts[type] as { data: Record<string, unknown> };
    const parsed = parseFactInput(
      example(type, { occurredOn, data: { ...structuredClone(base.data), ...data } }),
    );
    return this.append(
      { eventId: uuid(this.events.length + 1), type: parsed.type, payload: parsed.payload },
      recordedBy,
    );
  }

  correct(
    target: RecordedEvent,
    changes: CorrectionChangesJson,
    reason = 'a better source',
    recordedBy = 'bob',
  ) {
    return this.append(
      {
        eventId: uuid(500 + this.events.length),
        type: 'EventCorrected',
        payload: {
          ...target.payload,
          occurredOn: '2026-01-01',
          data: { targetEventId: target.eventId, changes, reason },
        },
      },
      recordedBy,
    );
  }

  retract(target: RecordedEvent, reason = 'no source says so', recordedBy = 'carol') {
    return this.append(
      {
        eventId: uuid(900 + this.events.length),
        type: 'EventRetracted',
        payload: {
          ...target.payload,
          occurredOn: '2026-01-01',
          data: { targetEventId: target.eventId, reason },
        },
      },
      recordedBy,
    );
  }
}

describe('timeline of a relationship (docs/domain.md)', () => {
  test('facts in valid-time order: by period start, then by position; amendments are not items', () => {
    const log = new Log();
    const visit = log.fact('VisitHeld', '2025-04-22/2025-04-24');
    const relations = log.fact('DiplomaticRelationsEstablished', '1992');
    const partnershipMonth = log.fact('PartnershipDeclared', '2024-07');
    const statement = log.fact('StatementIssued', '2024-07-01');
    log.correct(visit, { sources: [{ publisher: 'another' }] });
    const items = timelineOf(log.events);
    expect(items.map((i) => i.eventId)).toEqual([
      relations.eventId,
      partnershipMonth.eventId, // 2024-07 starts on 2024-07-01 too, and was recorded first
      statement.eventId,
      visit.eventId,
    ]);
    expect(items.map((i) => i.period)).toEqual([
      { start: '1992-01-01', end: '1992-12-31', precision: 'year' },
      { start: '2024-07-01', end: '2024-07-31', precision: 'month' },
      { start: '2024-07-01', end: '2024-07-01', precision: 'day' },
      { start: '2025-04-22', end: '2025-04-24', precision: 'day' },
    ]);
    // The events handed over in any order: record order is read from the positions.
    expect(timelineOf([...log.events].reverse()).map((i) => i.eventId)).toEqual(items.map((i) => i.eventId));
  });

  test('an item is the fact as recorded, with who recorded it, when, and where it stands in the log', () => {
    const log = new Log();
    const p = log.fact('PartnershipDeclared', '2024-07-03');
    const [item] = timelineOf(log.events);
    expect(item).toEqual({
      eventId: p.eventId,
      type: 'PartnershipDeclared',
      ...p.payload,
      period: { start: '2024-07-03', end: '2024-07-03', precision: 'day' },
      recordedAt: '2026-01-01T00:00:00.000Z',
      recordedBy: 'alice',
      revision: 0,
      position: '100',
      corrections: [],
      retraction: null,
    });
    expect(item).not.toHaveProperty('original');
  });

  test('a retracted fact is still listed, with its retraction', () => {
    const log = new Log();
    const p = log.fact('PartnershipDeclared', '2024-07-03');
    const other = log.fact('MeetingHeld', '2025-04-23');
    const retraction = log.retract(p, 'the declaration was never signed');
    const items = timelineOf(log.events);
    expect(items.map((i) => i.eventId)).toEqual([p.eventId, other.eventId]);
    expect(items[0].retraction).toEqual({
      eventId: retraction.eventId,
      recordedAt: retraction.metadata.recordedAt,
      recordedBy: 'carol',
      reason: 'the declaration was never signed',
    });
    expect(items[1].retraction).toBeNull();
  });

  test('a corrected fact reads as corrected, with its original and every correction in record order', () => {
    const log = new Log();
    const relations = log.fact('DiplomaticRelationsEstablished', '1992', { level: 'embassy' });
    const first = log.correct(relations, { occurredOn: '1992-04' }, 'the month is known');
    const second = log.correct(
      relations,
      { occurredOn: '1992-04-02', data: { level: 'legation' } },
      'the communiqué',
    );
    const [item] = timelineOf(log.events);
    expect(item).toMatchObject({
      occurredOn: '1992-04-02',
      data: { level: 'legation' },
      period: { start: '1992-04-02', end: '1992-04-02', precision: 'day' },
      // Still the first recording's revision, position and recorder.
      revision: 0,
      position: relations.position,
      recordedBy: 'alice',
    });
    expect(item.original).toEqual({
      occurredOn: '1992',
      data: { level: 'embassy' },
      sources: relations.payload.sources,
    });
    expect(item.corrections).toEqual([
      {
        eventId: first.eventId,
        recordedAt: first.metadata.recordedAt,
        recordedBy: 'bob',
        reason: 'the month is known',
        changes: { occurredOn: '1992-04' },
      },
      {
        eventId: second.eventId,
        recordedAt: second.metadata.recordedAt,
        recordedBy: 'bob',
        reason: 'the communiqué',
        changes: { occurredOn: '1992-04-02', data: { level: 'legation' } },
      },
    ]);
  });

  test('a correction that moves a date moves the fact on the timeline', () => {
    const log = new Log();
    const visa = log.fact('VisaPolicyChanged', '2024-08');
    const partnership = log.fact('PartnershipDeclared', '2024-07-03');
    expect(timelineOf(log.events).map((i) => i.eventId)).toEqual([partnership.eventId, visa.eventId]);
    log.correct(visa, { occurredOn: '2024-06-20' });
    expect(timelineOf(log.events).map((i) => i.eventId)).toEqual([visa.eventId, partnership.eventId]);
  });

  test('knownAt: only what was recorded by then — facts, corrections and retractions', () => {
    const log = new Log();
    const relations = log.fact('DiplomaticRelationsEstablished', '1992'); // 00:00
    const p = log.fact('PartnershipDeclared', '2024-07'); // 01:00
    const correction = log.correct(relations, { occurredOn: '1992-04-02' }); // 02:00
    const retraction = log.retract(p); // 03:00
    const late = log.fact('MeetingHeld', '1990-05-05'); // 04:00

    const before = timelineOf(log.events, '2026-01-01T01:59:59.999Z');
    expect(before.map((i) => i.eventId)).toEqual([relations.eventId, p.eventId]);
    expect(before[0]).toMatchObject({ occurredOn: '1992', corrections: [], retraction: null });
    expect(before[0]).not.toHaveProperty('original');
    expect(before[1].retraction).toBeNull();

    const corrected = timelineOf(log.events, correction.metadata.recordedAt);
    expect(corrected[0]).toMatchObject({ occurredOn: '1992-04-02', original: { occurredOn: '1992' } });
    expect(corrected[1].retraction).toBeNull();

    const retracted = timelineOf(log.events, retraction.metadata.recordedAt);
    expect(retracted[1].retraction?.eventId).toBe(retraction.eventId);
    expect(retracted.map((i) => i.eventId)).not.toContain(late.eventId);

    expect(timelineOf(log.events).map((i) => i.eventId)).toEqual([
      late.eventId,
      relations.eventId,
      p.eventId,
    ]);
    expect(timelineOf(log.events, '2025-12-31T23:59:59.999Z')).toEqual([]);
  });

  test('timelineOf leaves the events it is given as they were', () => {
    const log = new Log();
    const relations = log.fact('DiplomaticRelationsEstablished', '1992');
    log.correct(relations, { occurredOn: '1992-04-02', data: { level: 'legation' } });
    log.retract(relations);
    const before = structuredClone(log.events);
    timelineOf(log.events);
    timelineOf(log.events);
    expect(log.events).toEqual(before);
  });
});
