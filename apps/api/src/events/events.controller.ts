import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AmendEventCommand, GetEventQuery, Receipt, RecordEventCommand, WriteResult } from '@app/timeline';
import { CurrentPrincipal, Requires } from '../auth/auth.guard';
import type { Principal } from '../auth/token-registry';
import { parseIfMatch } from '../http-headers';
import { schemaRef } from '../openapi/openapi';
import { AcceptsQuery, Q } from '../openapi/query-parameters';

const ifMatchHeader = {
  name: 'If-Match',
  required: false,
  description:
    'The stream revision the write expects, quoted: "3" (the ETag of the relationship). 412 if it moved on.',
};

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
  @ApiOperation({ summary: 'Record one event (DESIGN §3.3–3.4)' })
  @ApiBody({ schema: schemaRef('RecordEventBody') })
  @ApiHeader(ifMatchHeader)
  @ApiResponse({ status: 201, description: 'Recorded', schema: schemaRef('Receipt') })
  @ApiResponse({ status: 200, description: 'A retry of an eventId already recorded with the same content' })
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
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @ApiBody({ schema: schemaRef('CorrectionBody') })
  @ApiHeader(ifMatchHeader)
  @ApiResponse({ status: 201, description: 'Recorded', schema: schemaRef('Receipt') })
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
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @ApiBody({ schema: schemaRef('RetractionBody') })
  @ApiHeader(ifMatchHeader)
  @ApiResponse({ status: 201, description: 'Recorded', schema: schemaRef('Receipt') })
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

  @Get(':eventId')
  @Requires('reader')
  @HttpCode(200)
  @ApiOperation({ summary: 'One event with its metadata, corrections and retraction' })
  @ApiParam({ name: 'eventId', format: 'uuid' })
  @AcceptsQuery(Q.minPosition)
  get(
    @Param('eventId') eventId: string,
    @Query('minPosition') minPosition: string | undefined,
  ): Promise<Record<string, unknown>> {
    return this.queries.execute(new GetEventQuery(eventId, minPosition));
  }
}
