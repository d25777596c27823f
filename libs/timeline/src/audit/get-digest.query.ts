import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { HeadCollector, LogDigest } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { readLog } from './read-log';

/** The digest of docs/audit.md: position, stream and event counts, one hash over every stream head. */
export class GetDigestQuery extends Query<LogDigest> {}

@QueryHandler(GetDigestQuery)
export class GetDigestHandler implements IQueryHandler<GetDigestQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<LogDigest> {
    const heads = new HeadCollector();
    for await (const event of readLog(this.store)) heads.add(event);
    return heads.digest();
  }
}
