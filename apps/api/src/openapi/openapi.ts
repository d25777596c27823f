import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { requestSchemas } from './request-schemas';
import { RESPONSE_SCHEMAS } from './response-schemas';
import { PROBLEM_TYPE } from './responses';

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** The bearer scheme's name in the document. Tokens are opaque strings from API_TOKENS, not JWTs. */
export const SECURITY_SCHEME = 'token';
/** Set on each operation by `Requires` (auth.guard.ts): the role it needs. */
export const ROLE_EXTENSION = 'x-required-role';

export interface OpenApiOptions {
  /** READS_REQUIRE_TOKEN: whether reader operations may be called without a token. */
  readsRequireToken: boolean;
}

type Operation = Record<string, unknown> & { responses: Record<string, unknown> };

function problemResponse(description: string) {
  return { description, content: { [PROBLEM_TYPE]: { schema: schemaRef('Problem') } } };
}

/**
 * What every operation shares, added from what it declares: its security from the role it needs, the
 * 401/403 that role implies, the 400 of an unknown or repeated parameter, 413/415 with a body, and 429.
 */
function completeOperation(operation: Operation, method: string, options: OpenApiOptions): void {
  const role = operation[ROLE_EXTENSION] as string | undefined;
  const responses = operation.responses;
  const add = (status: number, description: string) => (responses[status] ??= problemResponse(description));
  add(400, 'An unknown or repeated query parameter, or a malformed header or body, each named');
  if (role) {
    const open = role === 'reader' && !options.readsRequireToken;
    operation.security = open ? [{}, { [SECURITY_SCHEME]: [] }] : [{ [SECURITY_SCHEME]: [] }];
    add(401, open ? 'An unknown or malformed token (reads need none)' : 'No token, or an unknown one');
    if (role !== 'reader') add(403, `The token's role is not ${role} (or admin)`);
    operation.description = [operation.description, `Needs the **${role}** role.`]
      .filter(Boolean)
      .join('\n\n');
  } else {
    operation.security = [];
  }
  if (method === 'post') {
    add(413, 'The body is larger than the limit');
    add(415, 'The body is not application/json');
  }
  responses[429] ??= {
    ...problemResponse('Too many requests from this token or address'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 0 } } },
  };
}

/** The document: generated from the controllers' declarations and the domain's schemas, nothing copied. */
export function buildOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('diplomatic-timeline')
    .setDescription(
      'An event-sourced record of bilateral diplomatic relations. Errors are RFC 9457 problem details ' +
        '(application/problem+json) naming each bad field and the rule it breaks. A path asked with a ' +
        'method it does not take answers 405 with Allow.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A token of API_TOKENS (name:role:token)' },
      SECURITY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // addBearerAuth says JWT whatever it is given; these tokens are opaque.
  delete document.components?.securitySchemes?.[SECURITY_SCHEME]?.['bearerFormat' as never];
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...requestSchemas(), ...RESPONSE_SCHEMAS },
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation === 'object' && operation && 'responses' in operation) {
        completeOperation(operation as Operation, method, options);
      }
    }
  }
  return document;
}

/** OpenAPI at /openapi.json (and .yaml), Swagger UI at /docs with its Authorize kept across reloads. */
export function serveOpenApi(app: INestApplication, options: OpenApiOptions): void {
  SwaggerModule.setup('docs', app, buildOpenApi(app, options), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
  });
}
