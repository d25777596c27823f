import { EventType } from './catalogue/catalogue';
import { EventPayload, RecordedEvent } from './recorded-event';
import { amend } from './corrections';

/** A fact of the stream as it reads now: its latest corrections applied. */
export interface FactView {
  eventId: string;
  type: EventType;
  payload: EventPayload;
  retracted: boolean;
}

/** What `decide` needs to know of one relationship's stream. */
export interface StreamState {
  /** -1n while the stream has no event. */
  revision: bigint;
  headHash?: string;
  facts: Map<string, FactView>;
  /** eventIds of corrections and retractions: they are not facts and cannot be amended. */
  amendments: Set<string>;
}

export function initialStreamState(): StreamState {
  return { revision: -1n, facts: new Map(), amendments: new Set() };
}

/** Applies one event to a state that the caller owns (the shared step of evolve and foldStream). */
function applyInPlace(state: StreamState, event: RecordedEvent): void {
  state.revision = event.revision;
  state.headHash = event.metadata.hash;
  const data = event.payload.data;
  if (event.type === 'EventCorrected' || event.type === 'EventRetracted') {
    state.amendments.add(event.eventId);
    const target = state.facts.get(String(data.targetEventId));
    if (target) {
      const payload = amend(target.payload, event);
      // A retracted fact stays known (decide refuses to amend it again), as it last read.
      state.facts.set(target.eventId, payload ? { ...target, payload } : { ...target, retracted: true });
    }
  } else {
    state.facts.set(event.eventId, {
      eventId: event.eventId,
      type: event.type,
      payload: event.payload,
      retracted: false,
    });
  }
}

export function evolve(state: StreamState, event: RecordedEvent): StreamState {
  const next: StreamState = { ...state, facts: new Map(state.facts), amendments: new Set(state.amendments) };
  applyInPlace(next, event);
  return next;
}

/**
 * evolve over many events, changing `state` in place: the bulk path (an import deciding thousands of
 * events of one stream), where a copy per event would cost O(n²). The caller owns `state`.
 */
export function evolveInPlace(state: StreamState, events: Iterable<RecordedEvent>): StreamState {
  for (const event of events) applyInPlace(state, event);
  return state;
}

/** evolve over a whole stream, without copying the state at every step. */
export function foldStream(events: Iterable<RecordedEvent>): StreamState {
  const state = initialStreamState();
  for (const event of events) applyInPlace(state, event);
  return state;
}
