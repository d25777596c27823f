import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** The body of the next request. */
  body(): string;
}

export interface LoadFigures {
  /** 2xx responses per second of the run. */
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  responses2xx: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
}

/**
 * A bound on the count of requests of one run, beside its duration: far above what this machine can
 * answer in that time (bare node:http does ~25 000/s here), so it only stops a runaway loop.
 */
const maxRequests = (seconds: number): number => Math.ceil(seconds * 200_000);

function figures(result: autocannon.Result): LoadFigures {
  return {
    requestsPerSec: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
  };
}

/** POST /v1/events from `connections` keep-alive connections for `seconds`, a fresh body each time. */
export async function postLoad(options: LoadOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    maxOverallRequests: maxRequests(options.seconds),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({ ...request, body: options.body() }),
      },
    ],
  });
  return figures(result);
}

export interface GetLoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** The path (and query) of the next request. */
  path(): string;
}

/** GETs from `connections` keep-alive connections for `seconds` (and a bounded count), a path each time. */
export async function getLoad(options: GetLoadOptions): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    maxOverallRequests: maxRequests(options.seconds),
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.path() }) }],
  });
  return figures(result);
}
