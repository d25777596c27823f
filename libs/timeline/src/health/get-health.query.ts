import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';

export interface Health {
  status: 'ok';
  store: { reachable: true; headPosition: string | null };
}

/** Liveness and readiness: answers only when the store answers (its errors become 503). */
export class GetHealthQuery extends Query<Health> {}

@QueryHandler(GetHealthQuery)
export class GetHealthHandler implements IQueryHandler<GetHealthQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<Health> {
    const head = await this.store.headPosition();
    return { status: 'ok', store: { reachable: true, headPosition: head ?? null } };
  }
}
