import type { EventType } from '../catalogue/catalogue';
import { applyChanges, CorrectionChangesJson } from '../corrections';
import { parsePartialDate, PartialDate } from '../partial-date';
import type { EventPayload, RecordedEvent } from '../recorded-event';

/** A fact as the record reads it at some record time: its corrections applied, its period resolved. */
export interface DatedFact {
  eventId: string;
  type: EventType;
  payload: EventPayload;
  position: string;
  recordedAt: string;
  period: PartialDate;
  /** eventIds of the corrections applied, in record order. */
  corrections: string[];
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

function periodOf(occurredOn: string, eventId: string): PartialDate {
  const period = parsePartialDate(occurredOn);
  // Stored events were validated when recorded; an unparsable date here means the log was altered.
  if (!period) throw new Error(`event ${eventId} carries an invalid occurredOn "${occurredOn}"`);
  return period;
}

/**
 * The live facts of one relationship as known at `knownAt` (an ISO instant; all when absent): events
 * recorded later are ignored, corrections and retractions recorded by then are applied in record order.
 */
export function factsAsKnown(events: Iterable<RecordedEvent>, knownAt?: string): DatedFact[] {
  const known = [...events]
    .filter((e) => knownAt === undefined || e.metadata.recordedAt <= knownAt)
    .sort(byPosition);
  const facts = new Map<string, DatedFact>();
  for (const event of known) {
    const data = event.payload.data;
    if (event.type === 'EventCorrected') {
      const target = facts.get(String(data.targetEventId));
      if (!target) continue; // the target was retracted before this correction, or lies outside this stream
      const payload = applyChanges(target.payload, data.changes as CorrectionChangesJson);
      facts.set(target.eventId, {
        ...target,
        payload,
        period: periodOf(payload.occurredOn, target.eventId),
        corrections: [...target.corrections, event.eventId],
      });
    } else if (event.type === 'EventRetracted') {
      facts.delete(String(data.targetEventId));
    } else {
      facts.set(event.eventId, {
        eventId: event.eventId,
        type: event.type,
        payload: event.payload,
        position: event.position,
        recordedAt: event.metadata.recordedAt,
        period: periodOf(event.payload.occurredOn, event.eventId),
        corrections: [],
      });
    }
  }
  return [...facts.values()];
}
