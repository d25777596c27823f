import { example, exampleFacts, ExampleFactType } from '../../../test/fixtures/example-facts';
import { FACT_TYPES } from './catalogue/catalogue';
import { streamOf } from './actors';
import { CorrectionChangesJson } from './corrections';
import { CorrectFact, decide, RecordFact, RetractFact } from './decide';
import { NotFoundError, RuleViolation } from './errors';
import { parseFactInput } from './event-input';
import { NewEvent, RecordedEvent, SCHEMA_VERSION, SourceRef } from './recorded-event';
import { foldStream, initialStreamState, StreamState } from './stream-state';

// ---------------------------------------------------------------------------------------------------------
// Given / when / then helpers
// ---------------------------------------------------------------------------------------------------------

const TODAY = '2026-03-15';
const context = { today: TODAY };

/** A deterministic UUID: id(7) → 00000000-0000-4000-8000-000000000007. */
const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An event as the store hands it back: stream, revision, position and metadata filled in. */
function recorded(event: NewEvent, revision: number): RecordedEvent {
  return {
    ...event,
    stream: streamOf(event.payload.actors[0], event.payload.actors[1]),
    revision: BigInt(revision),
    position: String(100 + revision),
    metadata: {
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, revision)).toISOString(),
      recordedBy: 'recorder',
      schemaVersion: SCHEMA_VERSION,
      prevHash: `hash-${revision - 1}`,
      hash: `hash-${revision}`,
    },
  };
}

/** The stream state after these events, recorded in this order. */
function given(...events: NewEvent[]): StreamState {
  return foldStream(events.map((event, revision) => recorded(event, revision)));
}

/** The example fact of `type`, parsed as the API parses it, with some data fields replaced. */
function fact(
  type: ExampleFactType,
  eventId: string,
  data: Record<string, unknown> = {},
  overrides = {},
): NewEvent {
  const body = example(type, overrides);
  const input = parseFactInput({ ...body, data: { ...(body.data as Record<string, unknown>), ...data } });
  return { eventId, type: input.type, payload: input.payload };
}

const record = (event: NewEvent): RecordFact => ({ kind: 'record', ...event });

const correct = (
  targetEventId: string,
  changes: CorrectionChangesJson,
  extra: Partial<CorrectFact> = {},
): CorrectFact => ({
  kind: 'correct',
  eventId: id(900),
  targetEventId,
  changes,
  reason: 'a better source',
  ...extra,
});

const retract = (targetEventId: string, extra: Partial<RetractFact> = {}): RetractFact => ({
  kind: 'retract',
  eventId: id(901),
  targetEventId,
  reason: 'recorded by mistake',
  ...extra,
});

const mfa: SourceRef = {
  publisher: 'Ministry of Foreign Affairs of the PRC',
  url: 'https://www.fmprc.gov.cn/',
};

/** An EventRetracted as it would be stored (built by hand, not by decide). */
function retraction(eventId: string, targetEventId: string): NewEvent {
  return {
    eventId,
    type: 'EventRetracted',
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: TODAY,
      data: { targetEventId, reason: 'mistake' },
      sources: [mfa],
    },
  };
}

/** An EventCorrected as it would be stored (built by hand, not by decide). */
function correction(eventId: string, targetEventId: string, changes: CorrectionChangesJson): NewEvent {
  return {
    eventId,
    type: 'EventCorrected',
    payload: {
      actors: ['AZ', 'CN'],
      occurredOn: TODAY,
      data: { targetEventId, changes, reason: 'better source' },
      sources: [mfa],
    },
  };
}

/** The RuleViolation that deciding throws; fails the test if the command is accepted. */
function refusal(state: StreamState, command: RecordFact | CorrectFact | RetractFact): RuleViolation {
  let decided: NewEvent[];
  try {
    decided = decide(command, state, context);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation);
    return error as RuleViolation;
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(decided)}`);
}

// ---------------------------------------------------------------------------------------------------------

describe('decide: record a fact (docs/domain.md)', () => {
  test('given nothing, when a fact is recorded, then that one event is decided, unchanged', () => {
    const partnership = fact('PartnershipDeclared', id(1));
    expect(decide(record(partnership), initialStreamState(), context)).toEqual([partnership]);
  });

  test('every example fact is accepted when recorded in the order of the examples', () => {
    // The examples are in catalogue order, which records slug-introducing facts before their references.
    const types = Object.keys(exampleFacts) as ExampleFactType[];
    expect(types).toEqual(FACT_TYPES);
    const history: NewEvent[] = [];
    types.forEach((type, i) => {
      const event = fact(type, id(i + 1));
      expect(decide(record(event), given(...history), context)).toEqual([event]);
      history.push(event);
    });
  });

  test('deciding does not change the state it was given', () => {
    const state = given(fact('AgreementSigned', id(1)));
    decide(record(fact('AgreementEnteredIntoForce', id(2))), state, context);
    expect(state.revision).toBe(0n);
    expect([...state.facts.keys()]).toEqual([id(1)]);
  });

  test("'not-a-fact': a correction cannot be recorded as a fact, bypassing the checks on its target", () => {
    const smuggled = correction(id(2), id(1), { occurredOn: '1992' });
    expect(refusal(initialStreamState(), record(smuggled)).rule).toBe('not-a-fact');
  });

  describe("'fact-in-future': facts are in the past (today is passed in)", () => {
    test.each([
      ['2026-03-16', 'tomorrow'],
      ['2026-04', 'next month'],
      ['2027', 'a year that starts after today'],
      ['2026-03-16/2026-03-20', 'an interval that starts tomorrow'],
    ])('occurredOn %s (%s) is refused', (occurredOn) => {
      const violation = refusal(
        initialStreamState(),
        record(fact('PartnershipDeclared', id(1), {}, { occurredOn })),
      );
      expect(violation.rule).toBe('fact-in-future');
      expect(violation.errors).toEqual([
        { field: 'occurredOn', rule: 'fact-in-future', message: expect.stringContaining(TODAY) },
      ]);
    });

    test.each([
      ['2026-03-15', 'today'],
      ['2026-03', 'the current month, which started before today'],
      ['2026', 'the current year'],
      ['2026-03-10/2026-03-20', 'an interval that started before today'],
    ])('occurredOn %s (%s) is accepted', (occurredOn) => {
      const event = fact('PartnershipDeclared', id(1), {}, { occurredOn });
      expect(decide(record(event), initialStreamState(), context)).toEqual([event]);
    });

    test('the date compared is the one passed in the context, not the clock', () => {
      const event = fact('PartnershipDeclared', id(1), {}, { occurredOn: '2024-07-03' });
      expect(() => decide(record(event), initialStreamState(), { today: '2024-07-02' })).toThrow(
        RuleViolation,
      );
      expect(decide(record(event), initialStreamState(), { today: '2024-07-03' })).toEqual([event]);
    });

    test('a VisitAnnounced may plan a visit in the future (plannedFor)', () => {
      const event = fact('VisitAnnounced', id(1), { plannedFor: '2027-05-01/2027-05-03' });
      expect(decide(record(event), initialStreamState(), context)).toEqual([event]);
    });

    test('but the announcement itself cannot be dated in the future', () => {
      const event = fact('VisitAnnounced', id(1), { plannedFor: '2027-05' }, { occurredOn: '2026-12' });
      expect(refusal(initialStreamState(), record(event)).rule).toBe('fact-in-future');
    });
  });

  describe('data is validated once: a fact parsed by parseFactInput carries the actors its data names', () => {
    test('decide takes those actors instead of validating the data again; without them it validates', () => {
      const parsed = parseFactInput(example('StatementIssued'));
      // Data the schema would refuse, with the parse's verdict beside it: decide does not look at it again.
      const command: RecordFact = {
        kind: 'record',
        eventId: id(1),
        type: parsed.type,
        payload: { ...parsed.payload, data: { unchecked: true } },
        dataActors: parsed.dataActors,
      };
      expect(decide(command, initialStreamState(), context)).toHaveLength(1);
      expect(refusal(initialStreamState(), { ...command, dataActors: undefined }).rule).toBe('schema');
    });

    test('the actors it carries are still held to the pair', () => {
      const parsed = parseFactInput(example('RepresentationChanged'));
      const command: RecordFact = {
        kind: 'record',
        eventId: id(1),
        type: parsed.type,
        payload: parsed.payload,
        dataActors: [{ field: 'data.sender', code: 'US' }],
      };
      expect(refusal(initialStreamState(), command).rule).toBe('actor-outside-pair');
    });
  });

  describe("'actor-outside-pair': an actor field names one of the two actors", () => {
    test('RepresentationChanged with sender US for AZ-CN is refused, naming the field', () => {
      const violation = refusal(
        initialStreamState(),
        record(fact('RepresentationChanged', id(1), { sender: 'US' })),
      );
      expect(violation.rule).toBe('actor-outside-pair');
      expect(violation.message).toContain('data.sender');
      expect(violation.message).toContain('US');
      expect(violation.errors).toEqual([
        { field: 'data.sender', rule: 'actor-outside-pair', message: expect.stringContaining('US') },
      ]);
    });

    test('a MeetingHeld participant from outside the pair is refused, naming its path', () => {
      const meeting = fact('MeetingHeld', id(1), {
        participants: [
          { name: 'Ilham Aliyev', title: 'President of Azerbaijan', actor: 'AZ' },
          { name: 'Vladimir Putin', title: 'President of Russia', actor: 'RU' },
        ],
      });
      const violation = refusal(initialStreamState(), record(meeting));
      expect(violation.rule).toBe('actor-outside-pair');
      expect(violation.errors).toEqual([
        {
          field: 'data.participants[1].actor',
          rule: 'actor-outside-pair',
          message: expect.stringContaining('RU'),
        },
      ]);
    });

    test.each([
      ['DiplomaticRelationsSevered', 'initiatedBy'],
      ['VisitAnnounced', 'guest'],
      ['VisitHeld', 'guest'],
      ['VisaPolicyChanged', 'grantedBy'],
      ['VisaPolicyChanged', 'beneficiary'],
      ['PositionStated', 'by'],
      ['SanctionsImposed', 'by'],
      ['StatementIssued', 'by'],
    ] as [ExampleFactType, string][])('%s with %s outside the pair is refused', (type, field) => {
      const violation = refusal(initialStreamState(), record(fact(type, id(1), { [field]: 'FR' })));
      expect(violation.rule).toBe('actor-outside-pair');
      expect(violation.errors.map((e) => e.field)).toEqual([`data.${field}`]);
    });

    test('each actor field outside the pair is named', () => {
      const visa = fact('VisaPolicyChanged', id(1), { grantedBy: 'FR', beneficiary: 'DE' });
      expect(refusal(initialStreamState(), record(visa)).errors.map((e) => e.field)).toEqual([
        'data.grantedBy',
        'data.beneficiary',
      ]);
    });

    test('either actor of the pair may fill an actor field', () => {
      const byAz = fact('RepresentationChanged', id(1), { sender: 'AZ' });
      const byCn = fact('RepresentationChanged', id(2), { sender: 'CN' });
      expect(decide(record(byAz), initialStreamState(), context)).toEqual([byAz]);
      expect(decide(record(byCn), initialStreamState(), context)).toEqual([byCn]);
    });
  });

  test("'visa-parties-distinct': a state does not grant a visa regime to its own citizens", () => {
    const visa = fact('VisaPolicyChanged', id(1), { grantedBy: 'AZ', beneficiary: 'AZ' });
    const violation = refusal(initialStreamState(), record(visa));
    expect(violation.rule).toBe('visa-parties-distinct');
    expect(violation.errors.map((e) => e.field)).toEqual(['data.beneficiary']);
  });

  describe('recognition (docs/domain.md, "Recognition")', () => {
    test("'recognition-parties-distinct': a state does not recognise itself", () => {
      const granted = fact('RecognitionGranted', id(1), { by: 'CN', of: 'CN' });
      const violation = refusal(initialStreamState(), record(granted));
      expect(violation.rule).toBe('recognition-parties-distinct');
      expect(violation.errors.map((e) => e.field)).toEqual(['data.of']);
    });

    test("'actor-outside-pair': by and of are the pair's members", () => {
      const granted = fact('RecognitionGranted', id(1), { by: 'FR', of: 'AZ' });
      const violation = refusal(initialStreamState(), record(granted));
      expect(violation.rule).toBe('actor-outside-pair');
      expect(violation.errors.map((e) => e.field)).toEqual(['data.by']);
    });

    test('given a grant by CN of AZ, when CN withdraws it, then the withdrawal is recorded', () => {
      const withdrawn = fact('RecognitionWithdrawn', id(2));
      expect(decide(record(withdrawn), given(fact('RecognitionGranted', id(1))), context)).toEqual([
        withdrawn,
      ]);
    });

    test("'recognition-not-granted': given no grant, a withdrawal is refused, naming data.by", () => {
      const violation = refusal(initialStreamState(), record(fact('RecognitionWithdrawn', id(2))));
      expect(violation.rule).toBe('recognition-not-granted');
      expect(violation.errors.map((e) => e.field)).toEqual(['data.by']);
    });

    test("'recognition-not-granted': a grant by the other state, or a retracted one, is no grant", () => {
      const byOther = fact('RecognitionGranted', id(1), { by: 'AZ', of: 'CN' });
      expect(refusal(given(byOther), record(fact('RecognitionWithdrawn', id(2)))).rule).toBe(
        'recognition-not-granted',
      );
      const grant = fact('RecognitionGranted', id(1));
      const state = given(grant, ...decide(retract(id(1)), given(grant), context));
      expect(refusal(state, record(fact('RecognitionWithdrawn', id(2)))).rule).toBe(
        'recognition-not-granted',
      );
    });
  });

  describe("'duplicate-slug': agreementId, visitId and sanctionsId are unique within a relationship", () => {
    test.each([
      ['AgreementSigned', 'agreementId'],
      ['VisitAnnounced', 'visitId'],
      ['SanctionsImposed', 'sanctionsId'],
    ] as [ExampleFactType, string][])('given a %s, the same %s again is refused', (type, field) => {
      const first = fact(type, id(1));
      const again = fact(type, id(2), {}, { occurredOn: '2025-12-01' });
      const violation = refusal(given(first), record(again));
      expect(violation.rule).toBe('duplicate-slug');
      expect(violation.message).toContain(id(1));
      expect(violation.errors).toEqual([
        {
          field: `data.${field}`,
          rule: 'duplicate-slug',
          message: expect.stringContaining(String(first.payload.data[field])),
        },
      ]);
    });

    test.each([
      ['AgreementSigned', 'agreementId'],
      ['VisitAnnounced', 'visitId'],
      ['SanctionsImposed', 'sanctionsId'],
    ] as [ExampleFactType, string][])('given a %s, another %s is accepted', (type, field) => {
      const other = fact(type, id(2), { [field]: 'another-one' });
      expect(decide(record(other), given(fact(type, id(1))), context)).toEqual([other]);
    });

    test('given a retracted introducing event, its slug is free again', () => {
      const signed = fact('AgreementSigned', id(1));
      const signedAgain = fact('AgreementSigned', id(3));
      expect(decide(record(signedAgain), given(signed, retraction(id(2), id(1))), context)).toEqual([
        signedAgain,
      ]);
    });

    test('given an introducing event corrected to another slug, the old slug is free and the new one taken', () => {
      const state = given(
        fact('VisitAnnounced', id(1)),
        correction(id(2), id(1), { data: { visitId: 'renamed' } }),
      );
      const reuseOld = fact('VisitAnnounced', id(3));
      expect(decide(record(reuseOld), state, context)).toEqual([reuseOld]);
      expect(refusal(state, record(fact('VisitAnnounced', id(4), { visitId: 'renamed' }))).rule).toBe(
        'duplicate-slug',
      );
    });
  });

  describe("'unknown-slug': a reference needs the event that introduced its slug", () => {
    test.each([
      ['AgreementEnteredIntoForce', 'agreementId', 'AgreementSigned'],
      ['AgreementTerminated', 'agreementId', 'AgreementSigned'],
      ['VisitCancelled', 'visitId', 'VisitAnnounced'],
      ['SanctionsLifted', 'sanctionsId', 'SanctionsImposed'],
    ] as [ExampleFactType, string, ExampleFactType][])(
      'given nothing, %s is refused; given its %s, accepted',
      (type, field, introducedBy) => {
        const reference = fact(type, id(2));
        const violation = refusal(initialStreamState(), record(reference));
        expect(violation.rule).toBe('unknown-slug');
        expect(violation.message).toContain(introducedBy);
        expect(violation.errors).toEqual([
          { field: `data.${field}`, rule: 'unknown-slug', message: expect.stringContaining(introducedBy) },
        ]);

        expect(decide(record(reference), given(fact(introducedBy, id(1))), context)).toEqual([reference]);
      },
    );

    test('given an introducing event with another slug, the reference is refused', () => {
      const state = given(fact('AgreementSigned', id(1), { agreementId: 'another-agreement' }));
      expect(refusal(state, record(fact('AgreementEnteredIntoForce', id(2)))).rule).toBe('unknown-slug');
    });

    test('a slug of another kind does not count (a visitId is not an agreementId)', () => {
      const state = given(fact('VisitAnnounced', id(1), { visitId: 'mutual-visa-exemption-2025' }));
      expect(refusal(state, record(fact('AgreementEnteredIntoForce', id(2)))).rule).toBe('unknown-slug');
    });

    test('given the introducing event retracted, the reference is refused', () => {
      const state = given(fact('SanctionsImposed', id(1)), retraction(id(2), id(1)));
      expect(refusal(state, record(fact('SanctionsLifted', id(3)))).rule).toBe('unknown-slug');
    });
  });

  describe('implausible history is recorded, not refused', () => {
    test('relations severed that were never recorded as established', () => {
      const severed = fact('DiplomaticRelationsSevered', id(1));
      expect(decide(record(severed), initialStreamState(), context)).toEqual([severed]);
    });

    test('relations restored that were never severed', () => {
      const restored = fact('DiplomaticRelationsRestored', id(1));
      expect(decide(record(restored), given(fact('DiplomaticRelationsEstablished', id(2))), context)).toEqual(
        [restored],
      );
    });

    test('a visit held with no announcement', () => {
      const held = fact('VisitHeld', id(1));
      expect(held.payload.data.visitId).toBe('aliyev-state-visit-2025');
      expect(decide(record(held), initialStreamState(), context)).toEqual([held]);
    });

    test('the same visit held twice', () => {
      const again = fact('VisitHeld', id(3));
      const state = given(fact('VisitAnnounced', id(1)), fact('VisitHeld', id(2)));
      expect(decide(record(again), state, context)).toEqual([again]);
    });

    test('an agreement that enters into force twice, or after it was terminated', () => {
      const state = given(
        fact('AgreementSigned', id(1)),
        fact('AgreementEnteredIntoForce', id(2)),
        fact('AgreementTerminated', id(3)),
      );
      const again = fact('AgreementEnteredIntoForce', id(4));
      expect(decide(record(again), state, context)).toEqual([again]);
    });

    test('a visit cancelled after it was held', () => {
      const cancelled = fact('VisitCancelled', id(3));
      const state = given(fact('VisitAnnounced', id(1)), fact('VisitHeld', id(2)));
      expect(decide(record(cancelled), state, context)).toEqual([cancelled]);
    });
  });
});

describe('decide: correct a fact', () => {
  const representation = () => fact('RepresentationChanged', id(1)); // sender CN, embassy in Baku, 1993-03

  test('given an unknown target, a NotFoundError', () => {
    expect(() => decide(correct(id(404), { occurredOn: '1993' }), given(representation()), context)).toThrow(
      NotFoundError,
    );
  });

  test("given a retracted target, 'target-retracted'", () => {
    const state = given(representation(), retraction(id(2), id(1)));
    expect(refusal(state, correct(id(1), { occurredOn: '1993' })).rule).toBe('target-retracted');
  });

  test("given a target that is itself a correction, 'target-is-amendment'", () => {
    const state = given(representation(), correction(id(2), id(1), { occurredOn: '1993' }));
    expect(refusal(state, correct(id(2), { occurredOn: '1994' })).rule).toBe('target-is-amendment');
  });

  test("given a target that is a retraction, 'target-is-amendment'", () => {
    const state = given(representation(), fact('PartnershipDeclared', id(2)), retraction(id(3), id(2)));
    expect(refusal(state, correct(id(3), { data: { reason: 'x' } })).rule).toBe('target-is-amendment');
  });

  describe("'correction-result-invalid': the corrected event must pass its type's schema", () => {
    test('a value its schema does not allow', () => {
      const violation = refusal(given(representation()), correct(id(1), { data: { mission: 'palace' } }));
      expect(violation.rule).toBe('correction-result-invalid');
      expect(violation.errors).toEqual([
        { field: 'data.mission', rule: 'isIn', message: expect.any(String) },
      ]);
    });

    test('a required field removed with null', () => {
      const violation = refusal(given(representation()), correct(id(1), { data: { sender: null } }));
      expect(violation.rule).toBe('correction-result-invalid');
      expect(violation.errors).toEqual([{ field: 'data.sender', rule: 'required', message: 'is required' }]);
    });

    test('a field the type does not have', () => {
      const violation = refusal(given(representation()), correct(id(1), { data: { ambassador: 'Someone' } }));
      expect(violation.rule).toBe('correction-result-invalid');
      expect(violation.errors).toEqual([
        { field: 'data.ambassador', rule: 'unknownField', message: expect.any(String) },
      ]);
    });

    test('an unknown country code', () => {
      const violation = refusal(given(representation()), correct(id(1), { data: { sender: 'qq' } }));
      expect(violation.rule).toBe('correction-result-invalid');
      expect(violation.errors).toEqual([
        { field: 'data.sender', rule: 'isActor', message: expect.stringContaining('"QQ"') },
      ]);
    });

    test('several bad fields are all named', () => {
      const violation = refusal(
        given(representation()),
        correct(id(1), { data: { mission: 'palace', resident: 'yes' } }),
      );
      expect(violation.errors.map((e) => e.field).sort()).toEqual(['data.mission', 'data.resident']);
    });

    test('occurredOn and sources cannot be removed with null', () => {
      const noDate = refusal(
        given(representation()),
        correct(id(1), { occurredOn: null as unknown as string }),
      );
      expect(noDate.rule).toBe('correction-result-invalid');
      expect(noDate.errors.map((e) => e.field)).toEqual(['occurredOn']);

      const noSources = refusal(
        given(representation()),
        correct(id(1), { sources: null as unknown as SourceRef[] }),
      );
      expect(noSources.rule).toBe('correction-result-invalid');
      expect(noSources.errors.map((e) => e.field)).toEqual(['sources']);
    });
  });

  test("a result dated in the future: 'fact-in-future'", () => {
    const violation = refusal(given(representation()), correct(id(1), { occurredOn: '2027' }));
    expect(violation.rule).toBe('fact-in-future');
  });

  test("a result with an actor outside the pair: 'actor-outside-pair'", () => {
    const violation = refusal(given(representation()), correct(id(1), { data: { sender: 'US' } }));
    expect(violation.rule).toBe('actor-outside-pair');
    expect(violation.errors.map((e) => e.field)).toEqual(['data.sender']);
  });

  test("a result whose slug another event uses: 'duplicate-slug'", () => {
    const state = given(
      fact('AgreementSigned', id(1)),
      fact('AgreementSigned', id(2), { agreementId: 'other' }),
    );
    expect(refusal(state, correct(id(2), { data: { agreementId: 'mutual-visa-exemption-2025' } })).rule).toBe(
      'duplicate-slug',
    );
  });

  test('an introducing event does not collide with its own slug when corrected', () => {
    const state = given(fact('AgreementSigned', id(1)));
    const [event] = decide(
      correct(id(1), { data: { title: 'Agreement on visa exemption' } }),
      state,
      context,
    );
    expect(event.type).toBe('EventCorrected');
  });

  describe("'correction-changes-nothing'", () => {
    test.each([
      ['the same occurredOn', { occurredOn: '1993-03' }],
      ['the same data values', { data: { mission: 'embassy', city: 'Baku' } }],
      ['a code that normalises to the same', { data: { sender: 'cn' } }],
      ['the same sources', { sources: [mfa] }],
    ] as [string, CorrectionChangesJson][])('%s', (_, changes) => {
      expect(refusal(given(representation()), correct(id(1), changes)).rule).toBe(
        'correction-changes-nothing',
      );
    });

    test('null for an optional field that is absent', () => {
      const withoutCity = fact('RepresentationChanged', id(1), { city: undefined });
      expect(withoutCity.payload.data).not.toHaveProperty('city');
      expect(refusal(given(withoutCity), correct(id(1), { data: { city: null } })).rule).toBe(
        'correction-changes-nothing',
      );
    });
  });

  describe('a valid correction', () => {
    test('produces one EventCorrected: occurredOn today, the actors of the target, {targetEventId, changes, reason}', () => {
      const target = fact('RepresentationChanged', id(1), {}, { actors: ['cn', 'az'] });
      const decided = decide(
        correct(id(1), { occurredOn: '1993-04' }, { eventId: id(77), reason: 'the embassy opened in April' }),
        given(target),
        context,
      );
      expect(decided).toEqual([
        {
          eventId: id(77),
          type: 'EventCorrected',
          payload: {
            actors: ['CN', 'AZ'],
            occurredOn: TODAY,
            data: {
              targetEventId: id(1),
              changes: { occurredOn: '1993-04' },
              reason: 'the embassy opened in April',
            },
            sources: target.payload.sources,
          },
        },
      ]);
    });

    test('its sources default to the sources of the corrected event', () => {
      const newSources = [{ publisher: 'AZERTAC', url: 'https://azertag.az/' }];
      const [event] = decide(correct(id(1), { sources: newSources }), given(representation()), context);
      expect(event.payload.sources).toEqual(newSources);
      expect(event.payload.data.changes).toEqual({ sources: newSources });
    });

    test('sources sent with the correction are its own', () => {
      const own = [{ publisher: 'Embassy of Azerbaijan in Beijing' }];
      const [event] = decide(
        correct(id(1), { occurredOn: '1993' }, { sources: own }),
        given(representation()),
        context,
      );
      expect(event.payload.sources).toEqual(own);
    });

    test('data changes are normalised: a lower-case code is stored upper-case', () => {
      const [event] = decide(correct(id(1), { data: { sender: 'az' } }), given(representation()), context);
      expect(event.payload.data.changes).toEqual({ data: { sender: 'AZ' } });
    });

    test('null removes an optional field', () => {
      const state = given(representation());
      const [event] = decide(correct(id(1), { data: { city: null } }), state, context);
      expect(event.payload.data.changes).toEqual({ data: { city: null } });

      const after = foldStream([recorded(representation(), 0), recorded(event, 1)]);
      expect(after.facts.get(id(1))!.payload.data).toEqual({
        sender: 'CN',
        mission: 'embassy',
        resident: true,
      });
    });

    test('null on a field with a default (resident) restores the default, which evolve then reads', () => {
      const nonResident = fact('RepresentationChanged', id(1), { resident: false });
      const [event] = decide(correct(id(1), { data: { resident: null } }), given(nonResident), context);
      expect(event.payload.data.changes).toEqual({ data: { resident: true } });
      const after = foldStream([recorded(nonResident, 0), recorded(event, 1)]);
      expect(after.facts.get(id(1))!.payload.data.resident).toBe(true);

      expect(refusal(given(representation()), correct(id(1), { data: { resident: null } })).rule).toBe(
        'correction-changes-nothing',
      );
    });

    test('a correction of a corrected event applies to the event as corrected', () => {
      const state = given(representation(), correction(id(2), id(1), { data: { city: 'Ganja' } }));
      expect(refusal(state, correct(id(1), { data: { city: 'Ganja' } })).rule).toBe(
        'correction-changes-nothing',
      );
      const [event] = decide(correct(id(1), { data: { city: 'Baku' } }), state, context);
      expect(event.payload.data.changes).toEqual({ data: { city: 'Baku' } });
    });

    test('a VisitAnnounced may be corrected to plan the visit in the future', () => {
      const [event] = decide(
        correct(id(1), { data: { plannedFor: '2027' } }),
        given(fact('VisitAnnounced', id(1))),
        context,
      );
      expect(event.payload.data.changes).toEqual({ data: { plannedFor: '2027' } });
    });
  });
});

describe('decide: retract a fact', () => {
  test('given an unknown target, a NotFoundError', () => {
    expect(() => decide(retract(id(404)), given(fact('PartnershipDeclared', id(1))), context)).toThrow(
      NotFoundError,
    );
  });

  test("given an already retracted target, 'target-retracted'", () => {
    const state = given(fact('PartnershipDeclared', id(1)), retraction(id(2), id(1)));
    expect(refusal(state, retract(id(1))).rule).toBe('target-retracted');
  });

  test("given a target that is a correction, 'target-is-amendment'", () => {
    const state = given(
      fact('PartnershipDeclared', id(1)),
      correction(id(2), id(1), { occurredOn: '2024-07' }),
    );
    expect(refusal(state, retract(id(2))).rule).toBe('target-is-amendment');
  });

  test('given a live target, one EventRetracted: occurredOn today, the actors and sources of the target', () => {
    const target = fact('PartnershipDeclared', id(1));
    expect(decide(retract(id(1), { eventId: id(50), reason: 'duplicate' }), given(target), context)).toEqual([
      {
        eventId: id(50),
        type: 'EventRetracted',
        payload: {
          actors: ['AZ', 'CN'],
          occurredOn: TODAY,
          data: { targetEventId: id(1), reason: 'duplicate' },
          sources: target.payload.sources,
        },
      },
    ]);
  });

  test('sources sent with the retraction are its own', () => {
    const own = [{ publisher: 'Correction desk' }];
    const [event] = decide(
      retract(id(1), { sources: own }),
      given(fact('PartnershipDeclared', id(1))),
      context,
    );
    expect(event.payload.sources).toEqual(own);
  });

  test('a corrected target can be retracted', () => {
    const state = given(
      fact('PartnershipDeclared', id(1)),
      correction(id(2), id(1), { occurredOn: '2024-07' }),
    );
    const [event] = decide(retract(id(1)), state, context);
    expect(event).toMatchObject({ type: 'EventRetracted', payload: { data: { targetEventId: id(1) } } });
  });
});
