import { amend, CorrectionChangesJson } from '../corrections';
import { parsePartialDate, PartialDate } from '../partial-date';
import type { EventPayload, RecordedEvent } from '../recorded-event';

export interface Amendment {
  eventId: string;
  recordedAt: string;
  recordedBy: string;
  reason: string;
  changes?: CorrectionChangesJson;
}

/** One fact on a relationship's timeline: as it reads now, with what amended it. */
export interface TimelineItem extends EventPayload {
  eventId: string;
  type: string;
  period: Pick<PartialDate, 'start' | 'end' | 'precision'>;
  recordedAt: string;
  recordedBy: string;
  revision: number;
  position: string;
  /** The fact as first recorded, when corrections changed it. */
  original?: Pick<EventPayload, 'occurredOn' | 'data' | 'sources'>;
  corrections: Amendment[];
  retraction: Amendment | null;
}

function periodOf(occurredOn: string): TimelineItem['period'] {
  const period = parsePartialDate(occurredOn);
  if (!period) throw new Error(`invalid occurredOn "${occurredOn}" in the log`);
  return { start: period.start, end: period.end, precision: period.precision };
}

const byPosition = (a: RecordedEvent, b: RecordedEvent) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1);

/**
 * Every fact of a relationship recorded by `knownAt` (all when absent), retracted ones included and
 * marked, in valid-time order: by the start of the (corrected) period, then by position.
 */
export function timelineOf(events: RecordedEvent[], knownAt?: string): TimelineItem[] {
  const items = new Map<string, TimelineItem>();
  for (const event of [...events].sort(byPosition)) {
    if (knownAt !== undefined && event.metadata.recordedAt > knownAt) continue;
    const { recordedAt, recordedBy } = event.metadata;
    const data = event.payload.data;
    const target = items.get(String(data.targetEventId));
    if (event.type === 'EventCorrected' && target) {
      const changes = data.changes as CorrectionChangesJson;
      const corrected = amend(target, event)!;
      target.original ??= { occurredOn: target.occurredOn, data: target.data, sources: target.sources };
      Object.assign(target, {
        occurredOn: corrected.occurredOn,
        data: corrected.data,
        sources: corrected.sources,
        period: periodOf(corrected.occurredOn),
      });
      target.corrections.push({
        eventId: event.eventId,
        recordedAt,
        recordedBy,
        reason: String(data.reason),
        changes,
      });
    } else if (event.type === 'EventRetracted' && target) {
      target.retraction = { eventId: event.eventId, recordedAt, recordedBy, reason: String(data.reason) };
    } else if (event.type !== 'EventCorrected' && event.type !== 'EventRetracted') {
      items.set(event.eventId, {
        eventId: event.eventId,
        type: event.type,
        ...event.payload,
        period: periodOf(event.payload.occurredOn),
        recordedAt,
        recordedBy,
        revision: Number(event.revision),
        position: event.position,
        corrections: [],
        retraction: null,
      });
    }
  }
  return [...items.values()].sort((a, b) =>
    a.period.start !== b.period.start
      ? a.period.start < b.period.start
        ? -1
        : 1
      : BigInt(a.position) < BigInt(b.position)
        ? -1
        : 1,
  );
}
