import fc, { Arbitrary } from 'fast-check';

type Schema = Record<string, any>;

/**
 * Values that a schema of the OpenAPI document allows, as a fast-check arbitrary: objects with their
 * required properties and some of the others, strings from their patterns, enums, formats and lengths,
 * numbers in range, arrays within their sizes. `$ref` is read in `schemas`; `oneOf` picks a branch.
 */
export function arbitraryOf(schema: Schema, schemas: Record<string, Schema>, depth = 0): Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(schemas[String(schema.$ref).split('/').pop()!], schemas, depth);
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s: Schema) => arbitraryOf(s, schemas, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      if (depth > 4 || Object.keys(properties).length === 0) return fc.constant({});
      const model = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s, schemas, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}, schemas, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string': {
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https', 'http'] });
      if (schema.pattern) {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length <= (schema.maxLength ?? 200));
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values of no JSON type in particular: what a careless or hostile client sends instead. */
export const wrongValue: Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('\u0000', '\uD800', '‮', '__proto__', 'x'.repeat(6000)),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
