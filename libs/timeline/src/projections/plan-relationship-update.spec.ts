import {
  CorrectionChangesJson,
  DatedFact,
  factsAsKnown,
  parseFactInput,
  RecordedEvent,
  SCHEMA_VERSION,
} from '@app/domain';
import { example, exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { planRelationshipUpdate } from './plan-relationship-update';

// The projection step (docs/architecture.md): which fact rows a batch changes, and from which date the state versions
// must be recomputed — as late as possible, but never later than the earliest date whose state changes.

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let next = 0;

function recorded(
  type: RecordedEvent['type'],
  payload: RecordedEvent['payload'],
  eventId = uuid(++next),
): RecordedEvent {
  const n = ++next;
  return {
    eventId,
    type,
    payload,
    stream: 'relationship-AZ-CN',
    revision: BigInt(n),
    position: String(1000 + n),
    metadata: {
      recordedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      recordedBy: 'recorder',
      schemaVersion: SCHEMA_VERSION,
      prevHash: '',
      hash: '',
    },
  };
}

function fact(type: ExampleFactType, occurredOn: string, data: Record<string, unknown> = {}): RecordedEvent {
  const base = exampleFacts[type] as { data: Record<string, unknown> };
  const parsed = parseFactInput(
    example(type, { occurredOn, data: { ...structuredClone(base.data), ...data } }),
  );
  return recorded(parsed.type, parsed.payload);
}

function correction(target: RecordedEvent | DatedFact, changes: CorrectionChangesJson): RecordedEvent {
  return recorded('EventCorrected', {
    actors: ['AZ', 'CN'],
    occurredOn: '2026-01-01',
    data: { targetEventId: target.eventId, changes, reason: 'a better source' },
    sources: [{ publisher: 'test' }],
  });
}

function retraction(target: RecordedEvent | DatedFact): RecordedEvent {
  return recorded('EventRetracted', {
    actors: ['AZ', 'CN'],
    occurredOn: '2026-01-01',
    data: { targetEventId: target.eventId, reason: 'no source' },
    sources: [{ publisher: 'test' }],
  });
}

/** The live facts of earlier batches, as the read model keeps them. */
function current(...events: RecordedEvent[]): (eventId: string) => DatedFact | undefined {
  const facts = new Map(factsAsKnown(events).map((f) => [f.eventId, f]));
  return (eventId) => facts.get(eventId);
}

const nothingKnown = () => undefined;

describe('planRelationshipUpdate: the pure projection step of one relationship', () => {
  test('an append in date order upserts the fact and recomputes from its own start', () => {
    const p = fact('PartnershipDeclared', '2024-07-03');
    const plan = planRelationshipUpdate([p], nothingKnown);
    expect(plan).toEqual({ upsert: factsAsKnown([p]), remove: [], recomputeFrom: '2024-07-03' });
  });

  test('a fact of reduced precision recomputes from the start of its period', () => {
    const p = fact('PartnershipDeclared', '2024-07');
    expect(planRelationshipUpdate([p], nothingKnown).recomputeFrom).toBe('2024-07-01');
    const visit = fact('VisitHeld', '2025-04-22/2025-04-24');
    expect(planRelationshipUpdate([visit], nothingKnown).recomputeFrom).toBe('2025-04-22');
  });

  test('a backdated event in the batch moves recomputeFrom back to its start', () => {
    const late = fact('AgreementEnteredIntoForce', '2025-07-16');
    const backdated = fact('DiplomaticRelationsEstablished', '1992');
    const plan = planRelationshipUpdate([late, backdated], nothingKnown);
    expect(plan.recomputeFrom).toBe('1992-01-01');
    expect(plan.upsert.map((f) => f.eventId)).toEqual([late.eventId, backdated.eventId]);
    expect(plan.remove).toEqual([]);
  });

  test('a correction moving a date later recomputes from the old start and upserts the corrected fact', () => {
    const target = fact('PartnershipDeclared', '2024-07');
    const fix = correction(target, { occurredOn: '2024-07-03' });
    const plan = planRelationshipUpdate([fix], current(target));
    expect(plan.recomputeFrom).toBe('2024-07-01');
    expect(plan.remove).toEqual([]);
    expect(plan.upsert).toEqual([
      {
        eventId: target.eventId,
        type: 'PartnershipDeclared',
        payload: { ...target.payload, occurredOn: '2024-07-03' },
        // It keeps its place in record order: the position and record time of the fact, not of the correction.
        position: target.position,
        recordedAt: target.metadata.recordedAt,
        period: expect.objectContaining({ start: '2024-07-03', end: '2024-07-03', precision: 'day' }),
        corrections: [fix.eventId],
      },
    ]);
  });

  test('a correction moving a date earlier recomputes from the new start', () => {
    const target = fact('VisaPolicyChanged', '2024-08');
    const plan = planRelationshipUpdate([correction(target, { occurredOn: '2024-07-20' })], current(target));
    expect(plan.recomputeFrom).toBe('2024-07-20');
    expect(plan.upsert[0].period.start).toBe('2024-07-20');
  });

  test('a correction of data only recomputes from the fact start, and reads the merged data', () => {
    const target = fact('PartnershipDeclared', '2024-07-03');
    const plan = planRelationshipUpdate(
      [correction(target, { data: { level: 'comprehensive strategic partnership', instrument: null } })],
      current(target),
    );
    expect(plan.recomputeFrom).toBe('2024-07-03');
    expect(plan.upsert[0].payload.data).toEqual({
      level: 'comprehensive strategic partnership',
      venue: 'Astana',
    });
  });

  test('a correction of an already corrected fact applies on top, and lists both corrections', () => {
    const target = fact('DiplomaticRelationsEstablished', '1992');
    const first = correction(target, { occurredOn: '1992-04' });
    const second = correction(target, { data: { level: 'legation' } });
    const plan = planRelationshipUpdate([second], current(target, first));
    expect(plan.upsert).toEqual([
      expect.objectContaining({
        eventId: target.eventId,
        payload: expect.objectContaining({ occurredOn: '1992-04', data: { level: 'legation' } }),
        corrections: [first.eventId, second.eventId],
      }),
    ]);
    expect(plan.recomputeFrom).toBe('1992-04-01');
  });

  test('a retraction removes the fact and recomputes from its start', () => {
    const target = fact('PartnershipDeclared', '2024-07');
    const plan = planRelationshipUpdate([retraction(target)], current(target));
    expect(plan).toEqual({ upsert: [], remove: [target.eventId], recomputeFrom: '2024-07-01' });
  });

  test('a correction or retraction of an unknown (or already retracted) fact is ignored', () => {
    const elsewhere = fact('PartnershipDeclared', '2024-07');
    expect(planRelationshipUpdate([correction(elsewhere, { occurredOn: '2020' })], nothingKnown)).toEqual({
      upsert: [],
      remove: [],
      recomputeFrom: undefined,
    });
    expect(planRelationshipUpdate([retraction(elsewhere)], nothingKnown)).toEqual({
      upsert: [],
      remove: [],
      recomputeFrom: undefined,
    });
  });

  test('within one batch: a fact, its correction, then its retraction — the fact never lands', () => {
    const p = fact('PartnershipDeclared', '2024-07');
    const fix = correction(p, { occurredOn: '2020' });
    const plan = planRelationshipUpdate(
      [p, fix, retraction(p), correction(p, { occurredOn: '1990' })],
      nothingKnown,
    );
    expect(plan.upsert).toEqual([]);
    expect(plan.remove).toEqual([p.eventId]);
  });

  test('within one batch: a fact and its correction upsert the corrected fact once', () => {
    const p = fact('PartnershipDeclared', '2024-07');
    const fix = correction(p, { occurredOn: '2024-07-03' });
    const plan = planRelationshipUpdate([p, fix], nothingKnown);
    expect(plan.upsert).toHaveLength(1);
    expect(plan.upsert[0]).toMatchObject({
      eventId: p.eventId,
      period: { start: '2024-07-03' },
      corrections: [fix.eventId],
    });
    // No later than the corrected start (recomputing from the uncorrected one as well is merely cautious).
    expect(plan.recomputeFrom! <= '2024-07-03').toBe(true);
  });

  test('the plan equals the facts as known after the batch, for the rows it touches', () => {
    const a = fact('DiplomaticRelationsEstablished', '1992');
    const b = fact('PartnershipDeclared', '2024-07');
    const c = fact('VisaPolicyChanged', '2024-07');
    const batch = [
      correction(a, { occurredOn: '1992-04-02' }),
      retraction(b),
      fact('MeetingHeld', '2025-04-23'),
      correction(c, { occurredOn: '2024-07-20' }),
    ];
    const plan = planRelationshipUpdate(batch, current(a, b, c));
    const after = new Map(factsAsKnown([a, b, c, ...batch]).map((f) => [f.eventId, f]));
    for (const f of plan.upsert) expect(f).toEqual(after.get(f.eventId));
    for (const id of plan.remove) expect(after.has(id)).toBe(false);
    expect(plan.recomputeFrom).toBe('1992-01-01');
  });
});
