import type { FactType } from '../catalogue/catalogue';
import { amend } from '../corrections';
import { parsePartialDate, PartialDate } from '../partial-date';
import type { RecordedEvent } from '../recorded-event';

/**
 * A fact as the fold reads it at some record time: what happened (type, date, data), its corrections
 * applied, its period resolved. Sources and notes are the record's, not the state's: the timeline and the
 * event routes read them from the log.
 */
export interface DatedFact {
  eventId: string;
  type: FactType;
  occurredOn: string;
  data: Record<string, unknown>;
  /** The global position of the event that recorded the fact: ties on a day fold in record order. */
  position: string;
  period: PartialDate;
  /** The pair, for the check against the states that existed (docs/data-sets.md#states-that-existed). */
  actors?: readonly string[];
}

function byPosition(a: { position: string }, b: { position: string }): number {
  const d = BigInt(a.position) - BigInt(b.position);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Valid-time order (docs/domain.md): by the start of the period, then by global position (record order). */
export function validTimeOrder(a: DatedFact, b: DatedFact): number {
  if (a.period.start !== b.period.start) return a.period.start < b.period.start ? -1 : 1;
  return byPosition(a, b);
}

export function periodOf(occurredOn: string, eventId: string): PartialDate {
  const period = parsePartialDate(occurredOn);
  // Stored events were validated when recorded; an unparsable date here means the log was altered.
  if (!period) throw new Error(`event ${eventId} carries an invalid occurredOn "${occurredOn}"`);
  return period;
}

/** The fact a recorded event states; undefined for a correction or a retraction. */
export function factOf(event: RecordedEvent): DatedFact | undefined {
  if (isAmendment(event)) return undefined;
  return {
    eventId: event.eventId,
    type: event.type as FactType,
    occurredOn: event.payload.occurredOn,
    data: event.payload.data,
    position: event.position,
    period: periodOf(event.payload.occurredOn, event.eventId),
    actors: event.payload.actors,
  };
}

export const isAmendment = (event: { type: string }): boolean =>
  event.type === 'EventCorrected' || event.type === 'EventRetracted';

/** The eventId a correction or retraction amends; undefined for a fact. */
export function amendedEventId(event: RecordedEvent): string | undefined {
  return isAmendment(event) ? String(event.payload.data.targetEventId) : undefined;
}

/** A live fact as it reads after a correction (a new version of it), or null after a retraction. */
export function amendFact(fact: DatedFact, amendment: RecordedEvent): DatedFact | null {
  const amended = amend(fact, amendment);
  return amended && { ...amended, period: periodOf(amended.occurredOn, fact.eventId) };
}

/**
 * The live facts of one relationship as known at `knownAt` (an ISO instant; all when absent): events
 * recorded later are ignored, corrections and retractions recorded by then are applied in record order.
 * A correction of a fact retracted before it, or outside this stream, changes nothing.
 */
export function factsAsKnown(events: Iterable<RecordedEvent>, knownAt?: string): DatedFact[] {
  const known = [...events]
    .filter((e) => knownAt === undefined || e.metadata.recordedAt <= knownAt)
    .sort(byPosition);
  const facts = new Map<string, DatedFact>();
  for (const event of known) {
    const target = amendedEventId(event);
    if (target === undefined) {
      const fact = factOf(event)!;
      facts.set(fact.eventId, fact);
      continue;
    }
    const live = facts.get(target);
    if (!live) continue;
    const amended = amendFact(live, event);
    if (amended) facts.set(target, amended);
    else facts.delete(target);
  }
  return [...facts.values()];
}
