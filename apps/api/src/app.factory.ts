import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule, AppOverrides } from './app.module';
import type { Config } from '@app/config';
import { registerHardening } from './http-hardening';
import { answerWrongMethods } from './http/method-not-allowed';
import { serveOpenApi } from './openapi/openapi';
import { serveWebPage } from './web/web-page';
import { Metrics } from './metrics/metrics';
import { requestObserver, type RequestObserver } from './metrics/observe-requests';
import { ReadSideFiguresReader } from '@app/timeline';
import { OpenStreams } from './feed/open-streams';

export interface CreateAppOptions extends AppOverrides {
  logger?: LoggerService | false;
  /** Where request logs go (tests read them); standard output by default. */
  logStream?: Writable;
  /** The built timeline page (default dist/web of the project). */
  webRoot?: string;
}

/**
 * One info line per request, written when it is answered and carrying its req, res and responseTime,
 * instead of Fastify's two (incoming, completed): half the logging work per request. The incoming line
 * is kept at debug level; error lines are Fastify's own.
 */
class OneLinePerRequest extends LogController {
  /** `observe`: metrics of every answered request (METRICS), taken where Fastify reports its completion. */
  constructor(private readonly observe?: RequestObserver) {
    super();
  }

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    this.observe?.(request, reply);
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

/** The HTTP application, ready to listen or to be injected into (tests). */
export async function createApp(
  config: Config,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  // METRICS=off: no registry, no observation of requests, no /metrics route.
  const metrics = config.metrics ? new Metrics(config) : undefined;
  const adapter = new FastifyAdapter({
    // No Nest middleware here, so no middie pass on every request; adding one will fail at start (no use()).
    skipMiddie: true,
    bodyLimit: config.bodyLimitBytes,
    // A body with __proto__ or constructor.prototype keys is refused outright (400), not sanitised.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Every request logged as one JSON line (pino) with its id, method, path, status and time; never a body
    // and never a header, so neither tokens nor the content of events reach the logs.
    logController: new OneLinePerRequest(metrics && requestObserver(metrics)),
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      },
      // No `redact`: pino redacts the serialised value, and the req serialiser above already keeps no header.
    },
    // A client that takes longer than this to send its whole request is cut off (slow-loris).
    requestTimeout: config.requestTimeoutMs,
    // Node checks requestTimeout every 30 s by default: every second instead, so the limit means what it says.
    http: { connectionsCheckingInterval: 1000 },
    // A socket with no traffic at all is closed after this; long enough for an audit replay to answer.
    connectionTimeout: 300_000,
    // The id of the request: a sane X-Request-Id from the client, else a new UUID (logged with every line).
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  // Fastify parses text/plain by default; the API takes JSON only, so anything else is a 415.
  fastify.removeContentTypeParser('text/plain');
  answerWrongMethods(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options, metrics),
    adapter,
    {
      logger: options.logger ?? ['error', 'warn', 'log'],
      // Fastify's own parser takes application/json and nothing else (415 for the rest).
      bodyParser: false,
    },
  );
  app.enableShutdownHooks();
  await registerHardening(app, config, metrics);
  serveOpenApi(app, { readsRequireToken: config.readsRequireToken });
  serveWebPage(app, options.webRoot);
  await app.init();
  if (metrics) {
    const readSide = app.get(ReadSideFiguresReader);
    metrics.watchReadSide(() => readSide.figures());
    const streams = app.get(OpenStreams);
    metrics.watchOpenStreams(() => streams.count);
  }
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
