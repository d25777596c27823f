import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PanelRow } from '@app/domain';
import { GetPanelQuery, PANEL_CSV_HEADER, panelCsvLine } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { negotiateCsv } from '../csv/csv-answer';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { Problems } from '../openapi/responses';

async function* csvOf(pairs: AsyncIterable<PanelRow[]>): AsyncGenerator<string> {
  yield PANEL_CSV_HEADER;
  for await (const rows of pairs) if (rows.length > 0) yield rows.map(panelCsvLine).join('');
}

async function* jsonOf(pairs: AsyncIterable<PanelRow[]>): AsyncGenerator<string> {
  yield '{"items":[';
  let first = true;
  for await (const rows of pairs) {
    for (const row of rows) {
      yield `${first ? '' : ','}${JSON.stringify(row)}`;
      first = false;
    }
  }
  yield ']}';
}

/** GET /v1/panel: the record as a COW dyad-year panel (docs/data-sets.md#the-panel), streamed. */
@ApiTags('panel')
@Controller('v1/panel')
export class PanelController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('reader')
  @ApiOperation({
    summary:
      'The record as a dyad-year panel in the columns of the COW Diplomatic Exchange data set (ccode1, ccode2, year, DR_at_1, DR_at_2, DE), from the states at 31 December of each year; CSV or JSON, streamed',
  })
  @AcceptsQuery(Q.panelFrom, Q.panelTo, Q.years, Q.format, Q.knownAt)
  @ApiResponse({
    status: 200,
    description: 'The panel: JSON by default, CSV with Accept: text/csv or format=csv',
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/Panel' } },
      'text/csv': {
        schema: { type: 'string', example: 'ccode1,ccode2,year,DR_at_1,DR_at_2,DE\n2,20,1930,0,2,1\n' },
      },
    },
  })
  @Problems(400, 503)
  async panel(
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { from, to, years, format, knownAt } = query;
    // The same negotiation as every CSV answer; the rows are the data set's own format (panelCsvLine).
    const csv = negotiateCsv(request, reply, format);
    const pairs = await this.queries.execute(new GetPanelQuery({ from, to, years, knownAt }));
    await reply
      .type(csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .send(Readable.from(csv ? csvOf(pairs) : jsonOf(pairs)));
  }
}
