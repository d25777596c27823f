import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { GetCountryRelationshipsQuery, ListCountriesQuery } from '@app/timeline';
import { Requires } from '../auth/auth.guard';

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
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'Wait until the read models include this position',
  })
  list(@Query('minPosition') minPosition: string | undefined) {
    return this.queries.execute(new ListCountriesQuery({ minPosition }));
  }

  @Get(':code/relationships')
  @Requires('reader')
  @ApiOperation({
    summary: 'Every relationship of a state on a date: counterpart, status, partnership, last event',
  })
  @ApiParam({ name: 'code', example: 'AZ' })
  @ApiQuery({ name: 'at', required: false, description: 'YYYY-MM-DD (default today, UTC)' })
  @ApiQuery({
    name: 'minPartnershipRank',
    required: false,
    description: '1–5: only partnerships of at least this rank',
  })
  @ApiQuery({
    name: 'minPosition',
    required: false,
    description: 'Wait until the read models include this position',
  })
  relationships(@Param('code') code: string, @Query() query: Record<string, string | undefined>) {
    const { at, minPartnershipRank, minPosition } = query;
    return this.queries.execute(
      new GetCountryRelationshipsQuery({ code, at, minPartnershipRank, minPosition }),
    );
  }
}
