import type { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TimelineItem } from '@app/domain';
import { GetHistoryQuery, GetRelationshipStateQuery, GetTimelineQuery, Page } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { ACTOR_DESCRIPTION, ACTOR_PATTERN } from '../openapi/request-schemas';
import { Answers, Problems } from '../openapi/responses';
import { csvAnswer, csvItems, negotiateCsv } from '../csv/csv-answer';
import { HISTORY_COLUMNS, TIMELINE_COLUMNS } from '../csv/csv-columns';

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
  @AcceptsQuery(Q.afterRevision, Q.limit, Q.format)
  @Answers(
    200,
    'HistoryPage',
    'One page of the stream in record order (CSV: every event after `after`, or `limit` of them)',
    [],
    HISTORY_COLUMNS.map((c) => c.header),
  )
  @Problems(404)
  async history(
    @Param('a') a: string,
    @Param('b') b: string,
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<Record<string, unknown>> | Readable> {
    const { after, limit, format } = query;
    const read = (size: string | undefined, from?: string) =>
      this.queries.execute(new GetHistoryQuery({ a, b, after: from, limit: size }));
    if (!negotiateCsv(request, reply, format)) return read(limit, after);
    const items = await csvItems(limit, read, after);
    return csvAnswer(reply, `${a}-${b}-history.csv`, HISTORY_COLUMNS, items);
  }

  @Get(':a/:b/timeline')
  @Requires('reader')
  @ApiOperation({ summary: 'Events in valid-time order, each with its corrections and retraction' })
  @applyAll(...pairParams)
  @AcceptsQuery(Q.from, Q.to, Q.types, Q.knownAt, Q.limit, Q.cursor, Q.minPosition, Q.format)
  @Answers(
    200,
    'TimelinePage',
    'One page of the facts in valid-time order (CSV: every fact after `cursor`, or `limit` of them)',
    [],
    TIMELINE_COLUMNS.map((c) => c.header),
  )
  @Problems(404, 503)
  async timeline(
    @Param('a') a: string,
    @Param('b') b: string,
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<TimelineItem> | Readable> {
    const { from, to, types, knownAt: known, limit, cursor, minPosition: min, format } = query;
    const read = (size: string | undefined, after?: string) =>
      this.queries.execute(
        new GetTimelineQuery({
          a,
          b,
          from,
          to,
          types,
          knownAt: known,
          limit: size,
          cursor: after,
          minPosition: min,
        }),
      );
    if (!negotiateCsv(request, reply, format)) return read(limit, cursor);
    const items = await csvItems(limit, read, cursor);
    return csvAnswer(reply, `${a}-${b}-timeline.csv`, TIMELINE_COLUMNS, items);
  }
}
