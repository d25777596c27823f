import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError, streamOf } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { eventJson } from '../events/event-json';
import type { Page } from '../queries/get-timeline.query';
import { parseLimit, parsePair, parsePosition } from '../queries/query-params';
import { EVENT_STORE } from '../tokens';

export interface HistoryParams {
  a: string;
  b: string;
  after?: string;
  limit?: string;
}

/**
 * A relationship's events in record order with who recorded them and when, their revision, position
 * and hashes; corrections and retractions linked to their targets both ways (`amends`, `amendedBy`).
 * Read from the store itself, not from a read model. `after` is a stream revision.
 */
export class GetHistoryQuery extends Query<Page<Record<string, unknown>>> {
  constructor(readonly params: HistoryParams) {
    super();
  }
}

@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ params }: GetHistoryQuery): Promise<Page<Record<string, unknown>>> {
    const [a, b] = parsePair(params.a, params.b);
    const after = parsePosition('after', params.after);
    const limit = parseLimit('limit', params.limit, 100, 1000);
    const events = await this.store.readStream(streamOf(a, b));
    if (events.length === 0) throw new NotFoundError(`nothing is recorded between ${a} and ${b}`);
    const amendedBy = new Map<string, string[]>();
    for (const e of events) {
      const target = e.payload.data.targetEventId;
      if ((e.type === 'EventCorrected' || e.type === 'EventRetracted') && typeof target === 'string') {
        amendedBy.set(target, [...(amendedBy.get(target) ?? []), e.eventId]);
      }
    }
    const from = after === undefined ? 0n : BigInt(after) + 1n;
    const page = events.filter((e) => e.revision >= from).slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((e) => ({
        ...eventJson(e),
        amends:
          typeof e.payload.data.targetEventId === 'string' && e.type.startsWith('Event')
            ? e.payload.data.targetEventId
            : null,
        amendedBy: amendedBy.get(e.eventId) ?? [],
      })),
      nextCursor: last && last.revision < events[events.length - 1].revision ? String(last.revision) : null,
    };
  }
}
