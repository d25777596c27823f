import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { isEventType, FACT_TYPES, EventType, specOf } from './catalogue/catalogue';
import { CorrectionChanges } from './catalogue/amendments.schema';
import { LONG_TEXT_MAX, Nested, NestedList, Source } from './catalogue/common.schema';
import { FieldError, InvalidInputError } from './errors';
import { EventPayload, SERVICE_FIELDS, SourceRef } from './recorded-event';
import { IsActor, IsPartialDate, Optional } from './schema-decorators';
import { actorReferences, isPlainObject, validateSchema, type ActorReference } from './schema-validation';

/** The body of POST /v1/events, and one line of an import file. */
export class RecordEventBody {
  @Optional() @IsUUID() eventId?: string;
  @IsIn(FACT_TYPES, { message: `must be one of: ${FACT_TYPES.join(', ')}` }) type!: string;
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(2) @IsActor({ each: true }) actors!: string[];
  @IsPartialDate() occurredOn!: string;
  /** Checked against the schema of `type` (the catalogue), not here. */
  @Optional() @IsObject() data?: Record<string, unknown>;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @NestedList(() => Source) sources!: Source[];
  @Optional() @IsString() @MaxLength(LONG_TEXT_MAX) note?: string;
}

/** The body of POST /v1/events/{id}/corrections. */
export class CorrectionBody {
  @Nested(() => CorrectionChanges) changes!: CorrectionChanges;
  @IsString() @MaxLength(LONG_TEXT_MAX) reason!: string;
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @NestedList(() => Source) sources?: Source[];
  @Optional() @IsUUID() eventId?: string;
}

/** The body of POST /v1/events/{id}/retraction. */
export class RetractionBody {
  @IsString() @MaxLength(LONG_TEXT_MAX) reason!: string;
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @NestedList(() => Source) sources?: Source[];
  @Optional() @IsUUID() eventId?: string;
}

export interface FactInput {
  eventId?: string;
  type: EventType;
  payload: EventPayload;
  /** The actors `data` names, found while it was validated here: decide need not validate it again. */
  dataActors: ActorReference[];
}

function serviceFieldErrors(plain: unknown): FieldError[] {
  if (!isPlainObject(plain)) return [];
  return SERVICE_FIELDS.filter((f) => Object.prototype.hasOwnProperty.call(plain, f)).map((field) => ({
    field,
    rule: 'serviceSet',
    message: 'is set by the service when it records the event and cannot be sent',
  }));
}

function nonEmpty(text: unknown, field: string): FieldError[] {
  return typeof text === 'string' && text.trim() === ''
    ? [{ field, rule: 'isNotEmpty', message: 'must not be empty' }]
    : [];
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new InvalidInputError(errors);
}

/** Validates and normalises a fact as a client sends it; throws InvalidInputError naming every bad field. */
export function parseFactInput(plain: unknown): FactInput {
  const hidden = serviceFieldErrors(plain);
  const withoutHidden = isPlainObject(plain)
    ? Object.fromEntries(
        Object.entries(plain).filter(([k]) => !(SERVICE_FIELDS as readonly string[]).includes(k)),
      )
    : plain;
  const envelope = validateSchema(RecordEventBody, withoutHidden);
  const errors = [...hidden, ...envelope.errors];
  const body = envelope.value as unknown as RecordEventBody;
  if (Array.isArray(body.actors) && body.actors.length === 2 && body.actors[0] === body.actors[1]) {
    errors.push({ field: 'actors', rule: 'distinctActors', message: 'must name two different states' });
  }
  let data: Record<string, unknown> = {};
  let dataActors: ActorReference[] = [];
  // A `data` that is not an object is already reported by the envelope; its fields cannot be checked.
  if (
    isEventType(body.type) &&
    !specOf(body.type).amendment &&
    (body.data === undefined || isPlainObject(body.data))
  ) {
    const checked = validateSchema(specOf(body.type).schema, body.data ?? {}, 'data');
    errors.push(...checked.errors);
    data = checked.value;
    dataActors = actorReferences(checked.instance, 'data');
  }
  throwIfAny(errors);
  const payload: EventPayload = {
    actors: [body.actors[0], body.actors[1]],
    occurredOn: body.occurredOn,
    data,
    sources: body.sources as SourceRef[],
  };
  if (body.note !== undefined) payload.note = body.note;
  return { eventId: body.eventId?.toLowerCase(), type: body.type as EventType, payload, dataActors };
}

export function parseCorrectionInput(plain: unknown): CorrectionBody {
  const checked = validateSchema(CorrectionBody, plain);
  const body = checked.value as unknown as CorrectionBody;
  const errors = [...checked.errors, ...nonEmpty(body.reason, 'reason')];
  const changes = body.changes as CorrectionChanges | undefined;
  if (isPlainObject(changes) && Object.keys(changes).length === 0) {
    errors.push({
      field: 'changes',
      rule: 'notEmpty',
      message: 'must change at least one of occurredOn, data, sources',
    });
  }
  throwIfAny(errors);
  return body;
}

export function parseRetractionInput(plain: unknown): RetractionBody {
  const checked = validateSchema(RetractionBody, plain);
  const body = checked.value as unknown as RetractionBody;
  throwIfAny([...checked.errors, ...nonEmpty(body.reason, 'reason')]);
  return body;
}
