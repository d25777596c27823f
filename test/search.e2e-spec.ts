import { AZ_CN_IDS, RECORDED } from './fixtures/azerbaijan-china';
import { recordAzerbaijanChina } from './support/record-azerbaijan-china';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The search, GET /v1/events (docs/search.md): given the Azerbaijan–China example (its article, its
 * corrections, what came after) and a few facts between Gulf states and others, then each filter finds
 * what it says, each item reads as the timeline shows it, as known at a time.
 */
describe('Search: GET /v1/events', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const LATEST = '2025-09-01T09:00:00.000Z';

  const post = async (url: string, body: unknown) => {
    const res = await t.request({ method: 'POST', url, as: 'recorder', body });
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { eventId: string; position: string };
  };
  const meeting = (actors: [string, string], occurredOn: string, venue: string, topics: string[]) => ({
    type: 'MeetingHeld',
    actors,
    occurredOn,
    data: {
      participants: [
        { name: 'Foreign Minister', title: 'Minister of Foreign Affairs', actor: actors[0] },
        { name: 'Foreign Minister', title: 'Minister of Foreign Affairs', actor: actors[1] },
      ],
      venue,
      topics,
    },
    sources: [{ publisher: 'Gulf News Agency' }],
  });
  const statement = (actors: [string, string], occurredOn: string, summary: string) => ({
    type: 'StatementIssued',
    actors,
    occurredOn,
    data: { by: actors[0], speaker: { name: 'Spokesperson', title: 'MFA spokesperson' }, summary },
    sources: [{ publisher: 'Ministry of Foreign Affairs' }],
  });

  beforeAll(async () => {
    t = await startTestApp();
    await recordAzerbaijanChina(t);
    t.clock.set(LATEST);
    ids.gulfMeeting = (
      await post('/v1/events', meeting(['AE', 'SA'], '2018-03', 'Riyadh', ['Middle Corridor', 'trade']))
    ).eventId;
    ids.qatar = (
      await post(
        '/v1/events',
        statement(
          ['AE', 'QA'],
          '2017-06-05',
          'The corridor, the corridor and again the corridor: trade through the Middle Corridor',
        ),
      )
    ).eventId;
    ids.us = (
      await post('/v1/events', meeting(['SA', 'US'], '2019-05-14', 'Washington', ['security']))
    ).eventId;
    ids.retracted = (
      await post('/v1/events', statement(['AE', 'SA'], '2020', 'A statement soon withdrawn: corridor'))
    ).eventId;
    t.clock.set('2025-09-02T09:00:00.000Z');
    const last = await post(`/v1/events/${ids.retracted}/retraction`, {
      reason: 'attributed to the wrong ministry',
    });
    // The search reads the read models: wait until they hold every write.
    const ready = await t.request({ method: 'GET', url: `/v1/events?minPosition=${last.position}` });
    expect(ready.status).toBe(200);
  });
  afterAll(() => t.close());

  const search = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/v1/events?${query}`, as: 'reader' });
    return res;
  };
  const found = async (query: string) => {
    const res = await search(query);
    expect({ query, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
      query,
      status: 200,
      body: null,
    });
    return res.body.items as Record<string, any>[];
  };
  const idsOf = (items: Record<string, any>[]) => items.map((i) => i.eventId);

  test('actor=AZ: every fact of its relationships, in valid-time order, each item as the timeline shows it', async () => {
    const items = await found('actor=AZ&limit=100');
    const timeline = await t.request({ method: 'GET', url: '/v1/relationships/AZ/CN/timeline' });
    expect(items).toEqual(timeline.body.items);
    expect(items).toHaveLength(10);
  });

  test('several actors: the facts between two of them — repeated, or a comma list, alike', async () => {
    const repeated = await found('actor=SA&actor=AE&actor=QA');
    expect(idsOf(repeated)).toEqual([ids.qatar, ids.gulfMeeting]);
    expect(await found('actor=SA,AE,QA')).toEqual(repeated);
    expect(idsOf(await found('actor=sa'))).toEqual([ids.gulfMeeting, ids.us]);
  });

  test('pair (either order) and types (repeated or listed)', async () => {
    const items = await found('pair=CN-AZ&type=PositionStated&type=VisitHeld');
    expect(idsOf(items).sort()).toEqual(
      [AZ_CN_IDS.oneChina, AZ_CN_IDS.sovereignty, AZ_CN_IDS.visitHeld].sort(),
    );
    expect(await found('pair=AZ-CN&type=PositionStated,VisitHeld')).toEqual(items);
    expect(await found('pair=AE-QA&actor=AZ')).toEqual([]);
  });

  test('from/to: a fact matches when its period overlaps the interval asked, as the record read then', async () => {
    const july = 'pair=AZ-CN&from=2024-07-15&to=2024-07-31';
    // As the article had it, both facts are of 2024-07: their month overlaps the second half of July.
    const asArticle = await found(`${july}&knownAt=2025-04-21T00:00:00Z`);
    expect(idsOf(asArticle).sort()).toEqual([AZ_CN_IDS.strategic, AZ_CN_IDS.visaFree].sort());
    // Corrected: the partnership is of 3 July, the visa-free entry of 20 July.
    expect(idsOf(await found(july))).toEqual([AZ_CN_IDS.visaFree]);
    // A month asked reaches its last day; a year its whole.
    expect(idsOf(await found('pair=AZ-CN&from=1992-04&to=1992-04'))).toEqual([AZ_CN_IDS.relations]);
    expect(idsOf(await found('actor=AE&from=2017&to=2017'))).toEqual([ids.qatar]);
  });

  test('recordedFrom/recordedTo: when the fact was first recorded, both bounds included', async () => {
    const later = await found(`pair=AZ-CN&recordedFrom=${RECORDED.later}`);
    expect(idsOf(later).sort()).toEqual(
      [
        AZ_CN_IDS.visitHeld,
        AZ_CN_IDS.comprehensive,
        AZ_CN_IDS.visaAgreement,
        AZ_CN_IDS.visaAgreementInForce,
      ].sort(),
    );
    // A correction does not make a fact recorded later: the relations stay recorded with the article.
    const article = await found(`pair=AZ-CN&recordedTo=${RECORDED.article}`);
    expect(article).toHaveLength(6);
    expect(idsOf(article)).toContain(AZ_CN_IDS.relations);
  });

  test('knownAt: corrections recorded by then applied and marked; none after', async () => {
    const [before] = await found(
      `pair=AZ-CN&type=DiplomaticRelationsEstablished&knownAt=2025-05-01T00:00:00Z`,
    );
    expect(before).toMatchObject({ occurredOn: '1992', corrections: [] });
    expect(before.original).toBeUndefined();
    const [now] = await found('pair=AZ-CN&type=DiplomaticRelationsEstablished');
    expect(now).toMatchObject({
      eventId: AZ_CN_IDS.relations,
      occurredOn: '1992-04-02',
      period: { start: '1992-04-02', end: '1992-04-02', precision: 'day' },
      original: { occurredOn: '1992' },
      corrections: [expect.objectContaining({ changes: { occurredOn: '1992-04-02' } })],
      retraction: null,
    });
    // Before it was recorded, nothing.
    expect(await found('pair=AZ-CN&knownAt=2025-01-01T00:00:00Z')).toEqual([]);
  });

  test('a retracted fact is not found; as the record read before its retraction, it is', async () => {
    expect(idsOf(await found('q=withdrawn'))).toEqual([]);
    expect(idsOf(await found('q=withdrawn&knownAt=2025-09-01T12:00:00Z'))).toEqual([ids.retracted]);
  });

  test('q: every word, over data, names, venues, topics, sources and notes, ranked by bm25', async () => {
    // The statement that says "corridor" four times ranks before the meeting that names it once.
    expect(idsOf(await found('q=corridor'))).toEqual([ids.qatar, ids.gulfMeeting]);
    expect(idsOf(await found('q=Middle%20Corridor&actor=SA'))).toEqual([ids.gulfMeeting]);
    expect(idsOf(await found('q=riyadh'))).toEqual([ids.gulfMeeting]); // a venue
    expect(idsOf(await found('q=Zhao%20Leji')).sort()).toEqual(
      [AZ_CN_IDS.visitAnnounced, AZ_CN_IDS.visitHeld].sort(),
    );
    expect(idsOf(await found('q=AZERTAC'))).toEqual([AZ_CN_IDS.visaAgreementInForce]); // a publisher
    expect(idsOf(await found('q=unilateral'))).toEqual([AZ_CN_IDS.visaFree]); // a note
    expect(idsOf(await found('q=corridor%20washington'))).toEqual([]); // every word, not any
  });

  test('q finds a fact by what a correction brought, once that correction is recorded', async () => {
    // The correction of the partnership cites anews.com.tr; the article did not.
    expect(idsOf(await found('q=anews'))).toEqual([AZ_CN_IDS.strategic]);
    expect(idsOf(await found('q=anews&knownAt=2025-05-01T00:00:00Z'))).toEqual([]);
  });

  test('cursor: pages of `limit` that together are the whole answer, in order, each fact once', async () => {
    for (const query of ['actor=AZ', 'q=ministry']) {
      const all = await found(`${query}&limit=1000`);
      expect(all.length).toBeGreaterThan(3);
      const paged: Record<string, any>[] = [];
      let cursor: string | null = null;
      do {
        const res = await search(`${query}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor !== null);
      expect(idsOf(paged)).toEqual(idsOf(all));
    }
  });

  test('CSV: format=csv or Accept: text/csv, the timeline columns, one row per fact', async () => {
    const res = await search('actor=AZ&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0].startsWith('eventId,type,actorA,actorB,occurredOn,periodStart')).toBe(true);
    expect(lines).toHaveLength(11);
    const accepted = await t.request({
      method: 'GET',
      url: '/v1/events?actor=AZ',
      headers: { accept: 'text/csv' },
    });
    expect(accepted.text).toBe(res.text);
  });

  test.each([
    ['actor=XX', 'actor', 'isActor'],
    ['actor=AZ&actor=ZZ', 'actor', 'isActor'],
    ['pair=AZ', 'pair', 'isPair'],
    ['pair=AZ-AZ', 'pair', 'distinctActors'],
    ['pair=AZ-CN&pair=AZ-TR', 'pair', 'notRepeated'],
    ['type=VisitHeld,Nope', 'type', 'isIn'],
    // Amendments are events of the feed; a search finds facts with them applied.
    ['type=VisitHeld,EventCorrected', 'type', 'isFactType'],
    ['from=2024-13', 'from', 'isPartialDate'],
    ['from=2025&to=2024', 'to', 'notBeforeFrom'],
    ['recordedFrom=yesterday', 'recordedFrom', 'isInstant'],
    [
      'recordedFrom=2025-02-01T00:00:00Z&recordedTo=2025-01-01T00:00:00Z',
      'recordedTo',
      'notBeforeRecordedFrom',
    ],
    ['knownAt=2025-01-01', 'knownAt', 'isInstant'],
    ['q=%01', 'q', 'isText'],
    ['q=%20-%20', 'q', 'hasWord'],
    ['limit=0', 'limit', 'isLimit'],
    ['cursor=nonsense', 'cursor', 'isCursor'],
    ['date=2024', 'date', 'knownParameter'],
  ])('%s: 400 naming %s (%s)', async (query, field, rule) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
  });

  test('a cursor of a search with `q` is refused by one without: 400 naming cursor', async () => {
    const first = await search('q=ministry&limit=1');
    const res = await search(`actor=AZ&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'cursor', rule: 'isCursor' }));
  });
});
