import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_CATALOGUE, FACT_TYPES, PARTIAL_DATE_PATTERN } from '@app/domain';

type Schema = Record<string, unknown>;

/** A country code as the API takes it, in bodies and paths alike (checked against the code lists too). */
export const ACTOR_PATTERN = '^[A-Za-z]{2}([A-Za-z]{2})?$';
export const ACTOR_DESCRIPTION = 'ISO 3166-1 alpha-2 code (ISO 3166-3 for former states), case-insensitive';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Rewrites, in place, what class-validator-jsonschema says in ways OpenAPI tools do not read. */
function standardise(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Schema;
  // IsUrl becomes `format: url`, which no format list has; the schema takes http(s) URLs only.
  if (schema.format === 'url') {
    schema.format = 'uri';
    schema.pattern = '^https?://';
  }
  for (const child of Object.values(schema)) standardise(child);
}

/**
 * A field with a default in its class (RepresentationChangedData.resident = true) may be left out: it is
 * not required, and the document gives its default. class-validator-jsonschema lists it as required.
 */
function markDefaults(schemas: Record<string, Schema>): void {
  const classes = new Set(
    (
      getMetadataStorage() as unknown as { validationMetadatas: Map<object, unknown[]> }
    ).validationMetadatas.keys(),
  );
  for (const target of classes) {
    if (typeof target !== 'function') continue;
    const schema = schemas[target.name] as
      { required?: string[]; properties?: Record<string, Schema> } | undefined;
    if (!schema?.properties) continue;
    const instance = new (target as new () => Record<string, unknown>)();
    for (const [field, value] of Object.entries(instance)) {
      if (value === undefined || !schema.properties[field]) continue;
      schema.properties[field] = { ...schema.properties[field], default: value };
      schema.required = schema.required?.filter((name) => name !== field);
    }
    if (schema.required?.length === 0) delete schema.required;
  }
}

/** The name of the body schema of one fact type: `data` is the schema of that type. */
export const factBodyName = (type: string): string => `${type}Body`;

/**
 * The request schemas, derived from the class-validator schemas of the domain: the one definition of
 * each fact, serving validation, import, corrections and this document. Every class takes no other field.
 */
export function requestSchemas(): Record<string, Schema> {
  const schemas = validationMetadatasToSchemas({
    classValidatorMetadataStorage: getMetadataStorage(),
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: {
      isActor: {
        type: 'string',
        pattern: ACTOR_PATTERN,
        description: ACTOR_DESCRIPTION,
      },
      isPartialDate: {
        type: 'string',
        pattern: PARTIAL_DATE_PATTERN,
        description: 'EDTF level-0 date or interval: 1992, 2024-07, 2024-07-03, 2025-04-22/2025-04-24',
      },
    },
  }) as Record<string, Schema>;
  markDefaults(schemas);
  // A schema without fields (DiplomaticRelationsRestoredData) has no metadata, hence no schema of its own.
  for (const spec of Object.values(EVENT_CATALOGUE)) {
    schemas[spec.schema.name] ??= { type: 'object', properties: {} };
  }
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  standardise(schemas);

  // One body per fact type, `type` fixed and `data` its schema; the body is the one `type` selects.
  const envelope = schemas.RecordEventBody as { properties: Record<string, Schema>; required: string[] };
  delete schemas.RecordEventBody;
  for (const type of FACT_TYPES) {
    schemas[factBodyName(type)] = {
      type: 'object',
      required: envelope.required,
      properties: {
        ...envelope.properties,
        type: { type: 'string', enum: [type] },
        data: { ...ref(EVENT_CATALOGUE[type].schema.name), description: 'Optional: absent means {}' },
      },
      additionalProperties: false,
    };
  }
  schemas.RecordEventBody = {
    description: 'One fact; `type` selects the schema of the body, and of its `data` (docs/domain.md)',
    oneOf: FACT_TYPES.map((type) => ref(factBodyName(type))),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(FACT_TYPES.map((type) => [type, ref(factBodyName(type)).$ref])),
    },
  };
  return schemas;
}
