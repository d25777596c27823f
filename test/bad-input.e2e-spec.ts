import { example } from './fixtures/example-facts';
import { headPosition } from './support/store-probe';
import { startTestApp, TestApp, TestResponse } from './support/test-app';

/** Every bad request is answered with problem details naming what is wrong, and stores nothing. */
describe('Bad input is refused precisely and stores nothing', () => {
  let t: TestApp;
  let before: string | null;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
    await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body: example('AgreementSigned') });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    before = await headPosition(t);
  });
  afterEach(async () => {
    expect(await headPosition(t)).toBe(before);
  });

  const post = (body: unknown, headers?: Record<string, string>) =>
    t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body, headers });

  function expectProblem(res: TestResponse, status: number, fields: Record<string, string> = {}): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status,
      type: expect.stringMatching(/^\/problems\//),
      detail: expect.any(String),
    });
    for (const [field, rule] of Object.entries(fields)) {
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    }
  }

  test('malformed JSON → 400', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      rawBody: '{"type": "MeetingHeld",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
    expect(res.body.type).toBe('/problems/malformed-json');
  });

  test('a non-JSON content type → 415', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      rawBody: 'type=MeetingHeld',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(res, 415);
  });

  test('a body over the limit → 413', async () => {
    const res = await post(example('StatementIssued', { note: 'x'.repeat(5000) }));
    expectProblem(res, 413);
  });

  test('a JSON body that is not an object → 400', async () => {
    expectProblem(await post([1, 2]), 400, { '(body)': 'isObject' });
  });

  test('a body with __proto__ → 400', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      rawBody: JSON.stringify(example('StatementIssued')).replace('{', '{"__proto__":{"polluted":true},'),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a body nested hundreds of levels deep → 400 naming the rule (deeper ones overflowed the schema library)', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      rawBody: '{"data":'.repeat(400) + '1' + '}'.repeat(400),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, { '(body)': 'maxDepth' });
  });

  test('an unknown type → 400 naming `type`', async () => {
    expectProblem(await post(example('StatementIssued', { type: 'WarDeclared' })), 400, { type: 'isIn' });
  });

  test('a correction posted as a fact → 400 naming `type`', async () => {
    expectProblem(await post(example('StatementIssued', { type: 'EventCorrected' })), 400, { type: 'isIn' });
  });

  test('missing and wrong fields → 400 naming every one of them', async () => {
    const body = example('VisitAnnounced');
    delete body.sources;
    body.occurredOn = 20250418;
    (body.data as Record<string, unknown>).level = 'imperial';
    delete (body.data as { visitor: Record<string, unknown> }).visitor.name;
    const res = await post(body);
    expectProblem(res, 400, {
      sources: 'required',
      occurredOn: 'isPartialDate',
      'data.level': 'isIn',
      'data.visitor.name': 'required',
    });
  });

  test('unknown fields, at the top and in data → 400 naming them', async () => {
    const body = example('PartnershipDeclared', { mood: 'cordial' });
    (body.data as Record<string, unknown>).rank = 3;
    expectProblem(await post(body), 400, { mood: 'unknownField', 'data.rank': 'unknownField' });
  });

  test('an unknown country code → 400 naming it', async () => {
    const res = await post(example('StatementIssued', { actors: ['AZ', 'QQ'] }));
    expectProblem(res, 400, { actors: 'isActor' });
    expect(res.body.errors[0].message).toContain('"QQ"');
  });

  test('an unknown country code inside data → 400 naming the field', async () => {
    const body = example('RepresentationChanged');
    (body.data as Record<string, unknown>).sender = 'XX';
    expectProblem(await post(body), 400, { 'data.sender': 'isActor' });
  });

  test('the same actor twice → 400', async () => {
    expectProblem(await post(example('StatementIssued', { actors: ['AZ', 'az'] })), 400, {
      actors: 'distinctActors',
    });
  });

  test.each(['2024-02-30', '2024-13', 'July 2024', '1992?', '2024-07-03T10:00:00Z', '2024/1992', ''])(
    'an impossible or free-text date (%p) → 400',
    async (occurredOn) => {
      expectProblem(await post(example('StatementIssued', { occurredOn })), 400, {
        occurredOn: 'isPartialDate',
      });
    },
  );

  test('fields only the service sets → 400 naming each', async () => {
    const res = await post(
      example('StatementIssued', { recordedAt: '2020-01-01T00:00:00Z', hash: 'abc', revision: 3 }),
    );
    expectProblem(res, 400, { recordedAt: 'serviceSet', hash: 'serviceSet', revision: 'serviceSet' });
  });

  test('no sources → 400', async () => {
    expectProblem(await post(example('StatementIssued', { sources: [] })), 400, { sources: 'arrayMinSize' });
  });

  test('a source with a non-http URL → 400 naming sources[0].url', async () => {
    const res = await post(
      example('StatementIssued', { sources: [{ publisher: 'x', url: 'javascript:alert(1)' }] }),
    );
    expectProblem(res, 400, { 'sources[0].url': 'isUrl' });
  });

  test('a malformed If-Match → 400 naming the header', async () => {
    expectProblem(await post(example('StatementIssued'), { 'if-match': 'three' }), 400, {
      'If-Match': 'isRevisionEtag',
    });
  });

  describe('rules of the record (docs/domain.md) → 422 naming the rule', () => {
    function expectRule(res: TestResponse, rule: string): void {
      expectProblem(res, 422);
      expect(res.body.rule).toBe(rule);
      expect(res.body.type).toBe(`/problems/rule/${rule}`);
    }

    test('a fact dated in the future (the server clock is 2026-11-27)', async () => {
      expectRule(await post(example('StatementIssued', { occurredOn: '2026-11-28' })), 'fact-in-future');
      expectRule(await post(example('StatementIssued', { occurredOn: '2027' })), 'fact-in-future');
    });

    test('an actor field outside the pair', async () => {
      const body = example('RepresentationChanged');
      (body.data as Record<string, unknown>).sender = 'US';
      const res = await post(body);
      expectRule(res, 'actor-outside-pair');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'data.sender' }));
    });

    test('a meeting participant outside the pair', async () => {
      const body = example('MeetingHeld');
      (body.data as { participants: { actor: string }[] }).participants[1].actor = 'RU';
      expectRule(await post(body), 'actor-outside-pair');
    });

    test('a visa policy granted by a state to its own citizens', async () => {
      const body = example('VisaPolicyChanged');
      (body.data as Record<string, unknown>).beneficiary = 'AZ';
      expectRule(await post(body), 'visa-parties-distinct');
    });

    test('a duplicate agreement slug', async () => {
      expectRule(await post(example('AgreementSigned')), 'duplicate-slug');
    });

    test.each([
      ['AgreementEnteredIntoForce', 'agreementId', 'no-such-agreement'],
      ['AgreementTerminated', 'agreementId', 'no-such-agreement'],
      ['VisitCancelled', 'visitId', 'no-such-visit'],
      ['SanctionsLifted', 'sanctionsId', 'no-such-sanctions'],
    ] as const)('%s with an unknown %s', async (type, field, slug) => {
      const body = example(type);
      (body.data as Record<string, unknown>)[field] = slug;
      expectRule(await post(body), 'unknown-slug');
    });
  });
});
