import { DatedFact, factsAsKnown, RecordedEvent } from '@app/domain';

export interface RelationshipUpdate {
  /** Facts to write as they now read (new, or corrected). */
  upsert: DatedFact[];
  /** Facts retracted: no longer part of the state. */
  remove: string[];
  /** The earliest date whose state changes: versions from this date on are recomputed. */
  recomputeFrom: string | undefined;
}

/**
 * The projection of one relationship, pure: given the new events of a batch (position order) and
 * the current facts they may amend, which fact rows change and from which date the versions must be
 * recomputed. A backdated fact or a correction moves that date back; an append in date order does not.
 */
export function planRelationshipUpdate(
  newEvents: RecordedEvent[],
  currentFact: (eventId: string) => DatedFact | undefined,
): RelationshipUpdate {
  const touched = new Map<string, DatedFact | null>();
  let from: string | undefined;
  const moveBack = (date: string) => {
    if (from === undefined || date < from) from = date;
  };
  const lookup = (eventId: string) =>
    touched.has(eventId) ? (touched.get(eventId) ?? undefined) : currentFact(eventId);
  for (const event of newEvents) {
    if (event.type === 'EventCorrected' || event.type === 'EventRetracted') {
      const target = lookup(String(event.payload.data.targetEventId));
      if (!target) continue; // a target outside the live facts (retracted): nothing of the state changes
      moveBack(target.period.start);
      if (event.type === 'EventRetracted') {
        touched.set(target.eventId, null);
      } else {
        // The same fold as for a knownAt query: the target re-read with this correction applied.
        const [corrected] = factsAsKnown([asRecorded(target), event]);
        touched.set(target.eventId, { ...corrected, corrections: [...target.corrections, event.eventId] });
        moveBack(corrected.period.start);
      }
    } else {
      const [fact] = factsAsKnown([event]);
      touched.set(fact.eventId, fact);
      moveBack(fact.period.start);
    }
  }
  const upsert = [...touched.values()].filter((f): f is DatedFact => f !== null);
  const remove = [...touched.entries()].filter(([, f]) => f === null).map(([id]) => id);
  return { upsert, remove, recomputeFrom: from };
}

/** A fact as the recorded event that factsAsKnown can amend (metadata beyond recordedAt is not read). */
function asRecorded(fact: DatedFact): RecordedEvent {
  return {
    eventId: fact.eventId,
    type: fact.type,
    payload: fact.payload,
    position: fact.position,
    stream: '',
    revision: 0n,
    metadata: { recordedAt: fact.recordedAt, recordedBy: '', schemaVersion: 1, prevHash: '', hash: '' },
  };
}
