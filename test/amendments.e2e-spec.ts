import { example } from './fixtures/example-facts';
import { headPosition } from './support/store-probe';
import { startTestApp, TestApp } from './support/test-app';

describe('Corrections and retractions', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const record = async (body: Record<string, unknown>) =>
    (await t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body })).body;
  const correct = (id: string, body: unknown) =>
    t.request({ method: 'POST', url: `/v1/events/${id}/corrections`, as: 'recorder', body });
  const retract = (id: string, body: unknown) =>
    t.request({ method: 'POST', url: `/v1/events/${id}/retraction`, as: 'recorder', body });

  test("given relations recorded with the article's year, when corrected to the exact day, then the event reads with its correction", async () => {
    const original = await record(example('DiplomaticRelationsEstablished', { occurredOn: '1992' }));
    const res = await correct(original.eventId, {
      changes: { occurredOn: '1992-04-02' },
      reason: 'The joint communiqué is dated 2 April 1992',
      sources: [{ publisher: 'Embassy of the PRC in Azerbaijan' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.revision).toBe(original.revision + 1);
    const read = await t.request({ method: 'GET', url: `/v1/events/${original.eventId}` });
    expect(read.body.occurredOn).toBe('1992');
    expect(read.body.corrections).toHaveLength(1);
    expect(read.body.corrections[0]).toMatchObject({
      type: 'EventCorrected',
      eventId: res.body.eventId,
      occurredOn: '2026-11-27',
      data: {
        targetEventId: original.eventId,
        changes: { occurredOn: '1992-04-02' },
        reason: expect.any(String),
      },
      sources: [{ publisher: 'Embassy of the PRC in Azerbaijan' }],
    });
    expect(read.body.retraction).toBeNull();
  });

  test("a correction of data is checked against the type's schema: 422 naming the field", async () => {
    const original = await record(example('VisaPolicyChanged'));
    const before = await headPosition(t);
    const res = await correct(original.eventId, {
      changes: { data: { regime: 'free-for-all' } },
      reason: 'typo',
    });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('correction-result-invalid');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'data.regime', rule: 'isIn' }));
    expect(await headPosition(t)).toBe(before);
  });

  test('a correction that moves an event into the future: 422', async () => {
    const original = await record(example('StatementIssued'));
    const res = await correct(original.eventId, { changes: { occurredOn: '2030' }, reason: 'wrong' });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('fact-in-future');
  });

  test('a correction with no changes: 400', async () => {
    const original = await record(example('StatementIssued'));
    const res = await correct(original.eventId, { changes: {}, reason: 'nothing' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'changes', rule: 'notEmpty' }));
  });

  test('a correction of an unknown event: 404', async () => {
    const res = await correct('00000000-0000-4000-8000-000000000000', {
      changes: { occurredOn: '1992' },
      reason: 'x',
    });
    expect(res.status).toBe(404);
  });

  test('a retraction, then a correction of the retracted event: 422, and a second retraction: 422', async () => {
    const original = await record(example('PositionStated'));
    const retracted = await retract(original.eventId, { reason: 'misattributed quote' });
    expect(retracted.status).toBe(201);
    const read = await t.request({ method: 'GET', url: `/v1/events/${original.eventId}` });
    expect(read.body.retraction).toMatchObject({
      type: 'EventRetracted',
      data: { reason: 'misattributed quote' },
    });

    const before = await headPosition(t);
    const corrected = await correct(original.eventId, { changes: { occurredOn: '2025' }, reason: 'x' });
    expect(corrected.status).toBe(422);
    expect(corrected.body.rule).toBe('target-retracted');
    const again = await retract(original.eventId, { reason: 'again' });
    expect(again.status).toBe(422);
    expect(await headPosition(t)).toBe(before);
  });

  test('a retraction frees the slug: the agreement can be recorded again', async () => {
    const signed = await record(example('AgreementSigned'));
    await retract(signed.eventId, { reason: 'recorded under the wrong pair' });
    const again = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: example('AgreementSigned'),
    });
    expect(again.status).toBe(201);
  });

  test('a correction of a correction: 422 naming the rule', async () => {
    const original = await record(example('StatementIssued'));
    const correction = await correct(original.eventId, {
      changes: { occurredOn: '2025-04' },
      reason: 'month known',
    });
    const res = await correct(correction.body.eventId, { changes: { occurredOn: '2025' }, reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('target-is-amendment');
  });

  test('a retraction without a reason: 400', async () => {
    const original = await record(example('StatementIssued'));
    const res = await retract(original.eventId, {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'reason', rule: 'required' }));
  });
});
