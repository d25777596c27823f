import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { EXAMPLES } from '../../apps/api/src/openapi/examples';
import { schemaAjv, OpenApiDocument, operationsOf, validatorFor } from '../support/openapi';
import { startTestApp, TestApp } from '../support/test-app';

/** The document is the API: valid OpenAPI, every operation complete, every example valid. */
describe('The OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
  });
  afterAll(() => t.close());

  test('validates as OpenAPI, every $ref resolved (@seriousme/openapi-schema-validator)', async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const r of new Set(refs)) {
      const name = r.slice('"#/components/schemas/'.length, -1);
      expect({ ref: name, defined: name in doc.components.schemas }).toEqual({ ref: name, defined: true });
    }
  });

  test('every operation declares its security, its problems and a typed schema for every parameter', () => {
    const ops = operationsOf(doc);
    expect(ops.length).toBe(18);
    // Answers that are not JSON only: the Prometheus text format, and CSV where analysts want it.
    const csv = ['application/json', 'text/csv'];
    const otherTypes: Record<string, string[]> = {
      'get /metrics': ['text/plain'],
      'get /v1/relationships/{a}/{b}/timeline': csv,
      'get /v1/events': csv,
      'get /v1/relationships/{a}/{b}/history': csv,
      'get /v1/countries/{code}/relationships': csv,
      // The panel: what R and pandas read (docs/data-sets.md#the-panel).
      'get /v1/panel': csv,
      // The live feed: Server-Sent Events (docs/operations.md#the-live-feed).
      'get /v1/events/stream': ['text/event-stream'],
    };
    for (const { method, path, operation } of ops) {
      const id = `${method} ${path}`;
      expect({ id, security: Array.isArray(operation.security) }).toEqual({ id, security: true });
      const statuses = Object.keys(operation.responses);
      expect({ id, has400: statuses.includes('400'), has429: statuses.includes('429') }).toEqual({
        id,
        has400: true,
        has429: true,
      });
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        const types = Object.keys(response.content ?? {});
        expect({ id, status, types }).toEqual({
          id,
          status,
          types:
            Number(status) >= 400 ? ['application/problem+json'] : (otherTypes[id] ?? ['application/json']),
        });
      }
      for (const p of operation.parameters ?? []) {
        expect({ id, p: p.name, typed: typeof p.schema?.type === 'string' }).toEqual({
          id,
          p: p.name,
          typed: true,
        });
        if (p.in === 'path')
          expect({ id, p: p.name, constrained: Boolean(p.schema.pattern ?? p.schema.format) }).toEqual({
            id,
            p: p.name,
            constrained: true,
          });
      }
    }
    const record = doc.paths['/v1/events'].post;
    expect(record.security).toEqual([{ token: [] }]);
    expect(Object.keys(record.responses).sort()).toEqual(
      ['200', '201', '400', '401', '403', '409', '412', '413', '415', '422', '429', '503'].sort(),
    );
    expect(doc.paths['/v1/relationships/{a}/{b}'].get.security).toEqual([{}, { token: [] }]);
    expect(Object.keys(doc.paths['/v1/relationships/{a}/{b}'].get.responses['200'].headers)).toEqual([
      'ETag',
    ]);
    expect(Object.keys(record.responses['201'].headers)).toEqual(['Location']);
    expect(Object.keys(record.responses['503'].headers)).toEqual(['Retry-After']);
    expect(doc.components.securitySchemes.token).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.components.securitySchemes.token.bearerFormat).toBeUndefined();
  });

  test('the body of POST /v1/events is selected by its type: a discriminator over one schema per fact type', () => {
    const body = doc.components.schemas.RecordEventBody;
    expect(body.discriminator.propertyName).toBe('type');
    expect(body.oneOf).toHaveLength(21);
    const ajv = schemaAjv(doc);
    const validate = ajv.getSchema('#/components/schemas/RecordEventBody')!;
    expect(validate({ ...EXAMPLES.recordEvent })).toBe(true);
    // data of another type's schema does not pass: data is tied to type.
    expect(validate({ ...EXAMPLES.recordEvent, data: { regime: 'visa-free' } })).toBe(false);
    expect(validate({ ...EXAMPLES.recordEvent, type: 'DiplomaticRelationsRestored', data: {} })).toBe(true);
    expect(validate({ ...EXAMPLES.recordEvent, note: null })).toBe(false);
  });

  test('the examples pass their schemas and are lines of the Azerbaijan–China data set', () => {
    const ajv = schemaAjv(doc);
    for (const { method, path, operation } of operationsOf(doc)) {
      for (const media of Object.values<any>(operation.requestBody?.content ?? {})) {
        for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
          const validate = validatorFor(ajv, media.schema);
          expect({
            op: `${method} ${path}`,
            name,
            valid: validate(example.value),
            errors: validate.errors,
          }).toEqual({
            op: `${method} ${path}`,
            name,
            valid: true,
            errors: null,
          });
        }
      }
    }
    const dataset = (file: string) =>
      readFileSync(join(__dirname, '../../datasets/azerbaijan-china', file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    const { eventId: _, ...firstFact } = dataset('1-article.ndjson')[0];
    expect(EXAMPLES.recordEvent).toEqual(firstFact);
    expect(EXAMPLES.correction).toEqual(dataset('2-corrections.ndjson')[0].body);
  });

  test('query parameters are typed and constrained; dates are EDTF', () => {
    const timeline = doc.paths['/v1/relationships/{a}/{b}/timeline'].get.parameters;
    const from = timeline.find((p: { name: string }) => p.name === 'from');
    expect(new RegExp(from.schema.pattern).test('2024-07')).toBe(true);
    expect(new RegExp(from.schema.pattern).test('2024-13')).toBe(false);
    const limit = timeline.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000 });
    // The search's list parameters may be repeated (form, exploded), each value a comma list.
    const search = doc.paths['/v1/events'].get.parameters;
    const actor = search.find((p: { name: string }) => p.name === 'actor');
    expect(actor).toMatchObject({ style: 'form', explode: true, schema: { type: 'array' } });
    expect(new RegExp(actor.schema.items.pattern).test('SA,ae')).toBe(true);
    expect(search.find((p: { name: string }) => p.name === 'pair').schema.type).toBe('string');
    // Found by the fuzz test: a field with a default is not required (the service fills it in).
    const representation = doc.components.schemas.RepresentationChangedData;
    expect(representation.required).toEqual(['sender', 'mission']);
    expect(representation.properties.resident.default).toBe(true);
    const source = doc.components.schemas.Source;
    expect(source.properties.url.format).toBe('uri');
  });
});
