import { hash } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Config } from '@app/config';
import type { Metrics } from './metrics/metrics';

/** One bucket per token (its digest: tokens are never kept in clear), or per address without one. */
function rateLimitKey(request: FastifyRequest): string {
  const auth = request.headers.authorization;
  // One-shot hash: no Hash object per request.
  return auth ? `token:${hash('sha256', auth, 'hex')}` : `ip:${request.ip}`;
}

/**
 * Security headers (helmet 8's set, with a policy that lets the page and the Swagger UI load their own
 * files only), CORS only for configured origins, and a rate limit per token and per address (429 with
 * Retry-After, answered as problem details by the exception filter).
 */
export async function registerHardening(
  app: NestFastifyApplication,
  config: Config,
  metrics?: Metrics,
): Promise<void> {
  // One request id for the answer's header and every log line of the request (pino reads the header).
  // A callback hook, not an async one: no promise per request.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      request.raw.headers['x-request-id'] = request.id;
      void reply.header('x-request-id', request.id);
      done();
    });
  // Nest's own security hook: the headers, CSP included, are computed and validated once here, not per
  // request as @fastify/helmet did; they also reach the router's own 400/414 answers.
  app.useSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The Swagger UI and the timeline library set styles inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // The service speaks plain HTTP (TLS is the proxy's): upgrading would break the page on a LAN address.
        upgradeInsecureRequests: null,
      },
    },
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins,
      methods: ['GET', 'POST'],
      exposedHeaders: ['ETag', 'Location', 'Retry-After'],
    });
  }
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      ...(metrics ? { onExceeded: () => metrics.rateLimited() } : {}),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        error: 'Too Many Requests',
        message: `more than ${context.max} requests per minute from this client; retry after ${context.after}`,
      }),
    });
  }
}
