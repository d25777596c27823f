import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Problems } from '../openapi/responses';
import { Metrics } from './metrics';

/** The exposition format's media type (the document names it without its parameters). */
export const PROMETHEUS_TEXT = 'text/plain';

/**
 * GET /metrics: open like /health, without a token (docs/operations.md, "Metrics": aggregate figures
 * only, no event, actor or token; keep it off a public proxy). Absent with METRICS=off.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({
    summary:
      'Prometheus metrics (text exposition format 0.0.4): requests by route and status, appends, projection lag, sizes',
  })
  @ApiResponse({
    status: 200,
    description: 'Every metric, in the Prometheus text format',
    content: { [PROMETHEUS_TEXT]: { schema: { type: 'string' } } },
  })
  @Problems(503)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.metrics.text();
    void reply.type(this.metrics.contentType);
    return text;
  }
}
