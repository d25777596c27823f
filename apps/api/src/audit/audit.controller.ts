import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetAuditLogQuery, GetDigestQuery, ReplayReadModelsCommand, VerifyLogQuery } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { schemaRef } from '../openapi/openapi';
import { AcceptsQuery, Q } from '../openapi/query-parameters';
import { Answers, Problems } from '../openapi/responses';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get('log')
  @Requires('auditor')
  @ApiOperation({ summary: 'The global log in order, paged by position' })
  @AcceptsQuery(Q.afterPosition, Q.limit)
  @Answers(200, 'LogPage', 'One page of the log')
  log(@Query('after') after: string | undefined, @Query('limit') limit: string | undefined) {
    return this.queries.execute(new GetAuditLogQuery(after, limit));
  }

  @Get('digest')
  @Requires('auditor')
  @ApiOperation({
    summary: 'Position, counts, and one hash over every stream head: file it, verify against it later',
  })
  @Answers(200, 'Digest', 'The digest to file')
  @Problems(503)
  digest() {
    return this.queries.execute(new GetDigestQuery());
  }

  @Post('verify')
  @Requires('auditor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute every hash chain; with a filed digest, prove the log still holds its heads',
  })
  @ApiBody({ required: false, schema: schemaRef('VerifyBody') })
  @Answers(200, 'VerifyResult', 'What the check found; ok is false when anything is wrong')
  @Problems(503)
  verify(@Body() body: unknown) {
    return this.queries.execute(new VerifyLogQuery(body));
  }

  @Post('replay')
  @Requires('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild every read model from position 0 beside the live ones and compare; swap: true switches',
  })
  @ApiBody({ required: false, schema: schemaRef('ReplayBody') })
  @Answers(200, 'ReplayResult', 'The rebuilt read models compared with the live ones')
  @Problems(409, 503)
  replay(@Body() body: unknown) {
    return this.commands.execute(new ReplayReadModelsCommand(body));
  }
}
