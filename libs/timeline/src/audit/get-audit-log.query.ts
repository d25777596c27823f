import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { eventJson } from '../events/event-json';
import type { Page } from '../queries/get-timeline.query';
import { parseLimit, parsePosition } from '../queries/query-params';
import { EVENT_STORE } from '../tokens';

/** The global log in order, after a position, a bounded page at a time; nextCursor is the `after` of the next page. */
export class GetAuditLogQuery extends Query<Page<Record<string, unknown>>> {
  constructor(
    readonly after: string | undefined,
    readonly limit: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit }: GetAuditLogQuery): Promise<Page<Record<string, unknown>>> {
    const fromPosition = parsePosition('after', after);
    const pageSize = parseLimit('limit', limit, 100, 1000);
    const events = await this.store.readAll({ fromPosition, limit: pageSize });
    return {
      items: events.map(eventJson),
      nextCursor: events.length === pageSize ? events[events.length - 1].position : null,
    };
  }
}
