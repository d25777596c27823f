import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/** Requests that matched no route share one label value: the raw URL would make a series per URL. */
const UNMATCHED = 'unmatched';

/**
 * The one hook metrics add to every request: when it is answered, its latency (Fastify's own measure) into
 * the series of its method, route pattern and status. A callback hook: no promise per request.
 */
export function observeRequests(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? UNMATCHED,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
