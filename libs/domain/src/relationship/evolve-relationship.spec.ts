import { exampleFacts, ExampleFactType } from '../../../../test/fixtures/example-facts';
import { Log, uuid } from '../../../../test/fixtures/relationship-log';
import { DatedFact, factsAsKnown } from './dated-fact';
import { applyFact, evolveRelationship } from './evolve-relationship';
import { emptyRelationship } from './relationship-state';
import { renderState } from './state-at';

// docs/domain.md: the effect of every fact type on the relationship state, and the anomalies that implausible
// history reveals. Facts are folded in valid-time order (docs/domain.md) whatever order they were recorded in.

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('evolve: the effect of each fact type on the state (docs/domain.md)', () => {
  describe('diplomatic relations', () => {
    test('given no fact, relations are "none" and nothing else is known', () => {
      expect(new Log().fold()).toEqual(emptyRelationship());
      expect(emptyRelationship().relations).toEqual({ status: 'none' });
    });

    test('established: relations established since occurredOn, with the level', () => {
      const log = new Log();
      const established = log.fact('DiplomaticRelationsEstablished', '1992-04-02', { level: 'embassy' });
      expect(log.fold().relations).toEqual({
        status: 'established',
        since: '1992-04-02',
        eventId: established,
        level: 'embassy',
      });
    });

    test('`since` is occurredOn exactly as recorded, its precision kept (1992, 1990-11)', () => {
      const year = new Log();
      year.fact('DiplomaticRelationsEstablished', '1992', { level: undefined });
      expect(year.fold().relations.since).toBe('1992');
      expect(year.fold().relations).not.toHaveProperty('level');

      const month = new Log();
      month.fact('DiplomaticRelationsEstablished', '1990-11');
      expect(month.fold().relations.since).toBe('1990-11');
    });

    test('severed: relations severed since occurredOn; restored: established again since occurredOn', () => {
      const log = new Log();
      log.fact('DiplomaticRelationsEstablished', '1992-04-02');
      const severed = log.fact('DiplomaticRelationsSevered', '1993');
      expect(log.fold().relations).toEqual({ status: 'severed', since: '1993', eventId: severed });
      const restored = log.fact('DiplomaticRelationsRestored', '1994-06');
      const state = log.fold();
      expect(state.relations).toEqual({ status: 'established', since: '1994-06', eventId: restored });
      expect(log.anomalies()).toEqual([]);
    });

    test('in valid time: a severance recorded first but dated after the restoration is the latest status', () => {
      const log = new Log();
      const severed = log.fact('DiplomaticRelationsSevered', '2001');
      log.fact('DiplomaticRelationsEstablished', '1992');
      log.fact('DiplomaticRelationsSevered', '1995');
      log.fact('DiplomaticRelationsRestored', '1998');
      const state = log.fold();
      expect(state.relations).toEqual({ status: 'severed', since: '2001', eventId: severed });
      expect(log.anomalies()).toEqual([]);
    });

    test('anomaly: relations severed with no establishment before them, listing the severance', () => {
      const log = new Log();
      const severed = log.fact('DiplomaticRelationsSevered', '1993');
      const state = log.fold();
      expect(state.relations).toEqual({ status: 'severed', since: '1993', eventId: severed });
      expect(log.anomalies()).toEqual([
        { kind: 'severed-without-established', message: expect.any(String), eventIds: [severed] },
      ]);
    });

    test('anomaly: an establishment dated after the severance does not repair it (valid time, not record time)', () => {
      const log = new Log();
      const established = log.fact('DiplomaticRelationsEstablished', '1995');
      const severed = log.fact('DiplomaticRelationsSevered', '1993');
      const state = log.fold();
      expect(log.anomalies().map((a) => a.kind)).toEqual(['severed-without-established']);
      expect(log.anomalies()[0].eventIds).toEqual([severed]);
      expect(state.relations).toMatchObject({ status: 'established', since: '1995', eventId: established });
    });

    test('anomaly: relations severed twice, listing both severances', () => {
      const log = new Log();
      log.fact('DiplomaticRelationsEstablished', '1992');
      const first = log.fact('DiplomaticRelationsSevered', '1993');
      const second = log.fact('DiplomaticRelationsSevered', '1994');
      expect(log.anomalies()).toEqual([
        { kind: 'severed-twice', message: expect.any(String), eventIds: [first, second] },
      ]);
    });

    test('anomaly: relations restored while never severed (from none), listing the restoration', () => {
      const log = new Log();
      const restored = log.fact('DiplomaticRelationsRestored', '1994');
      const state = log.fold();
      expect(state.relations).toEqual({ status: 'established', since: '1994', eventId: restored });
      expect(log.anomalies()).toEqual([
        { kind: 'restored-without-severed', message: expect.any(String), eventIds: [restored] },
      ]);
    });

    test('anomaly: relations restored while established, listing the establishment and the restoration', () => {
      const log = new Log();
      const established = log.fact('DiplomaticRelationsEstablished', '1992');
      const restored = log.fact('DiplomaticRelationsRestored', '1994');
      expect(log.anomalies()).toEqual([
        { kind: 'restored-without-severed', message: expect.any(String), eventIds: [established, restored] },
      ]);
    });

    test('anomaly: relations established twice, listing both; the later one sets `since`', () => {
      const log = new Log();
      const later = log.fact('DiplomaticRelationsEstablished', '1993-01-05', { level: 'legation' });
      const earlier = log.fact('DiplomaticRelationsEstablished', '1992-04-02');
      const state = log.fold();
      expect(log.anomalies()).toEqual([
        { kind: 'established-twice', message: expect.any(String), eventIds: [earlier, later] },
      ]);
      expect(state.relations).toEqual({
        status: 'established',
        since: '1993-01-05',
        eventId: later,
        level: 'legation',
      });
    });
  });

  describe('representation', () => {
    test('each sender has its own mission in the other state; resident defaults to true', () => {
      const log = new Log();
      const cn = log.fact('RepresentationChanged', '1993-03', {
        sender: 'CN',
        mission: 'embassy',
        city: 'Baku',
      });
      const az = log.fact('RepresentationChanged', '1998-09-01', {
        sender: 'AZ',
        mission: 'consulate',
        city: 'Shanghai',
        resident: false,
      });
      expect(log.fold().representation).toEqual({
        CN: { mission: 'embassy', resident: true, city: 'Baku', since: '1993-03', eventId: cn },
        AZ: { mission: 'consulate', resident: false, city: 'Shanghai', since: '1998-09-01', eventId: az },
      });
    });

    test('a later change of one sender replaces its mission and leaves the other sender alone', () => {
      const log = new Log();
      const cn = log.fact('RepresentationChanged', '1993-03', {
        sender: 'CN',
        mission: 'embassy',
        city: 'Baku',
      });
      log.fact('RepresentationChanged', '1995', { sender: 'AZ', mission: 'consulate', city: undefined });
      const azEmbassy = log.fact('RepresentationChanged', '2000-01-10', {
        sender: 'AZ',
        mission: 'embassy',
        city: 'Beijing',
      });
      const { representation } = log.fold();
      expect(representation.AZ).toEqual({
        mission: 'embassy',
        resident: true,
        city: 'Beijing',
        since: '2000-01-10',
        eventId: azEmbassy,
      });
      expect(representation.CN.eventId).toBe(cn);
    });

    test("the class of the head of mission is shown; a downgrade to chargé d'affaires is one event", () => {
      const log = new Log();
      log.fact('RepresentationChanged', '1993-03', {
        sender: 'CN',
        mission: 'embassy',
        headOfMission: 'ambassador',
      });
      const downgrade = log.fact('RepresentationChanged', '2012-05-02', {
        sender: 'CN',
        mission: 'embassy',
        headOfMission: 'charge-d-affaires',
      });
      expect(log.fold().representation.CN).toMatchObject({
        mission: 'embassy',
        headOfMission: 'charge-d-affaires',
        since: '2012-05-02',
        eventId: downgrade,
      });
    });

    test("a head of mission outside the Vienna Convention's classes is refused, naming the field", () => {
      const log = new Log();
      expect(() =>
        log.fact('RepresentationChanged', '1993', {
          sender: 'CN',
          mission: 'embassy',
          headOfMission: 'consul',
        }),
      ).toThrow(/headOfMission/);
    });

    test('a mission closed ("none") is recorded as such, not removed', () => {
      const log = new Log();
      log.fact('RepresentationChanged', '1993', { sender: 'CN', mission: 'embassy' });
      const closed = log.fact('RepresentationChanged', '2010', {
        sender: 'CN',
        mission: 'none',
        city: undefined,
      });
      expect(log.fold().representation.CN).toEqual({
        mission: 'none',
        resident: true,
        since: '2010',
        eventId: closed,
      });
    });
  });

  describe('partnership', () => {
    test('the level as declared, with its rank, since occurredOn; a later declaration supersedes it', () => {
      const log = new Log();
      const strategic = log.fact('PartnershipDeclared', '2024-07-03', { level: 'strategic partnership' });
      expect(log.fold().partnership).toEqual({
        level: 'strategic partnership',
        rank: 3,
        since: '2024-07-03',
        eventId: strategic,
        instrument: 'Joint Declaration on the Establishment of a Strategic Partnership',
      });
      const comprehensive = log.fact('PartnershipDeclared', '2025-04-23', {
        level: 'comprehensive strategic partnership',
        instrument: undefined,
      });
      expect(log.fold().partnership).toEqual({
        level: 'comprehensive strategic partnership',
        rank: 4,
        since: '2025-04-23',
        eventId: comprehensive,
      });
    });

    test('the label is kept exactly as declared; the rank folds case and white space; unknown → null', () => {
      const log = new Log();
      log.fact('PartnershipDeclared', '2024-07', { level: 'Comprehensive  Strategic Partnership' });
      expect(log.fold().partnership).toMatchObject({
        level: 'Comprehensive  Strategic Partnership',
        rank: 4,
      });
      log.fact('PartnershipDeclared', '2025', { level: 'eternal brotherhood' });
      expect(log.fold().partnership).toMatchObject({
        level: 'eternal brotherhood',
        rank: null,
        since: '2025',
      });
    });
  });

  describe('agreements', () => {
    const id = 'mutual-visa-exemption-2025';

    test('signed → in force → terminated, each step dated, every event listed', () => {
      const log = new Log();
      const signed = log.fact('AgreementSigned', '2025-04-23');
      expect(log.fold().agreements[id]).toEqual({
        agreementId: id,
        title: 'Agreement on mutual visa exemption',
        kind: 'agreement',
        areas: ['visas'],
        status: 'signed',
        signedOn: '2025-04-23',
        eventIds: [signed],
      });
      const inForce = log.fact('AgreementEnteredIntoForce', '2025-07-16');
      expect(log.fold().agreements[id]).toMatchObject({
        status: 'in-force',
        signedOn: '2025-04-23',
        inForceSince: '2025-07-16',
        eventIds: [signed, inForce],
      });
      const terminated = log.fact('AgreementTerminated', '2025-08');
      const state = log.fold();
      expect(state.agreements[id]).toMatchObject({
        status: 'terminated',
        signedOn: '2025-04-23',
        inForceSince: '2025-07-16',
        terminatedOn: '2025-08',
        eventIds: [signed, inForce, terminated],
      });
      expect(log.anomalies()).toEqual([]);
    });

    test('rendered: signed and in-force agreements are listed apart; a terminated one in neither', () => {
      const log = new Log();
      log.fact('AgreementSigned', '2025-04-23');
      log.fact('AgreementSigned', '2024-07-03', {
        agreementId: 'b-in-force',
        title: 'B',
        inForceOnSignature: true,
      });
      log.fact('AgreementSigned', '2020', { agreementId: 'c-terminated', title: 'C' });
      log.fact('AgreementTerminated', '2021', { agreementId: 'c-terminated' });
      const view = renderState(log.fold(), {
        actors: ['AZ', 'CN'],
        at: '2026-01-01',
        knownAt: '2026-01-02T00:00:00.000Z',
        revision: 3,
        position: '1003',
      });
      expect(view.agreements.signed).toEqual([
        expect.objectContaining({ agreementId: id, status: 'signed' }),
      ]);
      expect(view.agreements.inForce).toEqual([
        expect.objectContaining({ agreementId: 'b-in-force', status: 'in-force' }),
      ]);
    });

    test('inForceOnSignature: in force from the signature', () => {
      const log = new Log();
      const signed = log.fact('AgreementSigned', '2024-07-03', { inForceOnSignature: true });
      expect(log.fold().agreements[id]).toMatchObject({
        status: 'in-force',
        signedOn: '2024-07-03',
        inForceSince: '2024-07-03',
        eventIds: [signed],
      });
    });

    test('anomaly: entered into force before it was signed (in valid time), though recorded after', () => {
      const log = new Log();
      const signed = log.fact('AgreementSigned', '2025-04-23');
      const inForce = log.fact('AgreementEnteredIntoForce', '2025-01-15');
      const state = log.fold();
      expect(log.anomalies()).toEqual([
        { kind: 'in-force-before-signed', message: expect.stringContaining(id), eventIds: [inForce] },
      ]);
      // The signature, later in valid time, does not undo the entry into force.
      expect(state.agreements[id]).toMatchObject({
        status: 'in-force',
        inForceSince: '2025-01-15',
        signedOn: '2025-04-23',
        eventIds: [inForce, signed],
      });
    });

    test('anomaly: terminated before it was signed (in valid time)', () => {
      const log = new Log();
      log.fact('AgreementSigned', '2025-04-23');
      const terminated = log.fact('AgreementTerminated', '2024');
      expect(log.anomalies()).toEqual([
        { kind: 'terminated-before-signed', message: expect.stringContaining(id), eventIds: [terminated] },
      ]);
    });
  });

  describe('visits', () => {
    const visitId = 'aliyev-state-visit-2025';

    test('announced: an upcoming visit with its plan; nothing held yet', () => {
      const log = new Log();
      const announced = log.fact('VisitAnnounced', '2025-04-18');
      const { visits } = log.fold();
      expect(visits.upcoming).toEqual({
        [visitId]: {
          visitId,
          guest: 'AZ',
          visitor: { name: 'Ilham Aliyev', title: 'President of Azerbaijan' },
          level: 'state',
          plannedFor: '2025-04-22/2025-04-24',
          occurredOn: '2025-04-18',
          eventId: announced,
        },
      });
      expect(visits.last).toBeNull();
      expect(visits.total).toBe(0);
    });

    test('held: the last visit, counted, and no longer upcoming', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      const held = log.fact('VisitHeld', '2025-04-22/2025-04-24');
      const state = log.fold();
      expect(state.visits.upcoming).toEqual({});
      expect(state.visits.total).toBe(1);
      expect(state.visits.last).toEqual({
        visitId,
        guest: 'AZ',
        visitor: { name: 'Ilham Aliyev', title: 'President of Azerbaijan' },
        level: 'state',
        meetings: [{ name: 'Xi Jinping', title: 'President of the PRC' }],
        occurredOn: '2025-04-22/2025-04-24',
        eventId: held,
      });
      expect(log.anomalies()).toEqual([]);
    });

    test('the last visit is the latest in valid time; total counts every visit held', () => {
      const log = new Log();
      const latest = log.fact('VisitHeld', '2025-04-22/2025-04-24', { visitId: undefined });
      log.fact('VisitHeld', '2015-12', { visitId: undefined, level: 'official' });
      log.fact('VisitHeld', '2019-04-25', { visitId: undefined, level: 'working' });
      const { visits } = log.fold();
      expect(visits.total).toBe(3);
      expect(visits.last?.eventId).toBe(latest);
    });

    test('a visit held with no visitId is counted and last, and leaves announced visits upcoming', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      const held = log.fact('VisitHeld', '2025-01-10', { visitId: undefined, level: 'working' });
      const state = log.fold();
      expect(state.visits.total).toBe(1);
      expect(state.visits.last).toMatchObject({ eventId: held, level: 'working' });
      expect(state.visits.last).not.toHaveProperty('visitId');
      expect(Object.keys(state.visits.upcoming)).toEqual([visitId]);
      expect(log.anomalies()).toEqual([]);
    });

    test('cancelled: no longer upcoming, and not counted as held', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      log.fact('VisitCancelled', '2025-04-20');
      const state = log.fold();
      expect(state.visits).toMatchObject({ upcoming: {}, last: null, total: 0 });
      expect(log.anomalies()).toEqual([]);
    });

    test('anomaly: a visit held twice, listing the second holding', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      log.fact('VisitHeld', '2025-04-22/2025-04-24');
      const again = log.fact('VisitHeld', '2025-05-02');
      const state = log.fold();
      const anomaly = log.anomalies().find((a) => a.kind === 'visit-held-twice');
      expect(anomaly).toMatchObject({ message: expect.stringContaining(visitId) });
      expect(anomaly?.eventIds).toContain(again);
      expect(log.anomalies()).toHaveLength(1);
      expect(state.visits.total).toBe(2);
    });

    test('anomaly: a visit held with no announcement before it, listing the holding', () => {
      const log = new Log();
      const held = log.fact('VisitHeld', '2025-04-22/2025-04-24');
      expect(log.anomalies()).toEqual([
        {
          kind: 'visit-held-without-announcement',
          message: expect.stringContaining(visitId),
          eventIds: [held],
        },
      ]);
    });

    test('anomaly: the announcement dated after the visit was held (valid time) is no announcement before it', () => {
      const log = new Log();
      const held = log.fact('VisitHeld', '2025-04-22/2025-04-24');
      const announced = log.fact('VisitAnnounced', '2025-05');
      const state = log.fold();
      expect(log.anomalies()).toEqual([
        { kind: 'announced-after-held', message: expect.any(String), eventIds: [announced] },
        { kind: 'visit-held-without-announcement', message: expect.any(String), eventIds: [held] },
      ]);
      // An announcement of a visit already held does not make it upcoming again.
      expect(state.visits.upcoming).toEqual({});
    });

    test('anomaly: a visit cancelled after it was held, listing the cancellation', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      const held = log.fact('VisitHeld', '2025-04-22/2025-04-24');
      const cancelled = log.fact('VisitCancelled', '2025-04-30');
      const state = log.fold();
      const anomaly = log.anomalies().find((a) => a.kind === 'cancelled-after-held');
      expect(anomaly?.eventIds).toContain(cancelled);
      expect(log.anomalies()).toHaveLength(1);
      // The visit was held all the same.
      expect(state.visits).toMatchObject({ total: 1, upcoming: {} });
      expect(state.visits.last?.eventId).toBe(held);
    });

    test('a cancellation dated before the visit was held is no anomaly (in valid time)', () => {
      const log = new Log();
      log.fact('VisitAnnounced', '2025-04-18');
      log.fact('VisitHeld', '2025-04-22/2025-04-24');
      log.fact('VisitCancelled', '2025-04-20');
      expect(log.anomalies().map((a) => a.kind)).not.toContain('cancelled-after-held');
    });
  });

  describe('meetings', () => {
    test('the last meeting in valid time, and how many were held', () => {
      const log = new Log();
      const latest = log.fact('MeetingHeld', '2025-04-23');
      log.fact('MeetingHeld', '2024-07-03', { venue: 'Astana', topics: undefined });
      const { meetings } = log.fold();
      expect(meetings.total).toBe(2);
      expect(meetings.last).toEqual({
        participants: [
          { name: 'Ilham Aliyev', title: 'President of Azerbaijan', actor: 'AZ' },
          { name: 'Xi Jinping', title: 'President of the PRC', actor: 'CN' },
        ],
        venue: 'Great Hall of the People, Beijing',
        topics: ['comprehensive strategic partnership'],
        occurredOn: '2025-04-23',
        eventId: latest,
      });
    });
  });

  describe('visa policies', () => {
    test('one regime per direction: citizens of beneficiary entering grantedBy', () => {
      const log = new Log();
      const azForCn = log.fact('VisaPolicyChanged', '2024-07-20');
      const cnForAz = log.fact('VisaPolicyChanged', '2025-07-16', {
        grantedBy: 'CN',
        beneficiary: 'AZ',
        regime: 'visa-free',
        maxStayDays: 30,
        until: undefined,
      });
      expect(log.fold().visaPolicies).toEqual({
        'AZ>CN': {
          grantedBy: 'AZ',
          beneficiary: 'CN',
          regime: 'visa-free',
          maxStayDays: 30,
          until: '2025-07-20',
          since: '2024-07-20',
          eventId: azForCn,
        },
        'CN>AZ': {
          grantedBy: 'CN',
          beneficiary: 'AZ',
          regime: 'visa-free',
          maxStayDays: 30,
          since: '2025-07-16',
          eventId: cnForAz,
        },
      });
    });

    test('a later change in the same direction replaces the regime', () => {
      const log = new Log();
      log.fact('VisaPolicyChanged', '2024-07-20');
      log.fact('VisaPolicyChanged', '2016', {
        regime: 'e-visa',
        maxStayDays: undefined,
        until: undefined,
      });
      const later = log.fact('VisaPolicyChanged', '2025-07-20', {
        regime: 'visa-required',
        maxStayDays: undefined,
        until: undefined,
      });
      const policies = log.fold().visaPolicies;
      expect(Object.keys(policies)).toEqual(['AZ>CN']);
      expect(policies['AZ>CN']).toEqual({
        grantedBy: 'AZ',
        beneficiary: 'CN',
        regime: 'visa-required',
        since: '2025-07-20',
        eventId: later,
      });
    });
  });

  describe('positions', () => {
    test('the latest stance per (by, topic); other actors and topics are kept apart', () => {
      const log = new Log();
      const first = log.fact('PositionStated', '2025-04');
      const cnSame = log.fact('PositionStated', '2025-04', { by: 'CN', stance: 'neutral' });
      const azOther = log.fact('PositionStated', '2020-11-10', { topic: 'Karabakh', stance: 'opposes' });
      expect(Object.values(log.fold().positions).map((p) => p.eventId)).toEqual(
        expect.arrayContaining([first, cnSame, azOther]),
      );
      const latest = log.fact('PositionStated', '2025-06-01', { stance: 'neutral', summary: 'softened' });
      log.fact('PositionStated', '2019', { stance: 'opposes' }); // older: superseded in valid time
      const { positions } = log.fold();
      expect(Object.keys(positions).sort()).toEqual([
        'AZ|Karabakh',
        'AZ|One-China policy',
        'CN|One-China policy',
      ]);
      expect(positions['AZ|One-China policy']).toEqual({
        by: 'AZ',
        topic: 'One-China policy',
        stance: 'neutral',
        summary: 'softened',
        since: '2025-06-01',
        eventId: latest,
      });
      expect(positions['CN|One-China policy'].eventId).toBe(cnSame);
      expect(positions['AZ|Karabakh'].eventId).toBe(azOther);
    });
  });

  describe('sanctions', () => {
    test('imposed: active since occurredOn; lifted: no longer active', () => {
      const log = new Log();
      const imposed = log.fact('SanctionsImposed', '2020');
      expect(log.fold().sanctions).toEqual({
        'hypothetical-sanctions': {
          sanctionsId: 'hypothetical-sanctions',
          by: 'CN',
          scope: 'hypothetical, for the test',
          since: '2020',
          eventId: imposed,
        },
      });
      log.fact('SanctionsLifted', '2021');
      const state = log.fold();
      expect(state.sanctions).toEqual({});
      expect(log.anomalies()).toEqual([]);
    });

    test('anomaly: sanctions lifted while not active (lifted before imposed in valid time), listing the lifting', () => {
      const log = new Log();
      const imposed = log.fact('SanctionsImposed', '2020');
      const lifted = log.fact('SanctionsLifted', '2019');
      const state = log.fold();
      expect(log.anomalies()).toEqual([
        {
          kind: 'lifted-while-not-active',
          message: expect.stringContaining('hypothetical-sanctions'),
          eventIds: [lifted],
        },
      ]);
      // Imposed after the lifting, so active.
      expect(state.sanctions['hypothetical-sanctions'].eventId).toBe(imposed);
    });

    test('anomaly: sanctions lifted twice', () => {
      const log = new Log();
      log.fact('SanctionsImposed', '2020');
      log.fact('SanctionsLifted', '2021');
      const again = log.fact('SanctionsLifted', '2022');
      expect(log.anomalies()).toEqual([
        { kind: 'lifted-while-not-active', message: expect.any(String), eventIds: [again] },
      ]);
    });

    test('anomaly: the same sanctions imposed while already active, listing both impositions', () => {
      const log = new Log();
      const first = log.fact('SanctionsImposed', '2020');
      const second = log.fact('SanctionsImposed', '2020-06');
      const state = log.fold();
      expect(log.anomalies()).toEqual([
        { kind: 'imposed-twice', message: expect.any(String), eventIds: [first, second] },
      ]);
      expect(state.sanctions['hypothetical-sanctions'].since).toBe('2020-06');
    });
  });

  describe('statements', () => {
    test('StatementIssued changes nothing but eventCount and lastEvent', () => {
      const log = new Log();
      for (const type of Object.keys(exampleFacts) as ExampleFactType[]) {
        if (type !== 'StatementIssued') log.fact(type);
      }
      const before = log.fold();
      const statement = log.fact('StatementIssued', '2026-01-01');
      const after = evolveRelationship(before, log.dated(statement));
      expect(after.eventCount).toBe(before.eventCount + 1);
      expect(after.lastEvent).toEqual({
        eventId: statement,
        type: 'StatementIssued',
        occurredOn: '2026-01-01',
      });
      expect({ ...after, eventCount: before.eventCount, lastEvent: before.lastEvent }).toEqual(before);
    });
  });

  describe('every fact', () => {
    test('counts once and becomes lastEvent, in valid-time order', () => {
      const log = new Log();
      const late = log.fact('MeetingHeld', '2025-04-23');
      log.fact('PartnershipDeclared', '2024-07-03');
      log.fact('StatementIssued', '2025-04-18');
      const state = log.fold();
      expect(state.eventCount).toBe(3);
      expect(state.lastEvent).toEqual({ eventId: late, type: 'MeetingHeld', occurredOn: '2025-04-23' });
    });

    test('a fact of reduced precision or an interval is pending until the last day of its period; a day is not', () => {
      const log = new Log();
      const year = log.fact('DiplomaticRelationsEstablished', '1992');
      const month = log.fact('PartnershipDeclared', '2024-07');
      log.fact('VisaPolicyChanged', '2024-07-20');
      const interval = log.fact('VisitHeld', '2025-04-22/2025-04-24', { visitId: undefined });
      expect(log.fold().pending).toEqual([
        {
          eventId: year,
          type: 'DiplomaticRelationsEstablished',
          occurredOn: '1992',
          end: '1992-12-31',
          why: expect.stringContaining('year'),
        },
        {
          eventId: month,
          type: 'PartnershipDeclared',
          occurredOn: '2024-07',
          end: '2024-07-31',
          why: expect.stringContaining('month'),
        },
        {
          eventId: interval,
          type: 'VisitHeld',
          occurredOn: '2025-04-22/2025-04-24',
          end: '2025-04-24',
          why: expect.stringContaining('2025-04-22'),
        },
      ]);
    });

    test('evolveRelationship does not mutate the state it is given, for any fact type', () => {
      const log = new Log();
      const ids = (Object.keys(exampleFacts) as ExampleFactType[]).map((type) => log.fact(type));
      let state = deepFreeze(emptyRelationship());
      for (const eventId of ids) {
        const snapshot = structuredClone(state);
        const next = evolveRelationship(state, log.dated(eventId));
        expect(state).toEqual(snapshot);
        expect(next).not.toBe(state);
        state = deepFreeze(next);
      }
      expect(state.eventCount).toBe(ids.length);
    });

    test('evolveRelationship step by step equals applyFact in place, and the fold', () => {
      const log = new Log();
      for (const type of Object.keys(exampleFacts) as ExampleFactType[]) log.fact(type);
      const facts = factsAsKnown(log.events).sort((a, b) => (a.period.start < b.period.start ? -1 : 1));
      const stepped = facts.reduce(evolveRelationship, emptyRelationship());
      const inPlace = emptyRelationship();
      for (const fact of facts) applyFact(inPlace, fact);
      expect(stepped).toEqual(inPlace);
      expect(stepped).toEqual(log.fold());
    });

    test('corrections and retractions are not folded: they are applied to facts before the fold', () => {
      const log = new Log();
      const target = log.fact('PartnershipDeclared');
      const correction: DatedFact = {
        ...log.dated(target),
        eventId: uuid(99),
        // @ts-expect-error an amendment is not a fact type: the fold has no case for it, and must not compile
        type: 'EventCorrected',
      };
      expect(() => evolveRelationship(emptyRelationship(), correction)).toThrow(TypeError);
    });
  });
});
