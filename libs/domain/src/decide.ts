import canonicalize from 'canonicalize';
import { EventType, specOf } from './catalogue/catalogue';
import { applyChanges, CorrectionChangesJson } from './corrections';
import { FieldError, NotFoundError, RuleViolation } from './errors';
import { parsePartialDate } from './partial-date';
import { EventPayload, NewEvent, SourceRef } from './recorded-event';
import { actorReferences, validateSchema, type ActorReference } from './schema-validation';
import { FactView, StreamState } from './stream-state';

export interface RecordFact {
  kind: 'record';
  eventId: string;
  type: EventType;
  payload: EventPayload;
  /**
   * The actors `payload.data` names, when it was validated against its type's schema as it was parsed
   * (parseFactInput): then it is not validated again here. Without it, decide validates `data` itself.
   */
  dataActors?: ActorReference[];
}

export interface CorrectFact {
  kind: 'correct';
  eventId: string;
  targetEventId: string;
  changes: CorrectionChangesJson;
  reason: string;
  sources?: SourceRef[];
}

export interface RetractFact {
  kind: 'retract';
  eventId: string;
  targetEventId: string;
  reason: string;
  sources?: SourceRef[];
}

export type Command = RecordFact | CorrectFact | RetractFact;

/** What decide may know of the world beyond the stream: today's date (UTC), passed in, never read. */
export interface DecisionContext {
  today: string;
}

function refuseFutureDate(occurredOn: string, today: string, field: string): void {
  const date = parsePartialDate(occurredOn);
  if (date && date.start > today) {
    throw new RuleViolation('fact-in-future', `${field} ${occurredOn} starts after today (${today})`, [
      { field, rule: 'fact-in-future', message: `starts after today (${today}); facts are in the past` },
    ]);
  }
}

/** Refuses the rules of docs/domain.md that a fact's own content can break. */
/** The actors `data` names, validating it against its type's schema (for data not validated before). */
function validatedDataActors(type: EventType, data: unknown): ActorReference[] {
  const validated = validateSchema(specOf(type).schema, data, 'data');
  if (validated.errors.length > 0) {
    throw new RuleViolation('schema', 'the event does not satisfy the schema of its type', validated.errors);
  }
  return actorReferences(validated.instance, 'data');
}

/** `dataActors`: the actors of a `data` already validated against its type's schema. */
function checkFact(
  type: EventType,
  payload: EventPayload,
  state: StreamState,
  today: string,
  dataActors: ActorReference[],
  self?: string,
): void {
  refuseFutureDate(payload.occurredOn, today, 'occurredOn');
  const outside = dataActors.filter((ref) => !payload.actors.includes(ref.code));
  if (outside.length > 0) {
    throw new RuleViolation(
      'actor-outside-pair',
      `${outside.map((r) => `${r.field} (${r.code})`).join(', ')} must be one of the two actors ${payload.actors.join(' and ')}`,
      outside.map((r) => ({
        field: r.field,
        rule: 'actor-outside-pair',
        message: `${r.code} is not one of the two actors`,
      })),
    );
  }
  if (type === 'VisaPolicyChanged' && payload.data.grantedBy === payload.data.beneficiary) {
    throw new RuleViolation('visa-parties-distinct', 'grantedBy and beneficiary must be different states', [
      { field: 'data.beneficiary', rule: 'visa-parties-distinct', message: 'must differ from grantedBy' },
    ]);
  }
  if (type === 'RecognitionGranted' || type === 'RecognitionWithdrawn')
    checkRecognition(type, payload, state, self);
  checkSlug(type, payload.data, state, self);
}

/**
 * A state recognises the other member of the pair, not itself; a withdrawal needs a live grant by the same
 * state of the same state (any date, any kind): its order in time is the fold's to judge (docs/domain.md).
 */
function checkRecognition(type: EventType, payload: EventPayload, state: StreamState, self?: string): void {
  const { by, of } = payload.data;
  if (by === of) {
    throw new RuleViolation('recognition-parties-distinct', 'by and of must be different states', [
      { field: 'data.of', rule: 'recognition-parties-distinct', message: 'must differ from by' },
    ]);
  }
  if (type !== 'RecognitionWithdrawn') return;
  const granted = [...state.facts.values()].some(
    (f) =>
      !f.retracted &&
      f.eventId !== self &&
      f.type === 'RecognitionGranted' &&
      f.payload.data.by === by &&
      f.payload.data.of === of,
  );
  if (!granted) {
    throw new RuleViolation(
      'recognition-not-granted',
      `no RecognitionGranted by ${String(by)} of ${String(of)} is recorded`,
      [
        {
          field: 'data.by',
          rule: 'recognition-not-granted',
          message: `${String(by)} is not recorded as recognising ${String(of)} in this relationship`,
        },
      ],
    );
  }
}

function checkSlug(type: EventType, data: Record<string, unknown>, state: StreamState, self?: string): void {
  const rule = specOf(type).slug;
  const slug = rule ? data[rule.field] : undefined;
  if (!rule || typeof slug !== 'string') return;
  const owner = [...state.facts.values()].find(
    (f) =>
      !f.retracted &&
      f.eventId !== self &&
      f.type === rule.introducedBy &&
      f.payload.data[rule.field] === slug,
  );
  const field = `data.${rule.field}`;
  if (rule.role === 'introduces' && owner) {
    throw new RuleViolation(
      'duplicate-slug',
      `${rule.field} "${slug}" is already used by event ${owner.eventId}`,
      [{ field, rule: 'duplicate-slug', message: `"${slug}" is already used in this relationship` }],
    );
  }
  if (rule.role === 'requires' && !owner) {
    throw new RuleViolation(
      'unknown-slug',
      `no ${rule.introducedBy} event with ${rule.field} "${slug}" is recorded`,
      [
        {
          field,
          rule: 'unknown-slug',
          message: `no ${rule.introducedBy} with "${slug}" in this relationship`,
        },
      ],
    );
  }
}

function liveTarget(state: StreamState, targetEventId: string, verb: string): FactView {
  const target = state.facts.get(targetEventId);
  if (!target) {
    if (state.amendments.has(targetEventId)) {
      throw new RuleViolation(
        'target-is-amendment',
        `event ${targetEventId} is a correction or retraction; ${verb} the event it amends instead`,
      );
    }
    throw new NotFoundError(`no event ${targetEventId} is recorded`);
  }
  if (target.retracted) {
    throw new RuleViolation(
      'target-retracted',
      `event ${targetEventId} is retracted and cannot be ${verb}ed`,
    );
  }
  return target;
}

function correct(command: CorrectFact, state: StreamState, today: string): NewEvent {
  const target = liveTarget(state, command.targetEventId, 'correct');
  const merged = applyChanges(target.payload, command.changes);
  const normalised = validateSchema(specOf(target.type).schema, merged.data, 'data');
  // occurredOn and sources are required: a `null` (which the optional CorrectionChanges fields let through)
  // must not remove them.
  const envelopeErrors: FieldError[] = [];
  if (!parsePartialDate(merged.occurredOn)) {
    envelopeErrors.push({ field: 'occurredOn', rule: 'isPartialDate', message: 'cannot be removed' });
  }
  if (!Array.isArray(merged.sources) || merged.sources.length === 0) {
    envelopeErrors.push({ field: 'sources', rule: 'arrayMinSize', message: 'must cite at least one source' });
  }
  if (normalised.errors.length > 0 || envelopeErrors.length > 0) {
    throw new RuleViolation(
      'correction-result-invalid',
      `the corrected event would not satisfy the ${target.type} schema`,
      [...envelopeErrors, ...normalised.errors],
    );
  }
  const result: EventPayload = { ...merged, data: normalised.value };
  checkFact(target.type, result, state, today, actorReferences(normalised.instance, 'data'), target.eventId);
  const changes: CorrectionChangesJson = { ...command.changes };
  if (command.changes.data) {
    changes.data = Object.fromEntries(
      // A `null` whose field the schema fills with a default (RepresentationChanged.resident) records that
      // default, so that evolve, which only applies `changes`, reads the same result as was validated here.
      Object.keys(command.changes.data).map((k) => [k, k in result.data ? result.data[k] : null]),
    );
  }
  if (canonicalize(applyChanges(target.payload, changes)) === canonicalize(target.payload)) {
    throw new RuleViolation(
      'correction-changes-nothing',
      `the changes leave event ${target.eventId} as it is`,
    );
  }
  return {
    eventId: command.eventId,
    type: 'EventCorrected',
    payload: {
      actors: target.payload.actors,
      occurredOn: today,
      data: { targetEventId: target.eventId, changes, reason: command.reason },
      sources: command.sources ?? result.sources,
    },
  };
}

function retract(command: RetractFact, state: StreamState, today: string): NewEvent {
  const target = liveTarget(state, command.targetEventId, 'retract');
  return {
    eventId: command.eventId,
    type: 'EventRetracted',
    payload: {
      actors: target.payload.actors,
      occurredOn: today,
      data: { targetEventId: target.eventId, reason: command.reason },
      sources: command.sources ?? target.payload.sources,
    },
  };
}

/**
 * The decider (docs/architecture.md#the-path-of-a-write): which events a command adds to a relationship's
 * stream, or the rule it breaks. Refuses only what cannot be true of the record itself; implausible history
 * is recorded (docs/domain.md).
 */
export function decide(command: Command, state: StreamState, context: DecisionContext): NewEvent[] {
  switch (command.kind) {
    case 'record':
      if (specOf(command.type).amendment) {
        throw new RuleViolation(
          'not-a-fact',
          `${command.type} is recorded through the corrections and retraction endpoints`,
        );
      }
      checkFact(
        command.type,
        command.payload,
        state,
        context.today,
        command.dataActors ?? validatedDataActors(command.type, command.payload.data),
      );
      return [{ eventId: command.eventId, type: command.type, payload: command.payload }];
    case 'correct':
      return [correct(command, state, context.today)];
    case 'retract':
      return [retract(command, state, context.today)];
  }
}
