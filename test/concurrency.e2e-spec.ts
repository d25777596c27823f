import { example } from './fixtures/example-facts';
import { startTestApp, TestApp } from './support/test-app';

describe('Concurrent writes and client retries', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const post = (body: unknown, headers?: Record<string, string>) =>
    t.request({ method: 'POST', url: '/v1/events', as: 'recorder', body, headers });

  async function streamEvents(): Promise<number> {
    const first = await post(example('StatementIssued'));
    return first.body.revision + 1;
  }

  test('20 concurrent posts to one relationship with the same If-Match: one 201, nineteen 412, nothing lost', async () => {
    const seed = await post(example('StatementIssued'));
    const ifMatch = `"${seed.body.revision}"`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(example('StatementIssued', { note: `writer ${i}` }), { 'if-match': ifMatch }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    expect(responses.find((r) => r.status === 412)!.body.type).toBe('/problems/precondition-failed');
    // The stream holds the seed and the one winner; the next revision follows them.
    expect(await streamEvents()).toBe(seed.body.revision + 3);
  });

  test('20 concurrent posts without If-Match to one relationship: all 201, each at its own revision', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(example('StatementIssued', { note: `writer ${i}` }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    const revisions = responses.map((r) => r.body.revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test('30 concurrent identical posts with one eventId: one 201, 29 × 200 with the same receipt, one event stored', async () => {
    const body = example('AgreementSigned', { eventId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    const responses = await Promise.all(Array.from({ length: 30 }, () => post(body)));
    const created = responses.filter((r) => r.status === 201);
    const retried = responses.filter((r) => r.status === 200);
    expect(created).toHaveLength(1);
    expect(retried).toHaveLength(29);
    for (const r of retried) expect(r.body).toEqual(created[0].body);
    expect(await streamEvents()).toBe(2);
  });

  test('a retry after the clock moved on still gets the original receipt', async () => {
    const body = example('MeetingHeld', { eventId: '7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    const first = await post(body);
    t.clock.set('2026-11-27T13:00:00.000Z');
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  test('a retry of an agreement after the relationship moved on: 200 with the original receipt, though its slug is now taken', async () => {
    const body = example('AgreementSigned', { eventId: '9a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    const first = await post(body);
    await post(example('StatementIssued'));
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await streamEvents()).toBe(3);
  });

  test('a retried correction and a retried retraction, on a later day: 200 with the original receipts, nothing added', async () => {
    const fact = await post(example('MeetingHeld'));
    const amend = (path: string, body: unknown) =>
      t.request({ method: 'POST', url: `/v1/events/${fact.body.eventId}/${path}`, as: 'recorder', body });
    const correction = {
      eventId: 'aa1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      changes: { occurredOn: '2024-07-02' },
      reason: 'the communiqué is dated the day before',
    };
    const corrected = await amend('corrections', correction);
    expect(corrected.status).toBe(201);
    t.clock.set('2026-11-29T09:00:00.000Z');
    const correctedAgain = await amend('corrections', correction);
    expect(correctedAgain.status).toBe(200);
    expect(correctedAgain.body).toEqual(corrected.body);

    const retraction = { eventId: 'bb1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', reason: 'recorded twice' };
    const retracted = await amend('retraction', retraction);
    expect(retracted.status).toBe(201);
    const retractedAgain = await amend('retraction', retraction);
    expect(retractedAgain.status).toBe(200);
    expect(retractedAgain.body).toEqual(retracted.body);
    // And the same id with another reason is another request: 409.
    expect((await amend('retraction', { ...retraction, reason: 'another reason' })).status).toBe(409);
    expect(await streamEvents()).toBe(4);
  });

  test('the same eventId with other content: 409, nothing stored', async () => {
    const eventId = '8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    await post(example('MeetingHeld', { eventId }));
    const other = await post(example('MeetingHeld', { eventId, note: 'different' }));
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('/problems/event-id-conflict');
    expect(await streamEvents()).toBe(2);
  });

  test('If-Match "-1" creates a stream that does not exist yet, and only once', async () => {
    const first = await post(example('StatementIssued'), { 'if-match': '"-1"' });
    const second = await post(example('StatementIssued'), { 'if-match': '"-1"' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(412);
  });
});
