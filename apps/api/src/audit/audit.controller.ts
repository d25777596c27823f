import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetAuditLogQuery, GetDigestQuery, ReplayReadModelsCommand, VerifyLogQuery } from '@app/timeline';
import { Requires } from '../auth/auth.guard';
import { AcceptsQuery, Q } from '../openapi/query-parameters';

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
  log(@Query('after') after: string | undefined, @Query('limit') limit: string | undefined) {
    return this.queries.execute(new GetAuditLogQuery(after, limit));
  }

  @Get('digest')
  @Requires('auditor')
  @ApiOperation({
    summary: 'Position, counts, and one hash over every stream head: file it, verify against it later',
  })
  digest() {
    return this.queries.execute(new GetDigestQuery());
  }

  @Post('verify')
  @Requires('auditor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute every hash chain; with a filed digest, prove the log still holds its heads',
  })
  @ApiBody({ required: false, schema: { type: 'object', properties: { digest: { type: 'object' } } } })
  verify(@Body() body: unknown) {
    return this.queries.execute(new VerifyLogQuery(body));
  }

  @Post('replay')
  @Requires('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rebuild every read model from position 0 beside the live ones and compare; swap: true switches',
  })
  @ApiBody({ required: false, schema: { type: 'object', properties: { swap: { type: 'boolean' } } } })
  replay(@Body() body: unknown) {
    return this.commands.execute(new ReplayReadModelsCommand(body));
  }
}
