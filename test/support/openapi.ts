import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.0 document the contract tests read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: any;
}

export function operationsOf(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

/** OpenAPI 3.0's `nullable` in JSON Schema terms, so that ajv reads the document's schemas as written. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'discriminator') continue;
    out[key] = toJsonSchema(value);
  }
  const schema = node as Record<string, unknown>;
  if (schema.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** An ajv that knows the document's component schemas under their $ref names. */
export function schemaAjv(doc: OpenApiDocument): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ components: { schemas: toJsonSchema(doc.components.schemas) } }, '');
  ajv.addSchema({ components: { schemas: toJsonSchema(doc.components.schemas) } }, 'doc');
  return ajv;
}

const compiled = new WeakMap<Ajv, Map<string, ValidateFunction>>();

/** A validator for a schema of the document (a parameter's, a body's), its $refs read in the document. */
export function validatorFor(ajv: Ajv, schema: unknown): ValidateFunction {
  const text = JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"doc#/components/');
  const cache = compiled.get(ajv) ?? new Map<string, ValidateFunction>();
  compiled.set(ajv, cache);
  let validate = cache.get(text);
  if (!validate) {
    validate = ajv.compile(JSON.parse(text));
    cache.set(text, validate);
  }
  return validate;
}
