import { EventPayload, SourceRef } from './recorded-event';

export interface CorrectionChangesJson {
  occurredOn?: string;
  data?: Record<string, unknown>;
  sources?: SourceRef[];
}

/** The payload as it reads after a correction (merge rules: see CorrectionChanges). */
export function applyChanges(payload: EventPayload, changes: CorrectionChangesJson): EventPayload {
  const next: EventPayload = { ...payload };
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
