import type { Readable } from 'node:stream';
import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TimelineItem } from '@app/domain';
import {
  AmendEventCommand,
  GetEventQuery,
  Page,
  Receipt,
  RecordEventCommand,
  SearchEventsQuery,
  SearchParams,
  WriteResult,
} from '@app/timeline';
import { csvAnswer, csvItems, negotiateCsv } from '../csv/csv-answer';
import { TIMELINE_COLUMNS } from '../csv/csv-columns';
import { CurrentPrincipal, Requires } from '../auth/auth.guard';
import type { Principal } from '../auth/token-registry';
import { IF_MATCH_PATTERN, parseIfMatch } from '../http-headers';
import { EXAMPLES } from '../openapi/examples';
import { Answers, Problems } from '../openapi/responses';
import { schemaRef } from '../openapi/openapi';
import { AcceptsQuery, EVENT_FILTER_QUERY, Q } from '../openapi/query-parameters';

const ifMatchHeader = {
  name: 'If-Match',
  required: false,
  description:
    'The stream revision the write expects, quoted: "3" (the ETag of the relationship). 412 if it moved on.',
  // No example: Swagger UI would fill it in and send it with every "Try it out" (a 412 once the stream moves on).
  schema: { type: 'string', pattern: IF_MATCH_PATTERN },
};
const eventIdParam = ApiParam({ name: 'eventId', schema: { type: 'string', format: 'uuid' } });
const recorded = Answers(201, 'Receipt', 'Recorded', ['Location']);
const retried = Answers(200, 'Receipt', 'A retry of an eventId already recorded with the same content', [
  'Location',
]);

function answer(reply: FastifyReply, result: WriteResult): Receipt {
  // A retry of a recorded eventId is answered 200 with the original receipt; a new event 201.
  void reply.status(result.created ? 201 : 200).header('location', `/v1/events/${result.receipt.eventId}`);
  return result.receipt;
}

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Requires('recorder')
  @ApiOperation({ summary: 'Record one event (docs/domain.md)' })
  @ApiBody({
    schema: schemaRef('RecordEventBody'),
    examples: { azerbaijanChina: { value: EXAMPLES.recordEvent } },
  })
  @ApiHeader(ifMatchHeader)
  @applyDecorators(recorded, retried)
  @Problems(409, 412, 422, 503)
  async record(
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Receipt> {
    const command = new RecordEventCommand(body, principal.name, parseIfMatch(ifMatch));
    return answer(reply, await this.commands.execute(command));
  }

  @Post(':eventId/corrections')
  @Requires('recorder')
  @ApiOperation({ summary: 'Correct an event: records EventCorrected' })
  @applyDecorators(eventIdParam, ApiHeader(ifMatchHeader), recorded, retried)
  @ApiBody({
    schema: schemaRef('CorrectionBody'),
    examples: { azerbaijanChina: { value: EXAMPLES.correction } },
  })
  @Problems(404, 409, 412, 422, 503)
  async correct(
    @Param('eventId') eventId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Receipt> {
    const command = new AmendEventCommand('correct', eventId, body, principal.name, parseIfMatch(ifMatch));
    return answer(reply, await this.commands.execute(command));
  }

  @Post(':eventId/retraction')
  @Requires('recorder')
  @ApiOperation({ summary: 'Retract an event: records EventRetracted' })
  @applyDecorators(eventIdParam, ApiHeader(ifMatchHeader), recorded, retried)
  @ApiBody({
    schema: schemaRef('RetractionBody'),
    examples: { azerbaijanChina: { value: EXAMPLES.retraction } },
  })
  @Problems(404, 409, 412, 422, 503)
  async retract(
    @Param('eventId') eventId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Receipt> {
    const command = new AmendEventCommand('retract', eventId, body, principal.name, parseIfMatch(ifMatch));
    return answer(reply, await this.commands.execute(command));
  }

  @Get()
  @Requires('reader')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Search the facts of every relationship: states, pair, types, valid and record time, words (docs/search.md)',
  })
  @AcceptsQuery(...EVENT_FILTER_QUERY, Q.q, Q.knownAt, Q.searchLimit, Q.cursor, Q.minPosition, Q.format)
  @Answers(
    200,
    'EventSearchPage',
    'One page of the facts found, each as the timeline shows it (CSV: every fact after `cursor`, or `limit` of them)',
    [],
    TIMELINE_COLUMNS.map((c) => c.header),
  )
  @Problems(503)
  async search(
    @Query() query: SearchParams & { format?: string },
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<TimelineItem> | Readable> {
    const { format, limit, cursor, ...filter } = query;
    const read = (size: string | undefined, after?: string) =>
      this.queries.execute(new SearchEventsQuery({ ...filter, limit: size, cursor: after }));
    if (!negotiateCsv(request, reply, format)) return read(limit, cursor);
    const items = await csvItems(limit, read, cursor);
    return csvAnswer(reply, 'events.csv', TIMELINE_COLUMNS, items);
  }

  @Get(':eventId')
  @Requires('reader')
  @HttpCode(200)
  @ApiOperation({ summary: 'One event with its metadata, corrections and retraction' })
  @applyDecorators(eventIdParam, Answers(200, 'EventWithAmendments', 'The event'))
  @Problems(404, 503)
  @AcceptsQuery(Q.minPosition)
  get(
    @Param('eventId') eventId: string,
    @Query('minPosition') minPosition: string | undefined,
  ): Promise<Record<string, unknown>> {
    return this.queries.execute(new GetEventQuery(eventId, minPosition));
  }
}
