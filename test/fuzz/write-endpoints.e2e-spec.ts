import fc from 'fast-check';
import { exampleFacts, ExampleFactType, example } from '../fixtures/example-facts';
import { headPosition } from '../support/store-probe';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based fuzzing of the write endpoints and the query parameters (issue "Reliability and
 * security"): valid events, near-valid ones (one field wrong) and garbage. Seeded and reproducible;
 * FUZZ_RUNS sets the size (CI runs a reduced number; locally, FUZZ_RUNS=10000).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const TYPES = Object.keys(exampleFacts) as ExampleFactType[];
// Facts that need an earlier event (a slug reference) are fuzzed as near-valid only.
const STANDALONE = TYPES.filter(
  (t) =>
    !['AgreementEnteredIntoForce', 'AgreementTerminated', 'VisitCancelled', 'SanctionsLifted'].includes(t),
);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uFFFF',
    '\uD800',
    '🇦🇿',
    'e\u0301',
    '‮',
    '<script>alert(1)</script>',
    "'; DROP TABLE events; --",
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('x'.repeat(70_000)),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.object({ maxDepth: 3 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype'),
);

/** Deep nesting as raw JSON text (an object this deep would overflow the test's own printing). */
function deep(depth: number): string {
  return '{"data":'.repeat(depth) + '1' + '}'.repeat(depth);
}

let counter = 0;
/** A valid example whose slug (agreementId, visitId, sanctionsId) no other run has used. */
function unique(type: ExampleFactType, n: number): Record<string, unknown> {
  const body = example(type, { eventId: undefined });
  const data = body.data as Record<string, unknown>;
  for (const slug of ['agreementId', 'visitId', 'sanctionsId']) {
    if (typeof data[slug] === 'string') data[slug] = `${data[slug]}-${n}-${counter++}`;
  }
  return body;
}

/** A body: valid, near-valid (one field replaced or removed), or garbage. */
const bodies = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...STANDALONE), fc.nat())
      .map(([type, n]) => ({ kind: 'valid' as const, body: unique(type, n) })),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TYPES),
        fc.constantFrom(
          'type',
          'actors',
          'occurredOn',
          'data',
          'sources',
          'note',
          'eventId',
          'hash',
          'extra',
        ),
        nasty,
        fc.boolean(),
      )
      .map(([type, field, value, remove]) => {
        const body = example(type, { eventId: undefined });
        if (remove) delete body[field];
        else body[field] = value;
        return { kind: 'near' as const, body };
      }),
  },
  {
    weight: 3,
    arbitrary: fc.oneof(
      nasty.map((body) => ({ kind: 'garbage' as const, body })),
      fc.integer({ min: 10, max: 8000 }).map((d) => ({ kind: 'garbage' as const, raw: deep(d) })),
      fc.constant({
        kind: 'garbage' as const,
        raw: '{"__proto__": {"polluted": 1}, "type": "StatementIssued"}',
      }),
      fc.constant({ kind: 'garbage' as const, raw: '{"constructor": {"prototype": {"polluted": 1}}}' }),
      fc.string().map((raw) => ({ kind: 'garbage' as const, raw })),
    ),
  },
);

describe(`fuzzing the write endpoints (${RUNS} runs, seed ${SEED})`, () => {
  let t: TestApp;
  let knownEventId: string;
  beforeAll(async () => {
    t = await startTestApp();
    knownEventId = (
      await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: example('StatementIssued') })
    ).body.eventId;
  });
  afterAll(() => t.close());

  test('never a 5xx; a valid event is stored and readable; anything else stores nothing', async () => {
    const rssBefore = process.memoryUsage().rss;
    await fc.assert(
      fc.asyncProperty(
        bodies,
        fc.constantFrom('/v1/events', 'corrections', 'retraction'),
        async (input, target) => {
          const url = target === '/v1/events' ? target : `/v1/events/${knownEventId}/${target}`;
          const before = await headPosition(t);
          const res = await t.request({
            method: 'POST',
            url,
            as: 'recorder',
            ...('raw' in input
              ? { rawBody: input.raw as string, headers: { 'content-type': 'application/json' } }
              : { body: input.body }),
          });
          expect(res.status).toBeLessThan(500);
          const after = await headPosition(t);
          if (res.status === 201) {
            expect(after).not.toBe(before);
            const read = await t.request({ method: 'GET', url: `/v1/events/${res.body.eventId}` });
            expect(read.status).toBe(200);
          } else {
            expect(after).toBe(before);
            expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
          if (target === '/v1/events' && input.kind === 'valid') expect(res.status).toBe(201);
          if (input.kind === 'garbage') expect(res.status).not.toBe(201);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // Bounded memory: the fuzzing must not make the process grow without bound (generous: 300 MB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  }, 300_000);

  test('every query parameter: never a 5xx, a 4xx names the parameter', async () => {
    const urls = fc
      .tuple(
        fc.constantFrom(
          '/v1/relationships/AZ/CN',
          '/v1/relationships/AZ/CN/timeline',
          '/v1/countries/AZ/relationships',
          `/v1/events/${'0'.repeat(8)}`,
          '/v1/relationships/AZ/CN/history',
          '/v1/audit/log',
        ),
        fc.constantFrom(
          'at',
          'knownAt',
          'minPosition',
          'from',
          'to',
          'types',
          'limit',
          'cursor',
          'after',
          'minPartnershipRank',
        ),
        fc.oneof(
          fc.string(),
          fc.constantFrom(
            '%00',
            '-1',
            '99999999999999999999999',
            '2024-02-30',
            'null',
            '../../etc/passwd',
            '%F0%9F',
          ),
        ),
      )
      .map(([path, name, value]) => `${path}?${name}=${encodeURIComponent(value)}`);
    await fc.assert(
      fc.asyncProperty(urls, async (url) => {
        const res = await t.request({ method: 'GET', url, as: 'auditor' });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);
});
