import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError, relationshipId, utcDay } from '@app/domain';
import { ReadModelDb } from '../read-models/read-model-db';
import { CLOCK, Clock, READ_MODELS } from '../tokens';
import { parseDay, parseInstant, parsePair } from './query-params';
import { ReadYourWrites } from './read-your-writes';

export interface RelationshipStateParams {
  a: string;
  b: string;
  at?: string;
  knownAt?: string;
  minPosition?: string;
}

/** The answer of docs/domain.md as JSON text (a stored version is sent as it is kept), with its ETag's revision. */
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
    @Inject(READ_MODELS) private readonly readModels: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ params }: GetRelationshipStateQuery): Promise<RelationshipStateJson> {
    const pair = parsePair(params.a, params.b);
    const now = this.clock.now();
    const at = parseDay('at', params.at) ?? utcDay(now);
    const knownAt = parseInstant('knownAt', params.knownAt);
    await this.readYourWrites.ensure(params.minPosition);
    const id = relationshipId(...pair);
    const row = this.readModels.relationshipOn(id, at);
    if (!row) throw new NotFoundError(`nothing is recorded between ${pair[0]} and ${pair[1]}`);
    const actors: [string, string] = [row.actorA, row.actorB];
    if (knownAt === undefined || knownAt >= row.lastRecordedAt) {
      // The record as it stands: an index lookup of the version in force on `at`.
      const context = {
        actors,
        at,
        knownAt: knownAt ?? now.toISOString(),
        revision: row.revision,
        position: row.position,
      };
      return { json: this.readModels.stateJson(row, context), revision: row.revision };
    }
    // The record as it read at an earlier time.
    const state = this.readModels.stateJsonKnownAt(row, at, knownAt);
    if (!state)
      throw new NotFoundError(`nothing was recorded between ${actors[0]} and ${actors[1]} by ${knownAt}`);
    return state;
  }
}
