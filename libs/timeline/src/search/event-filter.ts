import { EVENT_TYPES, InvalidInputError, parsePartialDate, relationshipId } from '@app/domain';
import type { FieldError, RecordedEvent } from '@app/domain';
import { parseActor, parseInstant, QUERY_PATTERNS } from '../queries/query-params';

/**
 * A query value as it arrives: one string, or several when the parameter is repeated (`actor=A&actor=B`)
 * — only the list parameters (`actor`, `type`) may be; each value may also be a comma list.
 */
export type QueryValue = string | string[] | undefined;

/**
 * The filter parameters of the search (GET /v1/events) and of the live feed (GET /v1/events/stream), as the
 * query names them: one definition for both (docs/search.md#parameters). The feed takes all but `q` and
 * `knownAt`, which its route does not accept (a 400 naming them).
 */
export interface EventFilterParams {
  actor?: QueryValue;
  pair?: QueryValue;
  type?: QueryValue;
  from?: QueryValue;
  to?: QueryValue;
  recordedFrom?: QueryValue;
  recordedTo?: QueryValue;
  q?: QueryValue;
  knownAt?: QueryValue;
}

/**
 * Which facts a search (and which events a feed) asks for (docs/search.md):
 * - `actors`: one state — facts that involve it; several — facts between two of them (both sides listed);
 * - `pair`: one relationship, as its id (`AZ-CN`);
 * - `types`: any of these event types (corrections and retractions are events of the feed only);
 * - `from`/`to`: valid time — a fact matches when its period overlaps [from.start, to.end] (a fact of
 *   2024-07 is found from 2024-07-15 and up to 2024-07-01);
 * - `recordedFrom`/`recordedTo`: when the fact was first recorded, ISO instants, both bounds included;
 * - `terms`: the words of `q`, all of which the fact's text must hold (full text, ranked);
 * - `knownAt`: the record as it read at that instant.
 */
export interface EventFilter {
  actors?: string[];
  pair?: string;
  types?: string[];
  from?: string;
  to?: string;
  recordedFrom?: string;
  recordedTo?: string;
  terms?: string[];
  knownAt?: string;
}

const MAX_ACTORS = 50;
const MAX_TERMS = 20;

/** The values of a list parameter: repeated, comma-separated, or both; an empty value is kept (and refused). */
function listOf(value: QueryValue): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
}

/** A code as the query writes it (the document's pattern): two letters, or four for a former state. */
const CODE = /^[A-Za-z]{2}([A-Za-z]{2})?$/;

/** Words of a full-text query: letters and digits, lower-cased, as the index's tokenizer splits them. */
export function termsOf(q: string): string[] {
  return [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/**
 * The filter of a search or a feed, from its query parameters: every value checked, every mistake a
 * FieldError naming its parameter, all of them reported together (400).
 */
export function parseEventFilter(params: EventFilterParams): EventFilter {
  const errors: FieldError[] = [];
  const filter: EventFilter = {};
  const single = (name: keyof EventFilterParams): string | undefined => {
    const value = params[name];
    if (Array.isArray(value)) {
      errors.push({ field: name, rule: 'notRepeated', message: 'is given more than once' });
      return undefined;
    }
    return value;
  };
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      errors.push(...error.errors);
      return undefined;
    }
  };

  const code = (field: string, value: string): string | undefined => {
    if (CODE.test(value)) return attempt(() => parseActor(field, value));
    errors.push({
      field,
      rule: 'isActor',
      message: `"${value}" is not a code: two letters, or four for a former state`,
    });
    return undefined;
  };

  const actors = listOf(params.actor);
  if (actors !== undefined) {
    if (actors.length > MAX_ACTORS) {
      errors.push({ field: 'actor', rule: 'isActorList', message: `must name 1 to ${MAX_ACTORS} states` });
    } else {
      const codes = actors.map((a) => code('actor', a));
      const known = codes.filter((c): c is string => c !== undefined);
      if (known.length === codes.length) filter.actors = [...new Set(known)].sort();
    }
  }

  const pair = single('pair');
  if (pair !== undefined) {
    const sides = pair.split('-');
    if (sides.length !== 2) {
      errors.push({
        field: 'pair',
        rule: 'isPair',
        message: 'must be two state codes joined by "-", e.g. AZ-CN',
      });
    } else {
      const codes = sides.map((side) => code('pair', side));
      if (codes[0] !== undefined && codes[1] !== undefined) {
        if (codes[0] === codes[1]) {
          errors.push({
            field: 'pair',
            rule: 'distinctActors',
            message: 'a relationship is between two different states',
          });
        } else filter.pair = relationshipId(codes[0], codes[1]);
      }
    }
  }

  const types = listOf(params.type);
  if (types !== undefined) {
    const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (types.length === 0 || unknown.length > 0) {
      errors.push({
        field: 'type',
        rule: 'isIn',
        message: `unknown type ${unknown.join(', ') || '(none given)'}; known: ${EVENT_TYPES.join(', ')}`,
      });
    } else filter.types = [...new Set(types)].sort();
  }

  for (const name of ['from', 'to'] as const) {
    const value = single(name);
    if (value === undefined) continue;
    const period = parsePartialDate(value);
    if (!period) {
      errors.push({
        field: name,
        rule: 'isPartialDate',
        message: 'must be an EDTF level-0 date, e.g. 1992 or 2024-07',
      });
    } else filter[name] = name === 'from' ? period.start : period.end;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) {
    errors.push({ field: 'to', rule: 'notBeforeFrom', message: 'ends before `from` starts' });
  }

  for (const name of ['recordedFrom', 'recordedTo', 'knownAt'] as const) {
    const value = single(name);
    const instant = attempt(() => parseInstant(name, value));
    if (instant !== undefined) filter[name] = instant;
  }
  if (filter.recordedFrom && filter.recordedTo && filter.recordedTo < filter.recordedFrom) {
    errors.push({ field: 'recordedTo', rule: 'notBeforeRecordedFrom', message: 'is before `recordedFrom`' });
  }

  const q = single('q');
  if (q !== undefined) {
    if (!new RegExp(QUERY_PATTERNS.text).test(q)) {
      errors.push({
        field: 'q',
        rule: 'isText',
        message: 'must be 1 to 200 characters, none of them control characters',
      });
    } else {
      const terms = termsOf(q);
      if (terms.length === 0) {
        errors.push({ field: 'q', rule: 'hasWord', message: 'must hold a word (letters or digits)' });
      } else if (terms.length > MAX_TERMS) {
        errors.push({ field: 'q', rule: 'maxWords', message: `must hold at most ${MAX_TERMS} words` });
      } else filter.terms = terms;
    }
  }

  if (errors.length > 0) throw new InvalidInputError(errors);
  return filter;
}

/** What a fact offers a filter's in-memory check: the parts of an event the filter reads. */
export interface FilterableFact {
  type: string;
  actors: readonly string[];
  period: { start: string; end: string };
  recordedAt: string;
}

/**
 * Whether a fact passes a filter's structured parts (actors, pair, types, periods, record time): the
 * predicate form of the search's SQL (search-sql.ts), for what sees facts one at a time — the search's
 * matches by words (search-words.ts) and the live feed (`eventMatches`). `terms` and `knownAt` need the
 * index and the record's history: the search applies them in SQL, and this check leaves them out.
 * filter-both-ways.spec.ts runs one table of filters through this check and through the SQL.
 */
export function matchesFilter(filter: EventFilter, fact: FilterableFact): boolean {
  const [a, b] = fact.actors;
  if (filter.actors) {
    const listed = filter.actors.includes(a) || filter.actors.includes(b);
    const both = filter.actors.includes(a) && filter.actors.includes(b);
    if (filter.actors.length === 1 ? !listed : !both) return false;
  }
  if (filter.pair && relationshipId(a, b) !== filter.pair) return false;
  if (filter.types && !filter.types.includes(fact.type)) return false;
  if (filter.from && fact.period.end < filter.from) return false;
  if (filter.to && fact.period.start > filter.to) return false;
  if (filter.recordedFrom && fact.recordedAt < filter.recordedFrom) return false;
  if (filter.recordedTo && fact.recordedAt > filter.recordedTo) return false;
  return true;
}

/**
 * Whether an event of the log passes a filter — the live feed's check, as it reads the log. A fact is
 * tested as the search tests it (its period from `occurredOn`, its record time the event's); a correction
 * or a retraction as the event it is: its type, its pair, its own day and record time.
 */
export function eventMatches(filter: EventFilter, event: RecordedEvent): boolean {
  // Every event of the log has a valid date (its decision checked it); one without would pass no period.
  const period = parsePartialDate(event.payload.occurredOn);
  if (!period && (filter.from !== undefined || filter.to !== undefined)) return false;
  return matchesFilter(filter, {
    type: event.type,
    actors: event.payload.actors,
    period: period ?? { start: '', end: '' },
    recordedAt: event.metadata.recordedAt,
  });
}
