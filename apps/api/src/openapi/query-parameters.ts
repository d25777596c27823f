import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { EVENT_TYPES, FACT_TYPES, PARTIAL_DATE_PATTERN } from '@app/domain';
import { QUERY_PATTERNS } from '@app/timeline';
import { ACTOR_PATTERN } from './request-schemas';

export interface QueryParameter {
  name: string;
  description: string;
  schema: SchemaObject;
  /** A list parameter: it may be repeated (`actor=A&actor=B`), its schema an array of form-exploded values. */
  repeatable?: true;
}

const limit = (max: number, fallback: number): QueryParameter => ({
  name: 'limit',
  description: `Page size, 1–${max} (default ${fallback})`,
  schema: { type: 'integer', minimum: 1, maximum: max },
});
/** An instant parameter: ISO 8601 with a time zone. */
const instant = (name: string, description: string, example: string): QueryParameter => ({
  name,
  description,
  schema: { type: 'string', pattern: QUERY_PATTERNS.instant, example },
});
const oneType = `(${FACT_TYPES.join('|')})`;
const oneEventType = `(${EVENT_TYPES.join('|')})`;
const oneCode = ACTOR_PATTERN.slice(1, -1);
/** The values of a list parameter: each a comma list, the parameter repeated as often as wanted. */
const listOf = (pattern: string, example: string): SchemaObject => ({
  type: 'array',
  items: { type: 'string', pattern: `^${pattern}(,${pattern})*$` },
  example: [example],
});

/**
 * Every query parameter of the API, declared once: the OpenAPI document gives each its type and pattern
 * (the patterns the query parsers use), and a request naming any other parameter is refused.
 */
export const Q = {
  at: {
    name: 'at',
    description: 'A calendar day YYYY-MM-DD that exists (default today, UTC)',
    schema: { type: 'string', pattern: QUERY_PATTERNS.day, example: '2024-07-04' },
  },
  knownAt: instant(
    'knownAt',
    'An ISO 8601 instant with a time zone: the record as it read then (default now)',
    '2025-01-01T00:00:00Z',
  ),
  minPosition: {
    name: 'minPosition',
    description:
      'Wait (at most 5 s, then 503) until the read models include this log position — the `position` a POST answered',
    schema: { type: 'string', pattern: QUERY_PATTERNS.position, example: '1' },
  },
  from: {
    name: 'from',
    description: 'EDTF level-0 date: facts whose period ends on or after it',
    schema: { type: 'string', pattern: PARTIAL_DATE_PATTERN, example: '1992' },
  },
  to: {
    name: 'to',
    description: 'EDTF level-0 date: facts whose period starts on or before it',
    schema: { type: 'string', pattern: PARTIAL_DATE_PATTERN, example: '2024-07' },
  },
  types: {
    name: 'types',
    description: 'Comma-separated event types (once: a repeated parameter is refused)',
    schema: { type: 'string', pattern: `^${oneType}(,${oneType})*$`, example: 'VisitHeld,MeetingHeld' },
  },
  cursor: {
    name: 'cursor',
    description: 'The nextCursor of the previous page',
    schema: { type: 'string', pattern: QUERY_PATTERNS.cursor },
  },
  limit: limit(1000, 100),
  afterPosition: {
    name: 'after',
    description: 'A log position: the page starts after it',
    schema: { type: 'string', pattern: QUERY_PATTERNS.position },
  },
  afterRevision: {
    name: 'after',
    description: 'A stream revision: the page starts after it',
    schema: { type: 'string', pattern: QUERY_PATTERNS.position },
  },
  feedAfter: {
    name: 'after',
    description: 'A log position: the stream starts after it (0: from the first event); without it, from now',
    schema: { type: 'string', pattern: QUERY_PATTERNS.position, example: '0' },
  },
  format: {
    name: 'format',
    description:
      'json (default) or csv: the answer as RFC 4180 CSV, one row per event, relationship or dyad-year (as Accept: text/csv, which it overrides)',
    schema: { type: 'string', enum: ['json', 'csv'] },
  },
  actor: {
    name: 'actor',
    description:
      'A state (ISO 3166 code): the facts that involve it. Several (repeated, or comma-separated): the facts between two of them',
    schema: listOf(oneCode, 'AZ'),
    repeatable: true,
  },
  pair: {
    name: 'pair',
    description: 'One relationship, as two codes joined by "-" (either order): AZ-CN',
    schema: { type: 'string', pattern: `^${oneCode}-${oneCode}$`, example: 'AZ-CN' },
  },
  type: {
    name: 'type',
    description:
      'Event types (repeated, or comma-separated): facts of any of them. EventCorrected and EventRetracted: the feed only (a search finds facts, their corrections applied)',
    schema: listOf(oneEventType, 'VisitHeld'),
    repeatable: true,
  },
  periodFrom: {
    name: 'from',
    description:
      'EDTF level-0 date: facts whose period ends on or after its start (a fact of 2024-07 is found from 2024-07-15)',
    schema: { type: 'string', pattern: PARTIAL_DATE_PATTERN, example: '2017' },
  },
  periodTo: {
    name: 'to',
    description:
      'EDTF level-0 date: facts whose period starts on or before its end (to=2024 reaches 2024-12-31)',
    schema: { type: 'string', pattern: PARTIAL_DATE_PATTERN, example: '2024-07' },
  },
  recordedFrom: {
    name: 'recordedFrom',
    description:
      'An ISO 8601 instant: facts first recorded at or after it (in the feed, a correction or retraction by its own record time)',
    schema: { type: 'string', pattern: QUERY_PATTERNS.instant, example: '2025-01-01T00:00:00Z' },
  },
  recordedTo: {
    name: 'recordedTo',
    description:
      'An ISO 8601 instant: facts first recorded at or before it (in the feed, a correction or retraction by its own record time)',
    schema: { type: 'string', pattern: QUERY_PATTERNS.instant, example: '2026-01-01T00:00:00Z' },
  },
  q: {
    name: 'q',
    description:
      'Words, all of which a fact must hold (summaries, titles, topics, venues, names, sources, notes); ranked by relevance',
    schema: { type: 'string', pattern: QUERY_PATTERNS.text, example: 'strategic partnership' },
  },
  searchLimit: limit(1000, 50),
  minPartnershipRank: {
    name: 'minPartnershipRank',
    description: 'Only partnerships of at least this rank (1–5)',
    schema: { type: 'integer', minimum: 1, maximum: 5 },
  },
  panelFrom: {
    name: 'from',
    description: 'The first year of the panel (default 1817)',
    schema: { type: 'string', pattern: '^\\d{4}$', example: '1950' },
  },
  panelTo: {
    name: 'to',
    description: 'The last year of the panel (default 2005)',
    schema: { type: 'string', pattern: '^\\d{4}$', example: '1960' },
  },
  years: {
    name: 'years',
    description:
      'The years: a list (1950,1955), a step (5: every fifth year from `from`), `cow` (the data set’s observation years); default every year',
    schema: { type: 'string', pattern: '^(cow|\\d{1,3}|\\d{4}(,\\d{4})*)$', example: 'cow' },
  },
} satisfies Record<string, QueryParameter>;

/**
 * The filters of the search and of the live feed: one definition, one meaning (docs/search.md#parameters),
 * so that the two routes can't drift apart.
 */
export const EVENT_FILTER_QUERY: QueryParameter[] = [
  Q.actor,
  Q.pair,
  Q.type,
  Q.periodFrom,
  Q.periodTo,
  Q.recordedFrom,
  Q.recordedTo,
];

const QUERY_PARAMETERS = 'queryParameters';
const REPEATABLE_PARAMETERS = 'repeatableQueryParameters';

/** The query parameters an operation takes: documented, and the only ones a request may name. */
export function AcceptsQuery(...parameters: QueryParameter[]): MethodDecorator {
  return applyDecorators(
    SetMetadata(
      QUERY_PARAMETERS,
      parameters.map((p) => p.name),
    ),
    SetMetadata(
      REPEATABLE_PARAMETERS,
      parameters.filter((p) => p.repeatable).map((p) => p.name),
    ),
    ...parameters.map((p) =>
      ApiQuery({
        name: p.name,
        required: false,
        description: p.description,
        schema: p.schema,
        ...(p.repeatable && { style: 'form' as const, explode: true }),
      }),
    ),
  );
}

/** The names an operation accepts (none when it declares none). */
export function acceptedQueryNames(handler: object): readonly string[] {
  return (Reflect.getMetadata(QUERY_PARAMETERS, handler) as string[] | undefined) ?? [];
}

/** The names an operation lets a request repeat (its list parameters). */
export function repeatableQueryNames(handler: object): readonly string[] {
  return (Reflect.getMetadata(REPEATABLE_PARAMETERS, handler) as string[] | undefined) ?? [];
}
