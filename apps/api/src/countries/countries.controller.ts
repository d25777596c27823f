import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetCountryRelationshipsQuery, ListCountriesQuery } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { ACTOR_DESCRIPTION, ACTOR_PATTERN } from '../openapi/request-schemas';
import { Answers, Problems } from '../openapi/responses';

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
  @AcceptsQuery(Q.at, Q.minPartnershipRank, Q.minPosition)
  @Answers(200, 'CountryRelationships', 'Its relationships on that date')
  @Problems(503)
  relationships(@Param('code') code: string, @Query() query: Record<string, string | undefined>) {
    const { at, minPartnershipRank, minPosition } = query;
    return this.queries.execute(
      new GetCountryRelationshipsQuery({ code, at, minPartnershipRank, minPosition }),
    );
  }
}
