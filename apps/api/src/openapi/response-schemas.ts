import { EVENT_TYPES, FACT_TYPES, HEAD_OF_MISSION_CLASSES, RECOGNITION_KINDS } from '@app/domain';
import { QUERY_PATTERNS } from '@app/timeline';

/**
 * The bodies the API answers with, as JSON Schema (OpenAPI 3.0). The answers are built by the read side
 * (libs/timeline, the domain's views), whose types are TypeScript only: these schemas are their one
 * runtime description, and the document-driven fuzz test checks every answer against them (ajv).
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const string: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };
const uuid: Schema = { type: 'string', format: 'uuid' };
const sha256: Schema = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const position: Schema = { type: 'string', pattern: QUERY_PATTERNS.position, description: 'A log position' };
const instant: Schema = { type: 'string', format: 'date-time' };
const day: Schema = { type: 'string', format: 'date' };
const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
const list = (items: Schema): Schema => ({ type: 'array', items });

/** An object that lists every property it may have: `required` ones always, the others sometimes. */
function object(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

const page = (item: string): Schema =>
  object({
    items: list(ref(item)),
    nextCursor: nullable({ ...string, description: 'null on the last page' }),
  });

const recordedFields = {
  eventId: uuid,
  type: { type: 'string', enum: [...EVENT_TYPES] },
  actors: { type: 'array', items: string, minItems: 2, maxItems: 2 },
  occurredOn: string,
  data: { type: 'object', description: 'As the schema of `type` describes it' },
  sources: list(ref('Source')),
};
const metadata = {
  stream: { type: 'string', example: 'relationship-AZ-CN' },
  revision: integer,
  position,
  recordedAt: instant,
  recordedBy: string,
  schemaVersion: integer,
  prevHash: sha256,
  hash: sha256,
};
const note = { note: string };

const amendment = object(
  { eventId: uuid, recordedAt: instant, recordedBy: string, reason: string },
  { changes: ref('CorrectionChanges') },
);

const since = { since: string, eventId: uuid };
const basis = {
  basis: {
    type: 'string',
    enum: ['representation'],
    description:
      'Implied by a resident embassy or legation, no relations event being recorded; absent: recorded',
  },
};
const agreement = object(
  {
    agreementId: string,
    status: { type: 'string', enum: ['signed', 'in-force', 'terminated'] },
    eventIds: list(uuid),
  },
  {
    title: string,
    kind: string,
    areas: list(string),
    signedOn: string,
    inForceSince: string,
    terminatedOn: string,
  },
);
const visit = object(
  { guest: string, visitor: { type: 'object' }, level: string, occurredOn: string, eventId: uuid },
  { visitId: string, plannedFor: string, meetings: list({ type: 'object' }), overdue: { type: 'boolean' } },
);
const meeting = object(
  { participants: list({ type: 'object' }), occurredOn: string, eventId: uuid },
  { venue: string, topics: list(string) },
);

export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Receipt: object({
    eventId: uuid,
    stream: { type: 'string', example: 'relationship-AZ-CN' },
    revision: integer,
    position,
    recordedAt: instant,
    hash: { ...sha256, description: 'sha256 of the previous hash and the canonical JSON of the event' },
  }),
  Problem: object(
    {
      type: { type: 'string', example: '/problems/invalid-input' },
      title: string,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: string,
      instance: string,
    },
    {
      errors: list(ref('FieldError')),
      rule: { type: 'string', description: 'The rule of the record a 422 broke' },
    },
  ),
  Amendment: amendment,
  RecordedEvent: object({ ...recordedFields, ...metadata }, note),
  EventWithAmendments: object(
    {
      ...recordedFields,
      ...metadata,
      corrections: list(ref('RecordedEvent')),
      retraction: nullable(ref('RecordedEvent')),
    },
    note,
  ),
  HistoryEvent: object(
    { ...recordedFields, ...metadata, amends: nullable(uuid), amendedBy: list(uuid) },
    note,
  ),
  TimelineItem: object(
    {
      ...recordedFields,
      type: { type: 'string', enum: [...FACT_TYPES] },
      period: object({ start: day, end: day, precision: { type: 'string', enum: ['year', 'month', 'day'] } }),
      recordedAt: instant,
      recordedBy: string,
      revision: integer,
      position,
      corrections: list(ref('Amendment')),
      retraction: nullable(ref('Amendment')),
    },
    {
      ...note,
      original: object({ occurredOn: string, data: { type: 'object' }, sources: list(ref('Source')) }, note),
    },
  ),
  RelationshipState: object({
    actors: { type: 'array', items: string, minItems: 2, maxItems: 2, example: ['AZ', 'CN'] },
    at: day,
    knownAt: instant,
    relations: object(
      { status: { type: 'string', enum: ['none', 'established', 'severed'] } },
      { ...since, level: string, ...basis },
    ),
    partnership: nullable(
      object(
        { level: string, rank: nullable({ type: 'integer', minimum: 1, maximum: 5 }), ...since },
        { instrument: string },
      ),
    ),
    representation: {
      type: 'object',
      description: 'By sending state: its mission in the other',
      additionalProperties: object(
        { mission: string, resident: { type: 'boolean' }, ...since },
        {
          city: string,
          headOfMission: { type: 'string', enum: [...HEAD_OF_MISSION_CLASSES] },
          adInterim: { type: 'boolean', enum: [true] },
          headLeft: object(
            { how: { type: 'string', enum: ['recalled', 'expelled'] }, on: string, eventId: uuid },
            { forConsultations: { type: 'boolean', enum: [true] } },
          ),
        },
      ),
    },
    agreements: object({ inForce: list(agreement), signed: list(agreement) }),
    visaPolicies: list(
      object(
        { grantedBy: string, beneficiary: string, regime: string, ...since },
        { maxStayDays: integer, until: string },
      ),
    ),
    positions: list(object({ by: string, topic: string, stance: string, ...since }, { summary: string })),
    sanctions: list(object({ sanctionsId: string, by: string, scope: string, ...since })),
    visits: object({ last: nullable(visit), upcoming: list(visit), total: integer }),
    meetings: object({ last: nullable(meeting), total: integer }),
    recognition: list(
      object({ by: string, of: string, kind: { type: 'string', enum: [...RECOGNITION_KINDS] }, ...since }),
    ),
    expulsions: object({
      last: nullable(
        object(
          { by: string, occurredOn: string, eventId: uuid },
          { count: integer, includesHeadOfMission: { type: 'boolean' }, reason: string },
        ),
      ),
      total: integer,
    }),
    uncertain: list(object({ eventId: uuid, type: string, occurredOn: string, why: string })),
    anomalies: list(object({ kind: string, message: string, eventIds: list(uuid) })),
    eventCount: integer,
    revision: integer,
    position,
  }),
  TimelinePage: page('TimelineItem'),
  EventSearchPage: page('TimelineItem'),
  HistoryPage: page('HistoryEvent'),
  LogPage: page('RecordedEvent'),
  Country: object(
    {
      code: string,
      name: string,
      aliases: list(string),
      former: { type: 'boolean' },
      relationships: integer,
    },
    {
      from: { ...day, description: 'The day it became a state, where the state list tells it' },
      to: { ...day, description: 'The day it ceased to be a state' },
      predecessor: { ...string, description: 'The state it continues (RU continues SUHH)' },
      successor: { ...string, description: 'The state that continues it' },
    },
  ),
  CountryPage: page('Country'),
  PanelRow: object({
    ccode1: { ...integer, description: 'COW code of side 1' },
    ccode2: { ...integer, description: 'COW code of side 2' },
    year: integer,
    DR_at_1: { type: 'integer', enum: [0, 1, 2, 3, 9], description: "Side 2's representation at side 1" },
    DR_at_2: { type: 'integer', enum: [0, 1, 2, 3, 9], description: "Side 1's representation at side 2" },
    DE: { type: 'integer', enum: [0, 1], description: 'Any diplomatic exchange in the dyad that year' },
  }),
  Panel: object({ items: list(ref('PanelRow')) }),
  CountryRelationships: object({
    actor: string,
    at: day,
    items: list(
      object({
        counterpart: string,
        counterpartName: string,
        relationship: { type: 'string', example: 'AZ-CN' },
        relations: object(
          { status: { type: 'string', enum: ['none', 'established', 'severed'] } },
          { since: string, ...basis },
        ),
        partnership: nullable(object({ level: string, rank: nullable(integer), since: string })),
        lastEvent: nullable(object({ eventId: uuid, type: string, occurredOn: string })),
        missions: object({
          sent: nullable({ ...ref('MissionSummary'), description: "The state's mission in the counterpart" }),
          received: nullable({
            ...ref('MissionSummary'),
            description: "The counterpart's mission in the state",
          }),
        }),
      }),
    ),
    nextCursor: nullable(string),
  }),
  MissionSummary: object(
    { mission: string, resident: { type: 'boolean' }, since: string },
    { headOfMission: { type: 'string', enum: [...HEAD_OF_MISSION_CLASSES] } },
  ),
  Digest: object({ position: nullable(position), streams: integer, events: integer, headsHash: sha256 }),
  ChainReport: object({
    ok: { type: 'boolean' },
    streams: integer,
    events: integer,
    position: nullable(position),
    firstBroken: nullable(
      object({
        stream: string,
        revision: integer,
        eventId: string,
        problem: string,
        expected: string,
        found: string,
      }),
    ),
  }),
  SchemaReport: object({
    ok: { type: 'boolean' },
    checked: integer,
    invalidCount: integer,
    invalid: list(
      object({
        eventId: string,
        stream: string,
        revision: integer,
        type: string,
        errors: list(ref('FieldError')),
      }),
    ),
    remedy: nullable({
      ...string,
      description: 'What to do: history is never rewritten, a correction is the remedy',
    }),
  }),
  FieldError: object({ field: string, rule: string, message: string }),
  VerifyResult: object(
    {
      ok: {
        type: 'boolean',
        description: 'Every chain intact, every event within its schema, the digest held',
      },
      chains: ref('ChainReport'),
      schemas: ref('SchemaReport'),
      digest: nullable(object({ ok: { type: 'boolean' }, expected: ref('Digest'), found: ref('Digest') })),
    },
    {},
  ),
  ReplayResult: object({
    ok: { type: 'boolean' },
    events: integer,
    position: nullable(position),
    durationMs: integer,
    liveDigest: sha256,
    replayDigest: sha256,
    swapped: { type: 'boolean' },
  }),
  Health: object({
    status: { type: 'string', enum: ['ok'] },
    store: object({ reachable: { type: 'boolean', enum: [true] }, headPosition: nullable(position) }),
    projection: object({
      checkpoint: nullable(position),
      lag: string,
      build: nullable(object({ through: string, lastStream: string })),
      lastError: nullable(string),
    }),
  }),
};
