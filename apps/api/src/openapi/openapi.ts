import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CATALOGUE, FACT_TYPES } from '@app/domain';

type Schema = Record<string, unknown>;

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** Request schemas derived from the class-validator schemas of the domain: the one definition of each fact. */
function domainSchemas(): Record<string, Schema> {
  const schemas = validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: {
      isActor: {
        type: 'string',
        pattern: '^[A-Za-z]{2}([A-Za-z]{2})?$',
        description: 'ISO 3166-1 alpha-2 code (ISO 3166-3 for former states), case-insensitive',
      },
      isPartialDate: {
        type: 'string',
        description: 'EDTF level-0 date or interval: 1992, 2024-07, 2024-07-03, 2025-04-22/2025-04-24',
        example: '2024-07-03',
      },
    },
  }) as Record<string, Schema>;
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  const body = schemas.RecordEventBody as { properties: Record<string, Schema>; description?: string };
  body.description = 'One fact; `data` follows the schema of its `type` (the catalogue of DESIGN §3.4).';
  body.properties.data = {
    description: 'The schema of `type`: RepresentationChanged → RepresentationChangedData, and so on.',
    oneOf: FACT_TYPES.map((type) => schemaRef(EVENT_CATALOGUE[type].schema.name)),
  };
  return schemas;
}

const receipt: Schema = {
  type: 'object',
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    stream: { type: 'string', example: 'relationship-AZ-CN' },
    revision: { type: 'integer' },
    position: { type: 'string', description: 'Global position in the log, opaque' },
    recordedAt: { type: 'string', format: 'date-time' },
    hash: { type: 'string', description: 'sha256 of the previous hash and the canonical JSON of the event' },
  },
};

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('diplomatic-timeline')
    .setDescription(
      'An event-sourced record of bilateral diplomatic relations. Errors are RFC 9457 problem details.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...domainSchemas(), Receipt: receipt },
  };
  return document;
}

/** OpenAPI at /openapi.json, Swagger UI at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApi(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
