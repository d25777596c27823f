import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetHealthQuery, Health } from '@app/timeline';
import { Answers, Problems } from '../openapi/responses';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: 200 when the store answers, 503 when it does not' })
  @Answers(200, 'Health', 'The store answers')
  @Problems(503)
  health(): Promise<Health> {
    return this.queries.execute(new GetHealthQuery());
  }
}
