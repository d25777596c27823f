import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { TimelineItem } from '@app/domain';
import { GetHistoryQuery, GetRelationshipStateQuery, GetTimelineQuery, Page } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { ACTOR_DESCRIPTION, ACTOR_PATTERN } from '../openapi/request-schemas';
import { Answers, Problems } from '../openapi/responses';

const code = (example: string) => ({ type: 'string' as const, pattern: ACTOR_PATTERN, example });
const pairParams = [
  ApiParam({ name: 'a', description: ACTOR_DESCRIPTION, schema: code('AZ') }),
  ApiParam({ name: 'b', description: ACTOR_DESCRIPTION, schema: code('CN') }),
];
function applyAll(...decorators: MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of decorators) d(target, key, descriptor);
  };
}

@ApiTags('relationships')
@Controller('v1/relationships')
export class RelationshipsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':a/:b')
  @Requires('reader')
  @ApiOperation({
    summary: 'The relationship on a date, as known at a time (docs/domain.md); ETag is the stream revision',
  })
  @applyAll(...pairParams)
  @AcceptsQuery(Q.at, Q.knownAt, Q.minPosition)
  @Answers(200, 'RelationshipState', 'The relationship on that date', ['ETag'])
  @Problems(404, 503)
  async state(
    @Param('a') a: string,
    @Param('b') b: string,
    @Query('at') at: string | undefined,
    @Query('knownAt') knownAtValue: string | undefined,
    @Query('minPosition') minPositionValue: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const state = await this.queries.execute(
      new GetRelationshipStateQuery({ a, b, at, knownAt: knownAtValue, minPosition: minPositionValue }),
    );
    // The JSON is sent as the read model keeps it (Fastify sends a string with a JSON type as it is).
    void reply.header('etag', `"${state.revision}"`).type('application/json; charset=utf-8');
    return state.json;
  }

  @Get(':a/:b/history')
  @Requires('auditor')
  @ApiOperation({
    summary:
      'Events in record order with who recorded them, revisions, positions and hashes; amendments linked both ways',
  })
  @applyAll(...pairParams)
  @AcceptsQuery(Q.afterRevision, Q.limit)
  @Answers(200, 'HistoryPage', 'One page of the stream in record order')
  @Problems(404)
  history(
    @Param('a') a: string,
    @Param('b') b: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
  ): Promise<Page<Record<string, unknown>>> {
    return this.queries.execute(new GetHistoryQuery({ a, b, after, limit }));
  }

  @Get(':a/:b/timeline')
  @Requires('reader')
  @ApiOperation({ summary: 'Events in valid-time order, each with its corrections and retraction' })
  @applyAll(...pairParams)
  @AcceptsQuery(Q.from, Q.to, Q.types, Q.knownAt, Q.limit, Q.cursor, Q.minPosition)
  @Answers(200, 'TimelinePage', 'One page of the facts in valid-time order')
  @Problems(404, 503)
  timeline(
    @Param('a') a: string,
    @Param('b') b: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<Page<TimelineItem>> {
    const { from, to, types, knownAt: known, limit, cursor, minPosition: min } = query;
    return this.queries.execute(
      new GetTimelineQuery({ a, b, from, to, types, knownAt: known, limit, cursor, minPosition: min }),
    );
  }
}
