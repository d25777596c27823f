import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics';

/** Requests that matched no route share one label value: the raw URL would make a series per URL. */
const UNMATCHED = 'unmatched';

export type RequestObserver = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * What metrics do with every answered request: its latency (Fastify's own measure) into the series of its
 * method, route pattern and status. Called from the request log's completion callback, which Fastify
 * calls for every request anyway: no hook of its own (an onResponse hook cost more than the observation).
 */
export function requestObserver(metrics: Metrics): RequestObserver {
  return (request, reply) =>
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? UNMATCHED,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
}
