import { CorrectionChangesJson } from './corrections';
import { EventPayload, NewEvent, RecordedEvent, SCHEMA_VERSION } from './recorded-event';
import { evolve, foldStream, initialStreamState, StreamState } from './stream-state';

// Events are built by hand here: evolve and foldStream trust the log and must not need decide or the schemas.

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An event as the store hands it back: stream, revision, position and metadata filled in. */
function recorded(event: NewEvent, revision: number): RecordedEvent {
  return {
    ...event,
    stream: 'relationship-AZ-CN',
    revision: BigInt(revision),
    position: String(500 + revision),
    metadata: {
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, revision)).toISOString(),
      recordedBy: 'recorder',
      schemaVersion: SCHEMA_VERSION,
      prevHash: `hash-${revision - 1}`,
      hash: `hash-${revision}`,
    },
  };
}

const source = { publisher: 'Ministry of Foreign Affairs of the PRC' };

function payload(occurredOn: string, data: Record<string, unknown>): EventPayload {
  return { actors: ['AZ', 'CN'], occurredOn, data, sources: [source] };
}

const representation: NewEvent = {
  eventId: id(1),
  type: 'RepresentationChanged',
  payload: payload('1993-03', { sender: 'CN', mission: 'embassy', resident: true, city: 'Baku' }),
};

const partnership: NewEvent = {
  eventId: id(2),
  type: 'PartnershipDeclared',
  payload: payload('2024-07-03', { level: 'strategic partnership' }),
};

function correction(eventId: string, targetEventId: string, changes: CorrectionChangesJson): NewEvent {
  return {
    eventId,
    type: 'EventCorrected',
    payload: payload('2026-01-01', { targetEventId, changes, reason: 'a better source' }),
  };
}

function retraction(eventId: string, targetEventId: string): NewEvent {
  return {
    eventId,
    type: 'EventRetracted',
    payload: payload('2026-01-01', { targetEventId, reason: 'mistake' }),
  };
}

/** The same events, recorded at revisions 0, 1, 2, … */
const log = (...events: NewEvent[]): RecordedEvent[] =>
  events.map((event, revision) => recorded(event, revision));

describe('stream state: what decide knows of a relationship stream', () => {
  test('given no event, the state is empty at revision -1 with no head hash', () => {
    const state = initialStreamState();
    expect(state.revision).toBe(-1n);
    expect(state.headHash).toBeUndefined();
    expect(state.facts.size).toBe(0);
    expect(state.amendments.size).toBe(0);
  });

  test('a fact reads as recorded, not retracted', () => {
    const state = foldStream(log(representation));
    expect(state.facts.get(id(1))).toEqual({
      eventId: id(1),
      type: 'RepresentationChanged',
      payload: representation.payload,
      retracted: false,
    });
  });

  describe('evolve does not mutate its input state', () => {
    const snapshot = (state: StreamState) => structuredClone(state);

    test('when a fact is added', () => {
      const before = foldStream(log(representation));
      const copy = snapshot(before);
      const after = evolve(before, recorded(partnership, 1));
      expect(before).toEqual(copy);
      expect(before.facts.has(id(2))).toBe(false);
      expect(after.facts.has(id(2))).toBe(true);
    });

    test('when a fact is corrected: neither the old view nor its payload changes', () => {
      const before = foldStream(log(representation));
      const copy = snapshot(before);
      const oldView = before.facts.get(id(1))!;
      const after = evolve(
        before,
        recorded(correction(id(3), id(1), { occurredOn: '1993-04', data: { city: null } }), 1),
      );
      expect(before).toEqual(copy);
      expect(oldView.payload.occurredOn).toBe('1993-03');
      expect(oldView.payload.data.city).toBe('Baku');
      expect(after.facts.get(id(1))!.payload.occurredOn).toBe('1993-04');
      expect(after.amendments.has(id(3))).toBe(true);
      expect(before.amendments.has(id(3))).toBe(false);
    });

    test('when a fact is retracted', () => {
      const before = foldStream(log(representation));
      const copy = snapshot(before);
      const after = evolve(before, recorded(retraction(id(3), id(1)), 1));
      expect(before).toEqual(copy);
      expect(before.facts.get(id(1))!.retracted).toBe(false);
      expect(after.facts.get(id(1))!.retracted).toBe(true);
    });

    test('the recorded event itself is not changed either', () => {
      const event = recorded(correction(id(3), id(1), { data: { city: 'Ganja' } }), 1);
      const copy = structuredClone(event);
      evolve(foldStream(log(representation)), event);
      expect(event).toEqual(copy);
    });
  });

  test('foldStream equals evolve applied event after event', () => {
    const events = log(
      representation,
      partnership,
      correction(id(3), id(1), { occurredOn: '1993-04' }),
      retraction(id(4), id(2)),
      correction(id(5), id(1), { data: { city: 'Ganja' }, sources: [{ publisher: 'AZERTAC' }] }),
    );
    const stepByStep = events.reduce(evolve, initialStreamState());
    expect(foldStream(events)).toEqual(stepByStep);
    expect(stepByStep.revision).toBe(4n);
    expect(stepByStep.facts.get(id(1))!.payload.occurredOn).toBe('1993-04');
  });

  describe('corrections apply in record order', () => {
    test('two corrections of different fields compose', () => {
      const state = foldStream(
        log(
          representation,
          correction(id(3), id(1), { occurredOn: '1993-04' }),
          correction(id(4), id(1), { data: { city: 'Ganja' } }),
        ),
      );
      expect(state.facts.get(id(1))!.payload).toEqual({
        ...representation.payload,
        occurredOn: '1993-04',
        data: { sender: 'CN', mission: 'embassy', resident: true, city: 'Ganja' },
      });
    });

    test('two corrections of the same field: the later one wins', () => {
      const state = foldStream(
        log(
          representation,
          correction(id(3), id(1), { data: { city: 'Ganja' } }),
          correction(id(4), id(1), { data: { city: 'Sumgait' } }),
        ),
      );
      expect(state.facts.get(id(1))!.payload.data.city).toBe('Sumgait');
    });

    test('a correction merges data field by field; null removes a field; sources and occurredOn replace', () => {
      const newSources = [{ publisher: 'AZERTAC', url: 'https://azertag.az/' }];
      const state = foldStream(
        log(
          representation,
          correction(id(3), id(1), { data: { mission: 'consulate', city: null }, sources: newSources }),
        ),
      );
      const view = state.facts.get(id(1))!;
      expect(view.payload.data).toEqual({ sender: 'CN', mission: 'consulate', resident: true });
      expect(view.payload.sources).toEqual(newSources);
      expect(view.payload.occurredOn).toBe('1993-03');
      expect(view.payload.actors).toEqual(['AZ', 'CN']);
    });

    test('a corrected fact keeps its eventId and type, and other facts are untouched', () => {
      const state = foldStream(
        log(representation, partnership, correction(id(3), id(1), { occurredOn: '1994' })),
      );
      expect(state.facts.get(id(1))).toMatchObject({
        eventId: id(1),
        type: 'RepresentationChanged',
        retracted: false,
      });
      expect(state.facts.get(id(2))!.payload).toEqual(partnership.payload);
    });
  });

  describe('amendments are not facts', () => {
    test('corrections and retractions are listed as amendments, not as facts', () => {
      const state = foldStream(
        log(
          representation,
          partnership,
          correction(id(3), id(1), { occurredOn: '1994' }),
          retraction(id(4), id(2)),
        ),
      );
      expect([...state.facts.keys()].sort()).toEqual([id(1), id(2)]);
      expect([...state.amendments].sort()).toEqual([id(3), id(4)]);
    });

    test('an amendment of an event that is not in the stream changes no fact', () => {
      const state = foldStream(
        log(representation, correction(id(3), id(99), { occurredOn: '1994' }), retraction(id(4), id(98))),
      );
      expect(state.facts.get(id(1))).toEqual({
        eventId: id(1),
        type: 'RepresentationChanged',
        payload: representation.payload,
        retracted: false,
      });
      expect(state.facts.size).toBe(1);
      expect(state.amendments).toEqual(new Set([id(3), id(4)]));
    });
  });

  test('a retraction marks the fact retracted and keeps what it said', () => {
    const state = foldStream(log(representation, partnership, retraction(id(3), id(1))));
    expect(state.facts.get(id(1))).toEqual({
      eventId: id(1),
      type: 'RepresentationChanged',
      payload: representation.payload,
      retracted: true,
    });
    expect(state.facts.get(id(2))!.retracted).toBe(false);
  });

  test('a retraction after a correction keeps the corrected payload', () => {
    const state = foldStream(
      log(representation, correction(id(3), id(1), { occurredOn: '1994' }), retraction(id(4), id(1))),
    );
    expect(state.facts.get(id(1))).toMatchObject({ retracted: true, payload: { occurredOn: '1994' } });
  });

  describe('revision and head hash follow the last event', () => {
    test('after a fact', () => {
      const state = foldStream(log(representation, partnership));
      expect(state.revision).toBe(1n);
      expect(state.headHash).toBe('hash-1');
    });

    test('after an amendment', () => {
      const state = foldStream(log(representation, partnership, retraction(id(3), id(1))));
      expect(state.revision).toBe(2n);
      expect(state.headHash).toBe('hash-2');
    });

    test('evolve moves them one event on', () => {
      const state = foldStream(log(representation));
      const next = evolve(state, recorded(partnership, 1));
      expect([next.revision, next.headHash]).toEqual([1n, 'hash-1']);
      expect([state.revision, state.headHash]).toEqual([0n, 'hash-0']);
    });

    test('they are taken from the event, whatever the revision says', () => {
      const event = {
        ...recorded(partnership, 41),
        metadata: { ...recorded(partnership, 41).metadata, hash: 'abc' },
      };
      const next = evolve(initialStreamState(), event);
      expect(next.revision).toBe(41n);
      expect(next.headHash).toBe('abc');
    });
  });
});
