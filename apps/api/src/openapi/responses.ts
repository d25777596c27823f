import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

export const PROBLEM_TYPE = 'application/problem+json';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Why each status is answered, for the document. */
const PROBLEM_REASONS: Record<number, string> = {
  400: 'Invalid input: a body, parameter or header that breaks its schema, named with the rule it breaks',
  401: 'No token, or an unknown one',
  403: "The token's role may not do this",
  404: 'Nothing recorded under this id',
  409: 'The eventId is already recorded with other content, or a concurrent write, or a replay is running',
  412: 'If-Match named a revision the stream has moved past',
  413: 'The body is larger than the limit',
  415: 'The body is not application/json',
  422: 'Well-formed, but it breaks a rule of the record (named in `rule`)',
  429: 'Too many requests from this token or address (Retry-After)',
  503: 'The store is unavailable, or the read models have not reached minPosition in time, or (the live feed) too many streams are open (Retry-After)',
};

/** Response headers the API sets, by name. */
export const HEADERS = {
  ETag: {
    description: 'The stream revision, quoted: send it back as If-Match',
    schema: { type: 'string', pattern: '^"(-1|0|[1-9][0-9]{0,17})"$' },
  },
  Location: {
    description: 'The recorded event',
    schema: { type: 'string', example: '/v1/events/{eventId}' },
  },
} as const;

/** The CSV form of an answer (`format=csv` or `Accept: text/csv`): RFC 4180 text, columns in docs/csv.md. */
const csvMedia = (columns: string) => ({
  'text/csv': {
    schema: {
      type: 'string',
      description: `RFC 4180 CSV with a header row and CRLF line ends; columns (docs/csv.md): ${columns}`,
    },
  },
});

/**
 * A successful answer with its JSON body (and the headers it sets); with `csvColumns`, also as CSV, those
 * columns in that order.
 */
export function Answers(
  status: number,
  schema: string,
  description: string,
  headers: (keyof typeof HEADERS)[] = [],
  csvColumns?: string[],
): MethodDecorator {
  return ApiResponse({
    status,
    description,
    content: {
      'application/json': { schema: ref(schema) },
      ...(csvColumns ? csvMedia(csvColumns.join(', ')) : {}),
    },
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, HEADERS[h]])) } : {}),
  });
}

const retryAfter = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 },
};

/** The problems an operation can answer, each as RFC 9457 problem details. */
export function Problems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_REASONS[status] ?? 'A problem',
        content: { [PROBLEM_TYPE]: { schema: ref('Problem') } },
        ...(status === 503 ? { headers: { 'Retry-After': retryAfter } } : {}),
      }),
    ),
  );
}
