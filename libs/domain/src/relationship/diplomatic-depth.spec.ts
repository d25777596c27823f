import { Log } from '../../../../test/fixtures/relationship-log';

// docs/domain.md: the facts of schema version 2 (recalls, expulsions, recognition), relations implied by
// representation, anomalies of order only when the order of periods is certain, and a visa policy's `until`.

describe('schema version 2: recalls, expulsions, recognition (docs/domain.md)', () => {
  const embassy = { sender: 'CN', mission: 'embassy', city: 'Baku', headOfMission: 'ambassador' };

  describe('AmbassadorRecalled', () => {
    test('given an embassy headed by an ambassador, a recall leaves it headed ad interim until the next change', () => {
      const log = new Log();
      const mission = log.fact('RepresentationChanged', '2010-05-01', embassy);
      const recall = log.fact('AmbassadorRecalled', '2025-05-02');
      expect(log.on('2025-05-02').representation.CN).toEqual({
        mission: 'embassy',
        resident: true,
        city: 'Baku',
        headOfMission: 'ambassador',
        since: '2010-05-01',
        eventId: mission,
        adInterim: true,
        headLeft: { how: 'recalled', on: '2025-05-02', eventId: recall, forConsultations: true },
      });
      expect(log.on('2025-05-01').representation.CN.adInterim).toBeUndefined();
      const back = log.fact('RepresentationChanged', '2025-09-01', embassy);
      expect(log.on('2025-09-01').representation.CN).toEqual({
        mission: 'embassy',
        resident: true,
        city: 'Baku',
        headOfMission: 'ambassador',
        since: '2025-09-01',
        eventId: back,
      });
      expect(log.anomalies()).toEqual([]);
    });

    test('a recall not for consultations says nothing of consultations', () => {
      const log = new Log();
      log.fact('RepresentationChanged', '2010-05-01', embassy);
      log.fact('AmbassadorRecalled', '2025-05-02', { forConsultations: undefined });
      expect(log.on('2025-06-01').representation.CN.headLeft).not.toHaveProperty('forConsultations');
    });

    test('anomaly: a recall by a state with no mission recorded, once the recall period has passed', () => {
      const log = new Log();
      const recall = log.fact('AmbassadorRecalled', '2025-05');
      expect(log.on('2025-05-20').anomalies).toEqual([]);
      expect(log.on('2025-05-31').anomalies).toEqual([
        { kind: 'recalled-without-mission', message: expect.stringContaining('CN'), eventIds: [recall] },
      ]);
      expect(log.on('2025-05-31').representation).toEqual({});
    });

    test('a mission dated within the recall period settles the order: no anomaly', () => {
      const log = new Log();
      log.fact('AmbassadorRecalled', '2025-05');
      log.fact('RepresentationChanged', '2025-05-10', embassy);
      expect(log.anomalies()).toEqual([]);
    });
  });

  describe('DiplomatsExpelled', () => {
    test('counted, the last one listed; without the head of mission, the missions are unchanged', () => {
      const log = new Log();
      log.fact('RepresentationChanged', '2010-05-01', embassy);
      const first = log.fact('DiplomatsExpelled', '2024-01-10', { count: 1, reason: undefined });
      const second = log.fact('DiplomatsExpelled', '2025-05-10');
      const state = log.on('2025-06-01');
      expect(state.expulsions).toEqual({
        total: 2,
        last: {
          by: 'AZ',
          count: 2,
          includesHeadOfMission: false,
          reason: 'hypothetical, for the test',
          occurredOn: '2025-05-10',
          eventId: second,
        },
      });
      expect(log.on('2024-06-01').expulsions.last?.eventId).toBe(first);
      expect(state.representation.CN.adInterim).toBeUndefined();
    });

    test("with the head of mission: the other state's mission in the host is headed ad interim, the host's is not", () => {
      const log = new Log();
      log.fact('RepresentationChanged', '2010-05-01', embassy);
      log.fact('RepresentationChanged', '2010-05-01', { sender: 'AZ', mission: 'embassy', city: 'Beijing' });
      const expelled = log.fact('DiplomatsExpelled', '2025-05-10', { includesHeadOfMission: true });
      const { representation } = log.on('2025-06-01');
      expect(representation.CN).toMatchObject({
        adInterim: true,
        headLeft: { how: 'expelled', on: '2025-05-10', eventId: expelled },
      });
      expect(representation.AZ.adInterim).toBeUndefined();
    });
  });

  describe('RecognitionGranted / RecognitionWithdrawn', () => {
    test('the state lists who recognises whom, of which kind, since when', () => {
      const log = new Log();
      const cn = log.fact('RecognitionGranted', '1991-12-27');
      const az = log.fact('RecognitionGranted', '1992-01', { by: 'AZ', of: 'CN', kind: 'de-facto' });
      expect(log.on('1991-12-31').recognition).toEqual([
        { by: 'CN', of: 'AZ', kind: 'de-jure', since: '1991-12-27', eventId: cn },
      ]);
      expect(log.on('1992-02-01').recognition).toEqual([
        { by: 'CN', of: 'AZ', kind: 'de-jure', since: '1991-12-27', eventId: cn },
        { by: 'AZ', of: 'CN', kind: 'de-facto', since: '1992-01', eventId: az },
      ]);
    });

    test('de facto, then de jure: the de jure recognition replaces it; the same kind again keeps the first date', () => {
      const log = new Log();
      log.fact('RecognitionGranted', '1991-12-27', { kind: 'de-facto' });
      const deJure = log.fact('RecognitionGranted', '1993-03-01');
      log.fact('RecognitionGranted', '1995-01-01');
      expect(log.on('1996-01-01').recognition).toEqual([
        { by: 'CN', of: 'AZ', kind: 'de-jure', since: '1993-03-01', eventId: deJure },
      ]);
    });

    test('a withdrawal ends the recognition from its date, whatever its kind', () => {
      const log = new Log();
      log.fact('RecognitionGranted', '1991-12-27', { kind: 'de-facto' });
      log.fact('RecognitionWithdrawn', '2025-06-10');
      expect(log.on('2025-06-09').recognition).toHaveLength(1);
      expect(log.on('2025-06-10').recognition).toEqual([]);
      expect(log.anomalies()).toEqual([]);
    });

    test('anomaly: a withdrawal dated before any grant (the grant retracted, or dated after it)', () => {
      const log = new Log();
      // Both dated after Azerbaijan became a state (1991-12-26): the only anomaly is the order.
      const withdrawn = log.fact('RecognitionWithdrawn', '1992-06-10');
      log.fact('RecognitionGranted', '1993-01-05');
      expect(log.anomalies()).toEqual([
        { kind: 'withdrawn-without-granted', message: expect.stringContaining('CN'), eventIds: [withdrawn] },
      ]);
      expect(log.on('1993-02-01').recognition).toHaveLength(1);
    });

    test('a grant dated within the period of the withdrawal leaves the order open: no anomaly', () => {
      const log = new Log();
      log.fact('RecognitionWithdrawn', '1991');
      log.fact('RecognitionGranted', '1991-12-27');
      expect(log.anomalies()).toEqual([]);
    });
  });
});

describe('relations implied by representation (docs/domain.md)', () => {
  test('a resident embassy of either side implies relations from its date, marked by its basis', () => {
    const log = new Log();
    const embassy = log.fact('RepresentationChanged', '1993-03');
    log.fact('RepresentationChanged', '1995-01-01', { sender: 'AZ', mission: 'legation', city: 'Beijing' });
    expect(log.on('1993-02-28').relations).toEqual({ status: 'none' });
    expect(log.on('1993-03-01').relations).toEqual({
      status: 'established',
      since: '1993-03',
      eventId: embassy,
      basis: 'representation',
    });
    expect(log.on('1996-01-01').relations.eventId).toBe(embassy);
  });

  test('a legation implies them too', () => {
    const log = new Log();
    const legation = log.fact('RepresentationChanged', '1993-03', { mission: 'legation' });
    expect(log.on('1994-01-01').relations).toMatchObject({ basis: 'representation', eventId: legation });
  });

  test.each([
    ['a consulate', { mission: 'consulate' }],
    ['an interests section', { mission: 'interests-section' }],
    ['a liaison office', { mission: 'liaison-office' }],
    ['a non-resident embassy', { resident: false }],
  ])('%s implies nothing', (_name, data) => {
    const log = new Log();
    log.fact('RepresentationChanged', '1993-03', data);
    expect(log.on('1994-01-01').relations).toEqual({ status: 'none' });
  });

  test('closing the mission does not end them (Vienna Convention, Art. 2 and 45)', () => {
    const log = new Log();
    const embassy = log.fact('RepresentationChanged', '1993-03');
    log.fact('RepresentationChanged', '1999-01-01', { mission: 'none', city: undefined });
    expect(log.on('2000-01-01').relations).toMatchObject({ status: 'established', eventId: embassy });
  });

  test('a recorded establishment wins, later or earlier, with no anomaly', () => {
    const log = new Log();
    log.fact('RepresentationChanged', '1992-01-10');
    const established = log.fact('DiplomaticRelationsEstablished', '1992-04-02');
    expect(log.on('1992-03-01').relations.basis).toBe('representation');
    expect(log.on('1993-01-01').relations).toEqual({
      status: 'established',
      since: '1992-04-02',
      eventId: established,
      level: 'embassy',
    });
    expect(log.anomalies()).toEqual([]);
  });

  test('a recorded severance wins: relations severed, and no "severed without established"', () => {
    const log = new Log();
    log.fact('RepresentationChanged', '1993-03');
    const severed = log.fact('DiplomaticRelationsSevered', '2000-05-01');
    log.fact('RepresentationChanged', '2000-05-01', { mission: 'none', city: undefined });
    expect(log.on('2001-01-01').relations).toEqual({
      status: 'severed',
      since: '2000-05-01',
      eventId: severed,
    });
    expect(log.anomalies()).toEqual([]);
  });

  test('after a recorded severance, a new embassy implies nothing', () => {
    const log = new Log();
    log.fact('DiplomaticRelationsEstablished', '1992-04-02');
    const severed = log.fact('DiplomaticRelationsSevered', '1993');
    log.fact('RepresentationChanged', '1994-03');
    expect(log.on('1995-01-01').relations).toEqual({ status: 'severed', since: '1993', eventId: severed });
    expect(log.on('1995-01-01').anomalies.map((x) => x.kind)).toEqual(['mission-open-after-severance']);
  });

  test('anomaly: a resident embassy kept after a recorded severance, once the severance period has ended', () => {
    const log = new Log();
    const embassy = log.fact('RepresentationChanged', '1993-03');
    const severed = log.fact('DiplomaticRelationsSevered', '2000-05');
    expect(log.on('2000-05-15').anomalies).toEqual([]);
    expect(log.on('2000-05-31').anomalies).toEqual([
      {
        kind: 'mission-open-after-severance',
        message: expect.stringContaining('CN'),
        eventIds: [severed, embassy],
      },
    ]);
    log.fact('RepresentationChanged', '2000-07-01', { mission: 'none', city: undefined });
    expect(log.on('2000-07-01').anomalies).toEqual([]);
  });
});

describe('dates compared as periods: an anomaly of order only when the order is certain (docs/domain.md)', () => {
  const id = 'mutual-visa-exemption-2025';

  test('"in force 2025-04" with "signed 2025-04-23": the periods overlap, no anomaly', () => {
    const log = new Log();
    log.fact('AgreementEnteredIntoForce', '2025-04');
    log.fact('AgreementSigned', '2025-04-23');
    for (const at of ['2025-04-15', '2025-04-30', '2026-01-01']) expect(log.on(at).anomalies).toEqual([]);
    expect(log.on('2026-01-01').agreements.inForce).toHaveLength(1);
  });

  test('established 1992-06, severed "1992", established 1993: the severance may lie between, no anomaly', () => {
    const log = new Log();
    log.fact('DiplomaticRelationsEstablished', '1992-06');
    log.fact('DiplomaticRelationsSevered', '1992');
    const again = log.fact('DiplomaticRelationsEstablished', '1993');
    expect(log.anomalies()).toEqual([]);
    expect(log.on('1994-01-01').relations).toMatchObject({ status: 'established', eventId: again });
  });

  test('established "1992", severed 1992-06-01, severed 1993: the establishment may lie between, no anomaly', () => {
    const log = new Log();
    log.fact('DiplomaticRelationsEstablished', '1992');
    log.fact('DiplomaticRelationsSevered', '1992-06-01');
    log.fact('DiplomaticRelationsSevered', '1993');
    expect(log.anomalies()).toEqual([]);
  });

  test('severed 1992-01-10 certainly before established 1992-06: a second establishment is an anomaly', () => {
    const log = new Log();
    log.fact('DiplomaticRelationsEstablished', '1992-01-02');
    log.fact('DiplomaticRelationsSevered', '1992-01-10');
    const first = log.fact('DiplomaticRelationsEstablished', '1992-06');
    const second = log.fact('DiplomaticRelationsEstablished', '1993');
    expect(log.anomalies()).toEqual([
      { kind: 'established-twice', message: expect.any(String), eventIds: [first, second] },
    ]);
  });

  test('the same day, in force recorded and folded first: no anomaly', () => {
    const log = new Log();
    log.fact('AgreementEnteredIntoForce', '2025-04-23');
    log.fact('AgreementSigned', '2025-04-23');
    expect(log.anomalies()).toEqual([]);
  });

  test('"in force 2025-03" with "signed 2025-04-23": the order is certain from the end of March', () => {
    const log = new Log();
    const inForce = log.fact('AgreementEnteredIntoForce', '2025-03');
    log.fact('AgreementSigned', '2025-04-23');
    expect(log.on('2025-03-30').anomalies).toEqual([]);
    const anomaly = {
      kind: 'in-force-before-signed',
      message: expect.stringContaining(id),
      eventIds: [inForce],
    };
    expect(log.on('2025-03-31').anomalies).toEqual([anomaly]);
    expect(log.on('2026-01-01').anomalies).toEqual([anomaly]);
  });

  test('terminated 2025 and signed 2025-04-23: overlapping, no anomaly, and the termination stands', () => {
    const log = new Log();
    log.fact('AgreementTerminated', '2025');
    log.fact('AgreementSigned', '2025-04-23');
    expect(log.anomalies()).toEqual([]);
    expect(log.on('2026-01-01').agreements).toEqual({ inForce: [], signed: [] });
    expect(log.fold().agreements[id].status).toBe('terminated');
  });

  test('a visit held in April 2025 and announced on 10 April: no anomaly', () => {
    const log = new Log();
    log.fact('VisitHeld', '2025-04');
    log.fact('VisitAnnounced', '2025-04-10');
    expect(log.anomalies()).toEqual([]);
  });

  test('a visit held in April 2025, cancelled on 15 April: no anomaly; cancelled in May: an anomaly', () => {
    const log = new Log();
    log.fact('VisitAnnounced', '2025-03-01');
    log.fact('VisitHeld', '2025-04');
    log.fact('VisitCancelled', '2025-04-15');
    expect(log.anomalies()).toEqual([]);
    const late = log.fact('VisitCancelled', '2025-05-02');
    expect(log.anomalies()).toEqual([
      { kind: 'cancelled-after-held', message: expect.any(String), eventIds: [late] },
    ]);
  });

  test('sanctions lifted in 2020 and imposed in June 2020: no anomaly', () => {
    const log = new Log();
    log.fact('SanctionsLifted', '2020');
    log.fact('SanctionsImposed', '2020-06');
    expect(log.anomalies()).toEqual([]);
  });

  test('relations severed in 1993 and established in March 1993, restored in 1994 and severed in June 1994', () => {
    const log = new Log();
    log.fact('DiplomaticRelationsSevered', '1993');
    log.fact('DiplomaticRelationsEstablished', '1993-03-01');
    expect(log.anomalies()).toEqual([]);
    const log2 = new Log();
    log2.fact('DiplomaticRelationsEstablished', '1992');
    log2.fact('DiplomaticRelationsRestored', '1994');
    log2.fact('DiplomaticRelationsSevered', '1994-06-01');
    expect(log2.anomalies()).toEqual([]);
  });
});

describe('a visa policy ends with its `until` (docs/domain.md)', () => {
  test('listed through the last day of until, not after: AZ–CN on 2025-08-01 lists no policy that ended 2025-07-20', () => {
    const log = new Log();
    const policy = log.fact('VisaPolicyChanged', '2024-07-20');
    expect(log.on('2025-07-20').visaPolicies).toEqual([expect.objectContaining({ eventId: policy })]);
    expect(log.on('2025-07-21').visaPolicies).toEqual([]);
    expect(log.on('2025-08-01').visaPolicies).toEqual([]);
  });

  test('an until of reduced precision ends the policy after its last day', () => {
    const log = new Log();
    log.fact('VisaPolicyChanged', '2024-07-20', { until: '2025-07' });
    expect(log.on('2025-07-31').visaPolicies).toHaveLength(1);
    expect(log.on('2025-08-01').visaPolicies).toEqual([]);
  });

  test('a later policy of the same direction replaces an expired one', () => {
    const log = new Log();
    log.fact('VisaPolicyChanged', '2024-07-20');
    const next = log.fact('VisaPolicyChanged', '2025-09-01', { regime: 'e-visa', until: undefined });
    expect(log.on('2025-09-01').visaPolicies).toEqual([
      expect.objectContaining({ eventId: next, regime: 'e-visa' }),
    ]);
  });
});
