import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FeedSettings } from '@app/config';
import {
  EventFilterParams,
  LogFollower,
  parseEventFilter,
  parsePosition,
  QUERY_PATTERNS,
} from '@app/timeline';
import { CurrentPrincipal, Requires } from '../auth/auth.guard';
import type { Principal } from '../auth/token-registry';
import { HeaderError } from '../http-headers';
import { AcceptsQuery, EVENT_FILTER_QUERY, Q } from '../openapi/query-parameters';
import { Problems } from '../openapi/responses';
import { writeEventStream } from './event-stream';
import { FEED_SETTINGS, OpenStreams } from './open-streams';

/** Last-Event-ID, which a reconnecting EventSource sends: the position of the last event it received. */
function parseLastEventId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!new RegExp(QUERY_PATTERNS.position).test(value)) {
    throw new HeaderError(
      'Last-Event-ID',
      'isPosition',
      'Last-Event-ID must be a log position (a whole number)',
    );
  }
  return value;
}

/** GET /v1/events/stream: the live feed, as Server-Sent Events (docs/operations.md#the-live-feed). */
@ApiTags('events')
@Controller('v1/events/stream')
export class FeedController {
  constructor(
    private readonly follower: LogFollower,
    private readonly streams: OpenStreams,
    @Inject(FEED_SETTINGS) private readonly settings: FeedSettings,
  ) {}

  @Get()
  @Requires('reader')
  @ApiOperation({
    summary:
      'The live feed: the events after `after` (or Last-Event-ID), then each new one once the read models hold it, as Server-Sent Events',
    description:
      'Each event is `id: <position>` and `data: <the event as GET /v1/events/{id} shows it, without its amendments, which follow as events of their own>`; ' +
      'a comment line is a heartbeat. Without `after` or Last-Event-ID, only events recorded from now on. ' +
      'Reconnecting with Last-Event-ID (EventSource does) misses nothing and repeats nothing. ' +
      'A client that reads too slowly is disconnected; streams are limited per token and in all (503 with Retry-After).',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The `id` of the last event received: the stream resumes after it (it overrides `after`)',
    schema: { type: 'string', pattern: QUERY_PATTERNS.position },
  })
  @AcceptsQuery(
    Q.feedAfter,
    // The search's filters; not its `q`, `knownAt` or pages.
    ...EVENT_FILTER_QUERY,
  )
  @ApiResponse({
    status: 200,
    description: 'The stream, open until the client closes it',
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description:
            'Server-Sent Events: `id: <position>`, `data: <RecordedEvent as JSON>`; `:` heartbeats',
          example: 'id: 7\ndata: {"eventId":"…","type":"VisitHeld",…}\n\n: heartbeat\n\n',
        },
      },
    },
  })
  @Problems(503)
  stream(
    @Query() query: EventFilterParams & { after?: string },
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const filter = parseEventFilter(query);
    const after = parseLastEventId(lastEventId) ?? parsePosition('after', query.after);
    // Anonymous readers (reads open) are counted by address, as the rate limit counts them.
    const key = principal.name === 'anonymous' ? `address:${request.ip}` : `token:${principal.name}`;
    this.streams.open(key, async (shutdown) => {
      const stop = new AbortController();
      shutdown.addEventListener('abort', () => stop.abort(), { once: true });
      const pages = this.follower.follow({ after, filter, signal: stop.signal });
      const headers = reply.getHeaders();
      reply.hijack();
      await writeEventStream(
        reply.raw,
        pages,
        {
          heartbeatMs: this.settings.heartbeatSeconds * 1000,
          bufferBytes: this.settings.bufferBytes,
          headers,
        },
        stop,
      );
    });
  }
}
