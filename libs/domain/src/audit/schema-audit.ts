import { isEventType, specOf } from '../catalogue/catalogue';
import { CorrectionChangesJson, applyChanges } from '../corrections';
import { parseFactInput } from '../event-input';
import { FieldError, InvalidInputError } from '../errors';
import { EventPayload, RecordedEvent } from '../recorded-event';
import { validateSchema } from '../schema-validation';

/** A stored event that its schema, as it stands today, refuses. */
export interface InvalidStoredEvent {
  eventId: string;
  stream: string;
  revision: number;
  type: string;
  errors: FieldError[];
}

export interface SchemaReport {
  ok: boolean;
  /** Events checked. */
  checked: number;
  /** How many fail their schema (uncorrected and not retracted); the first 100 are listed. */
  invalidCount: number;
  invalid: InvalidStoredEvent[];
  /** What to do about them, when there are any. */
  remedy: string | null;
}

const LISTED = 100;
export const SCHEMA_REMEDY =
  'these events were recorded before their schema refused what they hold; history is never rewritten, so ' +
  'record a correction of each (POST /v1/events/{id}/corrections) that replaces the refused values, or ' +
  'retract it: verify counts an event corrected into its schema, or retracted, as remedied';

/** The errors of a payload against the schema of its type (empty when it passes). */
export function storedPayloadErrors(type: string, payload: EventPayload): FieldError[] {
  if (!isEventType(type)) return [{ field: 'type', rule: 'isIn', message: `"${type}" is no event type` }];
  if (specOf(type).amendment) return validateSchema(specOf(type).schema, payload.data, 'data').errors;
  const { actors, occurredOn, data, sources, note } = payload;
  try {
    parseFactInput({ type, actors, occurredOn, data, sources, ...(note !== undefined ? { note } : {}) });
    return [];
  } catch (error) {
    if (error instanceof InvalidInputError) return error.errors;
    throw error;
  }
}

/**
 * Checks, event by event in log order, that the stored record still passes its schemas (a log written
 * before a schema tightened may hold what it now refuses). An event that fails stays a candidate until a
 * later correction brings its payload back into its schema, or a retraction withdraws it.
 */
export class SchemaAudit {
  private checked = 0;
  private readonly failing = new Map<
    string,
    { event: RecordedEvent; payload: EventPayload; errors: FieldError[] }
  >();

  add(event: RecordedEvent): void {
    this.checked++;
    const errors = storedPayloadErrors(event.type, event.payload);
    if (errors.length > 0) this.failing.set(event.eventId, { event, payload: event.payload, errors });
    const target = (event.payload.data as { targetEventId?: unknown })?.targetEventId;
    const candidate = typeof target === 'string' ? this.failing.get(target) : undefined;
    if (!candidate) return;
    if (event.type === 'EventRetracted') {
      this.failing.delete(String(target));
    } else if (event.type === 'EventCorrected') {
      const changes = (event.payload.data as { changes?: CorrectionChangesJson }).changes ?? {};
      candidate.payload = applyChanges(candidate.payload, changes);
      candidate.errors = storedPayloadErrors(candidate.event.type, candidate.payload);
      if (candidate.errors.length === 0) this.failing.delete(String(target));
    }
  }

  report(): SchemaReport {
    const invalid = [...this.failing.values()].slice(0, LISTED).map(({ event, errors }) => ({
      eventId: event.eventId,
      stream: event.stream,
      revision: Number(event.revision),
      type: event.type,
      errors,
    }));
    const ok = this.failing.size === 0;
    return {
      ok,
      checked: this.checked,
      invalidCount: this.failing.size,
      invalid,
      remedy: ok ? null : SCHEMA_REMEDY,
    };
  }
}
