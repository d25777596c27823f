import { NULL_VENUE_EVENT as STORED, writeMeetingWithNullVenue } from './support/store-before-null-refused';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A log written before null was refused holds `"venue": null` in a meeting (issue 16). History is never
 * rewritten: verify reports the event, and a correction that removes the value is the remedy.
 */
describe('verify reports stored events their schema now refuses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-27T12:00:00.000Z', {
      beforeStart: ({ sqlite }) => writeMeetingWithNullVenue(sqlite),
    });
  });
  afterAll(() => t.close());

  const verify = async () =>
    (await t.request({ method: 'POST', url: '/v1/audit/verify', as: 'auditor', body: {} })).body;

  test('the event is named with its field and rule, the chains still verify, and the remedy is given', async () => {
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.chains.ok).toBe(true);
    expect(result.schemas).toMatchObject({ ok: false, checked: 1, invalidCount: 1 });
    expect(result.schemas.invalid[0]).toMatchObject({ eventId: STORED, type: 'MeetingHeld', revision: 0 });
    expect(result.schemas.invalid[0].errors).toContainEqual(
      expect.objectContaining({ field: 'data.venue', rule: 'notNull' }),
    );
    expect(result.schemas.remedy).toMatch(/history is never rewritten.*correction/);
  });

  test('a correction that removes the refused value remedies it; the original stays in the log', async () => {
    const res = await t.request({
      method: 'POST',
      url: `/v1/events/${STORED}/corrections`,
      as: 'recorder',
      body: {
        changes: { data: { venue: null } },
        reason: 'The venue was recorded as null; it is not known.',
      },
    });
    expect(res.status).toBe(201);
    const result = await verify();
    expect(result).toMatchObject({
      ok: true,
      schemas: { ok: true, checked: 2, invalidCount: 0, remedy: null },
    });
    const original = await t.request({ method: 'GET', url: `/v1/events/${STORED}` });
    expect(original.body.data.venue).toBeNull();
  });
});
