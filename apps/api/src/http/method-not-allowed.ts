import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from '../problem-details.filter';

/** A route's URL as a regular expression: `:param` one segment, `*` the rest. */
function urlPattern(url: string): RegExp {
  const escaped = url.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);
}

/**
 * A known path asked with a method it does not take is a 405 with `Allow` (RFC 9110 §15.5.6), not a 404.
 * Routes are noted as they are added (call this before any is); the check runs only for requests that
 * matched no route, so it costs nothing on the others.
 */
export function answerWrongMethods(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  fastify.addHook('onRoute', (route) => {
    // A catch-all (CORS's OPTIONS *) names no path: it would make every unknown path a 405.
    if (route.url === '*' || route.url === '/*') return;
    for (const method of [route.method].flat()) routes.push({ pattern: urlPattern(route.url), method });
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length === 0) return done();
    void reply.header('allow', allowed.join(', '));
    sendProblem(
      reply,
      request,
      problem(
        405,
        'method-not-allowed',
        'Method Not Allowed',
        `${path} takes ${allowed.join(', ')}, not ${request.method}`,
      ),
    );
  });
}
