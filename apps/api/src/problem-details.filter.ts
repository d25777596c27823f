import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConcurrencyError,
  EventIdConflictError,
  FieldError,
  InvalidInputError,
  NotFoundError,
  RuleViolation,
} from '@app/domain';
import { StoreUnavailableError } from '@app/event-store';
import { ProjectionLagError, ReplayInProgressError } from '@app/timeline';
import { AuthenticationError, PermissionError } from './auth/auth.guard';
import { HeaderError } from './http-headers';
import { TooManyStreamsError } from './feed/open-streams';

/** An RFC 9457 problem: `type` is a relative URI naming the kind of problem. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  rule?: string;
  /** Seconds; sent as the Retry-After header, not in the body. */
  retryAfter?: number;
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Partial<Problem> = {},
): Problem {
  return { type: `/problems/${slug}`, title, status, detail, ...extra };
}

/** A 4xx without a problem of its own: titled with the status's reason phrase ("Not Found"), not a class name. */
function clientError(status: number, detail: string): Problem {
  const title = STATUS_CODES[status] ?? 'Client Error';
  return problem(status, title.toLowerCase().replace(/[^a-z]+/g, '-'), title, detail);
}

/** Fastify's own errors (raised before a route runs): the ones a client can cause. */
const FASTIFY_CLIENT_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large', 'Request body too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type', 'Unsupported media type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'malformed-request', 'Malformed request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed-json', 'Malformed JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed-json', 'Malformed JSON'],
};

/** Maps every error to a problem; anything unexpected is a 500 that is logged, never a client's fault. */
export function toProblem(error: unknown, request: { ifMatchSent: boolean }, logger?: Logger): Problem {
  // Nest wraps Fastify's parser errors (bad JSON, body too large, media type) in an HttpException.
  if (error instanceof HttpException && typeof (error.cause as { code?: unknown })?.code === 'string') {
    return toProblem(error.cause, request, logger);
  }
  if (error instanceof InvalidInputError) {
    return problem(400, 'invalid-input', 'Invalid input', error.message, { errors: error.errors });
  }
  if (error instanceof HeaderError) {
    return problem(400, 'invalid-header', 'Invalid header', error.message, {
      errors: [{ field: error.header, rule: error.rule, message: error.message }],
    });
  }
  if (error instanceof RuleViolation) {
    return problem(422, `rule/${error.rule}`, 'Rule violated', error.message, {
      rule: error.rule,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    });
  }
  if (error instanceof NotFoundError) return problem(404, 'not-found', 'Not found', error.message);
  if (error instanceof EventIdConflictError)
    return problem(409, 'event-id-conflict', 'Event id reused', error.message);
  if (error instanceof ConcurrencyError) {
    return request.ifMatchSent
      ? problem(412, 'precondition-failed', 'Precondition failed', `If-Match not met: ${error.message}`)
      : problem(409, 'concurrent-write', 'Concurrent write', error.message);
  }
  if (error instanceof AuthenticationError)
    return problem(401, 'unauthenticated', 'Unauthenticated', error.message);
  if (error instanceof PermissionError) return problem(403, 'forbidden', 'Forbidden', error.message);
  if (error instanceof ReplayInProgressError)
    return problem(409, 'replay-in-progress', 'Replay in progress', error.message);
  if (error instanceof ProjectionLagError) {
    return problem(503, 'projection-lag', 'Not caught up yet', error.message, { retryAfter: 1 });
  }
  if (error instanceof TooManyStreamsError) {
    return problem(503, 'too-many-streams', 'Too many streams', error.message, {
      retryAfter: error.retryAfterSeconds,
    });
  }
  if (error instanceof StoreUnavailableError) {
    return problem(503, 'store-unavailable', 'Store unavailable', error.message);
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FASTIFY_CLIENT_ERRORS[code]) {
    const [status, slug, title] = FASTIFY_CLIENT_ERRORS[code];
    return problem(status, slug, title, (error as Error).message);
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (error instanceof SyntaxError && statusCode === 400) {
    return problem(400, 'malformed-json', 'Malformed JSON', `the body is not valid JSON: ${error.message}`);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) return clientError(status, error.message);
  }
  if (statusCode === 429) {
    return problem(
      429,
      'rate-limited',
      'Too many requests',
      String((error as { message?: unknown }).message),
    );
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return clientError(statusCode, (error as Error).message);
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return problem(500, 'internal', 'Internal error', 'the service failed to answer; the failure is logged');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem): void {
  const { retryAfter, ...rest } = p;
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  const body: Problem = { ...rest, instance: request.url };
  void reply.status(p.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

/** The one exception filter (docs/decisions.md#http): every error leaves as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const p = toProblem(error, { ifMatchSent: request.headers['if-match'] !== undefined }, this.logger);
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), request, p);
  }
}
