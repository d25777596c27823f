import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError, relationshipId, utcDay } from '@app/domain';
import { StateReader } from '../read-models/state-reader';
import { CLOCK, Clock } from '../tokens';
import { parseDay, parseInstant, parsePair } from './query-params';
import { ReadYourWrites } from './read-your-writes';

export interface RelationshipStateParams {
  a: string;
  b: string;
  at?: string;
  knownAt?: string;
  minPosition?: string;
}

/** The answer as JSON text, with its ETag's revision. */
export interface RelationshipStateJson {
  json: string;
  revision: number;
}

/** The relationship on a date (docs/domain.md), as the record read at a time (now by default). */
export class GetRelationshipStateQuery extends Query<RelationshipStateJson> {
  constructor(readonly params: RelationshipStateParams) {
    super();
  }
}

@QueryHandler(GetRelationshipStateQuery)
export class GetRelationshipStateHandler implements IQueryHandler<GetRelationshipStateQuery> {
  constructor(
    private readonly reader: StateReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: GetRelationshipStateQuery): Promise<RelationshipStateJson> {
    const pair = parsePair(params.a, params.b);
    const now = this.clock.now();
    const at = parseDay('at', params.at) ?? utcDay(now);
    const knownAt = parseInstant('knownAt', params.knownAt);
    await this.readYourWrites.ensure(params.minPosition);
    const row = this.reader.relationship(relationshipId(...pair));
    if (!row) throw new NotFoundError(`nothing is recorded between ${pair[0]} and ${pair[1]}`);
    const state = this.reader.stateJson(row, at, knownAt ?? now.toISOString(), knownAt === undefined);
    if (!state)
      throw new NotFoundError(`nothing was recorded between ${row.actorA} and ${row.actorB} by ${knownAt}`);
    return state;
  }
}
