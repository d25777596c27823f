import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InvalidInputError, type PanelRow, panelYears } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '../tokens';
import { parseInstant } from '../queries/query-params';
import { recordPanel } from './record-panel';

export interface PanelParams {
  from?: string;
  to?: string;
  years?: string;
  knownAt?: string;
}

/**
 * The record as a COW dyad-year panel (docs/data-sets.md#the-panel), pair by pair: the parameters are
 * checked before anything is read, so that a mistake is a 400 and not a broken stream.
 */
export class GetPanelQuery extends Query<AsyncIterable<PanelRow[]>> {
  constructor(readonly params: PanelParams) {
    super();
  }
}

@QueryHandler(GetPanelQuery)
export class GetPanelHandler implements IQueryHandler<GetPanelQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ params }: GetPanelQuery): Promise<AsyncIterable<PanelRow[]>> {
    let years: number[];
    try {
      years = panelYears(Number(params.from ?? 1817), Number(params.to ?? 2005), params.years);
    } catch (error) {
      const field = (error as Error).message.startsWith('years') ? 'years' : 'from';
      throw new InvalidInputError([{ field, rule: 'panelYears', message: (error as Error).message }]);
    }
    const knownAt = parseInstant('knownAt', params.knownAt);
    return recordPanel(this.store, years, knownAt);
  }
}
