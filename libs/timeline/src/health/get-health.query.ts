import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { Projector } from '../projections/projector';
import { EVENT_STORE } from '../tokens';
import { projectionLag } from './projection-lag';

export interface Health {
  status: 'ok';
  store: { reachable: true; headPosition: string | null };
  projection: {
    checkpoint: string | null;
    lag: string;
    /** A first build stream by stream under way: the log position it covers, the last stream done. */
    build: { through: string; lastStream: string } | null;
    lastError: string | null;
  };
}

/** Liveness and readiness: answers only when the store answers (its errors become 503); reports projection lag. */
export class GetHealthQuery extends Query<Health> {}

@QueryHandler(GetHealthQuery)
export class GetHealthHandler implements IQueryHandler<GetHealthQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  async execute(): Promise<Health> {
    const head = await this.store.headPosition();
    const checkpoint = this.projector.checkpoint();
    const lag = await projectionLag(this.store, checkpoint);
    return {
      status: 'ok',
      store: { reachable: true, headPosition: head ?? null },
      projection: {
        checkpoint: checkpoint ?? null,
        lag: String(lag),
        build: this.projector.buildProgress() ?? null,
        lastError: this.projector.lastError ?? null,
      },
    };
  }
}
