import { startTestApp, TestApp } from './support/test-app';

/**
 * Schema version 2 over HTTP (docs/domain.md): recalls, expulsions and recognition recorded and read back
 * in the state; relations implied by a resident mission; order anomalies only when the order is certain;
 * a visa policy ended by its `until`. Hypothetical facts between Armenia and Georgia, for the test.
 */
describe('Diplomatic depth: the facts of schema version 2 and the rules of the answer, over HTTP', () => {
  let t: TestApp;
  let lastPosition = '0';
  const ids: Record<string, string> = {};
  const source = [{ publisher: 'Test', title: 'hypothetical, for the test' }];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function record(name: string, type: string, occurredOn: string, data: object, actors = ['AM', 'GE']) {
    const res = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: { type, actors, occurredOn, data, sources: source },
    });
    expect(res.status).toBe(201);
    ids[name] = res.body.eventId;
    lastPosition = res.body.position;
    return res;
  }

  const state = async (at: string, pair = 'AM/GE') => {
    const res = await t.request({
      method: 'GET',
      url: `/v1/relationships/${pair}?minPosition=${lastPosition}&at=${at}`,
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  test('given a resident embassy and no relations event, relations are established, implied by it', async () => {
    await record('embassy', 'RepresentationChanged', '1993-02', {
      sender: 'GE',
      mission: 'embassy',
      city: 'Yerevan',
      headOfMission: 'ambassador',
    });
    expect((await state('1993-01-31')).relations).toEqual({ status: 'none' });
    expect((await state('1994-01-01')).relations).toEqual({
      status: 'established',
      since: '1993-02',
      eventId: ids.embassy,
      basis: 'representation',
    });
    const country = await t.request({ method: 'GET', url: `/v1/countries/AM/relationships?at=1994-01-01` });
    expect(country.status).toBe(200);
    expect(country.body.items).toContainEqual(
      expect.objectContaining({
        counterpart: 'GE',
        relations: { status: 'established', since: '1993-02', basis: 'representation' },
      }),
    );
  });

  test('a recorded establishment then wins: no basis, no anomaly', async () => {
    await record('established', 'DiplomaticRelationsEstablished', '1992-07-17', { level: 'embassy' });
    const s = await state('1994-01-01');
    expect(s.relations).toEqual({
      status: 'established',
      since: '1992-07-17',
      eventId: ids.established,
      level: 'embassy',
    });
    expect(s.anomalies).toEqual([]);
  });

  test('RecognitionGranted: the state lists who recognises whom since when', async () => {
    await record('recognised', 'RecognitionGranted', '1992-01-15', { by: 'GE', of: 'AM', kind: 'de-jure' });
    expect((await state('1992-02-01')).recognition).toEqual([
      { by: 'GE', of: 'AM', kind: 'de-jure', since: '1992-01-15', eventId: ids.recognised },
    ]);
  });

  test('AmbassadorRecalled: the mission is headed ad interim until the next RepresentationChanged', async () => {
    await record('recall', 'AmbassadorRecalled', '2020-03-02', {
      sender: 'GE',
      forConsultations: true,
      reason: 'hypothetical',
    });
    expect((await state('2020-04-01')).representation.GE).toEqual({
      mission: 'embassy',
      resident: true,
      city: 'Yerevan',
      headOfMission: 'ambassador',
      since: '1993-02',
      eventId: ids.embassy,
      adInterim: true,
      headLeft: { how: 'recalled', on: '2020-03-02', eventId: ids.recall, forConsultations: true },
    });
    await record('back', 'RepresentationChanged', '2020-06-01', {
      sender: 'GE',
      mission: 'embassy',
      city: 'Yerevan',
      headOfMission: 'ambassador',
    });
    expect((await state('2020-06-01')).representation.GE).not.toHaveProperty('adInterim');
  });

  test('DiplomatsExpelled: counted, the last listed, the head of mission expelled leaves a chargé ad interim', async () => {
    await record('expelled', 'DiplomatsExpelled', '2021-05-10', {
      by: 'AM',
      count: 3,
      includesHeadOfMission: true,
      reason: 'persona non grata',
    });
    const s = await state('2021-06-01');
    expect(s.expulsions).toEqual({
      total: 1,
      last: {
        by: 'AM',
        count: 3,
        includesHeadOfMission: true,
        reason: 'persona non grata',
        occurredOn: '2021-05-10',
        eventId: ids.expelled,
      },
    });
    expect(s.representation.GE).toMatchObject({
      adInterim: true,
      headLeft: { how: 'expelled', on: '2021-05-10', eventId: ids.expelled },
    });
  });

  test('RecognitionWithdrawn ends the recognition; one never granted is refused (422, rule named)', async () => {
    const refused = await t.request({
      method: 'POST',
      url: '/v1/events',
      as: 'recorder',
      body: {
        type: 'RecognitionWithdrawn',
        actors: ['AM', 'GE'],
        occurredOn: '2022-01-01',
        data: { by: 'AM', of: 'GE', kind: 'de-jure' },
        sources: source,
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'recognition-not-granted' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'data.by' })]);

    await record('withdrawn', 'RecognitionWithdrawn', '2022-01-01', { by: 'GE', of: 'AM', kind: 'de-jure' });
    expect((await state('2021-12-31')).recognition).toHaveLength(1);
    expect((await state('2022-01-01')).recognition).toEqual([]);
  });

  test('a state recognising itself, or an actor outside the pair, is refused', async () => {
    const post = (data: object) =>
      t.request({
        method: 'POST',
        url: '/v1/events',
        as: 'recorder',
        body: { type: 'RecognitionGranted', actors: ['AM', 'GE'], occurredOn: '2022', data, sources: source },
      });
    const self = await post({ by: 'GE', of: 'GE', kind: 'de-jure' });
    expect(self.status).toBe(422);
    expect(self.body.rule).toBe('recognition-parties-distinct');
    const outside = await post({ by: 'FR', of: 'GE', kind: 'de-facto' });
    expect(outside.status).toBe(422);
    expect(outside.body.rule).toBe('actor-outside-pair');
    const badKind = await post({ by: 'AM', of: 'GE', kind: 'sort-of' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors).toEqual([expect.objectContaining({ field: 'data.kind' })]);
  });

  test('a resident embassy kept after a recorded severance is an anomaly', async () => {
    await record('severed', 'DiplomaticRelationsSevered', '2023-03-01', { initiatedBy: 'AM' });
    const s = await state('2023-04-01');
    expect(s.relations).toMatchObject({ status: 'severed', eventId: ids.severed });
    expect(s.anomalies).toEqual([
      {
        kind: 'mission-open-after-severance',
        message: expect.stringContaining('GE'),
        eventIds: [ids.severed, ids.back],
      },
    ]);
  });

  test('"in force 2025-04" with "signed 2025-04-23": overlapping periods, no anomaly', async () => {
    const agreement = { agreementId: 'test-agreement' };
    // Recorded in this order (an entry into force names a signed agreement), folded in valid time: in force first.
    await record(
      'signed',
      'AgreementSigned',
      '2025-04-23',
      { ...agreement, title: 'A test agreement', kind: 'agreement' },
      ['AM', 'AZ'],
    );
    await record('inForce', 'AgreementEnteredIntoForce', '2025-04', agreement, ['AM', 'AZ']);
    const s = await state('2025-06-01', 'AM/AZ');
    expect(s.anomalies).toEqual([]);
    expect(s.agreements.inForce).toEqual([expect.objectContaining({ agreementId: 'test-agreement' })]);
  });

  test('a visa policy is no longer listed after its until', async () => {
    await record(
      'visa',
      'VisaPolicyChanged',
      '2024-07',
      {
        grantedBy: 'AM',
        beneficiary: 'AZ',
        regime: 'visa-free',
        until: '2025-07-20',
      },
      ['AM', 'AZ'],
    );
    expect((await state('2025-07-20', 'AM/AZ')).visaPolicies).toEqual([
      expect.objectContaining({ eventId: ids.visa, until: '2025-07-20' }),
    ]);
    expect((await state('2025-08-01', 'AM/AZ')).visaPolicies).toEqual([]);
  });
});
