import type { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetCountryRelationshipsQuery, ListCountriesQuery } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { ACTOR_DESCRIPTION, ACTOR_PATTERN } from '../openapi/request-schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Answers, Problems } from '../openapi/responses';
import { csvAnswer, negotiateCsv } from '../csv/csv-answer';
import { COUNTRY_COLUMNS, type CountryRow } from '../csv/csv-columns';

@ApiTags('countries')
@Controller('v1/countries')
export class CountriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('reader')
  @ApiOperation({
    summary:
      'Every known state (ISO 3166-1, and ISO 3166-3 for former states) with its English name and how many of its relationships are recorded',
  })
  @AcceptsQuery(Q.minPosition)
  @Answers(200, 'CountryPage', 'Every known state')
  @Problems(503)
  list(@Query('minPosition') minPosition: string | undefined) {
    return this.queries.execute(new ListCountriesQuery({ minPosition }));
  }

  @Get(':code/relationships')
  @Requires('reader')
  @ApiOperation({
    summary: 'Every relationship of a state on a date: counterpart, status, partnership, last event',
  })
  @ApiParam({
    name: 'code',
    description: ACTOR_DESCRIPTION,
    schema: { type: 'string', pattern: ACTOR_PATTERN, example: 'AZ' },
  })
  @AcceptsQuery(Q.at, Q.minPartnershipRank, Q.minPosition, Q.format)
  @Answers(
    200,
    'CountryRelationships',
    'Its relationships on that date (CSV: one row per relationship)',
    [],
    COUNTRY_COLUMNS.map((c) => c.header),
  )
  @Problems(503)
  async relationships(
    @Param('code') code: string,
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const { at, minPartnershipRank, minPosition, format } = query;
    const csv = negotiateCsv(request, reply, format);
    const view = await this.queries.execute(
      new GetCountryRelationshipsQuery({ code, at, minPartnershipRank, minPosition }),
    );
    if (!csv) return view;
    const rows = (async function* (): AsyncGenerator<CountryRow> {
      for (const item of view.items) yield { ...item, actor: view.actor, at: view.at };
    })();
    return csvAnswer(reply, `${view.actor}-relationships-${view.at}.csv`, COUNTRY_COLUMNS, rows) as Readable;
  }
}
