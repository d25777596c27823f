import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FACT_TYPES, InvalidInputError, TimelineItem, timelineOf } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, READ_MODELS } from '../tokens';
import type { Page } from '../queries/get-timeline.query';
import { decodeCursor, encodeCursor, parseLimit } from '../queries/query-params';
import { ReadYourWrites } from '../queries/read-your-writes';
import { positionOfRow } from '../read-models/positions';
import type { ReadModelFile } from '../read-models/read-model-file';
import { EventFilterParams, parseEventFilter } from './event-filter';
import { findFacts, SearchHit, SearchKey } from './search-sql';

export interface SearchParams extends EventFilterParams {
  limit?: string;
  cursor?: string;
  minPosition?: string;
}

const isSearchKey = (k: unknown): k is SearchKey => {
  if (typeof k !== 'object' || k === null) return false;
  const key = k as Record<string, unknown>;
  if (typeof key.p !== 'string' || !/^\d{1,20}$/.test(key.p)) return false;
  return (
    (typeof key.s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key.s)) ||
    (typeof key.r === 'number' && Number.isFinite(key.r))
  );
};

/**
 * The search (GET /v1/events, docs/search.md): facts of every relationship that pass a filter, each as the
 * timeline shows it — its corrections recorded by `knownAt` applied, the original kept, the corrections
 * listed. The read models find the facts; the log gives them with their sources, notes and amendments.
 */
export class SearchEventsQuery extends Query<Page<TimelineItem>> {
  constructor(readonly params: SearchParams) {
    super();
  }
}

@QueryHandler(SearchEventsQuery)
export class SearchEventsHandler implements IQueryHandler<SearchEventsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly file: ReadModelFile,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: SearchEventsQuery): Promise<Page<TimelineItem>> {
    const filter = parseEventFilter(params);
    const amendments = filter.types?.filter((t) => !(FACT_TYPES as readonly string[]).includes(t)) ?? [];
    if (amendments.length > 0) {
      // A search finds facts with their corrections applied; the amendments are events of the feed.
      throw new InvalidInputError([
        {
          field: 'type',
          rule: 'isFactType',
          message: `${amendments.join(', ')}: the search finds facts, their corrections applied (the feed, GET /v1/events/stream, has the amendments)`,
        },
      ]);
    }
    const limit = parseLimit('limit', params.limit, 50, 1000);
    const key = decodeCursor('cursor', params.cursor, isSearchKey);
    if (key && 'r' in key !== (filter.terms !== undefined)) {
      throw new InvalidInputError([
        { field: 'cursor', rule: 'isCursor', message: 'was given by a search with another `q`' },
      ]);
    }
    await this.readYourWrites.ensure(params.minPosition);
    const hits = findFacts(this.file, filter, key, limit + 1);
    const page = hits.slice(0, limit);
    const items = await Promise.all(page.map((hit) => this.render(hit, filter.knownAt)));
    const last = page[page.length - 1];
    // The key of a page with `q` is the rank and the version matched, else the start and the fact.
    const keyOf = (hit: SearchHit) =>
      hit.matched === undefined
        ? { s: hit.start, p: positionOfRow(hit.pos) }
        : { r: hit.rank, p: positionOfRow(hit.matched) };
    return { items, nextCursor: hits.length > limit ? encodeCursor(keyOf(last)) : null };
  }

  /** A found fact as the timeline shows it, as known at `knownAt`. */
  private async render(hit: SearchHit, knownAt: string | undefined): Promise<TimelineItem> {
    const event = await this.store.findEvent(hit.eventId);
    // The index and the log are one record: a fact the read models hold is in the log.
    if (!event) throw new Error(`event ${hit.eventId} is in the read models but not in the log`);
    // Corrections apply only when the version found is not the fact as first recorded.
    const amendments =
      hit.opened === hit.pos
        ? []
        : (await this.store.readStream(event.stream, { fromRevision: event.revision + 1n })).filter(
            (e) => e.payload.data.targetEventId === event.eventId,
          );
    return timelineOf([event, ...amendments], knownAt)[0];
  }
}
