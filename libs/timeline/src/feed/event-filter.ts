import { EVENT_TYPES, InvalidInputError, parsePartialDate, streamOf, type RecordedEvent } from '@app/domain';
import { partialDate, parseTypes } from '../queries/get-timeline.query';
import { parseActor, parseInstant } from '../queries/query-params';

/** The filters of the live feed, as the query names them (every one optional; all given must hold). */
export interface EventFilterParams {
  /** One or more states, comma-separated: events that involve any of them. */
  actor?: string;
  /** Two states, `AZ-CN` (either order): the events of that relationship. */
  pair?: string;
  /** One or more event types, comma-separated (corrections and retractions too). */
  type?: string;
  /** Valid time: events whose period (occurredOn, with its precision) ends on or after this EDTF date. */
  from?: string;
  /** Valid time: events whose period starts on or before this EDTF date. */
  to?: string;
  /** Record time: events recorded at or after this instant. */
  recordedFrom?: string;
  /** Record time: events recorded at or before this instant. */
  recordedTo?: string;
}

/** A parsed filter: what each event is tested against. */
export interface EventFilter {
  actors?: Set<string>;
  stream?: string;
  types?: Set<string>;
  /** First and last day of the valid-time window (YYYY-MM-DD). */
  validFrom?: string;
  validTo?: string;
  recordedFrom?: string;
  recordedTo?: string;
}

export const PAIR_PATTERN = '^[A-Za-z]{2,4}-[A-Za-z]{2,4}$';

function parseActors(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(value.split(',').map((code) => parseActor('actor', code.trim())));
}

function parsePairParam(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const codes = new RegExp(PAIR_PATTERN).test(value) ? value.split('-') : [];
  if (codes.length !== 2) {
    throw new InvalidInputError([
      { field: 'pair', rule: 'isPair', message: 'must be two country codes joined by "-", e.g. AZ-CN' },
    ]);
  }
  const [a, b] = codes.map((code) => parseActor('pair', code));
  if (a === b) {
    throw new InvalidInputError([
      { field: 'pair', rule: 'distinctActors', message: 'a relationship is between two different states' },
    ]);
  }
  return streamOf(a, b);
}

/** Parses the filter's parameters; a bad one is a 400 naming it (the same rules as the timeline's). */
export function parseEventFilter(params: EventFilterParams): EventFilter {
  const from = partialDate('from', params.from);
  const to = partialDate('to', params.to);
  if (from && to && to.end < from.start) {
    throw new InvalidInputError([
      { field: 'to', rule: 'notBeforeFrom', message: 'ends before `from` starts' },
    ]);
  }
  return {
    actors: parseActors(params.actor),
    stream: parsePairParam(params.pair),
    types: parseTypes(params.type, 'type', EVENT_TYPES),
    validFrom: from?.start,
    validTo: to?.end,
    recordedFrom: parseInstant('recordedFrom', params.recordedFrom),
    recordedTo: parseInstant('recordedTo', params.recordedTo),
  };
}

/**
 * Whether an event passes the filter. Valid time is precision-aware: a fact of `2024-07` covers the whole
 * month, so it is in a window from 2024-07-15 (periods that overlap the window pass).
 */
export function eventMatches(filter: EventFilter, event: RecordedEvent): boolean {
  if (filter.stream !== undefined && event.stream !== filter.stream) return false;
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.actors && !event.payload.actors.some((a) => filter.actors!.has(a))) return false;
  const recordedAt = event.metadata.recordedAt;
  if (filter.recordedFrom !== undefined && recordedAt < filter.recordedFrom) return false;
  if (filter.recordedTo !== undefined && recordedAt > filter.recordedTo) return false;
  if (filter.validFrom !== undefined || filter.validTo !== undefined) {
    const period = parsePartialDate(event.payload.occurredOn);
    if (!period) return false;
    if (filter.validFrom !== undefined && period.end < filter.validFrom) return false;
    if (filter.validTo !== undefined && period.start > filter.validTo) return false;
  }
  return true;
}
