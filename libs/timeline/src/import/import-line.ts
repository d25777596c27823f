import {
  type ActorReference,
  EVENT_CATALOGUE,
  EventPayload,
  EventType,
  FieldError,
  InvalidInputError,
  isEventType,
  isPlainObject,
  parseFactInput,
  SCHEMA_VERSION,
  validateSchema,
} from '@app/domain';

/**
 * One line of an import file, understood. Two forms:
 * - `fact`: an event as POST /v1/events takes it; the service stamps it when it appends.
 * - `restore`: an event as `export` wrote it, with its record time, recorder and hashes; it is appended
 *   as it was, and must chain onto what the stream holds (so an export re-imported is the same log).
 */
export type ImportLine =
  | { kind: 'fact'; eventId?: string; type: EventType; payload: EventPayload; dataActors: ActorReference[] }
  | {
      kind: 'restore';
      eventId: string;
      type: EventType;
      payload: EventPayload;
      /** The actors of a fact's data, validated here (none for an amendment, whose effect decide checks). */
      dataActors?: ActorReference[];
      stream: string;
      revision: number;
      recordedAt: string;
      recordedBy: string;
      schemaVersion: number;
      prevHash: string;
      hash: string;
    };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Any of the forbidden keys, also written with JSON escapes (a `\\u` anywhere takes the careful path). */
const FORBIDDEN_WORD = /__proto__|constructor|prototype|\\u/;

const PAYLOAD_FIELDS = ['actors', 'occurredOn', 'data', 'sources', 'note'] as const;

function fail(field: string, rule: string, message: string): never {
  throw new InvalidInputError([{ field, rule, message }]);
}

function parseRestore(plain: Record<string, unknown>): ImportLine {
  const errors: FieldError[] = [];
  const text = (field: string, pattern: RegExp) => {
    const value = plain[field];
    if (typeof value !== 'string' || !pattern.test(value)) {
      errors.push({ field, rule: 'exportField', message: `must be as export wrote it (${pattern.source})` });
    }
    return String(value);
  };
  const eventId = text('eventId', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const hash = text('hash', /^[0-9a-f]{64}$/);
  const prevHash = text('prevHash', /^[0-9a-f]{64}$/);
  const recordedAt = text('recordedAt', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const recordedBy = text('recordedBy', /^.{1,200}$/);
  const stream = text('stream', /^relationship-[A-Z]{2,4}-[A-Z]{2,4}$/);
  if (!Number.isInteger(plain.revision) || (plain.revision as number) < 0) {
    errors.push({ field: 'revision', rule: 'exportField', message: 'must be a whole number' });
  }
  const version = plain.schemaVersion;
  if (!Number.isInteger(version) || (version as number) < 1 || (version as number) > SCHEMA_VERSION) {
    errors.push({
      field: 'schemaVersion',
      rule: 'exportField',
      message: `must be a schema version of this build (1 to ${SCHEMA_VERSION})`,
    });
  }
  if (!isEventType(plain.type)) {
    errors.push({ field: 'type', rule: 'isIn', message: 'is not an event type' });
  } else if ((EVENT_CATALOGUE[plain.type].since ?? 1) > (version as number)) {
    // A type a version introduced cannot have been recorded under an earlier one: the line was altered.
    errors.push({
      field: 'type',
      rule: 'exportField',
      message: `${plain.type} was introduced by schema version ${EVENT_CATALOGUE[plain.type].since}`,
    });
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  const type = plain.type as EventType;
  const body = Object.fromEntries(PAYLOAD_FIELDS.filter((f) => f in plain).map((f) => [f, plain[f]]));
  let payload: EventPayload;
  let dataActors: ActorReference[] | undefined;
  if (EVENT_CATALOGUE[type].amendment) {
    // An amendment's data has its own schema; its effect is checked against the stream when appended.
    const checked = validateSchema(EVENT_CATALOGUE[type].schema, body.data, 'data');
    if (checked.errors.length > 0) throw new InvalidInputError(checked.errors);
    payload = body as unknown as EventPayload;
  } else {
    ({ payload, dataActors } = parseFactInput({ type, ...body }));
  }
  return {
    kind: 'restore',
    eventId,
    type,
    payload,
    dataActors,
    stream,
    revision: plain.revision as number,
    recordedAt,
    recordedBy,
    schemaVersion: version as number,
    prevHash,
    hash,
  };
}

/** Parses one line; throws InvalidInputError naming the fields (or the JSON) that are wrong. */
export function parseImportLine(line: string): ImportLine {
  let plain: unknown;
  try {
    // The same refusal as the HTTP parser's: prototype-pollution keys are an error, not data. The reviver
    // is slow, so it runs only on the rare line where one of those words appears at all.
    plain = FORBIDDEN_WORD.test(line)
      ? JSON.parse(line, (key, value: unknown) => {
          if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`forbidden key "${key}"`);
          return value;
        })
      : JSON.parse(line);
  } catch (error) {
    fail('(line)', 'isJson', `is not JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(plain)) fail('(line)', 'isObject', 'must be a JSON object');
  if (typeof plain.hash === 'string' || typeof plain.recordedAt === 'string') {
    return parseRestore(plain);
  }
  const fact = parseFactInput(plain);
  return {
    kind: 'fact',
    eventId: fact.eventId,
    type: fact.type,
    payload: fact.payload,
    dataActors: fact.dataActors,
  };
}
