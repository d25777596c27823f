import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { actorName, actorNames, allActorCodes, stateDates } from '@app/domain';
import { StateReader } from '../read-models/state-reader';
import { ReadYourWrites } from './read-your-writes';
import type { Page } from './get-timeline.query';

export interface Country {
  /** ISO 3166-1 alpha-2, or ISO 3166-3 for a former state. */
  code: string;
  /** The official English name. */
  name: string;
  /** Other English names people use ("China" for the People's Republic of China). */
  aliases: string[];
  former: boolean;
  /** How many relationships of this state have at least one event recorded. */
  relationships: number;
  /**
   * From the state list (docs/data-sets.md#states-that-existed): the day it became a state and the day it
   * ceased to be one, where the list tells them; the state it continues and the state that continues it.
   */
  from?: string;
  to?: string;
  predecessor?: string;
  successor?: string;
}

/** Every state the service knows, with its English name and how many of its relationships are recorded. */
export class ListCountriesQuery extends Query<Page<Country>> {
  constructor(readonly params: { minPosition?: string } = {}) {
    super();
  }
}

@QueryHandler(ListCountriesQuery)
export class ListCountriesHandler implements IQueryHandler<ListCountriesQuery> {
  constructor(
    private readonly readModels: StateReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: ListCountriesQuery): Promise<Page<Country>> {
    await this.readYourWrites.ensure(params.minPosition);
    const items = allActorCodes().map((code): Country => {
      const { from, to, predecessor, successor } = stateDates(code) ?? {};
      return {
        code,
        name: actorName(code) ?? code,
        aliases: actorNames(code).filter((name) => name !== actorName(code)),
        former: code.length === 4,
        relationships: this.readModels.relationshipsOf(code).length,
        ...(from && { from }),
        ...(to && { to }),
        ...(predecessor && { predecessor }),
        ...(successor && { successor }),
      };
    });
    items.sort((a, b) => a.name.localeCompare(b.name, 'en'));
    // A few hundred states: one page.
    return { items, nextCursor: null };
  }
}
