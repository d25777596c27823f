import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  FACT_TYPES,
  InvalidInputError,
  NotFoundError,
  parsePartialDate,
  streamOf,
  TimelineItem,
  timelineOf,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { decodeCursor, encodeCursor, parseInstant, parseLimit, parsePair } from './query-params';
import { ReadYourWrites } from './read-your-writes';

export interface TimelineParams {
  a: string;
  b: string;
  from?: string;
  to?: string;
  types?: string;
  knownAt?: string;
  limit?: string;
  cursor?: string;
  minPosition?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface TimelineKey {
  s: string;
  p: string;
}

const isTimelineKey = (k: unknown): k is TimelineKey =>
  typeof k === 'object' &&
  k !== null &&
  typeof (k as TimelineKey).s === 'string' &&
  /^\d+$/.test(String((k as TimelineKey).p));

function partialDate(field: string, value: string | undefined) {
  if (value === undefined) return undefined;
  const date = parsePartialDate(value);
  if (!date)
    throw new InvalidInputError([
      { field, rule: 'isPartialDate', message: 'must be an EDTF level-0 date, e.g. 1992 or 2024-07' },
    ]);
  return date;
}

function parseTypes(value: string | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const types = value.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !(FACT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new InvalidInputError([
      {
        field: 'types',
        rule: 'isIn',
        message: `unknown type ${unknown.join(', ')}; known: ${FACT_TYPES.join(', ')}`,
      },
    ]);
  }
  return new Set(types);
}

/** A relationship's facts in valid-time order, each with its corrections and retraction (the timeline route). */
export class GetTimelineQuery extends Query<Page<TimelineItem>> {
  constructor(readonly params: TimelineParams) {
    super();
  }
}

@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: GetTimelineQuery): Promise<Page<TimelineItem>> {
    const pair = parsePair(params.a, params.b);
    const from = partialDate('from', params.from);
    const to = partialDate('to', params.to);
    const types = parseTypes(params.types);
    const knownAt = parseInstant('knownAt', params.knownAt);
    const limit = parseLimit('limit', params.limit, 100, 1000);
    const after = decodeCursor('cursor', params.cursor, isTimelineKey);
    await this.readYourWrites.ensure(params.minPosition);
    // The facts with their sources, corrections and retraction are the log's: read from the store.
    const events = await this.store.readStream(streamOf(...pair));
    if (events.length === 0) throw new NotFoundError(`nothing is recorded between ${pair[0]} and ${pair[1]}`);
    const items = timelineOf(events, knownAt).filter(
      (item) =>
        (!types || types.has(item.type)) &&
        // Periods that overlap [from, to]: a fact of 1992 belongs to a timeline from 1992-04.
        (!from || item.period.end >= from.start) &&
        (!to || item.period.start <= to.end) &&
        (!after ||
          item.period.start > after.s ||
          (item.period.start === after.s && BigInt(item.position) > BigInt(after.p))),
    );
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: items.length > limit ? encodeCursor({ s: last.period.start, p: last.position }) : null,
    };
  }
}
