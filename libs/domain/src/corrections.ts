import { EventPayload, SourceRef } from './recorded-event';

export interface CorrectionChangesJson {
  occurredOn?: string;
  data?: Record<string, unknown>;
  sources?: SourceRef[];
}

/** What a correction can change: a recorded fact's date, data and sources. */
export type Amendable = Pick<EventPayload, 'occurredOn' | 'data'> & { sources?: SourceRef[] };

/** The fact as it reads after a correction (merge rules: see CorrectionChanges). */
export function applyChanges<T extends Amendable>(payload: T, changes: CorrectionChangesJson): T {
  const next: T = { ...payload };
  if (changes.occurredOn !== undefined) next.occurredOn = changes.occurredOn;
  if (changes.sources !== undefined) next.sources = changes.sources;
  if (changes.data !== undefined) {
    const data: Record<string, unknown> = { ...payload.data };
    for (const [key, value] of Object.entries(changes.data)) {
      if (value === null) delete data[key];
      else data[key] = value;
    }
    next.data = data;
  }
  return next;
}

/**
 * The one amendment step (docs/domain.md): a recorded fact as it reads after a correction, or null after a
 * retraction. The fold of facts as known at a time, the projection, the timeline and `decide`'s view of a
 * stream all amend through it.
 */
export function amend<T extends Amendable>(
  fact: T,
  amendment: { type: string; payload: { data: Record<string, unknown> } },
): T | null {
  if (amendment.type === 'EventRetracted') return null;
  return applyChanges(fact, amendment.payload.data.changes as CorrectionChangesJson);
}
