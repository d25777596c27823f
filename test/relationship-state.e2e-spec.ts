import { AZ_CN_IDS } from './fixtures/azerbaijan-china';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/** The Azerbaijan–China example through HTTP: the state on a date, as known at a time (docs/domain.md). */
describe('Azerbaijan–China: the relationship at any date, as known at any time', () => {
  let t: TestApp;
  let lastPosition = '0';

  beforeAll(async () => {
    t = await startTestApp();
    lastPosition = await recordAzerbaijanChina(t);
    t.clock.set('2026-11-27T12:00:00.000Z');
  });
  afterAll(() => t.close());

  const state = async (query: string, pair = 'AZ/CN') => {
    const res = await t.request({
      method: 'GET',
      url: `/v1/relationships/${pair}?minPosition=${lastPosition}&${query}`,
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const BEFORE_CORRECTIONS = '2025-05-01T00:00:00Z';

  test('no relations on 1992-03-01 (the communiqué is dated 1992-04-02)', async () => {
    const s = await state('at=1992-03-01');
    expect(s.relations).toEqual({ status: 'none' });
    expect(s.eventCount).toBe(0);
  });

  test('relations since 1992-04-02 after the correction', async () => {
    const s = await state('at=1992-04-02');
    expect(s.relations).toEqual({
      status: 'established',
      since: '1992-04-02',
      eventId: AZ_CN_IDS.relations,
      level: 'embassy',
    });
    expect(s.uncertain).toEqual([]);
  });

  test('relations since 1992 while only the article was known, uncertain within 1992', async () => {
    const s = await state(`at=1992-03-01&knownAt=${BEFORE_CORRECTIONS}`);
    expect(s.relations).toMatchObject({ status: 'established', since: '1992' });
    expect(s.uncertain).toEqual([
      expect.objectContaining({
        eventId: AZ_CN_IDS.relations,
        occurredOn: '1992',
        why: expect.stringContaining('year'),
      }),
    ]);
    expect(s.knownAt).toBe('2025-05-01T00:00:00.000Z');
    const later = await state(`at=1993-01-01&knownAt=${BEFORE_CORRECTIONS}`);
    expect(later.relations.since).toBe('1992');
    expect(later.uncertain).toEqual([]);
  });

  test('before the article was recorded, nothing was known: 404', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN?knownAt=2025-01-01T00:00:00Z',
    });
    expect(res.status).toBe(404);
  });

  test('no partnership on 2024-07-02; strategic partnership since 2024-07-03 on 2024-07-04', async () => {
    expect((await state('at=2024-07-02')).partnership).toBeNull();
    expect((await state('at=2024-07-04')).partnership).toEqual({
      level: 'strategic partnership',
      rank: 3,
      since: '2024-07-03',
      eventId: AZ_CN_IDS.strategic,
      instrument: 'Joint Declaration on the Establishment of a Strategic Partnership',
    });
  });

  test('comprehensive strategic partnership on 2025-05-01', async () => {
    expect((await state('at=2025-05-01')).partnership).toMatchObject({
      level: 'comprehensive strategic partnership',
      rank: 4,
      since: '2025-04-23',
    });
  });

  test('visa-free entry for Chinese citizens from 2024-07-20, not before', async () => {
    expect((await state('at=2024-07-19')).visaPolicies).toEqual([]);
    expect((await state('at=2024-07-20')).visaPolicies).toEqual([
      expect.objectContaining({
        grantedBy: 'AZ',
        beneficiary: 'CN',
        regime: 'visa-free',
        since: '2024-07-20',
      }),
    ]);
  });

  test('the agreement is signed on 2025-05-01 and in force from 2025-07-16', async () => {
    const signed = await state('at=2025-05-01');
    expect(signed.agreements.signed).toEqual([
      expect.objectContaining({ agreementId: 'mutual-visa-exemption-2025' }),
    ]);
    expect(signed.agreements.inForce).toEqual([]);
    const inForce = await state('at=2025-07-16');
    expect(inForce.agreements.inForce).toEqual([
      expect.objectContaining({
        agreementId: 'mutual-visa-exemption-2025',
        signedOn: '2025-04-23',
        inForceSince: '2025-07-16',
      }),
    ]);
  });

  test('the announced visit is upcoming until it is held; the held visit is in progress during its interval', async () => {
    const announced = await state('at=2025-04-15');
    expect(announced.visits.upcoming).toEqual([
      expect.objectContaining({ visitId: 'aliyev-state-visit-2025' }),
    ]);
    const during = await state('at=2025-04-23');
    expect(during.visits.upcoming).toEqual([]);
    expect(during.visits.last).toMatchObject({
      visitId: 'aliyev-state-visit-2025',
      occurredOn: '2025-04-22/2025-04-24',
    });
    expect(during.uncertain).toContainEqual(expect.objectContaining({ eventId: AZ_CN_IDS.visitHeld }));
    const after = await state('at=2025-04-25');
    expect(after.uncertain.map((u: { eventId: string }) => u.eventId)).not.toContain(AZ_CN_IDS.visitHeld);
    expect(after.visits.total).toBe(1);
  });

  test('positions, with the precision of the article', async () => {
    const s = await state('at=2025-06-01');
    expect(s.positions).toEqual([
      expect.objectContaining({ by: 'AZ', topic: 'One-China policy', stance: 'supports', since: '2025-04' }),
      expect.objectContaining({ by: 'CN', stance: 'supports', since: '2025-04' }),
    ]);
  });

  test('the pair is unordered and codes case-insensitive; ETag is the stream revision', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/cn/az?at=2025-06-01' });
    expect(res.status).toBe(200);
    expect(res.body.actors).toEqual(['AZ', 'CN']);
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    expect(res.body.revision).toBe(12);
    expect(res.body.position).toBe(lastPosition);
  });

  test('with knownAt in the past, revision and position are those known then', async () => {
    const s = await state(`at=2025-06-01&knownAt=${BEFORE_CORRECTIONS}`);
    expect(s.revision).toBe(5);
    expect(s.eventCount).toBe(6);
  });

  test('the timeline lists the facts in valid-time order, each with its corrections', async () => {
    const res = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline' });
    expect(res.status).toBe(200);
    const items = res.body.items as {
      eventId: string;
      occurredOn: string;
      corrections: unknown[];
      original?: { occurredOn: string };
    }[];
    expect(items.map((i) => i.occurredOn)).toEqual([
      '1992-04-02',
      '2024-07-03',
      '2024-07-20',
      '2025-04',
      '2025-04',
      '2025-04',
      '2025-04-22/2025-04-24',
      '2025-04-23',
      '2025-04-23',
      '2025-07-16',
    ]);
    expect(items[0].original?.occurredOn).toBe('1992');
    expect(items[0].corrections).toHaveLength(1);
    expect(res.body.nextCursor).toBeNull();
  });

  test('the timeline as known before the corrections shows the article dates', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN/timeline?knownAt=${BEFORE_CORRECTIONS}`,
    });
    expect(res.body.items.map((i: { occurredOn: string }) => i.occurredOn)).toEqual([
      '1992',
      '2024-07',
      '2024-07',
      '2025-04',
      '2025-04',
      '2025-04',
    ]);
  });

  test('the timeline pages with an opaque cursor, filters by type and by period', async () => {
    const first = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline?limit=4' });
    expect(first.body.items).toHaveLength(4);
    const second = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN/timeline?limit=4&cursor=${first.body.nextCursor}`,
    });
    const third = await t.request({
      method: 'GET',
      url: `/v1/relationships/AZ/CN/timeline?limit=4&cursor=${second.body.nextCursor}`,
    });
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (i: { eventId: string }) => i.eventId,
    );
    expect(new Set(ids).size).toBe(10);
    expect(third.body.nextCursor).toBeNull();

    const partnerships = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/timeline?types=PartnershipDeclared',
    });
    expect(partnerships.body.items.map((i: { eventId: string }) => i.eventId)).toEqual([
      AZ_CN_IDS.strategic,
      AZ_CN_IDS.comprehensive,
    ]);
    const in2024 = await t.request({
      method: 'GET',
      url: '/v1/relationships/AZ/CN/timeline?from=2024&to=2024',
    });
    expect(in2024.body.items).toHaveLength(2);
  });

  test("the country view lists Azerbaijan's relationships on a date", async () => {
    const res = await t.request({ method: 'GET', url: '/v1/countries/az/relationships?at=2025-05-01' });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        counterpart: 'CN',
        counterpartName: "People's Republic of China",
        relationship: 'AZ-CN',
        relations: { status: 'established', since: '1992-04-02' },
        partnership: { level: 'comprehensive strategic partnership', rank: 4, since: '2025-04-23' },
        lastEvent: expect.objectContaining({ occurredOn: '2025-04-23' }),
        missions: { sent: null, received: null }, // no mission is recorded between them
      },
    ]);
    const high = await t.request({
      method: 'GET',
      url: '/v1/countries/AZ/relationships?at=2025-05-01&minPartnershipRank=5',
    });
    expect(high.body.items).toEqual([]);
    const early = await t.request({ method: 'GET', url: '/v1/countries/CN/relationships?at=1990-01-01' });
    expect(early.body.items).toEqual([]);
  });

  describe('bad queries are 400 naming the parameter', () => {
    test.each([
      ['/v1/relationships/AZ/QQ', 'b'],
      ['/v1/relationships/AZ/AZ', 'b'],
      ['/v1/relationships/AZ/CN?at=2024-02-30', 'at'],
      ['/v1/relationships/AZ/CN?at=2024-07', 'at'],
      ['/v1/relationships/AZ/CN?knownAt=yesterday', 'knownAt'],
      ['/v1/relationships/AZ/CN?minPosition=-1', 'minPosition'],
      ['/v1/relationships/AZ/CN/timeline?limit=0', 'limit'],
      ['/v1/relationships/AZ/CN/timeline?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/v1/relationships/AZ/CN/timeline?types=WarDeclared', 'types'],
      ['/v1/countries/ZZ/relationships', 'code'],
      ['/v1/countries/AZ/relationships?minPartnershipRank=9', 'minPartnershipRank'],
    ])('%s', async (url, field) => {
      const res = await t.request({ method: 'GET', url });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  test('a pair with no events is 404', async () => {
    expect((await t.request({ method: 'GET', url: '/v1/relationships/AZ/FR' })).status).toBe(404);
  });
});
